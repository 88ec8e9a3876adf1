"""Translators' files: everything translatable of a municipality as XLIFF 1.2, and such a
file taken back. XLIFF 1.2 because it is what the CAT tools share (Trados, memoQ, OmegaT,
Weblate, translate-toolkit read and write it; 2.0 support is patchy, OmegaT's especially).

A unit's id names the object and field, "measure.12.title" (kind, primary key, field), so it
stays the same between exports. Its target's state: `translated`, `needs-review-translation`
when the German changed since, `new` when untranslated. Offers keep their own translations
(OfferTranslation) and appear here as "offer.<pk>.<field>"; the names of fields of action and
target groups (their `names` JSON) as "fieldname.<pk>.name", "targetgroup.<pk>.name"."""
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.municipalities.models import Language, Municipality
from teilhabe.offers.models import TRANSLATED_FIELDS as OFFER_FIELDS, Offer, OfferTranslation
from teilhabe.translations.models import Translation, fingerprint
from teilhabe.translations.registry import KINDS, NAMED
from teilhabe.translations.texts import TARGET_LANGUAGES, save_translation

NS = "urn:oasis:names:tc:xliff:document:1.2"
TRANSLATED, OUTDATED, NEW = "translated", "needs-review-translation", "new"


@dataclass
class Unit:
    id: str
    source: str
    target: str
    state: str
    obj: object = None
    field: str = ""


def units(municipality, code):
    """Every translatable text of the municipality with its translation into `code`."""
    for name, kind in KINDS.items():
        objects = list(kind.of(municipality))
        rows = {(t.object_id, t.field): t for t in Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(kind.model), language=code,
            object_id__in=[o.pk for o in objects])}
        for obj in objects:
            for field in kind.fields:
                german = getattr(obj, field)
                if german:
                    row = rows.get((obj.pk, field))
                    state = NEW if not row else OUTDATED if row.is_outdated_for(german) else TRANSLATED
                    yield Unit(f"{name}.{obj.pk}.{field}", german, row.text if row else "", state, obj, field)
    for name, kind in NAMED.items():
        for obj in kind.of(municipality):
            german, target = obj.names.get("de", ""), obj.names.get(code, "")
            if german:
                yield Unit(f"{name}.{obj.pk}.name", german, target, TRANSLATED if target else NEW, obj, "name")
    offers = municipality.offers.order_by("pk").prefetch_related("translations__language")
    for offer in offers:
        translation = next((t for t in offer.translations.all() if t.language.code == code), None)
        for field in OFFER_FIELDS:
            german = getattr(offer, field)
            target = getattr(translation, field, "") if translation else ""
            if german:
                state = NEW if not target else OUTDATED if translation.is_outdated else TRANSLATED
                yield Unit(f"offer.{offer.pk}.{field}", german, target, state, offer, field)


def export(municipality, code):
    """The XLIFF document as bytes (UTF-8)."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}xliff", version="1.2")
    file = ET.SubElement(root, f"{{{NS}}}file", {
        "original": f"teilhabe/{municipality.slug}", "datatype": "plaintext",
        "source-language": "de", "target-language": code})
    body = ET.SubElement(file, f"{{{NS}}}body")
    for unit in units(municipality, code):
        element = ET.SubElement(body, f"{{{NS}}}trans-unit", id=unit.id)
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ET.SubElement(element, f"{{{NS}}}source").text = unit.source
        target = ET.SubElement(element, f"{{{NS}}}target", state=unit.state)
        target.text = unit.target
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(element):
    # Inline markup a CAT tool may add (<g>, <x/>) is not ours: keep the plain text.
    return "".join(element.itertext()) if element is not None else ""


def read(data, municipality=None):
    """(municipality, language code, [(unit id, source, target)]) of an XLIFF 1.2 file;
    ValidationError naming what is wrong. Given a municipality, the file must be its own."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValidationError(_("Die Datei enthält eine DOCTYPE-Deklaration; das ist nicht erlaubt."))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ValidationError(_("Keine gültige XML-Datei: %(error)s") % {"error": error}) from None
    files = root.findall(f"{{{NS}}}file")
    if root.tag != f"{{{NS}}}xliff" or len(files) != 1:
        raise ValidationError(_("Keine XLIFF-1.2-Datei mit genau einem <file> von teilhabe."))
    file = files[0]
    original = file.get("original", "")
    code = file.get("target-language", "")
    named = Municipality.objects.filter(slug=original.removeprefix("teilhabe/")).first() \
        if original.startswith("teilhabe/") else None
    if named is None or (municipality is not None and named != municipality):
        raise ValidationError(_("Unbekannte Kommune in original=\"%(original)s\".") % {"original": original})
    municipality = named
    code = code.lower()
    if code not in TARGET_LANGUAGES:  # a region ("en-GB") is not ours; Leichte Sprache ("de-ls") is
        code = code.split("-")[0]
    if code not in TARGET_LANGUAGES:
        raise ValidationError(_("Unbekannte Zielsprache \"%(code)s\".") % {"code": file.get("target-language", "")})
    if not Language.objects.filter(code=code).exists():
        raise ValidationError(_("Die Sprache \"%(code)s\" ist nicht angelegt.") % {"code": code})
    found = [(u.get("id", ""), _text(u.find(f"{{{NS}}}source")), _text(u.find(f"{{{NS}}}target")))
             for u in file.iter(f"{{{NS}}}trans-unit")]
    return municipality, code, found


@transaction.atomic
def import_file(data, municipality=None):
    """Takes a translated file back, all or nothing. Units with an empty target are left
    alone; a unit whose German changed since the export is imported but stays marked as
    needing review (made from the German in the file). Returns (municipality, code,
    imported, flagged); ValidationError lists every refused unit by its id."""
    municipality, code, found = read(data, municipality)
    known = {unit.id: unit for unit in units(municipality, code)}
    errors, plan, flagged = [], [], []
    for unit_id, source, target in found:
        unit = known.get(unit_id)
        if unit is None:
            errors.append(_("%(id)s: unbekannte Einheit") % {"id": unit_id or "?"})
            continue
        if not target.strip():
            continue
        limit = unit.obj._meta.get_field(unit.field).max_length if unit.field != "name" else None
        if limit and len(target) > limit:
            errors.append(_("%(id)s: höchstens %(limit)s Zeichen, nicht %(length)s")
                          % {"id": unit_id, "limit": limit, "length": len(target)})
            continue
        if source != unit.source:
            flagged.append(unit_id)
        plan.append((unit, source, target))
    if errors:
        raise ValidationError(errors)
    offers = {}
    for unit, source, target in plan:
        if unit.id.split(".")[0] in NAMED:
            unit.obj.names = {**unit.obj.names, code: target}
            unit.obj.save(update_fields=["names"])
            continue
        if isinstance(unit.obj, Offer):
            offers.setdefault(unit.obj, []).append((unit.field, target, source == unit.source))
            continue
        save_translation(unit.obj, unit.field, code, target, municipality=municipality)
        if source != unit.source:  # made from another German text: needs review
            Translation.objects.filter(
                content_type=ContentType.objects.get_for_model(unit.obj), object_id=unit.obj.pk,
                field=unit.field, language=code).update(source_fingerprint=fingerprint(source), source=source)
    for offer, texts in offers.items():
        _save_offer(offer, Language.objects.get(code=code), texts)
    return municipality, code, len(plan), flagged


def _save_offer(offer, language, texts):
    translation = OfferTranslation.objects.filter(offer=offer, language=language).first() \
        or OfferTranslation(offer=offer, language=language, title="")
    for field, text, _current in texts:
        setattr(translation, field, text)
    # OfferTranslation has one revision for all its fields: one field made from an older
    # German text leaves the whole translation outdated.
    current = all(current for *_rest, current in texts)
    translation.source_revision = offer.text_revision if current else offer.text_revision - 1
    translation.save()
