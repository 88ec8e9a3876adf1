import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def immediate_on_commit(monkeypatch):
    """Scheduling (news.appear) and the page cache's renewal run after the commit; inside a
    test's transaction nothing commits, so run such callbacks at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def empty_page_cache():
    from django.core.cache import cache

    cache.clear()
