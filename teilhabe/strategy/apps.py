from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "teilhabe.strategy"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from teilhabe.strategy import models as m
        from django.utils.translation import gettext_lazy as _

        from teilhabe.translations.registry import register, register_names

        # A field's name keeps its languages in its own JSON (names), which filters read.
        register_names("fieldname", m.FieldOfAction, municipality="concept__municipality",
                       label=_("Handlungsfelder (Namen)"))
        register("concept", m.Concept, ["title", "summary"], municipality="municipality")
        register("guideline", m.GuidelineSection, ["title", "body"],
                 municipality="concept__municipality", html=["body"])
        register("field", m.FieldOfAction, ["description"], municipality="concept__municipality")
        register("goal", m.Goal, ["title", "description"], municipality="concept__municipality")
        register("measure", m.Measure, ["title", "description"], municipality="concept__municipality")
