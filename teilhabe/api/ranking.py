"""The one place the API calls the search engine (teilhabe.search): ranked offer ids with
what the engine says about each hit. The API never ranks by itself."""


def search(*, municipality, query, lang, filters, limit, offset):
    """(count, [(offer_id, {"score", "matched_language", "snippet"}), …]) best first."""
    from teilhabe.search import search_offers

    result = search_offers(municipality=municipality, query=query, lang=lang, filters=filters,
                           limit=limit, offset=offset)
    return result.count, [
        (hit.offer_id, {"score": round(float(hit.score), 6), "matched_language": hit.matched_language,
                        "snippet": hit.snippet})
        for hit in result.hits
    ]
