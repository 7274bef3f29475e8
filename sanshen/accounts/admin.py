"""系统管理 (/manage/): accounts, units, columns and new-media accounts for the system administrator; role requests
for the security administrator to decide. Who may open which page is decided by role (roles.py), never by
Django's per-user permissions, and every change goes to the audit chain (AuditedAdminMixin)."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanshen.audit.admin_mixin import AuditedAdminMixin
from sanshen.audit.log import client_ip

from . import roles, second_factor
from .models import ApiToken, Column, Lockout, MediaAccount, Role, RoleName, RoleRequest, Unit, User

# Groups and per-user permissions play no part: roles decide. Login records belong to the audit administrator,
# who reads them in the audit log; the system administrator only unlocks accounts (Lockout below). Authenticator
# secrets and recovery codes are nobody's to read: an account's second factor can only be reset (UserAdmin).
for _model in (Group, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _login(request, extra_context=None):
    # One login page for the whole site, with its lockouts, its audit entries and the second factor after it.
    url = reverse("accounts-login")
    if "next" in request.GET:
        url += "?" + urlencode({"next": request.GET["next"]})
    return redirect(url)


admin.site.login = _login


def _own_password_change(request, extra_context=None):
    # One's own password changes on one page only, the audited one that also clears must_change_password.
    return redirect("accounts-password-change")


admin.site.password_change = _own_password_change


class RolePages:
    """A page open to the holders of one administrator role (`allowed`), for every kind of access."""

    allowed = staticmethod(lambda user: False)

    def has_module_permission(self, request):
        return self.allowed(request.user)

    def has_view_permission(self, request, obj=None):
        return self.allowed(request.user)

    def has_add_permission(self, request):
        return self.allowed(request.user)

    def has_change_permission(self, request, obj=None):
        return self.allowed(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.allowed(request.user)


class SystemAdminPages(RolePages):
    allowed = staticmethod(roles.is_system_admin)


class SecurityAdminPages(RolePages):
    """Word lists and whitelists: the security administrator's (registers/admin.py, review/admin.py)."""

    allowed = staticmethod(roles.is_security_admin)


def _system_or_security_admin(user) -> bool:
    return roles.is_system_admin(user) or roles.is_security_admin(user)


# ---------------------------------------------------------------------------------------------
# Units, columns, new-media accounts, API tokens, login lockouts: the system administrator's


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = "__all__"

    def clean_seal(self):
        # Any picture type becomes the PNG the forms print (sanshen.documents.upload.seal_png).
        from django.core.files.base import ContentFile
        from django.core.files.uploadedfile import UploadedFile

        from sanshen.documents.upload import UploadRejected, seal_png

        seal = self.cleaned_data.get("seal")
        if not isinstance(seal, UploadedFile):
            return seal  # unchanged or cleared
        seal.seek(0)
        try:
            return ContentFile(seal_png(seal.read()), name="seal.png")
        except UploadRejected as exc:
            raise ValidationError(exc.message, code=exc.code) from exc


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, SystemAdminPages, admin.ModelAdmin):
    form = UnitForm
    list_display = (
        "name",
        "kind",
        "code",
        "signs_on_paper",
        "main_leader_signs_all",
        "require_second_factor",
        "stage_limit_days",
        "is_active",
        "is_demo",
    )
    list_filter = ("kind", "is_active", "signs_on_paper", "require_second_factor", "is_demo")
    readonly_fields = ("is_demo",)
    search_fields = ("name", "short_name", "code")


@admin.register(Column)
class ColumnAdmin(AuditedAdminMixin, SystemAdminPages, admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "sort_order", "on_home_page")
    prepopulated_fields = {"slug": ("name",)}


class MediaAccountForm(forms.ModelForm):
    class Meta:
        model = MediaAccount
        fields = ("name", "platform", "unit", "operators", "is_active")

    def clean(self):
        data = super().clean()
        unit, operators = data.get("unit"), data.get("operators")
        if unit is not None and operators:
            # Operators see and publish the account's approved items: that access must come from an approved role.
            outside = [str(p) for p in operators if not roles.may_operate(p, unit)]
            if outside:
                self.add_error("operators", f"运维人员须在开办单位（{unit}）担任经批准的稿件角色：{'、'.join(outside)}")
        return data


@admin.register(MediaAccount)
class MediaAccountAdmin(AuditedAdminMixin, SystemAdminPages, admin.ModelAdmin):
    form = MediaAccountForm
    list_display = ("name", "platform", "unit", "is_active")
    list_filter = ("platform",)
    filter_horizontal = ("operators",)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, SystemAdminPages, admin.ModelAdmin):
    """Their owners issue and revoke tokens on /accounts/tokens/ (or `sanshen issue_token`); here they can be
    looked at and deleted."""

    list_display = ("user", "name", "scope", "created", "last_used", "revoked_at")
    list_filter = ("scope",)
    fields = ("user", "name", "scope", "created", "last_used", "revoked_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lockout)
class LockoutAdmin(AuditedAdminMixin, SystemAdminPages, AxesAccessAttemptAdmin):
    """登录失败与锁定: deleting a record unlocks the account before the cool-off ends."""

    # axes' "clean up expired attempts" deletes without an audit entry; "delete selected" is audited and unlocks an
    # address (all its rows) at once.
    actions = ["delete_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------
# People and their roles


class AccountCreationForm(forms.ModelForm):
    """新建账号: no password field; the system generates a one-time password and shows it once."""

    class Meta:
        model = User
        fields = ("username", "full_name", "unit", "position", "phone")


class RoleRequestForm(forms.ModelForm):
    """One row of 申请角色 on a person's page. `actor` is set per request (RoleRequestInline.get_formset)."""

    actor = None

    class Meta:
        model = RoleRequest
        fields = ("unit", "role", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles.grantable_roles(self.actor)
        offered = [(value, label) for value, label in RoleName.choices if value in allowed]
        self.fields["role"].choices = [("", "---------"), *offered]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("unit") and data.get("role"):
            try:
                roles.check_grant(self.actor, self.instance.user, data["unit"], data["role"])
            except roles.RoleError as exc:
                raise ValidationError(exc.message, code=exc.code) from exc
        return data


class RoleInline(admin.TabularInline):
    """已生效的角色: read only; ticking 删除 revokes the role (roles.revoke_role)."""

    model = Role
    fk_name = "user"
    extra = 0
    fields = ("unit", "role", "requested_by", "approved_by", "approved_at")
    readonly_fields = fields
    verbose_name = "已生效的角色"
    verbose_name_plural = "已生效的角色（勾选“删除”即撤销）"

    def has_view_permission(self, request, obj=None):
        return _system_or_security_admin(request.user)

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and roles.may_manage_account(request.user, obj)


class RoleRequestInline(admin.TabularInline):
    """申请角色: a new row is a request (content roles wait for the security administrator) or, for the
    security administrator, a grant of an administrator role; past requests are shown with their outcome."""

    model = RoleRequest
    form = RoleRequestForm
    fk_name = "user"
    extra = 1
    fields = ("unit", "role", "reason", "state", "requested_by", "decided_by", "decision")
    readonly_fields = ("state", "requested_by", "decided_by", "decision")
    verbose_name = "角色申请"
    verbose_name_plural = "申请角色（稿件角色须安全管理员批准后生效）"

    @admin.display(description="状态")
    def state(self, obj):
        return obj.get_status_display() if obj.pk else ""

    @admin.display(description="审批意见")
    def decision(self, obj):
        return obj.decision_comment if obj.pk else ""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = type("RoleRequestForm", (self.form,), {"actor": request.user})
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A plain list of units: no buttons to add or edit a unit from inside a role request.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.queryset = field.queryset.filter(is_active=True)
        return field

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "unit":
            field.widget = field.widget.widget
        return field

    def has_view_permission(self, request, obj=None):
        return _system_or_security_admin(request.user)

    def has_add_permission(self, request, obj):
        actor = request.user
        return obj is not None and bool(roles.grantable_roles(actor)) and roles.may_manage_account(actor, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """人员. Accounts are deactivated, never deleted, so their history stays attributable. must_change_password
    and is_staff are not editable: the first follows one-time passwords, the second the administrator roles."""

    list_display = ("username", "full_name", "unit", "position", "role_list", "second_factor_state", "is_active", "last_login")
    list_filter = ("is_active", "unit__kind", "roles__role", "is_demo")
    search_fields = ("username", "full_name", "unit__name")
    ordering = ("unit__sort_order", "id")
    inlines = [RoleInline, RoleRequestInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "unit", "position", "phone", "email")}),
        (
            "状态",
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "password_changed_at",
                    "second_factor_state",
                    "last_login",
                    "is_demo",
                )
            },
        ),
    )
    readonly_fields = ("must_change_password", "password_changed_at", "second_factor_state", "last_login", "is_demo")
    actions = ["reset_second_factor"]
    add_form = AccountCreationForm
    add_form_template = "admin/accounts/user/add_form.html"
    add_fieldsets = ((None, {"fields": ("username", "full_name", "unit", "position", "phone")}),)

    @admin.display(description="角色")
    def role_list(self, obj):
        return "、".join(sorted(r.get_role_display() for r in obj.roles.all()))

    @admin.display(description="双因素认证")
    def second_factor_state(self, obj):
        return "已开启" if obj.pk and second_factor.enrolled(obj) else "未开启"

    @admin.action(description="重置双因素认证（本人手机和恢复码都丢失时）")
    def reset_second_factor(self, request, queryset):
        done, refused = [], []
        for person in queryset:
            try:
                second_factor.reset(request.user, person, ip=client_ip(request))
            except roles.RoleError:
                refused.append(str(person))
            else:
                done.append(str(person))
        if done:
            messages.success(request, f"已重置双因素认证：{'、'.join(done)}。本人下次登录时重新设置验证器。")
        if refused:
            messages.error(request, f"这些账号不归您管理，未重置：{'、'.join(refused)}")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit").prefetch_related("roles")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_module_permission(self, request):
        return _system_or_security_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _system_or_security_admin(request.user)

    def has_add_permission(self, request):
        return roles.is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return _system_or_security_admin(request.user)
        return roles.may_manage_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # Shown once by response_add, never stored in clear.
            form.instance.one_time_password = roles.issue_one_time_password(
                request.user, form.instance, ip=client_ip(request)
            )

    def response_add(self, request, obj, post_url_continue=None):
        return self._one_time_password_page(request, obj, created=True)

    def save_formset(self, request, form, formset, change):
        # Roles change only through roles.py; the admin's change message reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        ip = client_ip(request)
        if formset.model is RoleRequest:
            for row in formset.extra_forms:
                if row.has_changed():
                    data = row.cleaned_data
                    request_ = roles.grant_role(
                        request.user, form.instance, data["unit"], data["role"], reason=data["reason"], ip=ip
                    )
                    formset.new_objects.append(request_)
                    if request_.status == RoleRequest.Status.APPROVED:
                        messages.success(request, f"已授予：{request_.unit} · {request_.get_role_display()}")
                    else:
                        messages.success(request, f"已提交申请，待安全管理员审批：{request_.unit} · {request_.get_role_display()}")
        elif formset.model is Role:
            for row in formset.deleted_forms:
                roles.revoke_role(request.user, row.instance, ip=ip)
                formset.deleted_objects.append(row.instance)
        else:
            super().save_formset(request, form, formset, change)

    def user_change_password(self, request, id, form_url=""):
        """重置密码: a new one-time password, never one the administrator chooses."""
        person = self.get_object(request, unquote(id))
        if person is None:
            raise Http404("人员不存在")
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        if request.method == "POST":
            self.log_change(request, person, "重置密码（一次性密码）")
            return self._one_time_password_page(
                request, person, password=roles.issue_one_time_password(request.user, person, ip=client_ip(request))
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "person": person,
            "title": f"重置密码：{person}",
        }
        return TemplateResponse(request, "admin/accounts/user/password_reset.html", context)

    def _one_time_password_page(self, request, person, *, password=None, created=False):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "person": person,
            "password": password or person.one_time_password,
            "created": created,
            "title": "账号已创建" if created else "密码已重置",
            "change_url": reverse("admin:accounts_user_change", args=[person.pk]),
        }
        return TemplateResponse(request, "admin/accounts/user/one_time_password.html", context)


# ---------------------------------------------------------------------------------------------
# Role requests: the security administrator decides


def _describe(role_request: RoleRequest) -> str:
    return f"{role_request.user} · {role_request.unit} · {role_request.get_role_display()}"


class RoleDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("reject", "驳回")])
    comment = forms.CharField(label="审批意见", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", "驳回须填写理由")
        return data


@admin.register(RoleRequest)
class RoleRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """角色申请: the list for both administrators; the page of one request is where the security administrator
    approves or rejects it (roles.approve_role / reject_role)."""

    list_display = ("user", "unit", "role", "status", "requested_by", "requested_at", "decided_by", "decided_at")
    list_filter = ("status", "role")
    search_fields = ("user__username", "user__full_name", "unit__name")
    list_select_related = ("user", "unit", "requested_by", "decided_by")

    def has_module_permission(self, request):
        return _system_or_security_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return _system_or_security_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_security_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        role_request = self.get_object(request, unquote(object_id))
        if role_request is None:
            raise Http404("申请不存在")
        if not self.has_view_permission(request, role_request):
            raise PermissionDenied
        try:
            roles.check_decision(request.user, role_request)
            can_decide = True
        except roles.RoleError:
            can_decide = False
        form = RoleDecisionForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, role_request):
                raise PermissionDenied
            if form.is_valid():
                comment, ip = form.cleaned_data["comment"], client_ip(request)
                try:
                    if form.cleaned_data["decision"] == "approve":
                        roles.approve_role(request.user, role_request, comment=comment, ip=ip)
                        messages.success(request, f"已批准：{_describe(role_request)}，即时生效")
                    else:
                        roles.reject_role(request.user, role_request, reason=comment, ip=ip)
                        messages.success(request, f"已驳回：{_describe(role_request)}")
                except roles.RoleError as exc:
                    form.add_error(None, exc.message)
                else:
                    return redirect("admin:accounts_rolerequest_changelist")
        person = role_request.user
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"角色申请：{person} · {role_request.get_role_display()}",
            "original": role_request,
            "person": person,
            "held": person.roles.select_related("unit").order_by("unit__sort_order", "role"),
            "form": form,
            "can_decide": can_decide and self.has_change_permission(request, role_request),
        }
        status = 400 if form.errors else 200
        return TemplateResponse(request, "admin/accounts/rolerequest/decide.html", context, status=status)
