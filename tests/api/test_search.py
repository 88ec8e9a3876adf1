"""The fixed contract: GET /api/v1/municipalities/<slug>/offers?q=<text>&lang=<code>
answers {"count": n, "results": [...]}, ranked by relevance by the search engine, each
result with external_id and title (in `lang` where a translation exists)."""
import pytest

from teilhabe.search.index import refresh_municipality

from .conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world):
    """The index as the search engine keeps it (lexical only: no worker runs here)."""
    refresh_municipality(world.m)
    refresh_municipality(world.other)
    return world


def test_it_answers_the_search_contract(indexed, api):
    response = api("municipalities/herten/offers", q="Deutschkurs", lang="en")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "results"}
    assert body["count"] >= 1 and body["count"] >= len(body["results"])
    first = body["results"][0]
    assert first["external_id"] == "A-1"
    assert first["title"] == "German course for women" and first["title_language"] == "en"
    assert first["url"] == "http://testserver/herten/offers/A-1/"
    assert first["provider"]["name"] == "Volkshochschule"
    assert set(first["search"]) == {"score", "matched_language", "snippet", "snippet_html"}


def test_it_falls_back_to_the_german_title_in_a_search(indexed, api):
    response = api("municipalities/herten/offers", q="Sprachcafé", lang="ar")
    cafe = next(o for o in response.json()["results"] if o["external_id"] == "A-2")
    assert cafe["title"] == "Sprachcafé" and cafe["title_language"] == "de"


def test_it_ranks_results_by_relevance(indexed, api):
    results = api("municipalities/herten/offers", q="Kurs Deutsch Frauen").json()["results"]
    scores = [r["search"]["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2
    assert results[0]["external_id"] == "A-1"  # the only one with all three words


def test_it_finds_german_words_inside_compounds(indexed, api):
    assert "A-1" in ids(api("municipalities/herten/offers", q="Kurs"))


def test_it_highlights_the_matching_words(indexed, api):
    hit = api("municipalities/herten/offers", q="Kinderbetreuung").json()["results"][0]
    assert hit["external_id"] == "A-1"
    assert "<mark>Kinderbetreuung</mark>" in hit["search"]["snippet_html"]
    assert "Kinderbetreuung" in hit["search"]["snippet"] and "<" not in hit["search"]["snippet"]


def test_it_searches_across_all_municipalities(indexed, api):
    results = api("offers", q="Deutschkurs").json()["results"]
    assert {("herten", "A-1"), ("herne", "A-1")} <= {(r["municipality"], r["external_id"]) for r in results}
    assert [r["municipality"] for r in api("municipalities/herne/offers", q="Deutschkurs").json()["results"]] == [
        "herne"]


@pytest.mark.parametrize("name, value, expected", [
    ("district", "nord", ["A-1"]), ("district", "sued", []), ("target_group", "frauen", ["A-1"]),
    ("language", "ar", ["A-1"]), ("language", "tr", []), ("field_of_action", "sprache", ["A-1"]),
    ("field_of_action", "arbeit", []), ("provider", "vhs", ["A-1"]), ("provider", "verein", []),
])
def test_it_filters_a_search(indexed, api, name, value, expected):
    response = api("municipalities/herten/offers", q="Deutschkurs", **{name: value})
    assert response.status_code == 200
    assert ids(response) == expected and response.json()["count"] == len(expected)


def test_it_never_finds_unpublished_offers(indexed, api):
    for path in ("municipalities/herten/offers", "offers"):
        body = api(path, q="Unveröffentlichter Kurs").content.decode()
        assert "A-geheim" not in body and "Unveröffentlicht" not in body


def test_it_narrows_a_search_to_offers_changed_since(indexed, api):
    # Both parameters are well-formed alone, so together they are too: the search keeps
    # its ranking, modified_since leaves out what did not change.
    found = ids(api("municipalities/herten/offers", q="Kurs", page_size=100))
    assert {"A-1", "A-traeger"} <= set(found)
    since = "2025-03-04T12:00:00Z"  # A-traeger changed on day 4, the course on day 0
    assert ids(api("municipalities/herten/offers", q="Kurs", modified_since=since)) == ["A-traeger"]
    assert ids(api("municipalities/herten/offers", q="Kurs", provider="vhs", modified_since=since)) == []


def test_it_treats_an_empty_query_as_none(indexed, api):
    assert ids(api("municipalities/herten/offers", q="  ")) == ids(api("municipalities/herten/offers"))


def test_it_pages_through_search_results(indexed, api):
    everything = ids(api("municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=100))
    assert len(everything) >= 2
    first = api("municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=1).json()
    second = api("municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=1, page=2).json()
    assert [first["results"][0]["external_id"], second["results"][0]["external_id"]] == everything[:2]
    assert first["count"] == len(everything) and first["next"].endswith("page=2")


def test_it_answers_a_search_that_finds_nothing(indexed, api):
    body = api("municipalities/herten/offers", q="Quantenchromodynamik").json()
    assert body["count"] == 0 and body["results"] == []


def test_it_spends_no_query_per_search_result(indexed, api, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api("municipalities/herten/offers", q="Kurs")  # loads this process's copy of the index
    with CaptureQueriesContext(connection) as one:
        assert len(ids(api("municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=1))) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(ids(api("municipalities/herten/offers", q="Kurs Sprache Deutsch", page_size=20))) >= 2
    assert len(many) == len(one)
    with django_assert_max_num_queries(10):
        api("municipalities/herten/offers", q="Kurs Sprache Deutsch", lang="en")


def test_it_answers_a_search_as_the_openapi_document_describes(indexed, api):
    from .test_openapi import _validator

    validator = _validator(api("openapi.json").json(), "OfferPage")
    for path in ("municipalities/herten/offers", "offers"):
        body = api(path, q="Deutschkurs", lang="en").json()
        assert body["results"] and all("search" in r for r in body["results"])
        assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)] == []


@pytest.fixture
def town(db):
    """A town of 32 offers, embedded: large enough for the no-result gate's z-score."""
    from teilhabe.search.index import embed_pending
    from tests import builders as b
    from tests.search.test_no_result_gate import OFFERS

    m = b.municipality("torstadt")
    provider = b.actor(m, name="Stadt")
    for key, (title, text) in OFFERS.items():
        b.offer(m, provider, key, title=title, description=text)
    refresh_municipality(m)
    embed_pending()
    return m


def test_a_search_without_lang_is_a_german_readers(town, api):
    """The API's texts are German without ?lang=, and so is its reader: a query that no
    word of the texts knows reaches no result, however near the semantic side finds an
    offer ("Autowerkstatt" – the bicycle workshop), as in the portal in German
    (search.query.query_in_own_language)."""
    for query in ("xyzzy", "Autowerkstatt", "Golfplatz"):
        assert api("municipalities/torstadt/offers", q=query).json()["count"] == 0, query
        assert api("offers", q=query).json()["count"] == 0, query
    # A reader of another language is still answered by meaning; German words still find.
    assert api("municipalities/torstadt/offers", q="car repair", lang="en").json()["count"] > 0
    assert ids(api("municipalities/torstadt/offers", q="Fahrradwerkstatt"))[0] == "bike"
