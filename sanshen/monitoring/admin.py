from django.contrib import admin

from sanshen.accounts.admin import SystemAdminPages
from sanshen.audit.admin_mixin import AuditedAdminMixin

from .models import MonitoredSite, WatchedColumn


class WatchedColumnInline(admin.TabularInline):
    model = WatchedColumn
    extra = 0


@admin.register(MonitoredSite)
class MonitoredSiteAdmin(AuditedAdminMixin, SystemAdminPages, admin.ModelAdmin):
    """监测对象: the system administrator lists the sites and accounts to watch (the county portal's columns are its own)."""

    list_display = ("name", "kind", "unit", "url", "feed_url", "stale_days", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "url", "unit__name")
    autocomplete_fields = ()
    inlines = [WatchedColumnInline]
