"""Objects → JSON-ready dicts. Reads only what the querysets in public.py fetched, so a
page of any size costs the same number of queries. The shapes are described in
openapi.py; tests check real answers against it."""
import datetime

from django.utils import translation

from teilhabe.courses.finder import availability
from teilhabe.municipalities.models import localized
from teilhabe.offers.models import TRANSLATED_FIELDS
from teilhabe.offers.hours import sorted_rows
from teilhabe.strategy.models import Concept
from teilhabe.translations.texts import translations_of


class Context:
    """The request (for absolute links) and the language asked for (None: German)."""

    def __init__(self, request, lang=None, slug=None):
        self.request = request
        self.lang = lang
        self.slug = slug  # the municipality of a list of one municipality's objects

    def url(self, path):
        return self.request.build_absolute_uri(path)

    def name(self, names):
        return localized(names, self.lang or "de")


def timestamp(value):
    if value is None:
        return None
    return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def day(value):
    return value.isoformat() if value else None


def newest(*values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def vocabulary(ctx, item):
    return {"key": item.key, "name": ctx.name(item.names) or item.key}


def district(item):
    return {"key": item.key, "name": item.name}


def language(item):
    return {"code": item.code, "name": item.name, "native_name": item.native_name}


# --- Municipalities and concepts ----------------------------------------------------------

# A municipality's endpoints, named by their path after /municipalities/{slug}/ (the links
# of its detail; tests/api/test_municipalities.py checks them against api/urls.py).
LIST_LINKS = ("fields-of-action", "goals", "measures", "actors", "offers", "events", "ideas", "indicators",
              "goal-attainment", "topics", "courses", "news", "dcat.jsonld")


def link_names():
    """The lists, the DCAT catalogue, and each open dataset's CSV."""
    from teilhabe.opendata.datasets import DATASETS

    return (*LIST_LINKS, *(f"datasets/{name}.csv" for name in DATASETS))


def municipality_links(ctx, slug):
    return {name: ctx.url(f"/api/v1/municipalities/{slug}/{name}") for name in link_names()}


def concept(c, current_id):
    return {
        "version": c.version, "title": c.title, "summary": c.summary, "status": c.status,
        "is_current": c.pk == current_id, "period_start": c.period_start, "period_end": c.period_end,
        "adopted_on": day(c.adopted_on), "adopted_by": c.adopted_by, "modified_at": timestamp(c.modified_at),
    }


def municipality(ctx, m, *, detail=False):
    slug = m.slug
    data = {
        "slug": slug, "name": m.name, "kind": m.kind, "ags": m.ags,
        "parent": m.parent.slug if m.parent_id else None,
        "languages": sorted(language.code for language in m.languages.all()),
        "url": ctx.url(f"/{slug}/"),
        "api_url": ctx.url(f"/api/v1/municipalities/{slug}"),
    }
    if detail:
        concepts = list(m.public_concepts)
        current = next((c for c in concepts if c.status == "adopted"), concepts[0] if concepts else None)
        current_id = current.pk if current else None
        data.update({
            "office": {"name": m.office_name, "email": m.office_email, "phone": m.office_phone,
                       "address": m.office_address},
            "districts": [district(d) for d in m.districts.all()],
            "target_groups": [vocabulary(ctx, t) for t in m.target_groups.all()],
            "concepts": [concept(c, current_id) for c in concepts],
            "links": municipality_links(ctx, slug),
        })
    return data


# --- Strategy ------------------------------------------------------------------------------

def field_of_action(ctx, f, *, detail=False):
    data = {
        "key": f.key, "name": ctx.name(f.names) or f.key, "names": f.names,
        "description": f.description, "position": f.position, "concept_version": f.concept.version,
    }
    if detail:
        data["goals"] = [{"key": g.key, "title": g.title, "kind": g.kind} for g in f.goals.all()]
        data["measures"] = [{"external_id": m.external_id, "title": m.title, "status": m.status}
                            for m in f.public_measures]
    return data


def goal(ctx, g):
    return {
        "key": g.key, "kind": g.kind, "title": g.title, "description": g.description,
        "field_of_action": g.field.key if g.field_id else None,
        "parent": g.parent.key if g.parent_id else None, "position": g.position,
        "concept_version": g.concept.version,
        "measures": [m.external_id for m in g.public_measures],
        "modified_at": timestamp(g.modified_at),
    }


def actor_ref(ctx, a):
    if a is None or not a.is_published:
        return None
    return {"external_id": a.external_id, "name": a.name}


def measure(ctx, m):
    return {
        "external_id": m.external_id, "title": m.title, "description": m.description, "status": m.status,
        "status_history": [{"from_status": c.from_status or None, "to_status": c.to_status,
                            "changed_on": day(c.changed_on)} for c in m.status_changes.all()],
        "fields_of_action": [f.key for f in m.fields.all()],
        "goals": [g.key for g in m.goals.all()],
        "responsible_actor": actor_ref(ctx, m.responsible_actor),
        "partner_actors": [actor_ref(ctx, a) for a in m.public_partners],
        "target_groups": [vocabulary(ctx, t) for t in m.target_groups.all()],
        "districts": [district(d) for d in m.districts.all()],
        "start_date": day(m.start_date), "end_date": day(m.end_date),
        "concept_version": m.concept.version,
        "url": ctx.url(f"/{m.concept.municipality.slug}/measures/{m.external_id}/"),
        "modified_at": timestamp(m.modified_at),
    }


# --- Actors and offers ---------------------------------------------------------------------

def actor(ctx, a):
    return {
        "external_id": a.external_id, "name": a.name, "kind": a.kind, "description": a.description,
        "address": {"street": a.street, "postcode": a.postcode, "city": a.city},
        "website": a.website, "email": a.email, "phone": a.phone,
        "districts": [district(d) for d in a.districts.all()],
        "languages": [language(item) for item in a.languages.all()],
        # Only people who consented to publication (ContactPerson.publish needs consent_at).
        "contacts": [{"role": c.role, "name": c.name, "email": c.email, "phone": c.phone}
                     for c in a.public_contacts],
        "municipality": a.municipality.slug,
        "url": ctx.url(f"/{a.municipality.slug}/actors/{a.external_id}/"),
        "modified_at": timestamp(a.modified_at),
    }


def _texts(ctx, o):
    """The offer's texts in the language asked for where a translation exists, else German.
    A field the translation leaves empty falls back to the German one."""
    translations = {t["language__code"]: t for t in o["translations"]}
    chosen = translations.get(ctx.lang) if ctx.lang and ctx.lang != "de" else None
    if chosen is None:
        texts = {name: o[name] for name in TRANSLATED_FIELDS}
        return texts, "de", False, translations
    texts = {name: chosen[name] or o[name] for name in TRANSLATED_FIELDS}
    return texts, chosen["language__code"], chosen["source_revision"] < o["text_revision"], translations


def offer(ctx, o, hit=None):
    """`o`: a row of public.offer_rows() (plain values, not a model instance)."""
    texts, text_language, outdated, translations = _texts(ctx, o)
    slug = o["municipality__slug"]
    field = None
    # A field of a draft concept is not public yet.
    if o["field_of_action__key"] is not None and o["field_of_action__concept__status"] in Concept.PUBLIC:
        field = {"key": o["field_of_action__key"], "names": o["field_of_action__names"]}
    measure = None
    if (o["measure__external_id"] is not None and o["measure__is_public"]
            and o["measure__concept__status"] in Concept.PUBLIC):
        measure = {"external_id": o["measure__external_id"], "title": o["measure__title"]}
    provider_id = o["provider__external_id"]
    data = {
        "external_id": o["external_id"],
        "title": texts["title"],
        "title_language": text_language,
        "translation_outdated": outdated,
        "description": texts["description"], "schedule": texts["schedule"], "cost": texts["cost"],
        "accessibility": texts["accessibility"],
        "translations": sorted(translations),
        "municipality": slug,
        "provider": {"external_id": provider_id, "name": o["provider__name"],
                     # An unpublished actor has no public page to link to.
                     "url": ctx.url(f"/{slug}/actors/{provider_id}/") if o["provider__is_published"] else None},
        "field_of_action": _vocabulary_of(ctx, field) if field else None,
        "measure": measure,
        "target_groups": [_vocabulary_of(ctx, t) for t in o["target_groups"]],
        "districts": [dict(d) for d in o["districts"]],
        "languages": [dict(item) for item in o["languages"]],
        "place": {"name": o["place_name"], "street": o["street"], "postcode": o["postcode"], "city": o["city"],
                  "latitude": _number(o["latitude"]), "longitude": _number(o["longitude"])},
        "opening_hours": {"hours": sorted_rows(o["opening_hours"]), "by_appointment": o["by_appointment"],
                          "closed_on_holidays": o["closed_on_holidays"], "closing_days": sorted(o["closing_days"])},
        "contact": {"name": o["contact_name"], "email": o["contact_email"], "phone": o["contact_phone"],
                    "website": o["website"]},
        "url": ctx.url(f"/{slug}/offers/{o['external_id']}/"),
        "api_url": ctx.url(f"/api/v1/municipalities/{slug}/offers/{o['external_id']}"),
        "modified_at": timestamp(offer_modified_at(o)),
    }
    if hit is not None:
        data["search"] = hit
    return data


def _number(value):
    return None if value is None else float(value)


def _vocabulary_of(ctx, item):
    """vocabulary() for a {key, names} row."""
    return {"key": item["key"], "name": ctx.name(item["names"]) or item["key"]}


def offer_modified_at(o):
    """The offer's own change or its newest translation's, whichever is later."""
    return newest(o["modified_at"], *(t["modified_at"] for t in o["translations"]))


# --- Courses ------------------------------------------------------------------------------

def course(ctx, c, kreis, referring_office):
    """`c`: a course of courses.finder (with `free`, provider, town and district)."""
    with translation.override(ctx.lang or "de"):
        type_name = str(c.get_type_display())
    provider = c.provider
    return {
        "external_id": c.external_id, "type": c.type, "type_name": type_name, "status": c.status,
        "kreis": kreis.slug,
        "town": {"slug": c.town.slug, "name": c.town.name},
        "district": district(c.district) if c.district_id else None,
        "place": c.place, "starts_on": day(c.starts_on), "ends_on": day(c.ends_on),
        "time_of_day": c.time_of_day, "hours": c.hours, "capacity": c.capacity,
        "free_places": max(c.free, 0), "availability": availability(c.free),
        "childcare": c.childcare, "accessibility": c.accessibility,
        "how_to_get_a_place": {
            "referring_office": referring_office, "registration": c.registration,
            # The provider's own contact data only when it is published (no contact persons
            # here: the actor's endpoint lists those who consented).
            "provider": {"external_id": provider.external_id, "name": provider.name,
                         "email": provider.email if provider.is_published else "",
                         "phone": provider.phone if provider.is_published else "",
                         "website": provider.website if provider.is_published else "",
                         "api_url": (ctx.url(f"/api/v1/municipalities/{provider.municipality.slug}/actors/"
                                             f"{provider.external_id}") if provider.is_published else None)},
        },
        "url": ctx.url(f"/{kreis.slug}/kurse/{c.external_id}/"),
        "api_url": ctx.url(f"/api/v1/municipalities/{kreis.slug}/courses/{c.external_id}"),
        "modified_at": timestamp(c.modified_at),
    }


# --- News ---------------------------------------------------------------------------------

def news_modified_at(item):
    """The item's change, its translations', or the moment it appeared (scheduled)."""
    return newest(item.modified_at, item.publish_at, *(t.modified_at for t in translations_of(item)))


def news(ctx, item):
    """A public news item (NewsItem.objects.public()): texts in `lang` where translated;
    the press contact's name only with consent; links only to what is public."""
    texts = item.in_language(ctx.lang or "de")
    slug = item.municipality.slug
    return {
        "id": item.pk,
        "title": texts["title"], "teaser": texts["teaser"], "text": texts["text"],
        "title_language": texts["title"].language,
        "translation_outdated": texts["outdated"],
        "translations": sorted({t.language for t in translations_of(item)}),
        "date": day(item.date),
        "office": item.office,
        "press_contact": {"role": item.press_contact_role, "name": item.press_contact_public_name,
                          "email": item.press_contact_email, "phone": item.press_contact_phone},
        "pictures": [{
            "alt_text": p.alt_text, "caption": p.caption, "credit": p.credit, "licence": p.licence,
            "width": p.width, "height": p.height,
            "variants": [{"width": w, "height": h, "url": ctx.url(f"/{slug}/news/pictures/{p.pk}/{w}.webp")}
                         for w, h in p.variants],
        } for p in item.pictures.all()],
        "attachments": [{"name": a.name, "size": a.size, "url": ctx.url(f"/{slug}/news/files/{a.pk}.pdf")}
                        for a in item.attachments.all()],
        "events": [e.pk for e in item.events.all() if e.is_public],
        "measures": [m.external_id for m in item.measures.all() if m.is_visible],
        "fields_of_action": [f.key for f in item.fields.all() if f.is_visible],
        "municipality": slug,
        "url": ctx.url(f"/{slug}/news/{item.pk}/"),
        "published_at": timestamp(item.publish_at),
        "modified_at": timestamp(news_modified_at(item)),
    }


# --- Events and ideas ------------------------------------------------------------------------

def _public_field_keys(fields):
    return [f.key for f in fields if f.is_visible]


def event(ctx, e, texts, translations):
    """A public event: `texts` from translations.texts.texts_of_many; `e.taken` the places
    registered (a number, never who)."""
    slug = ctx.slug
    actor = e.organiser_actor
    return {
        "id": e.pk, "kind": e.kind,
        "title": texts["title"], "description": texts["description"],
        "title_language": texts["title"].language,
        "translation_outdated": any(t.outdated for t in texts.values()),
        "translations": translations,
        "starts_at": timestamp(e.starts_at), "ends_at": timestamp(e.ends_at),
        "place": {"name": e.place_name, "street": e.street, "postcode": e.postcode, "city": e.city,
                  "latitude": _number(e.latitude), "longitude": _number(e.longitude)},
        "district": district(e.district) if e.district_id else None,
        "organiser": e.organiser,
        "organiser_actor": actor_ref(ctx, actor),
        "fields_of_action": _public_field_keys(e.fields.all()),
        "workshops": [{"title": w.title, "capacity": w.capacity,
                       "field_of_action": w.field.key if w.field_id and w.field.is_visible
                       else None} for w in e.workshops.all()],
        "capacity": e.capacity,
        "free_places": None if e.capacity is None else max(e.capacity - e.taken, 0),
        "registration_open": bool(e.registration_open and not e.is_past),
        "municipality": slug,
        "url": ctx.url(f"/{slug}/events/{e.pk}/"),
        "modified_at": timestamp(e.modified_at),
    }


def idea(ctx, i):
    """A published idea: what the public idea page shows, without anyone who sent,
    supported or commented on it (no name, address, token or comment)."""
    slug = ctx.slug
    measure = i.measure
    return {
        "id": i.pk, "title": i.title, "description": i.description, "status": i.status, "channel": i.channel,
        "received_on": day(i.received_on),
        "field_of_action": (vocabulary(ctx, i.field) if i.field.is_visible else None),
        "district": district(i.district) if i.district_id else None,
        "target_group": vocabulary(ctx, i.target_group) if i.target_group_id else None,
        "event": i.event_id if i.event_id and i.event.is_public else None,
        "measure": (measure.external_id if measure is not None and measure.is_visible else None),
        "decision_reason": i.decision_reason,
        "support_count": i.support_count,
        "status_history": [{"from_status": c.from_status or None, "to_status": c.to_status,
                            "changed_on": day(c.changed_at.date())} for c in i.status_changes.all()],
        "municipality": slug,
        "url": ctx.url(f"/{slug}/ideas/{i.pk}/"),
        "modified_at": timestamp(i.modified_at),
    }


# --- Monitoring ----------------------------------------------------------------------------

def _decimal(value):
    return None if value is None else float(value)


def attainment(a):
    return {"percent": _decimal(a.percent), "light": a.light, "basis": a.basis, "method": a.method}


def indicator(ctx, i, a, latest, goal_keys, values=None):
    """A public indicator with its attainment and latest whole-municipality value;
    `values` (detail only): every value [(period, district key, category, value)]."""
    period, value = latest or (None, None)
    data = {
        "key": i.key, "name": i.name, "definition": i.definition, "unit": i.unit,
        "numerator": i.numerator, "denominator": i.denominator, "source": i.source, "direction": i.direction,
        "breakdowns": list(i.breakdowns or []),
        "baseline": {"value": _decimal(i.baseline_value), "period": i.baseline_period or None},
        "target": {"value": _decimal(i.target_value), "period": i.target_period or None},
        "latest": {"value": _decimal(value), "period": period},
        "attainment": attainment(a),
        "goals": goal_keys,
        "municipality": ctx.slug,
        "api_url": ctx.url(f"/api/v1/municipalities/{ctx.slug}/indicators/{i.key}"),
        "modified_at": timestamp(i.modified_at),
    }
    if values is not None:
        data["values"] = [{"period": p, "district": d, "category": c, "value": _decimal(v)}
                          for p, d, c, v in values]
    return data


def goal_attainment(ctx, g, a):
    return {
        "goal": g.key, "title": g.title, "kind": g.kind,
        "field_of_action": g.field.key if g.field_id else None,
        "concept_version": g.concept.version,
        **attainment(a),
        "indicators": [i.key for i in g.indicators.all()],
    }


# --- Topics --------------------------------------------------------------------------------

def topic_modified_at(t):
    return newest(t.modified_at, *(x.modified_at for x in translations_of(t)),
                  *(x.modified_at for text in t.public_texts for x in (text, *translations_of(text))))


def topic(ctx, t, offer_ids):
    """A published topic with its published information texts, in `lang` where translated."""
    texts = t.in_language(ctx.lang or "de")
    slug = ctx.slug
    out_texts = []
    for text in t.public_texts:
        own = text.in_language(ctx.lang or "de")
        out_texts.append({"title": own["title"], "body": own["body"], "title_language": own["title"].language,
                          "translation_outdated": own["outdated"]})
    return {
        "key": t.key, "title": texts["title"], "summary": texts["summary"],
        "title_language": texts["title"].language, "translation_outdated": texts["outdated"],
        "translations": sorted({x.language for x in translations_of(t) if x.text}),
        "icon": t.icon, "position": t.position,
        "fields_of_action": list(t.field_keys or []),
        "offers": offer_ids,
        "texts": out_texts,
        "municipality": slug,
        "url": ctx.url(f"/{slug}/topics/{t.key}/"),
        "modified_at": timestamp(topic_modified_at(t)),
    }
