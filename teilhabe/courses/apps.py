from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "teilhabe.courses"
    verbose_name = "Integrationskurse und Sprachförderung"
