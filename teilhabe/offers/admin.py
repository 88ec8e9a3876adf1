from django.contrib import admin

from .models import Offer, OfferTranslation


class TranslationInline(admin.StackedInline):
    model = OfferTranslation
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "provider", "is_published"]
    list_filter = ["municipality", "is_published"]
    search_fields = ["title", "external_id"]
    inlines = [TranslationInline]
