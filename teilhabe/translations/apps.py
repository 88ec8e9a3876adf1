from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "teilhabe.translations"
    verbose_name = "Übersetzungen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Target groups belong to the ground (municipalities), which cannot know this app.
        from teilhabe.municipalities.models import TargetGroup
        from teilhabe.translations.registry import register_names
        register_names("targetgroup", TargetGroup, municipality="municipality",
                       label=_("Zielgruppen (Namen)"))
