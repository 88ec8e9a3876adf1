"""The one place the API calls the search engine (teilhabe.search.query.search_offers):
ranked offers with what the engine says about each hit. The API never ranks itself."""
from teilhabe.offers.models import Offer

from .public import offers_modified_since

# The engine filters by field of action, target group, district and language; a provider
# filter and modified_since are applied to this many best hits (a search narrowed to one
# provider or to recent changes rarely has more, and the count says how many were found
# among them).
PROVIDER_WINDOW = 1000


def _hit(hit):
    from teilhabe.search.text import segments_html

    return {
        "score": round(float(hit.score), 6),
        "matched_language": hit.matched_language,
        "snippet": "".join(text for text, _ in hit.snippet),
        "snippet_html": segments_html(hit.snippet),
    }


def _document_text(offer, language):
    """(title, body) of the offer's indexed document in `language` (as
    search.index.offer_documents() writes it), built from a row of public.offer_rows():
    no query for the index's copy."""
    from teilhabe.search.index import offer_body, offer_place

    if language == "de":
        source = offer
    else:
        source = next((t for t in offer["translations"] if t["language__code"] == language), None)
        if source is None:
            return None
    place = offer_place(offer["place_name"], offer["street"], offer["postcode"], offer["city"])
    return source["title"], offer_body(source, place)


def search(*, municipality, query, lang, filters, provider_ids=None, since=None, limit, offset, load,
           query_vector=None, within=None):
    """(count, [(offer, search info), …]) best first. `filters` as the engine takes
    them: ids of fields of action, target groups and districts, language codes. `load`
    takes offer ids and returns {id: row of public.offer_rows()}; titles and snippets
    are made from those rows. `since`: only offers changed at or after it (public.
    offers_modified_since), still ranked by relevance. `within` as search_offers takes it."""
    from teilhabe.search.query import fill_texts, search_offers

    if provider_ids is None and since is None:
        result = search_offers(municipality=municipality, query=query, lang=lang, filters=filters,
                               limit=limit, offset=offset, texts=False, query_vector=query_vector,
                               facets=False, within=within)
        count, hits = result.count, result.hits
    else:
        result = search_offers(municipality=municipality, query=query, lang=lang, filters=filters,
                               limit=PROVIDER_WINDOW, offset=0, texts=False, query_vector=query_vector,
                               facets=False, within=within)
        ids = [hit.offer_id for hit in result.hits]
        narrowed = Offer.objects.filter(pk__in=ids)
        if provider_ids is not None:
            narrowed = narrowed.filter(provider__in=provider_ids)
        if since is not None:
            narrowed = offers_modified_since(narrowed, since)
        theirs = set(narrowed.values_list("pk", flat=True))
        hits = [hit for hit in result.hits if hit.offer_id in theirs]
        count, hits = len(hits), hits[offset:offset + limit]
    offers = load([hit.offer_id for hit in hits])
    fill_texts(hits, lambda hit: _document_text(offers[hit.offer_id], hit.matched_language)
               if hit.offer_id in offers else None)
    return count, [(offers[hit.offer_id], _hit(hit)) for hit in hits if hit.offer_id in offers]
