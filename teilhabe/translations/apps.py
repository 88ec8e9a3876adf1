from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "teilhabe.translations"
    verbose_name = "Übersetzungen"
    default_auto_field = "django.db.models.BigAutoField"
