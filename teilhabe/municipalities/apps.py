from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "teilhabe.municipalities"
    default_auto_field = "django.db.models.BigAutoField"
