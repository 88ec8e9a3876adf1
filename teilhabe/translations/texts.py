"""Reading and writing translations of registered content."""
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities import history
from teilhabe.municipalities.languages import LANGUAGES
from teilhabe.municipalities.models import LocalizedText
from teilhabe.municipalities.signals import public_content_changed
from teilhabe.translations.models import Translation, fingerprint
from teilhabe.translations.registry import kind_of


# The content languages: every language teilhabe knows but the German of the sources. A
# municipality's are Municipality.translation_languages() among them.
TARGET_LANGUAGES = [code for code, *_rest in LANGUAGES if code != "de"]


def _rows_of(obj, code):
    """{field: Translation} of obj in `code`, from prefetch() where it ran (lists ask once)."""
    cache = obj.__dict__.setdefault("_translation_rows", {})
    if code not in cache:
        cache[code] = {t.field: t for t in translations_of(obj) if t.language == code} \
            if "_all_translations" in obj.__dict__ else {t.field: t for t in Translation.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, language=code)}
    return cache[code]


def translations_of(obj):
    """Every Translation of obj, any language (prefetch_all() loads them for a list)."""
    if "_all_translations" not in obj.__dict__:
        obj._all_translations = list(Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk))
    return obj._all_translations


def prefetch_all(objects):
    """translations_of() for a list of objects of one model, in one query."""
    objects = list(objects)
    if objects:
        found = {}
        for t in Translation.objects.filter(content_type=ContentType.objects.get_for_model(objects[0]),
                                            object_id__in=[o.pk for o in objects]):
            found.setdefault(t.object_id, []).append(t)
        for obj in objects:
            obj._all_translations = found.get(obj.pk, [])
            obj.__dict__.pop("_translation_rows", None)
    return objects


def prefetch(objects, code):
    """Load the translations into `code` of a list of registered objects of one model in one
    query, for texts_in/in_language on each; returns the list."""
    objects = list(objects)
    if objects and code and code != "de":
        found = {}
        for t in Translation.objects.filter(content_type=ContentType.objects.get_for_model(objects[0]),
                                            object_id__in=[o.pk for o in objects], language=code):
            found.setdefault(t.object_id, {})[t.field] = t
        for obj in objects:
            obj.__dict__.setdefault("_translation_rows", {})[code] = found.get(obj.pk, {})
    return objects


def texts_in(obj, code):
    """{field: LocalizedText} of a registered object in language `code` where a translation
    has the field, German otherwise; each text's `.outdated` says whether the German changed
    since it was translated (False for German)."""
    kind = kind_of(obj)
    rows = _rows_of(obj, code) if code and code != "de" else {}
    texts = {}
    for name in kind.fields:
        german = getattr(obj, name)
        row = rows.get(name)
        text = LocalizedText(row.text, code) if row and row.text else LocalizedText(german, "de")
        text.outdated = bool(row and row.text and row.is_outdated_for(german))
        texts[name] = text
    return texts


def in_language(obj, code):
    """texts_in plus, for the pages that say it once per object, "outdated" (a field's German
    changed since its translation) and "german" (a field with text is shown in German)."""
    texts = texts_in(obj, code)
    values = list(texts.values())
    texts["outdated"] = any(t.outdated for t in values)
    texts["german"] = bool(code and code != "de") and any(t and t.language == "de" for t in values)
    return texts


def history_texts(obj):
    """The translations as the object's history records them: "title_en" … (history_extra)."""
    return {f"{t.field}_{t.language}": t.text for t in Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).order_by("language", "field")}


@transaction.atomic
def save_translation(obj, field, code, text, *, municipality=None):
    """Store the translation of one field, marked as made from the current German; an empty
    text removes it (the page falls back to German)."""
    kind = kind_of(obj)
    if field not in kind.fields:
        raise ValueError(f"{field} is not translatable")
    if field in kind.html:
        text = sanitize_html(text)
    municipality = municipality or kind.municipality_of(obj)
    where = {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk,
             "field": field, "language": code}
    if text.strip():
        Translation.objects.update_or_create(**where, defaults={
            "text": text, "source_fingerprint": fingerprint(getattr(obj, field)), "source": getattr(obj, field),
            "municipality": municipality})
    else:
        Translation.objects.filter(**where).delete()
    obj.__dict__.pop("_translation_rows", None)
    obj.__dict__.pop("_all_translations", None)
    # The cached public pages show it: renew them once the change is in.
    transaction.on_commit(lambda: public_content_changed.send(
        sender=Translation, municipality_ids=[municipality.pk]))


@transaction.atomic
def save_texts(obj, code, texts, *, user=None, via=""):
    """Write several fields' translations into `code` at once (all or nothing), each made
    from the current German, and note the change in the object's history ("Titel (en)")."""
    kind = kind_of(obj)
    rows = dict(_rows_of(obj, code))
    base = history.snapshot(obj)
    before = {f"{name}_{code}": rows[name].text for name in texts if name in rows}
    for name, text in texts.items():
        row = rows.get(name)
        german = getattr(obj, name)
        if row and row.text == text and not row.is_outdated_for(german):
            continue
        save_translation(obj, name, code, text, municipality=kind.municipality_of(obj))
    after = {f"{name}_{code}": row.text for name, row in _rows_of(obj, code).items() if name in texts}
    # snapshot() adds obj.history_extra(): lend it the translations for the one record.
    obj.history_extra = lambda: after
    try:
        return history.record(obj, user=user, before={**base, **before}, via=via)
    finally:
        del obj.history_extra


def add_new(municipality, items):
    """Store translations of objects that have none yet, in one query: [(obj, field, code,
    text)], each made from the object's current German (shipped defaults, the demo)."""
    Translation.objects.bulk_create([
        Translation(municipality=municipality, content_type=ContentType.objects.get_for_model(obj),
                    object_id=obj.pk, field=field, language=code, text=text,
                    source_fingerprint=fingerprint(getattr(obj, field)), source=getattr(obj, field))
        for obj, field, code, text in items if text])


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


def translated_into(model, code):
    """An Exists() for querysets of `model`: the row has a translation into `code` (the API's
    `?language=` filter)."""
    from django.db.models import Exists, OuterRef

    return Exists(Translation.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                             object_id=OuterRef("pk"), language=code).exclude(text=""))
