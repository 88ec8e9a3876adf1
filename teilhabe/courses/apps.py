from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "teilhabe.courses"
    verbose_name = "Integrationskurse und Sprachförderung"

    def ready(self):
        from teilhabe.courses import retention  # noqa: F401  (the daily deletion)
