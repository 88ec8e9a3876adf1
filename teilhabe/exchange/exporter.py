"""Export a municipality as a teilhabe-exchange/1 document (see docs/exchange-format.md).

Everything is written, including unpublished offers, internal measures and every concept
version, with every key, so that export → import into an empty database → export gives
the same document. Lists are sorted by their keys, so two exports of the same data are
byte-for-byte equal."""
import json
from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.offers.hours import sorted_rows
from teilhabe.offers.models import TRANSLATED_FIELDS, Offer, OfferTranslation
from teilhabe.strategy.models import (
    Concept, FieldOfAction, Goal, GuidelineSection, Measure, MeasureStatusChange,
)

from . import (
    course_sections, monitoring_sections, network_sections, news_sections, participation_sections,
    topic_sections, translation_sections,
)
from .participation_sections import actor_reference
from .validate import FORMAT

CHUNK = 500


def _date(value):
    return value.isoformat() if value is not None else None


def _number(value):
    return None if value is None else float(value)


def _keys(objs, attr="key"):
    return sorted(getattr(obj, attr) for obj in objs)


def export_municipality(municipality):
    """The whole municipality as a document (a dict ready for json.dumps)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _parts(municipality)}


def write_document(municipality, out):
    """The document of export_municipality as JSON text into `out`, the same bytes as
    json.dumps(…, ensure_ascii=False, indent=2) + "\n", written offer by offer: a large
    municipality's document is never held in memory as a whole (bench/exchange.py)."""
    out.write("{")
    for n, (key, value) in enumerate(_parts(municipality)):
        out.write(("," if n else "") + "\n  " + json.dumps(key) + ": ")
        if not isinstance(value, Iterator):
            out.write(_indented(json.dumps(value, ensure_ascii=False, indent=2), 1))
            continue
        count = 0
        for count, item in enumerate(value, 1):
            out.write(("," if count > 1 else "[") + "\n    " + _indented(
                json.dumps(item, ensure_ascii=False, indent=2), 2))
        out.write("\n  ]" if count else "[]")
    out.write("\n}\n")


def _indented(text, level):
    # JSON text has no raw line breaks inside strings: every one starts a line of structure.
    return text.replace("\n", "\n" + "  " * level)


def _offers(m):
    """The offers in order of external_id, CHUNK at a time with their translations."""
    ids = list(Offer.objects.filter(municipality=m).order_by("external_id").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        offers = (Offer.objects.filter(pk__in=chunk).order_by("external_id")
                  .select_related("provider__municipality", "field_of_action", "measure")
                  .prefetch_related("target_groups", "districts", "languages", "serves"))
        translations = defaultdict(list)
        for t in OfferTranslation.objects.filter(offer__in=chunk).select_related("language").order_by(
                "offer_id", "language__code"):
            translations[t.offer_id].append(t)

        for o in offers:
            yield {
                "external_id": o.external_id,
                "field_of_action": o.field_of_action.key if o.field_of_action_id else None,
                "provider": actor_reference(o.provider, m),
                "measure": o.measure.external_id if o.measure_id else None,
                **_offer_texts(o, translations[o.pk]),
                "target_groups": _keys(o.target_groups.all()), "districts": _keys(o.districts.all()),
                "languages": _keys(o.languages.all(), "code"),
                # Only a Kreis's offer serves towns: a town's document stays as it was.
                **({"serves": _keys(o.serves.all(), "slug")} if m.is_kreis else {}),
                "place": {"name": o.place_name, "street": o.street, "postcode": o.postcode, "city": o.city,
                          "latitude": _number(o.latitude), "longitude": _number(o.longitude)},
                "opening_hours": {"hours": sorted_rows(o.opening_hours), "by_appointment": o.by_appointment,
                                  "closed_on_holidays": o.closed_on_holidays,
                                  "closing_days": sorted(o.closing_days)},
                "contact": {"name": o.contact_name, "email": o.contact_email, "phone": o.contact_phone},
                "website": o.website, "published": o.is_published,
                "outdated_translations": sorted(t.language.code for t in translations[o.pk]
                                                if t.source_revision < o.text_revision),
            }


def _offer_texts(offer, translations):
    texts = {name: {"de": getattr(offer, name)} for name in TRANSLATED_FIELDS}
    for t in translations:
        for name in TRANSLATED_FIELDS:
            if getattr(t, name):
                texts[name][t.language.code] = getattr(t, name)
    return texts


def _contact(c):
    """A contact person as the portal shows them: with name, e-mail and phone only once
    they consented to publication (publish, which requires consent_at); otherwise the role
    alone. The document is meant to travel, so it holds nothing personal beyond what is
    public (docs/privacy.md)."""
    if not c.publish:
        return {"key": c.key, "role": c.role, "publish": False}
    return {"key": c.key, "role": c.role, "name": c.name, "email": c.email, "phone": c.phone,
            "consent_at": timezone.localtime(c.consent_at).isoformat(), "consent_note": c.consent_note,
            "publish": True}


def _parts(municipality):
    """(key, value) of the document in order; the offers as an iterator."""
    m = municipality
    concepts = list(Concept.objects.filter(municipality=m).select_related("predecessor").order_by("version"))
    version_of = {c.pk: c.version for c in concepts}
    concepts_by_pk = {c.pk: c for c in concepts}
    guidelines = defaultdict(list)
    for g in GuidelineSection.objects.filter(concept__municipality=m).order_by("concept_id", "position", "id"):
        guidelines[g.concept_id].append({"title": g.title, "body": g.body})

    fields = list(FieldOfAction.objects.filter(concept__municipality=m).select_related("predecessor"))
    fields.sort(key=lambda f: (version_of[f.concept_id], f.position, f.key))
    goals = list(Goal.objects.filter(concept__municipality=m).select_related("field", "parent", "predecessor"))
    goals.sort(key=lambda g: (version_of[g.concept_id], g.position, g.key))
    measures = list(Measure.objects.filter(concept__municipality=m)
                    .select_related("responsible_actor__municipality", "predecessor")
                    .prefetch_related("fields", "goals", "partner_actors__municipality", "target_groups", "districts"))
    measures.sort(key=lambda x: (version_of[x.concept_id], x.external_id))
    history = defaultdict(list)
    for row in MeasureStatusChange.objects.filter(measure__concept__municipality=m).order_by(
            "measure_id", "changed_on", "id"):
        history[row.measure_id].append({"status": row.to_status, "date": _date(row.changed_on), "note": row.note})

    contacts = defaultdict(list)
    for c in ContactPerson.objects.filter(actor__municipality=m).order_by("key"):
        contacts[c.actor_id].append(_contact(c))
    actors = (Actor.objects.filter(municipality=m).order_by("external_id")
              .prefetch_related("districts", "languages", "works_in"))

    def predecessor_key(obj, attr):
        # Only a predecessor in the concept's own predecessor version can be written.
        previous = obj.predecessor
        if previous is None or previous.concept_id != concepts_by_pk[obj.concept_id].predecessor_id:
            return None
        return getattr(previous, attr)

    yield from {
        "format": FORMAT,
        "municipality": {
            "slug": m.slug, "name": m.name, "kind": m.kind, "ags": m.ags,
            "parent": m.parent.slug if m.parent_id else None,
            "languages": _keys(m.languages.all(), "code"),
            "office": {"name": m.office_name, "email": m.office_email, "phone": m.office_phone,
                       "address": m.office_address},
            "transit_planner_url": m.transit_planner_url,
        },
        "districts": [{"key": d.key, "name": d.name} for d in m.districts.order_by("key")],
        "target_groups": [{"key": t.key, "name": t.names, "position": t.position}
                          for t in m.target_groups.order_by("position", "key")],
        "concepts": [{
            "version": c.version, "title": c.title, "summary": c.summary,
            "period_start": c.period_start, "period_end": c.period_end,
            "adopted_on": _date(c.adopted_on), "adopted_by": c.adopted_by, "status": c.status,
            "predecessor": c.predecessor.version if c.predecessor_id else None,
            "guidelines": guidelines[c.pk],
        } for c in concepts],
        "fields_of_action": [{
            "key": f.key, "name": f.names, "description": f.description, "position": f.position,
            "concept": version_of[f.concept_id], "predecessor": predecessor_key(f, "key"),
        } for f in fields],
        "goals": [{
            "key": g.key, "title": g.title, "description": g.description, "kind": g.kind,
            "field": g.field.key if g.field_id else None,
            "parent": g.parent.key if g.parent_id else None,
            "position": g.position, "concept": version_of[g.concept_id],
            "predecessor": predecessor_key(g, "key"),
        } for g in goals],
        "measures": [{
            "external_id": x.external_id, "title": x.title, "description": x.description,
            "fields": _keys(x.fields.all()), "goals": _keys(x.goals.all()),
            "status": x.status, "status_history": history[x.pk],
            "responsible_actor": actor_reference(x.responsible_actor, m) if x.responsible_actor_id else None,
            "partner_actors": sorted(actor_reference(a, m) for a in x.partner_actors.all()),
            "target_groups": _keys(x.target_groups.all()), "districts": _keys(x.districts.all()),
            "start_date": _date(x.start_date), "end_date": _date(x.end_date),
            "funding_source": x.funding_source,
            "budget": str(x.budget) if x.budget is not None else None,
            "public": x.is_public, "concept": version_of[x.concept_id],
            "predecessor": predecessor_key(x, "external_id"),
        } for x in measures],
        "actors": [{
            "external_id": a.external_id, "name": a.name, "kind": a.kind, "description": a.description,
            "address": {"street": a.street, "postcode": a.postcode, "city": a.city},
            "website": a.website, "email": a.email, "phone": a.phone,
            "districts": _keys(a.districts.all()), "languages": _keys(a.languages.all(), "code"),
            "published": a.is_published, "contacts": contacts[a.pk],
            "works_in": _keys(a.works_in.all(), "slug"),
        } for a in actors],
        "offers": _offers(m),
        **course_sections.export(m),
        **monitoring_sections.export(m),
        **participation_sections.export(m),
        **network_sections.export(m),
        **topic_sections.export(m),
        **news_sections.export(m),
        **translation_sections.export(m),
    }.items()
