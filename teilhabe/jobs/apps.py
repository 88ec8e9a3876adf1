from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "teilhabe.jobs"
    default_auto_field = "django.db.models.BigAutoField"
