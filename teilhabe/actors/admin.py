from django.contrib import admin

from .models import Actor, ContactPerson


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "external_id"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name", "external_id"]
    inlines = [ContactInline]
