from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Column, MediaAccount, Role, Unit, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    fk_name = "user"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "signs_on_paper", "main_leader_signs_all", "stage_limit_days", "is_active")
    list_filter = ("kind", "is_active", "signs_on_paper")
    search_fields = ("name", "short_name", "code")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "unit", "position", "is_active", "last_login")
    list_filter = ("is_active", "unit__kind", "roles__role")
    search_fields = ("username", "full_name", "unit__name")
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "unit", "position", "phone", "email")}),
        ("状态", {"fields": ("is_active", "must_change_password", "password_changed_at", "is_staff")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "unit", "password1", "password2")}),)
    readonly_fields = ("password_changed_at",)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "sort_order", "on_home_page")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(MediaAccount)
class MediaAccountAdmin(admin.ModelAdmin):
    list_display = ("name", "platform", "unit", "is_active")
    list_filter = ("platform",)
    filter_horizontal = ("operators",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created", "last_used")
    readonly_fields = ("key_hash", "created", "last_used")
