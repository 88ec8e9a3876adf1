"""What can be translated: each domain app registers its models and fields (in its
AppConfig.ready), so this app needs to know none of them. A kind's name is part of the
XLIFF unit ids ("measure.12.title"): keep it stable.

Vocabularies that keep their names per language in a JSON field (`names`, {"de": …, "en": …}:
fields of action, target groups) register with `register_names`: their names are units of
the files and rows of the progress table too, but stay in their JSON, which every page and
filter already reads; a name has no German revision to compare, so it is translated or not."""
from dataclasses import dataclass

from django.db.models.signals import post_delete

KINDS = {}
NAMED = {}


@dataclass(frozen=True)
class Kind:
    name: str            # "measure", in unit ids
    model: type
    fields: tuple        # German source fields
    municipality: str    # lookup from the model to its municipality, "concept__municipality"
    html: tuple = ()     # fields holding sanitised HTML
    label: str = ""      # for the progress table; the model's verbose_name_plural if empty

    def of(self, municipality):
        return self.model._default_manager.filter(**{self.municipality: municipality}).order_by("pk")

    def municipality_of(self, obj):
        for step in self.municipality.split("__"):
            obj = getattr(obj, step)
        return obj


def register(name, model, fields, *, municipality, html=(), label=""):
    kind = Kind(name, model, tuple(fields), municipality, tuple(html), label)
    KINDS[name] = kind
    post_delete.connect(_forget, sender=model, dispatch_uid=f"translations-{name}")
    return kind


def register_names(name, model, *, municipality, label=""):
    """A vocabulary whose `names` JSON holds its name per language (unit "fieldname.3.name")."""
    kind = Kind(name, model, ("name",), municipality, (), label)
    NAMED[name] = kind
    return kind


def kind_of(obj):
    return next((k for k in KINDS.values() if isinstance(obj, k.model)), None)


def label_of(kind):
    return kind.label or kind.model._meta.verbose_name_plural


def _forget(sender, instance, **kwargs):
    # A generic relation has no cascade: delete the translations with their object.
    from django.contrib.contenttypes.models import ContentType

    from teilhabe.translations.models import Translation
    Translation.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                               object_id=instance.pk).delete()
