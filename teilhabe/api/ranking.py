"""The one place the API calls the search engine (teilhabe.search.api.search_offers):
ranked offer ids with what the engine says about each hit. The API never ranks itself."""
from teilhabe.offers.models import Offer

# The engine filters by field of action, target group, district and language; a provider
# filter is applied to this many best hits (a search narrowed to one provider rarely
# has more, and the count says how many were found among them).
PROVIDER_WINDOW = 1000


def _hit(hit):
    from teilhabe.search.text import segments_html

    return {
        "score": round(float(hit.score), 6),
        "matched_language": hit.matched_language,
        "snippet": "".join(text for text, _ in hit.snippet),
        "snippet_html": segments_html(hit.snippet),
    }


def search(*, municipality, query, lang, filters, provider_ids=None, limit, offset):
    """(count, [(offer_id, search info), …]) best first. `filters` as the engine takes
    them: ids of fields of action, target groups and districts, language codes."""
    from teilhabe.search.api import search_offers

    if provider_ids is None:
        result = search_offers(municipality=municipality, query=query, lang=lang, filters=filters,
                               limit=limit, offset=offset)
        return result.count, [(hit.offer_id, _hit(hit)) for hit in result.hits]
    result = search_offers(municipality=municipality, query=query, lang=lang, filters=filters,
                           limit=PROVIDER_WINDOW, offset=0)
    ids = [hit.offer_id for hit in result.hits]
    theirs = set(Offer.objects.filter(pk__in=ids, provider__in=provider_ids).values_list("pk", flat=True))
    hits = [hit for hit in result.hits if hit.offer_id in theirs]
    return len(hits), [(hit.offer_id, _hit(hit)) for hit in hits[offset:offset + limit]]
