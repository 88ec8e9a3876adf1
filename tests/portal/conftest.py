import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def immediate_on_commit(monkeypatch):
    """The portal reads the search index, which is refreshed after each commit. Inside a
    test's transaction nothing commits, so run such callbacks at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts without cached pages (portal/cache.py) of an earlier one."""
    from django.core.cache import cache

    cache.clear()
