import pytest

from teilhabe.search import engine


@pytest.fixture(autouse=True)
def fresh_search_cache(monkeypatch):
    # Each test has its own data; the per-process copies of the index must not leak.
    engine.clear_cache()
    # The file of all postings written by the first search across all, not by a thread
    # beside the test's own reads (tests/search/test_postings_file.py tests that thread).
    monkeypatch.setattr(engine, "PACK_LATER", False)
    yield
    engine.clear_cache()
