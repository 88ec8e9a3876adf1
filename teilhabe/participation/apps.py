from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "teilhabe.participation"
    verbose_name = "Beteiligung"

    def ready(self):
        from teilhabe.participation import mail  # noqa: F401  (registers the mail job)
        from teilhabe.participation import retention  # noqa: F401  (the daily deletion)
        from teilhabe.participation.models import Event, Workshop
        from teilhabe.translations.registry import register
        register("event", Event, ["title", "description"], municipality="municipality")
        register("workshop", Workshop, ["title"], municipality="event__municipality")
