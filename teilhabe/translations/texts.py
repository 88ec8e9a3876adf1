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
