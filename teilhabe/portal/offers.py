"""The offer directory, its search, a page per offer, and the site search."""
import json

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import Offer

from .views import active_language, context, get_municipality, public_concept


def _published(municipality):
    return Offer.objects.filter(municipality=municipality, is_published=True).select_related(
        "provider", "field_of_action", "measure").prefetch_related(
        "target_groups", "districts", "languages", "translations__language")


def offer_page(request, slug, external_id):
    municipality = get_municipality(slug)
    offer = get_object_or_404(_published(municipality), external_id=external_id)
    lang = active_language()
    texts = offer.in_language(lang)
    return render(request, "portal/offer.html", context(
        municipality, section="offers", offer=offer, texts=texts, lang=lang,
        other_languages=[t.language for t in offer.translations.all() if t.language.code != lang],
        json_ld=json.dumps(offer_json_ld(request, offer, texts), ensure_ascii=False, indent=1)))


def offer_json_ld(request, offer, texts):
    """schema.org: a Service offered by an Organization at a Place, in given languages."""
    place = {"@type": "Place", "name": offer.place_name or offer.provider.name,
             "address": {"@type": "PostalAddress", "streetAddress": offer.street,
                         "postalCode": offer.postcode, "addressLocality": offer.city or offer.municipality.name,
                         "addressCountry": "DE"}}
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": request.build_absolute_uri(),
        "url": request.build_absolute_uri(),
        "name": str(texts["title"]),
        "description": str(texts["description"]),
        "inLanguage": texts["title"].language,
        "availableLanguage": [lang.code for lang in offer.languages.all()],
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
    if offer.field_of_action:
        data["category"] = offer.field_of_action.name
    data["isRelatedTo"] = reverse("portal:home", args=[offer.municipality.slug])
    return data


# URL parameter → (label, how an offer refers to it, the value's field on that object)
FACETS = {
    "field": (gettext_lazy("Handlungsfeld"), "field_of_action", "key"),
    "target_group": (gettext_lazy("Zielgruppe"), "target_groups", "key"),
    "district": (gettext_lazy("Stadtteil"), "districts", "key"),
    "language": (gettext_lazy("Sprache des Angebots"), "languages", "code"),
}
PAGE_SIZE = 20


def offer_directory(request, slug):
    """Search box, filters with counts, results with highlighted snippets; all in the
    query string, so it works without JavaScript and every result list has a link."""
    municipality = get_municipality(slug)
    lang = active_language()
    query = request.GET.get("q", "").strip()[:200]
    offers = Offer.objects.filter(municipality=municipality, is_published=True)
    hits = {}
    if query:
        hits = {hit.offer_id: hit for hit in ranked_offers(municipality, query, lang)}
        offers = offers.filter(pk__in=hits)
    selected = {name: request.GET.get(name, "") for name in FACETS}
    facets = []
    for name, (label, relation, attribute) in FACETS.items():
        # Counts for one dimension honour the other dimensions' choices, not its own.
        others = _apply(offers, {k: v for k, v in selected.items() if k != name})
        counts = (others.values(f"{relation}__{attribute}").annotate(n=Count("pk", distinct=True))
                  .filter(**{f"{relation}__{attribute}__isnull": False}))
        counts = {row[f"{relation}__{attribute}"]: row["n"] for row in counts}
        options = [(value, option_label, counts[value]) for value, option_label in _options(municipality, name)
                   if value in counts or value == selected[name]]
        if selected[name] not in counts and selected[name] not in {v for v, _l in _options(municipality, name)}:
            selected[name] = ""  # an unknown value is ignored, not an error page
        facets.append({"name": name, "label": label, "options": options, "value": selected[name]})
    results = _apply(offers, selected)
    ids = list(results.values_list("pk", flat=True))
    if hits:
        ids.sort(key=lambda pk: hits[pk].rank)
    else:
        ids = list(results.order_by("title", "pk").values_list("pk", flat=True))
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = _published(municipality).in_bulk(page.object_list)
    rows = [(by_id[pk], by_id[pk].in_language(lang), hits.get(pk)) for pk in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/offers.html", context(
        municipality, section="offers", query=query, facets=facets, rows=rows, page=page,
        count=len(ids), lang=lang, query_without_page=params.urlencode(),
        filtered=any(selected.values())))


def _apply(offers, selected):
    for name, value in selected.items():
        if value:
            _label, relation, attribute = FACETS[name]
            offers = offers.filter(**{f"{relation}__{attribute}": value})
    return offers.distinct()


def _options(municipality, name):
    if name == "field":
        concept = public_concept(municipality)
        return [(f.key, f.name) for f in concept.fields.all()] if concept else []
    if name == "target_group":
        return [(t.key, t.name) for t in municipality.target_groups.all()]
    if name == "district":
        return [(d.key, d.name) for d in municipality.districts.all()]
    return [(lang.code, lang.native_name if lang.native_name == lang.name else f"{lang.native_name} ({lang.name})")
            for lang in Language.objects.all()]


def ranked_offers(municipality, query, lang):
    """Hits of the search engine, best first, each with .offer_id, .rank and .snippet."""
    from teilhabe.search import search_offers

    return search_offers(municipality=municipality, query=query, lang=lang)


def site_search(request, slug):
    """One box over offers, measures, actors and the concept's pages."""
    from teilhabe.search import search_site

    municipality = get_municipality(slug)
    query = request.GET.get("q", "").strip()[:200]
    hits = search_site(municipality=municipality, query=query, lang=active_language()) if query else []
    return render(request, "portal/search.html", context(
        municipality, hits=hits, site_query=query, query=query))
