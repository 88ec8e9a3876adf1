"""GET /api/v1/municipalities/<kreis>/offers ranks the Kreis's and its towns' published
offers together, each naming its town (issue 15 §1)."""
import pytest

from tests import builders as b
from tests.region import add_kreis_offers, build_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return build_region()


def found(response):
    return [(r["municipality"], r["external_id"]) for r in response.json()["results"]]


def test_the_kreis_search_ranks_its_towns_offers(region, api):
    response = api("municipalities/kreis-mettmann/offers", q="Deutschkurs")
    assert response.status_code == 200
    assert set(found(response)) == {("hilden", "H-1"), ("ratingen", "R-1")}
    assert response.json()["count"] == 2
    scores = [r["search"]["score"] for r in response.json()["results"]]
    assert scores == sorted(scores, reverse=True)
    hilden = next(r for r in response.json()["results"] if r["municipality"] == "hilden")
    assert hilden["url"] == "http://testserver/hilden/offers/H-1/"


def test_the_kreis_list_holds_its_own_and_its_towns_offers(region, api):
    assert set(found(api("municipalities/kreis-mettmann/offers"))) == {
        ("kreis-mettmann", "K-1"), ("hilden", "H-1"), ("hilden", "H-2"), ("ratingen", "R-1")}
    # A town's list holds its own and the Kreis's offer K-1, which names no town: it serves all.
    assert set(found(api("municipalities/hilden/offers"))) == {
        ("kreis-mettmann", "K-1"), ("hilden", "H-1"), ("hilden", "H-2")}


def test_a_towns_list_and_search_hold_the_kreis_offers_that_serve_it(region, api):
    kreis, hilden, _ratingen = region
    add_kreis_offers(kreis, hilden)
    assert set(found(api("municipalities/hilden/offers", q="Deutschkurs"))) == {
        ("hilden", "H-1"), ("kreis-mettmann", "K-2")}
    assert set(found(api("municipalities/ratingen/offers", q="Deutschkurs"))) == {("ratingen", "R-1")}
    assert set(found(api("municipalities/ratingen/offers"))) == {("ratingen", "R-1"), ("kreis-mettmann", "K-1")}
    listed = api("municipalities/hilden/offers").json()
    assert listed["count"] == 4 and "in Planung" not in str(listed)
    # Marked as the Kreis's: it names the Kreis and links to its page there.
    k2 = next(r for r in listed["results"] if r["external_id"] == "K-2")
    assert k2["municipality"] == "kreis-mettmann"
    assert k2["url"] == "http://testserver/kreis-mettmann/offers/K-2/"


def test_a_towns_unpublished_offers_never_appear_in_the_kreis(region, api):
    for params in ({"q": "Deutschkurs"}, {"q": "veröffentlicht"}, {}):
        body = api("municipalities/kreis-mettmann/offers", **params).content.decode()
        assert "H-geheim" not in body and "noch nicht veröffentlicht" not in body


def test_the_actor_lists_are_regional(region, api):
    kreis, hilden, _ratingen = region
    agency = b.actor(kreis, "agentur", name="Integrationsagentur des Kreises")
    agency.works_in.set([hilden])

    def actors(slug, **query):
        return {(r["municipality"], r["external_id"]) for r in api(f"municipalities/{slug}/actors", **query).json()["results"]}

    assert actors("kreis-mettmann") == {("kreis-mettmann", "kreis-mettmann-vhs"), ("kreis-mettmann", "agentur"),
                                        ("hilden", "hilden-vhs"), ("ratingen", "ratingen-vhs")}
    assert actors("hilden") == {("hilden", "hilden-vhs"), ("kreis-mettmann", "agentur")}
    assert actors("ratingen") == {("ratingen", "ratingen-vhs")}
    hilden_vhs = next(r for r in api("municipalities/kreis-mettmann/actors").json()["results"]
                      if r["external_id"] == "hilden-vhs")
    assert hilden_vhs["url"] == "http://testserver/hilden/actors/hilden-vhs/"
