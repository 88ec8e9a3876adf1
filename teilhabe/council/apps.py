from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "teilhabe.council"
    verbose_name = "Integrationsrat und Rat"
