"""The page cache hears of changed public content through the ground layer's signal
(municipalities.signals.public_content_changed): the search index sends it without
importing the portal."""
import pytest
from django.core.cache import caches
from django.db import transaction

from teilhabe.municipalities.signals import public_content_changed
from teilhabe.portal import cache
from tests import builders as b

pytestmark = pytest.mark.django_db
# Django's own: tests/portal/conftest.py runs callbacks at once, as if every change committed.
ON_COMMIT = transaction.on_commit


def test_it_renews_the_pages_of_the_municipalities_the_signal_names():
    herten, other = b.municipality("herten"), b.municipality("dorsten")
    before = {m.slug: cache.ensure_generation(m.slug) for m in (herten, other)}
    public_content_changed.send(sender=None, municipality_ids=(herten.pk,))
    assert cache.generation("herten") != before["herten"]
    assert cache.generation("dorsten") == before["dorsten"]


def test_before_its_commit_a_change_renews_only_a_generation_that_exists(
        monkeypatch, django_capture_on_commit_callbacks):
    # Without a generation no page is kept: until the commit a change (an import, the demo,
    # a new municipality's topics) has nothing to renew and writes nothing; after it, the
    # renewal makes one.
    herten = b.municipality("herten")
    caches["default"].clear()  # nothing of herten kept
    monkeypatch.setattr(transaction, "on_commit", ON_COMMIT)
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed.send(sender=None, municipality_ids=(herten.pk,))
        assert cache.generation("herten") is None
    after_commit = cache.generation("herten")
    assert after_commit is not None
    with django_capture_on_commit_callbacks(execute=False):
        public_content_changed.send(sender=None, municipality_ids=(herten.pk,))
        assert cache.generation("herten") not in (None, after_commit)  # one that exists: at once


def test_in_one_transaction_it_asks_for_a_municipalitys_region_once(monkeypatch):
    # Every save of a town's content renews its pages and its Kreis's: which those are is
    # asked once per transaction, again only after a municipality changed (its Kreis).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kreis, other_kreis = b.municipality("kreis-a", kind="kreis"), b.municipality("kreis-b", kind="kreis")
    town = b.municipality("herten", parent=kreis)
    monkeypatch.setattr(transaction, "on_commit", ON_COMMIT)  # the test's transaction never commits
    before = {m.slug: cache.ensure_generation(m.slug) for m in (kreis, other_kreis, town)}
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            public_content_changed.send(sender=None, municipality_ids=(town.pk,))
    assert sum('"municipalities_municipality"' in q["sql"] for q in queries.captured_queries) == 1
    assert cache.generation("kreis-a") != before["kreis-a"]
    town.parent = other_kreis
    town.save()
    renewed = cache.generation("kreis-b")
    public_content_changed.send(sender=None, municipality_ids=(town.pk,))
    assert cache.generation("kreis-b") != renewed


def test_a_rolled_back_move_of_a_town_leaves_its_old_region_to_be_renewed(monkeypatch):
    # What the transaction found out inside a savepoint that moved the town to another
    # Kreis goes with the savepoint's rollback: the town is in its old Kreis again.
    kreis, other_kreis = b.municipality("kreis-a", kind="kreis"), b.municipality("kreis-b", kind="kreis")
    town = b.municipality("herten", parent=kreis)
    monkeypatch.setattr(transaction, "on_commit", ON_COMMIT)
    for m in (kreis, other_kreis, town):
        cache.ensure_generation(m.slug)
    public_content_changed.send(sender=None, municipality_ids=(town.pk,))
    with pytest.raises(RuntimeError), transaction.atomic():
        town.parent = other_kreis
        town.save()
        public_content_changed.send(sender=None, municipality_ids=(town.pk,))
        raise RuntimeError("rolled back")
    before = {slug: cache.generation(slug) for slug in ("kreis-a", "kreis-b")}
    public_content_changed.send(sender=None, municipality_ids=(town.pk,))
    assert cache.generation("kreis-a") != before["kreis-a"]
    assert cache.generation("kreis-b") == before["kreis-b"]
