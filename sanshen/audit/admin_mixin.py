"""后台操作审计: every change made in /manage/ goes into the hash-chained audit log, with before/after values.

Put `AuditedAdminMixin` first in a ModelAdmin's bases:

    class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin): ...

Additions, changes (the edit page, list_editable rows, inline rows) and deletions (the delete page and the bulk
"delete selected" action) each write one entry: `manage.added` with the values set, `manage.changed` with the
before/after value of every changed field, `manage.deleted` with the values the object had and what was deleted
along with it. The admin saves inside a transaction and the entry is written inside it, so a change whose entry
cannot be written rolls back. Secrets are never written: a changed password or key hash reads "已修改".
"""

from __future__ import annotations

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile

from .log import client_ip, record

SECRET = "已修改"
SECRET_FIELDS = frozenset({"password", "key_hash"})
# Deleting a unit lists the rows deleted with it; past this many the entry gives the count only for the rest.
CASCADE_LISTED = 200


class AuditedAdminMixin:
    """Writes every add, change and delete made through this ModelAdmin to the audit chain."""

    # Fields whose value is never written, only that it changed.
    audit_secret_fields = SECRET_FIELDS

    def save_related(self, request, form, formsets, change):
        # Here rather than in save_model: the object has its pk, and the admin's transaction is still open.
        if change:
            changes = form_changes(form, self.audit_secret_fields)
            if changes:
                record("manage.changed", **_about(request, form.instance, changes=changes))
        else:
            record("manage.added", **_about(request, form.instance, values=form_values(form, self.audit_secret_fields)))
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        parent = f"{form.instance._meta.label_lower} {form.instance.pk}"
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                self._record_deletion(request, inline_form.instance, parent=parent)
        changed = [
            (f, form_changes(f, self.audit_secret_fields))
            for f in formset.initial_forms
            if f not in formset.deleted_forms and f.has_changed()
        ]
        added = [f for f in formset.extra_forms if f.has_changed() and f not in formset.deleted_forms]
        super().save_formset(request, form, formset, change)
        for inline_form, changes in changed:
            if changes:
                record("manage.changed", **_about(request, inline_form.instance, parent=parent, changes=changes))
        for inline_form in added:
            values = form_values(inline_form, self.audit_secret_fields)
            record("manage.added", **_about(request, inline_form.instance, parent=parent, values=values))

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk action is not wrapped in a transaction by the admin: without this, a failed entry would
        # leave the rows deleted.
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj, *, parent: str = ""):
        detail = {"values": snapshot(obj, self.audit_secret_fields)}
        if parent:
            detail["parent"] = parent
        cascade = cascaded(obj)
        if cascade:
            detail["cascade"] = cascade[:CASCADE_LISTED]
            detail["cascade_count"] = len(cascade)
        record("manage.deleted", **_about(request, obj, **detail))


def _about(request, obj, **detail) -> dict:
    """Who, from where, on what: the arguments every entry written here shares."""
    return {"actor": request.user, "obj": obj, "ip": client_ip(request), "object": str(obj), **detail}


def form_changes(form, secret_fields=SECRET_FIELDS) -> dict:
    """{field: {"before": …, "after": …}} for every field the form changed; secrets read "已修改"."""
    changes = {}
    for name in form.changed_data:
        if _is_secret(name, secret_fields):
            changes[name] = SECRET
            continue
        field = _model_field(form.instance, name)
        before, after = form.initial.get(name), _saved(form, name, field)
        changes[name] = {"before": _plain(field, before), "after": _plain(field, after)}
    return changes


def form_values(form, secret_fields=SECRET_FIELDS) -> dict:
    """The values a new object was given through the form's fields."""
    values = {}
    for name in form.fields:
        if name not in form.cleaned_data:
            continue
        if _is_secret(name, secret_fields):
            values[name] = SECRET
            continue
        field = _model_field(form.instance, name)
        values[name] = _plain(field, _saved(form, name, field))
    return values


def snapshot(obj, secret_fields=SECRET_FIELDS) -> dict:
    """Every stored value of `obj`, many-to-many included, as written to the audit log."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        values[field.name] = SECRET if field.name in secret_fields else _plain(field, field.value_from_object(obj))
    for field in obj._meta.many_to_many:
        values[field.name] = _plain(field, field.value_from_object(obj))
    return values


def cascaded(obj) -> list[str]:
    """What deleting `obj` deletes with it, as "verbose name: object" lines."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    lines = []
    for model, instances in collector.data.items():
        for instance in instances:
            if instance != obj:
                lines.append(f"{model._meta.verbose_name}: {instance}")
    return sorted(lines)


def _is_secret(name: str, secret_fields) -> bool:
    return name in secret_fields or "password" in name


def _model_field(instance, name: str):
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _saved(form, name: str, field):
    # What was stored, read back from the object; many-to-many values are saved after this runs, so from the form.
    if field is None or field.many_to_many:
        return form.cleaned_data.get(name)
    return field.value_from_object(form.instance)


def _plain(field, value):
    """A value as people read it in the log: related objects by name, files by path, dates as ISO text."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or value == "":
        return value
    if field is not None and field.many_to_many:
        return sorted(str(o) for o in value)
    if isinstance(value, models.Model):
        return str(value)
    if field is not None and field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else value
    if hasattr(value, "name") and hasattr(value, "read"):  # an upload not yet saved
        return value.name
    if isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
