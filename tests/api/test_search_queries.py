"""A search over the API costs a fixed, small number of database round trips: the
municipality together with its index version, then the page's offers as plain values
(offers, translations, and target groups, districts and languages in one query); titles
and snippets come from those offers, not from a query of their own."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.search import engine
from teilhabe.search.index import refresh_municipality

from .conftest import ids

pytestmark = pytest.mark.django_db

# municipality + index version; offers; their translations; target groups, districts, languages
WITHIN = 4
# every municipality's index version; offers; translations; target groups, districts, languages
ACROSS = 4


@pytest.fixture
def indexed(world):
    refresh_municipality(world.m)
    refresh_municipality(world.other)
    engine.clear_cache()
    return world


def _queries(api, path, **query):
    with CaptureQueriesContext(connection) as captured:
        response = api(path, **query)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def test_it_searches_a_municipality_in_a_fixed_number_of_queries(indexed, api):
    api("municipalities/herten/offers", q="Kurs")  # loads this process's copy of the index
    n, body = _queries(api, "municipalities/herten/offers", q="Kurs Sprache Deutsch", lang="en")
    assert body["count"] >= 2
    assert n == WITHIN
    n_one, body = _queries(api, "municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=1)
    assert len(body["results"]) == 1 and n_one == WITHIN


def test_it_searches_all_municipalities_in_a_fixed_number_of_queries(indexed, api):
    api("offers", q="Kurs")
    n, body = _queries(api, "offers", q="Deutschkurs")
    assert {o["municipality"] for o in body["results"]} == {"herten", "herne"}
    assert n == ACROSS


def test_it_checks_a_filter_with_one_more_query(indexed, api):
    api("municipalities/herten/offers", q="Kurs")
    n, body = _queries(api, "municipalities/herten/offers", q="Kurs", district="nord")
    assert ids(api("municipalities/herten/offers", q="Kurs", district="nord")) == ["A-1"]
    assert n == WITHIN + 1


def test_it_loads_no_offer_when_nothing_matches(indexed, api):
    api("municipalities/herten/offers", q="Kurs")
    n, body = _queries(api, "municipalities/herten/offers", q="Quantenchromodynamik")
    assert body["count"] == 0 and n == 1


def test_it_still_snippets_and_highlights_from_the_loaded_offers(indexed, api):
    first = api("municipalities/herten/offers", q="Kinderbetreuung").json()["results"][0]
    assert first["external_id"] == "A-1"
    assert "<mark>Kinderbetreuung</mark>" in first["search"]["snippet_html"]
    english = api("municipalities/herten/offers", q="course", lang="en").json()["results"][0]
    assert english["search"]["matched_language"] == "en"
    assert "<mark>course</mark>" in english["search"]["snippet_html"]


def test_it_sees_a_new_index_version_at_the_next_search(indexed, api):
    assert ids(api("municipalities/herten/offers", q="Bewerbungstraining"))[:1] == ["A-3"]
    indexed.jobs.title = "Lebenslaufwerkstatt"
    indexed.jobs.save()
    refresh_municipality(indexed.m)  # inside the test's transaction nothing commits
    assert "A-3" not in ids(api("municipalities/herten/offers", q="Bewerbungstraining"))
    assert ids(api("municipalities/herten/offers", q="Lebenslaufwerkstatt"))[:1] == ["A-3"]
