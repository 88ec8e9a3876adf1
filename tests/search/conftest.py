import pytest

from teilhabe.search import engine


@pytest.fixture(autouse=True)
def fresh_search_cache():
    # Each test has its own data; the per-process copies of the index must not leak.
    engine.clear_cache()
    yield
    engine.clear_cache()
