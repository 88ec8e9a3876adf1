from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "teilhabe.backoffice"
    default_auto_field = "django.db.models.BigAutoField"
