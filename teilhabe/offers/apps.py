from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "teilhabe.offers"
    default_auto_field = "django.db.models.BigAutoField"
