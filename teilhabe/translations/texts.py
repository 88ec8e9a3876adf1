"""Reading and writing translations of registered content."""
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.models import LocalizedText
from teilhabe.municipalities.signals import public_content_changed
from teilhabe.translations.models import Translation, fingerprint
from teilhabe.translations.registry import kind_of


def texts_in(obj, code):
    """{field: LocalizedText} of a registered object in language `code` where a translation
    has the field, German otherwise; each text's `.outdated` says whether the German changed
    since it was translated (False for German)."""
    kind = kind_of(obj)
    rows = {}
    if code and code != "de":
        rows = {t.field: t for t in Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, language=code)}
    texts = {}
    for name in kind.fields:
        german = getattr(obj, name)
        row = rows.get(name)
        text = LocalizedText(row.text, code) if row and row.text else LocalizedText(german, "de")
        text.outdated = bool(row and row.text and row.is_outdated_for(german))
        texts[name] = text
    return texts


@transaction.atomic
def save_translation(obj, field, code, text, *, municipality=None):
    """Store the translation of one field, marked as made from the current German."""
    kind = kind_of(obj)
    if field not in kind.fields:
        raise ValueError(f"{field} is not translatable")
    if field in kind.html:
        text = sanitize_html(text)
    municipality = municipality or kind.municipality_of(obj)
    Translation.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field=field,
        language=code, defaults={
            "text": text, "source_fingerprint": fingerprint(getattr(obj, field)),
            "municipality": municipality})
    # The cached public pages show it: renew them once the change is in.
    transaction.on_commit(lambda: public_content_changed.send(
        sender=Translation, municipality_ids=[municipality.pk]))


def texts_of_many(objects, code):
    """texts_in() for many objects of one kind in one query: {pk: {field: LocalizedText}}
    (each with `.outdated`), and {pk: sorted language codes translated}."""
    objects = list(objects)
    if not objects:
        return {}, {}
    kind = kind_of(objects[0])
    content_type = ContentType.objects.get_for_model(kind.model)
    rows, languages = {}, {}
    for t in Translation.objects.filter(content_type=content_type, object_id__in=[o.pk for o in objects]).exclude(
            text=""):
        languages.setdefault(t.object_id, set()).add(t.language)
        if t.language == code:
            rows[(t.object_id, t.field)] = t
    out = {}
    for obj in objects:
        texts = {}
        for name in kind.fields:
            german, row = getattr(obj, name), rows.get((obj.pk, name))
            text = LocalizedText(row.text, code) if row else LocalizedText(german, "de")
            text.outdated = bool(row and row.is_outdated_for(german))
            texts[name] = text
        out[obj.pk] = texts
    return out, {pk: sorted(codes) for pk, codes in languages.items()}


def translated_since(model, moment):
    """An Exists() for querysets of `model`: a translation of the row changed at or after
    `moment` (a changed translation counts as a change of the object, as for offers)."""
    from django.db.models import Exists, OuterRef

    return Exists(Translation.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                             object_id=OuterRef("pk"), modified_at__gte=moment))
