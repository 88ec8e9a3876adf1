"""The `content_translations` section of the exchange format (docs/exchange-format.md): the
translations of every kind registered with the translations app (teilhabe/translations/),
each named by its object's exchange key, field and language, with its outdated state.

Generic over the kinds through KEYS: a kind's name → how its objects are named in the
document (the key's parts, in order), the keys of a municipality's objects for the export,
and the object a key names in an import (planned, so it may be new). A registered kind
without an entry here is not exported, and refused on import; adding one is one entry.

Outdated state: a translation remembers the German it was made from (its fingerprint, and
the text where known). The document says `outdated` and, for an outdated one, `source`,
the German it was made from ("" where that is not known, as for translations older than the
translations app). Offers keep their own translations in `offers[]` (OfferTranslation)."""
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from teilhabe.lib.html import sanitize_html
from teilhabe.news.models import NewsItem
from teilhabe.participation.models import Event, Workshop
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, GuidelineSection, Measure
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.models import Translation, fingerprint
from teilhabe.translations.registry import KINDS as REGISTERED

from .topic_sections import ordered_texts

KINDS = [("content_translations", "Übersetzungen von Inhalten")]
# Where the German a translation was made from is not known: a fingerprint no German has
# (as the translations app's migration 0003 marks the outdated ones it moved).
UNKNOWN_SOURCE = fingerprint("outdated: the German it was made from is not known")


@dataclass(frozen=True)
class Key:
    parts: tuple    # names of the key's parts in the document, in order
    types: tuple    # their types: int (a version, a place: ≥ 0) or str
    keys: object    # municipality → {pk: tuple of the parts}
    find: object    # (importer, tuple of the parts) → the planned object, or None

    def fits(self, values):
        return all(isinstance(v, str) if t is str else isinstance(v, int) and not isinstance(v, bool) and v >= 0
                   for v, t in zip(values, self.types))


def _versions(m):
    return dict(Concept.objects.filter(municipality=m).values_list("pk", "version"))


def _concept_keys(m):
    return {pk: (version,) for pk, version in _versions(m).items()}


def _scoped(model, attr):
    def keys(m):
        versions = _versions(m)
        return {pk: (versions[concept], key) for pk, concept, key in
                model.objects.filter(concept__municipality=m).values_list("pk", "concept_id", attr)}
    return keys


def _guideline_keys(m):
    versions, out, place = _versions(m), {}, {}
    for pk, concept in GuidelineSection.objects.filter(concept__municipality=m).order_by(
            "concept_id", "position", "id").values_list("pk", "concept_id"):
        place[concept] = place.get(concept, -1) + 1
        out[pk] = (versions[concept], place[concept])
    return out


def _text_keys(m):
    out, by_topic = {}, {}
    for text in InformationText.objects.filter(topic__municipality=m).select_related("topic"):
        by_topic.setdefault(text.topic.key, []).append(text)
    for key, texts in by_topic.items():
        out.update({text.pk: (key, place) for place, text in enumerate(ordered_texts(texts))})
    return out


def _workshop_keys(m):
    """(event uid, place): the place in the event's `workshops` as the events section
    writes and matches them (by position, then id)."""
    uids = dict(Event.objects.filter(municipality=m).values_list("pk", "uid"))
    out, place = {}, {}
    for pk, event in Workshop.objects.filter(event__municipality=m).order_by(
            "event_id", "position", "id").values_list("pk", "event_id"):
        place[event] = place.get(event, -1) + 1
        out[pk] = (str(uids[event]), place[event])
    return out


def _planned_workshop(imp, key):
    uid, place = str(key[0]).lower(), key[1]
    workshops = imp.event_workshops.get(uid)  # the event in the document: its workshops after the import
    if workshops is None:
        event = imp.events.get(uid)
        workshops = imp.workshops.get(event.pk, []) if event is not None and event.pk else []
    return workshops[place] if place < len(workshops) else None


def _planned_guideline(imp, key):
    version, place = key
    concept = imp.concepts.get(version)
    if concept is None:
        return None
    planned = [it for it in imp.items["guidelines"] if it.fks.get("concept") is concept]
    if planned:
        return planned[place].obj if place < len(planned) else None
    stored = imp.guidelines.get(concept.pk, []) if concept.pk else []
    return stored[place] if place < len(stored) else None


KEYS = {
    "concept": Key(("version",), (int,), _concept_keys, lambda imp, k: imp.concepts.get(k[0])),
    "guideline": Key(("concept", "position"), (int, int), _guideline_keys, _planned_guideline),
    "field": Key(("concept", "key"), (int, str), _scoped(FieldOfAction, "key"), lambda imp, k: imp.fields.get(k)),
    "goal": Key(("concept", "key"), (int, str), _scoped(Goal, "key"), lambda imp, k: imp.goals.get(k)),
    "measure": Key(("concept", "external_id"), (int, str), _scoped(Measure, "external_id"),
                   lambda imp, k: imp.measures.get(k)),
    "topic": Key(("key",), (str,), lambda m: {pk: (key,) for pk, key in
                                      Topic.objects.filter(municipality=m).values_list("pk", "key")},
                 lambda imp, k: imp.topics.get(k[0])),
    "text": Key(("topic", "position"), (str, int), _text_keys, lambda imp, k: imp.topic_texts.get(k)),
    "news": Key(("uid",), (str,), lambda m: {pk: (str(uid),) for pk, uid in
                                     NewsItem.objects.filter(municipality=m).values_list("pk", "uid")},
                lambda imp, k: imp.news.get(str(k[0]).lower())),
    "event": Key(("uid",), (str,), lambda m: {pk: (str(uid),) for pk, uid in
                                      Event.objects.filter(municipality=m).values_list("pk", "uid")},
                 lambda imp, k: imp.events.get(str(k[0]).lower())),
    "workshop": Key(("event", "workshop"), (str, int), _workshop_keys, _planned_workshop),
}


def load(imp):
    imp.content_translations = {}
    if imp.m.pk is None:
        return
    for t in Translation.objects.filter(municipality=imp.m):
        imp.content_translations[(t.content_type_id, t.object_id, t.field, t.language)] = t


def plan(imp):
    seen = {}
    for i, raw in enumerate(imp.data.get("content_translations") or []):
        path = ("content_translations", i)
        if "content_translations" in imp.bad_lists or path in imp.bad_items:
            continue
        kind, key = REGISTERED.get(raw["kind"]), KEYS.get(raw["kind"])
        if kind is None or key is None:
            imp.problem(path + ("kind",), _("Übersetzungen dieser Art trägt das Format nicht: '%(key)s'") % {
                "key": raw["kind"]})
            continue
        parts = raw["object"]
        if sorted(parts) != sorted(key.parts):
            imp.problem(path + ("object",), _("erwartet die Schlüssel %(keys)s") % {"keys": ", ".join(key.parts)})
            continue
        values = tuple(parts[name] for name in key.parts)
        target = key.find(imp, values) if key.fits(values) else None
        if target is None:
            imp.problem(path + ("object",), _("unbekanntes Objekt %(key)s") % {
                "key": ", ".join(f"{name} {parts[name]}" for name in key.parts)})
            continue
        if raw["field"] not in kind.fields:
            imp.problem(path + ("field",), _("nicht übersetzbar; übersetzbar: %(fields)s") % {
                "fields": ", ".join(kind.fields)})
            continue
        if raw["language"] == "de" or raw["language"] not in imp.languages:
            imp.problem(path + ("language",), _("unbekannte Sprache '%(key)s'") % {"key": raw["language"]})
            continue
        if imp.duplicates(seen, (raw["kind"], id(target), raw["field"], raw["language"]), path, "language"):
            continue
        _plan_one(imp, path, raw, kind, target)


def _plan_one(imp, path, raw, kind, target):
    content_type = ContentType.objects.get_for_model(kind.model)
    stored = (imp.content_translations.get((content_type.pk, target.pk, raw["field"], raw["language"]))
              if target.pk else None)
    obj = stored or Translation(content_type=content_type, field=raw["field"], language=raw["language"])
    it = imp.item("content_translations", obj, path)
    it.fks["municipality"] = imp.m
    it.extra = target  # its object_id once the object is written
    german = getattr(target, raw["field"]) or ""
    text = sanitize_html(raw["text"]) if raw["field"] in kind.html else raw["text"]
    if raw.get("outdated", False):
        source = raw.get("source", "")
        if source and fingerprint(source) == fingerprint(german):
            imp.problem(path + ("source",), _("gleicht dem deutschen Text: dann ist die Übersetzung nicht veraltet"))
        elif source:
            obj.source_fingerprint = fingerprint(source)
        elif stored is None or not stored.is_outdated_for(german) or stored.source:
            obj.source_fingerprint = UNKNOWN_SOURCE
    else:
        source = german
        obj.source_fingerprint = fingerprint(german)
    obj.text, obj.source = text, source
    imp.clean_fields(it, {"text": text, "source": source}, {"text": ("text",), "source": ("source",)})


def write(imp, rows):
    """Last: every object a translation names has its id by now."""
    for it in imp.items["content_translations"]:
        it.obj.object_id = it.extra.pk
    rows("content_translations", Translation)


# ---------------------------------------------------------------------- export

def export(m):
    out = []
    for name, kind in REGISTERED.items():
        key = KEYS.get(name)
        if key is None:
            continue
        keys = key.keys(m)
        german = {obj.pk: obj for obj in kind.of(m)}
        rows = Translation.objects.filter(municipality=m, content_type=ContentType.objects.get_for_model(kind.model),
                                          field__in=kind.fields).exclude(text="")
        for t in rows:
            if t.object_id not in keys:
                continue
            outdated = t.is_outdated_for(getattr(german[t.object_id], t.field))
            out.append(((name, keys[t.object_id], t.field, t.language), {
                "kind": name, "object": dict(zip(key.parts, keys[t.object_id])), "field": t.field,
                "language": t.language, "text": t.text, "outdated": outdated,
                **({"source": t.source} if outdated else {})}))
    order = {name: n for n, name in enumerate(REGISTERED)}
    out.sort(key=lambda row: (order[row[0][0]], *row[0][1:]))
    return {"content_translations": [entry for _sort, entry in out]} if out else {}
