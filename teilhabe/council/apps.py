from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "teilhabe.council"
    verbose_name = "Integrationsrat und Rat"

    def ready(self):
        from teilhabe.council import mail, reminders, retention  # noqa: F401  (register their jobs)
