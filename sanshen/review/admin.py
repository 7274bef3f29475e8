from django.contrib import admin, messages

from sanshen.accounts.roles import is_security_admin
from sanshen.audit.admin_mixin import AuditedAdminMixin
from sanshen.audit.log import client_ip

from . import whitelist
from .exceptions import WorkflowError
from .models import WhitelistEntry


@admin.register(WhitelistEntry)
class WhitelistEntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """白名单审批: proposals come from the review screen; the security administrator approves, rejects or withdraws.

    Nothing is typed in here: every change goes through review/whitelist.py, which audits it.
    """

    list_display = ("text", "rule", "scope", "status", "reason", "added_by", "created", "decided_by", "decided_at")
    list_filter = ("status", "unit")
    search_fields = ("text", "rule", "reason")
    actions = ("approve", "reject", "withdraw")

    @admin.display(description="范围")
    def scope(self, obj: WhitelistEntry) -> str:
        return obj.unit.name if obj.unit_id else "全县"

    def has_module_permission(self, request) -> bool:
        return is_security_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        # The admin hides actions from people without change permission; these go through whitelist.py instead.
        if not self.has_module_permission(request):
            return {}
        return {name: (getattr(type(self), name), name, getattr(type(self), name).short_description) for name in self.actions}

    def _apply(self, request, queryset, change, done: str) -> None:
        count = 0
        for entry in queryset:
            try:
                change(entry)
            except WorkflowError as exc:
                messages.error(request, f"“{entry.text}”：{exc.message}")
            else:
                count += 1
        if count:
            messages.success(request, f"{done} {count} 条。")

    @admin.action(description="批准所选提议")
    def approve(self, request, queryset):
        self._apply(
            request, queryset, lambda e: whitelist.decide(e, request.user, approve=True, ip=client_ip(request)), "已批准"
        )

    @admin.action(description="驳回所选提议")
    def reject(self, request, queryset):
        self._apply(
            request, queryset, lambda e: whitelist.decide(e, request.user, approve=False, ip=client_ip(request)), "已驳回"
        )

    @admin.action(description="撤销所选条目")
    def withdraw(self, request, queryset):
        self._apply(request, queryset, lambda e: whitelist.withdraw(e, request.user, ip=client_ip(request)), "已撤销")
