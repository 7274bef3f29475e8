"""词库与名录 in /manage/: kept by the security administrator (三权分立), every change audited."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path

from sanshen.accounts.admin import SecurityAdminPages
from sanshen.audit.admin_mixin import AuditedAdminMixin
from sanshen.audit.log import client_ip, record

from .loading import import_words
from .models import FallenOfficial, Leader, QualifiedSource, RegisterVersion, SensitiveWord


class ImportForm(forms.Form):
    file = forms.FileField(label="词库文件（.txt / .csv / .xlsx）")


class RegisterAdmin(AuditedAdminMixin, SecurityAdminPages, admin.ModelAdmin):
    def delete_queryset(self, request, queryset):
        # A bulk delete skips the models' delete(), which is what tells every server to reload the registers.
        super().delete_queryset(request, queryset)
        RegisterVersion.bump()


@admin.register(SensitiveWord)
class SensitiveWordAdmin(RegisterAdmin):
    list_display = ("word", "category", "level", "is_whitelist", "suggestion", "note")
    list_filter = ("level", "category", "is_whitelist")
    search_fields = ("word", "note")
    change_list_template = "registers/sensitiveword_changelist.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="registers-sensitiveword-import")
        ] + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 20 * 1024 * 1024:
                form.add_error("file", "词库文件不能超过 20 MB")
            else:
                try:
                    # The import and its audit entry stand or fall together.
                    with transaction.atomic():
                        added, updated = import_words(upload.read(), upload.name)
                        record(
                            "registers.words_imported",
                            actor=request.user,
                            ip=client_ip(request),
                            file=upload.name[:100],
                            added=added,
                            updated=updated,
                        )
                except ValueError as exc:
                    form.add_error("file", str(exc))
                else:
                    messages.success(request, f"导入完成：新增 {added} 条，更新 {updated} 条。")
                    return redirect("admin:registers_sensitiveword_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "title": "导入敏感词库", "opts": self.model._meta}
        return render(request, "registers/import.html", context, status=400 if form.errors else 200)


@admin.register(Leader)
class LeaderAdmin(RegisterAdmin):
    list_display = ("name", "title", "organisation", "valid_from", "valid_to")
    search_fields = ("name", "title", "organisation")


@admin.register(FallenOfficial)
class FallenOfficialAdmin(RegisterAdmin):
    list_display = ("name", "date", "note")
    search_fields = ("name",)


@admin.register(QualifiedSource)
class QualifiedSourceAdmin(RegisterAdmin):
    list_display = ("name",)
    search_fields = ("name",)
