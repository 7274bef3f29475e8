from django.contrib import admin

from .models import WhitelistEntry


@admin.register(WhitelistEntry)
class WhitelistEntryAdmin(admin.ModelAdmin):
    list_display = ("text", "rule", "reason", "added_by", "created")
    search_fields = ("text", "rule")
    readonly_fields = ("added_by", "created")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
