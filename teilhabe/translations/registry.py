"""What can be translated: each domain app registers its models and fields (in its
AppConfig.ready), so this app needs to know none of them. A kind's name is part of the
XLIFF unit ids ("measure.12.title"): keep it stable."""
from dataclasses import dataclass

from django.db.models.signals import post_delete

KINDS = {}


@dataclass(frozen=True)
class Kind:
    name: str            # "measure", in unit ids
    model: type
    fields: tuple        # German source fields
    municipality: str    # lookup from the model to its municipality, "concept__municipality"
    html: tuple = ()     # fields holding sanitised HTML

    def of(self, municipality):
        return self.model._default_manager.filter(**{self.municipality: municipality}).order_by("pk")

    def municipality_of(self, obj):
        for step in self.municipality.split("__"):
            obj = getattr(obj, step)
        return obj


def register(name, model, fields, *, municipality, html=()):
    kind = Kind(name, model, tuple(fields), municipality, tuple(html))
    KINDS[name] = kind
    post_delete.connect(_forget, sender=model, dispatch_uid=f"translations-{name}")
    return kind


def kind_of(obj):
    return next((k for k in KINDS.values() if isinstance(obj, k.model)), None)


def _forget(sender, instance, **kwargs):
    # A generic relation has no cascade: delete the translations with their object.
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.translations.models import Translation
    Translation.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                               object_id=instance.pk).delete()
