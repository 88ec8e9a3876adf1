"""Django's admin, for superusers only (staff status alone opens nothing: no model
permissions are handed out). Everyday work happens in the back office."""
from django.contrib import admin

from .models import ChangeRecord, District, Language, Membership, Municipality, TargetGroup


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent", "ags"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "ags"]
    inlines = [DistrictInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "actor"]
    list_filter = ["role", "municipality"]
    autocomplete_fields = ["user", "actor"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "municipality", "content_type", "object_repr", "action", "user", "via"]
    list_filter = ["municipality", "action", "content_type"]

    def has_change_permission(self, request, obj=None):
        return False  # the history is never edited

    def has_add_permission(self, request):
        return False


admin.site.register(Language)
admin.site.register(TargetGroup)
