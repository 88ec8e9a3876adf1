from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "teilhabe.jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  registers the deploy check of the e-mail backend
