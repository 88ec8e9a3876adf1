"""Each process keeps one in-memory index per municipality (engine.segments), reloaded
when the municipality's IndexState.version changes; a caller that already read the
version (the API, with the municipality) saves the version query."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.municipalities.models import Municipality
from teilhabe.search import engine, search_offers
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import IndexState
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = b.municipality("cachestadt")
    provider = b.actor(m, name="Träger")
    b.offer(m, provider, "A-1", title="Deutschkurs am Abend")
    refresh_municipality(m)
    return m


def _with_version(town):
    return Municipality.objects.annotate(index_version=engine.index_version()).get(pk=town.pk)


def test_it_reads_no_version_when_the_caller_brings_it(town):
    search_offers(municipality=town, query="Deutschkurs", mode="lexical")
    annotated = _with_version(town)
    with CaptureQueriesContext(connection) as queries:
        result = search_offers(municipality=annotated, query="Deutschkurs", mode="lexical", texts=False)
    assert result.count == 1 and len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        search_offers(municipality=town, query="Deutschkurs", mode="lexical", texts=False)
    assert len(queries) == 1  # the version, read by the engine itself


def test_it_reloads_when_the_version_brought_along_changed(town):
    search_offers(municipality=_with_version(town), query="Deutschkurs", mode="lexical")
    provider = town.actors.get()
    b.offer(town, provider, "A-2", title="Nähcafé")
    refresh_municipality(town)  # a new version (no commit inside a test: called by hand)
    result = search_offers(municipality=_with_version(town), query="Nähcafé", mode="lexical")
    assert [hit.object_id for hit in result.hits] == [town.offers.get(external_id="A-2").pk]


def test_it_finds_nothing_in_a_municipality_without_an_index(town):
    other = b.municipality("ohne-index")
    assert not IndexState.objects.filter(municipality=other).exists()
    annotated = Municipality.objects.annotate(index_version=engine.index_version()).get(pk=other.pk)
    assert annotated.index_version is None
    assert search_offers(municipality=annotated, query="Deutschkurs").count == 0


def test_it_forgets_an_index_on_request(town):
    search_offers(municipality=town, query="Deutschkurs", mode="lexical")
    assert engine.is_loaded(town.pk)
    engine.forget(town.pk)
    assert not engine.is_loaded(town.pk)
    assert search_offers(municipality=town, query="Deutschkurs", mode="lexical").count == 1


def test_it_fills_titles_and_snippets_from_texts_the_caller_has(town):
    result = search_offers(municipality=town, query="Abend", mode="lexical", texts=False)
    assert result.hits[0].title == [] and result.hits[0].snippet == []
    from teilhabe.search.query import fill_texts

    fill_texts(result.hits, lambda hit: ("Deutschkurs am Abend", "Wir treffen uns am Abend."))
    assert result.hits[0].title_html == "Deutschkurs am <mark>Abend</mark>"
    assert "<mark>Abend</mark>" in result.hits[0].snippet_html


def test_across_all_it_sees_a_changed_version_a_forgotten_and_a_new_index(town, monkeypatch):
    """segments() of all municipalities compares the versions read as a whole with the
    last call's and then hands out the same segments without a look-up each."""
    other = b.municipality("zweitstadt")
    b.offer(other, b.actor(other, name="Verein"), "B-1", title="Nähcafé")
    refresh_municipality(other)
    first = {seg.municipality_id: seg for seg in engine.segments()}
    loads = []
    real = engine.load_segment
    monkeypatch.setattr(engine, "load_segment", lambda m, v: loads.append(m) or real(m, v))
    again = engine.segments()
    assert [seg.municipality_id for seg in again] == list(first) and all(seg is first[seg.municipality_id]
                                                                          for seg in again) and not loads
    b.offer(town, town.actors.get(), "A-2", title="Schwimmkurs")
    refresh_municipality(town)  # a new version of one town's index
    changed = {seg.municipality_id: seg for seg in engine.segments()}
    assert loads == [town.pk] and changed[town.pk].version == IndexState.objects.get(municipality=town).version
    assert changed[other.pk] is first[other.pk]
    assert search_offers(query="Schwimmkurs", mode="lexical").count == 1
    engine.forget(other.pk)
    assert {seg.municipality_id for seg in engine.segments()} == {town.pk, other.pk}
    assert loads == [town.pk, other.pk] and engine.is_loaded(other.pk)
    third = b.municipality("drittstadt")
    b.offer(third, b.actor(third, name="Verein"), "C-1", title="Schwimmkurs")
    refresh_municipality(third)
    assert search_offers(query="Schwimmkurs", mode="lexical").count == 2
