from django.contrib import admin

from .models import Concept, FieldOfAction, Goal, GuidelineSection, Measure


class GuidelineInline(admin.StackedInline):
    model = GuidelineSection
    extra = 0


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "version", "status", "adopted_on"]
    list_filter = ["municipality", "status"]
    inlines = [GuidelineInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "concept", "status", "responsible_actor"]
    list_filter = ["concept__municipality", "status"]
    search_fields = ["title", "external_id"]


admin.site.register(FieldOfAction)
admin.site.register(Goal)
