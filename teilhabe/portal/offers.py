"""The offer directory, its search, a page per offer, and the site search."""
import datetime
import json
import re
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from teilhabe.municipalities.models import Language
from teilhabe.offers import hours, places
from teilhabe.offers.models import Offer, OfferTranslation, search_scope

from .cache import public_page
from .language_names import language_label
from .views import active_language, context, get_municipality, public_concept, search_query


def _published(municipality, *, shown=False):
    """Published offers of the municipality, or with shown=True all its portal lists: of a
    Kreis its towns' too, of a town the Kreis's that serve it (Offer.objects.shown_in)."""
    offers = Offer.objects.public()
    offers = offers.shown_in(municipality) if shown else offers.filter(municipality=municipality)
    return offers.select_related(
        "municipality", "provider", "field_of_action__concept", "measure__concept").prefetch_related(
        "target_groups", "districts", "languages",
        Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")))


# "Open now" is computed when the page is rendered, and the page says for which time;
# a cached copy serves only the quarter hour it was rendered in, so it is never more
# than 15 minutes old (and a visitor can see how old).
OPEN_STATE_SLOT = 15 * 60


@require_safe
@public_page(absolute_urls=True, changes_every=OPEN_STATE_SLOT)
def offer_page(request, slug, external_id):
    municipality = get_municipality(slug)
    offer = get_object_or_404(_published(municipality), external_id=external_id)
    lang = active_language()
    texts = offer.in_language(lang)
    return render(request, "portal/offer.html", context(
        municipality, section="offers", offer=offer, texts=texts, lang=lang,
        osm_url=places.osm_directions_url(offer), transit_url=places.transit_url(offer),
        hours=opening_hours(offer, municipality),
        # Only languages the portal speaks: the switch ignores any other.
        other_languages=[t.language for t in offer.translations.all()
                         if t.language.code != lang and t.language.code in dict(settings.LANGUAGES)],
        # "<" as \u003c: a title holding "</script>" cannot end the script block early.
        json_ld=json.dumps(offer_json_ld(request, offer, texts), ensure_ascii=False, indent=1).replace("<", "\\u003c")))


def opening_hours(offer, municipality):
    """What the page shows of the opening hours: per weekday the times (the template
    formats them in the reader's language), the state now, the coming closing days."""
    now = timezone.localtime()
    days = {}
    for row in hours.sorted_rows(offer.opening_hours):
        days.setdefault(hours.DAYS.index(row["day"]), []).append(
            (hours.parse_time(row["opens"]), hours.parse_time(row["closes"])))
    closing = [datetime.date.fromisoformat(d) for d in sorted(offer.closing_days)]
    return {"days": [(WEEKDAYS[day], spans) for day, spans in days.items()],
            "state": hours.open_state(offer, now, hours.land(municipality)),
            "closing_days": [d for d in closing if d >= now.date()][:10],
            "any": bool(days or offer.by_appointment)}


def _place_json_ld(offer):
    place = {"@type": "Place", "name": offer.place_name or offer.provider.name,
             "address": {"@type": "PostalAddress", "streetAddress": offer.street,
                         "postalCode": offer.postcode, "addressLocality": offer.city or offer.municipality.name,
                         "addressCountry": "DE"}}
    if places.has_coordinates(offer):
        place["geo"] = {"@type": "GeoCoordinates", "latitude": float(offer.latitude),
                        "longitude": float(offer.longitude)}
    specification = [{"@type": "OpeningHoursSpecification",
                      "dayOfWeek": f"https://schema.org/{hours.SCHEMA_DAYS[hours.DAYS.index(row['day'])]}",
                      "opens": row["opens"], "closes": row["closes"]}
                     for row in hours.sorted_rows(offer.opening_hours)]
    # schema.org's way of a day closed: opens and closes at midnight, valid that day only.
    specification += [{"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
                       "validFrom": day, "validThrough": day} for day in sorted(offer.closing_days)]
    if specification:
        place["openingHoursSpecification"] = specification
    return place


def offer_json_ld(request, offer, texts):
    """schema.org: a Service offered by an Organization at a Place (with its address,
    coordinates and opening hours), in given languages."""
    place = _place_json_ld(offer)
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": request.build_absolute_uri(),
        "url": request.build_absolute_uri(),
        "name": str(texts["title"]),
        "description": str(texts["description"]),
        "inLanguage": texts["title"].language,
        "availableLanguage": [lang.code for lang in offer.languages.all()],
        "location": place,
        "provider": {"@type": "Organization", "name": offer.provider.name,
                     **({"url": offer.provider.website} if offer.provider.website else {})},
        "areaServed": [{"@type": "Place", "name": d.name} for d in offer.districts.all()]
        or {"@type": "City", "name": offer.municipality.name},
        "audience": [{"@type": "Audience", "audienceType": t.name} for t in offer.target_groups.all()],
        "availableChannel": {"@type": "ServiceChannel", "serviceLocation": place,
                             **({"servicePhone": offer.contact_phone} if offer.contact_phone else {}),
                             **({"serviceUrl": offer.website} if offer.website else {})},
    }
    if offer.cost:
        data["offers"] = {"@type": "Offer", "description": str(texts["cost"])}
    if offer.schedule:
        data["hoursAvailable"] = str(texts["schedule"])
    if offer.contact_email or offer.contact_phone:
        data["provider"]["contactPoint"] = {"@type": "ContactPoint", "contactType": offer.contact_name or _("Kontakt"),
                                            **({"email": offer.contact_email} if offer.contact_email else {}),
                                            **({"telephone": offer.contact_phone} if offer.contact_phone else {})}
    if offer.field_of_action and offer.field_of_action.is_visible:
        data["category"] = offer.field_of_action.name
    data["isRelatedTo"] = reverse("portal:home", args=[offer.municipality.slug])
    return data


# URL parameter → (label, the engine's filter name)
FACETS = {
    "field": (gettext_lazy("Handlungsfeld"), "field_of_action"),
    "target_group": (gettext_lazy("Zielgruppe"), "target_group"),
    "district": (gettext_lazy("Stadtteil"), "district"),
    "language": (gettext_lazy("Sprache des Angebots"), "language"),
}
PAGE_SIZE = 20


@require_safe
@public_page
def offer_directory(request, slug):
    """Search box, filters with counts, results with highlighted snippets; all in the
    query string, so it works without JavaScript and every result list has a link."""
    from teilhabe.search import search_offers

    municipality = get_municipality(slug, with_index_version=True)
    lang = active_language()
    query, query_cut = search_query(request)
    options = {name: _options(municipality, name) for name in FACETS}  # name -> [(key, engine value, label)]
    selected, filters = {}, {}
    for name, (_label, engine_name) in FACETS.items():
        by_key = {key: value for key, value, _l in options[name]}
        key = request.GET.get(name, "")
        selected[name] = key if key in by_key else ""  # an unknown value is ignored, not an error
        if selected[name]:
            filters[engine_name] = by_key[key]
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    # Without a query the page shows no snippets: the index's texts are not needed.
    # A Kreis's directory holds its towns' offers too, one town chosen by `town`.
    region = municipality.region()
    towns = {m.slug: m for m in region} if len(region) > 1 else {}
    town = towns.get(request.GET.get("town", ""))
    # A town's directory holds the offers of its Kreis that serve it.
    scope, within = ([town], None) if town else search_scope(municipality)
    search = partial(search_offers, municipality=scope, within=within, query=query, lang=lang, texts=bool(query))
    result = search(filters=filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    if result.count and (number - 1) * PAGE_SIZE >= result.count:  # past the end: the last page
        number = (result.count - 1) // PAGE_SIZE + 1
        result = search(filters=filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    counts = dict(result.facets)
    for name, (_label, engine_name) in FACETS.items():
        if selected[name]:  # a chosen filter's own counts honour only the other choices
            others = {k: v for k, v in filters.items() if k != engine_name}
            counts[engine_name] = search(filters=others, limit=0).facets.get(engine_name, {})
    facets = [{"name": name, "label": label, "value": selected[name],
               "options": [(key, option_label, counts.get(engine_name, {}).get(value, 0))
                           for key, value, option_label in options[name]
                           if counts.get(engine_name, {}).get(value) or key == selected[name]]}
              for name, (label, engine_name) in FACETS.items()]
    if towns:  # a chosen town's counts honour only the other choices, like the other filters
        per_town = (search_offers(municipality=region, query=query, lang=lang, filters=filters, limit=0,
                                  texts=False) if town else result).facets.get("municipality", {})
        facets.insert(0, {"name": "town", "label": _("Stadt / Gemeinde"), "value": town.slug if town else "",
                          "options": [(m.slug, m.name, per_town.get(m.pk, 0)) for m in region
                                      if per_town.get(m.pk) or m == town]})
    page = Paginator(range(result.count), PAGE_SIZE).get_page(number)
    by_id = _published(municipality, shown=True).in_bulk([hit.offer_id for hit in result.hits])
    rows = [(by_id[hit.offer_id], by_id[hit.offer_id].in_language(lang), hit if query else None)
            for hit in result.hits if hit.offer_id in by_id]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/offers.html", context(
        municipality, section="offers", query=query, facets=facets, rows=rows, page=page,
        topic_matches=topic_matches(region, query, lang) if query and number == 1 else [],
        count=result.count, lang=lang, query_without_page=params.urlencode(),
        suggestion=corrected_query(query, result.corrections), query_cut=query_cut,
        filtered=any(selected.values()) or town is not None, regional=bool(towns)))


def corrected_query(query, corrections):
    """The whole query with the words the engine read as others replaced, for "Meinten
    Sie …?"; empty when nothing was corrected."""
    if not query or not corrections:
        return ""
    corrected = query
    for word, replacement in corrections.items():
        if word[:1].isupper():  # German nouns keep their capital
            replacement = replacement[:1].upper() + replacement[1:]
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, corrected)
    return corrected if corrected.casefold() != query.casefold() else ""


def _options(municipality, name):
    """(URL key, the engine's value, label) of every choice of one filter."""
    if name == "field":
        concept = public_concept(municipality)
        return [(f.key, f.pk, f.name) for f in concept.fields.all()] if concept else []
    if name == "target_group":
        return [(t.key, t.pk, t.name) for t in municipality.target_groups.all()]
    if name == "district":
        return [(d.key, d.pk, d.name) for d in municipality.districts.all()]
    return [(lang.code, lang.code, language_label(lang)) for lang in Language.objects.all()]


@require_safe
def site_search(request, slug):
    """One box over offers, measures, actors and the concept's pages."""
    from teilhabe.search import search_offers, search_site

    municipality = get_municipality(slug)
    query, query_cut = search_query(request)
    lang = active_language()
    offers = pages = None
    if query:
        # A Kreis's offers with its towns', a town's with its Kreis's that serve it (the
        # links lead to its directory, which shows them).
        scope, within = search_scope(municipality)
        offers = search_offers(municipality=scope, within=within, query=query, lang=lang, limit=5)
        pages = search_site(municipality=municipality, query=query, lang=lang, limit=30)
    return render(request, "portal/search.html", context(
        municipality, site_query=query, query=query, query_cut=query_cut, offers=offers,
        topic_matches=topic_matches(municipality.region(), query, lang) if query else [],
        pages=site_links(municipality, pages.hits) if pages else []))


def topic_matches(municipalities, query, lang):
    """(topic, its texts, [(text, its texts)]) in the visitor's language, German per field
    where untranslated: the topics and information texts that answer the query. A Kreis's
    search shows its own and its towns' topics, as it shows their offers (each names its town)."""
    from teilhabe.topics.matching import matching_topics

    return [(topic, topic.in_language(lang), [(text, text.in_language(lang)) for text in texts])
            for topic, texts in matching_topics(municipalities, query, lang=lang)]


def site_links(municipality, hits):
    """(hit, url, kind label) for each site-search hit: one query per kind of page."""
    from teilhabe.actors.models import Actor
    from teilhabe.strategy.models import FieldOfAction, Goal, Measure

    routes = {  # kind -> (model, the field in the URL, URL name, label)
        "measure": (Measure, "external_id", "portal:measure", _("Maßnahme")),
        "actor": (Actor, "external_id", "portal:actor", _("Akteur")),
        "field": (FieldOfAction, "key", "portal:field", _("Handlungsfeld")),
        "goal": (Goal, "key", "portal:goal", _("Ziel")),
    }
    keys = {kind: dict(model.objects.filter(pk__in=[h.object_id for h in hits if h.kind == kind])
                       .values_list("pk", attribute))
            for kind, (model, attribute, _name, _label) in routes.items()}
    rows = []
    for hit in hits:
        if hit.kind in routes:
            _model, _attribute, name, label = routes[hit.kind]
            key = keys[hit.kind].get(hit.object_id)
            if key is not None:  # gone since the index was loaded
                rows.append((hit, reverse(name, args=[municipality.slug, key]), label))
        else:  # the concept and its guideline sections live on the concept page
            anchor = f"#g-{hit.object_id}" if hit.kind == "guideline" else ""
            rows.append((hit, reverse("portal:concept", args=[municipality.slug]) + anchor,
                         _("Integrationskonzept")))
    return rows
