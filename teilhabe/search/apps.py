from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "teilhabe.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from teilhabe.search import jobs, signals  # noqa: F401  (registers handlers)
