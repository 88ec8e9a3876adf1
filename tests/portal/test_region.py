"""A Kreis's portal shows its own offers and events and its towns' (issue 15 §1), each
naming its town; a town's portal stays its own; nothing unpublished ever shows."""
import pytest
from django.urls import reverse

from tests import builders as b
from tests.region import build_region


@pytest.fixture
def region(db):
    return build_region()


def directory(client, slug="kreis-mettmann", **params):
    return client.get(reverse("portal:offers", args=[slug]), params)


def found(page):
    return {(offer.municipality.slug, offer.external_id) for offer, _texts, _hit in page.context["rows"]}


def test_it_finds_a_towns_offer_in_the_kreis_search(client, region):
    page = directory(client, q="Deutschkurs")
    assert found(page) == {("hilden", "H-1"), ("ratingen", "R-1")}
    html = page.content.decode()
    # Each result names its town and links to the offer's page in that town.
    assert 'class="town">Hilden</span>' in html and 'href="/hilden/offers/H-1/"' in html


def test_it_lists_the_kreis_and_its_towns_with_counts_per_town(client, region):
    page = directory(client)
    assert found(page) == {("kreis-mettmann", "K-1"), ("hilden", "H-1"), ("hilden", "H-2"), ("ratingen", "R-1")}
    town = next(f for f in page.context["facets"] if f["name"] == "town")
    assert [(key, n) for key, _label, n in town["options"]] == [("kreis-mettmann", 1), ("hilden", 2),
                                                                ("ratingen", 1)]


def test_it_filters_by_town_and_keeps_the_other_towns_counts(client, region):
    page = directory(client, q="Deutschkurs", town="hilden")
    assert found(page) == {("hilden", "H-1")} and page.context["count"] == 1
    town = next(f for f in page.context["facets"] if f["name"] == "town")
    assert [(key, n) for key, _label, n in town["options"]] == [("hilden", 1), ("ratingen", 1)]
    assert town["value"] == "hilden"
    # A town not in the Kreis is ignored, like any unknown filter value.
    assert found(directory(client, q="Deutschkurs", town="herten")) == {("hilden", "H-1"), ("ratingen", "R-1")}


def test_a_towns_unpublished_offers_never_appear_in_the_kreis(client, region):
    for params in ({"q": "Deutschkurs"}, {"q": "veröffentlicht"}, {}, {"town": "hilden"}):
        page = directory(client, **params)
        assert "H-geheim" not in {external_id for _m, external_id in found(page)}
        assert "noch nicht veröffentlicht" not in page.content.decode()


def test_a_towns_directory_holds_no_other_towns_offers(client, region):
    # (The Kreis's offers that serve it, tests/portal/test_kreis_offers.py; this one has none.)
    page = directory(client, "hilden", q="Deutschkurs")
    assert found(page) == {("hilden", "H-1")}
    assert not any(f["name"] == "town" for f in page.context["facets"])


def test_the_kreis_site_search_home_and_events_hold_the_towns(client, region):
    search = client.get(reverse("portal:search", args=["kreis-mettmann"]), {"q": "Deutschkurs"})
    assert search.context["offers"].count == 2
    home = client.get(reverse("portal:home", args=["kreis-mettmann"]))
    assert home.context["offer_count"] == 4
    assert "Interkulturelles Fest Hilden" in home.content.decode()
    events = client.get(reverse("participation:events", args=["kreis-mettmann"])).content.decode()
    assert "Interkulturelles Fest Hilden" in events and "Internes Treffen" not in events
    assert 'class="town">Hilden</span>' in events
    assert "Interkulturelles Fest" not in client.get(
        reverse("participation:events", args=["ratingen"])).content.decode()


def test_the_kreis_home_presents_its_towns_and_the_regions_figures(client, region):
    home = client.get(reverse("portal:home", args=["kreis-mettmann"]))
    towns = {t["town"].slug: t for t in home.context["towns"]}
    assert list(towns) == ["hilden", "ratingen"]
    assert towns["hilden"]["concept"].title == "Integrationskonzept Hilden"
    assert towns["ratingen"]["concept"] is None  # a draft is not in force
    assert (towns["hilden"]["offers"], towns["hilden"]["events"]) == (2, 1)
    assert (towns["ratingen"]["offers"], towns["ratingen"]["events"]) == (1, 0)
    assert home.context["region"] == {"towns": 2, "with_concept": 1, "offers": 4, "events": 1, "actors": 3}
    html = home.content.decode()
    assert 'href="/hilden/"' in html and 'href="/hilden/concept/"' in html
    assert "Integrationskonzept Hilden" in html and "Entwurf Ratingen" not in html
    assert 'href="/kreis-mettmann/offers/?town=hilden"' in html
    # A town's home has no towns of its own.
    assert "towns" not in client.get(reverse("portal:home", args=["hilden"])).context


def test_the_actor_directories_are_regional(client, region):
    """A Kreis's directory holds its towns' published actors, a town's those of the Kreis or
    another town that work in it; each of another municipality names it and links there."""
    kreis, hilden, ratingen = region
    agency = b.actor(kreis, "agentur", name="Integrationsagentur des Kreises")
    agency.works_in.set([hilden])
    hidden = b.actor(hilden, "verborgen", name="Verborgener Verein")
    type(hidden).objects.filter(pk=hidden.pk).update(is_published=False)

    def listed(slug):
        page = client.get(reverse("portal:actors", args=[slug]))
        return {(a.municipality.slug, a.external_id) for a in page.context["actors"]}, page.content.decode()

    names, html = listed("kreis-mettmann")
    assert names == {("kreis-mettmann", "kreis-mettmann-vhs"), ("kreis-mettmann", "agentur"),
                     ("hilden", "hilden-vhs"), ("ratingen", "ratingen-vhs")}
    assert 'href="/hilden/actors/hilden-vhs/"' in html and 'class="town">Hilden</span>' in html
    names, html = listed("hilden")
    assert names == {("hilden", "hilden-vhs"), ("kreis-mettmann", "agentur")}
    assert 'href="/kreis-mettmann/actors/agentur/"' in html and 'class="town">Kreis Mettmann</span>' in html
    # The VHS of Hilden counts its two published offers once, though it is listed with a join.
    assert {a.external_id: a.offer_count for a in client.get(
        reverse("portal:actors", args=["hilden"])).context["actors"]}["hilden-vhs"] == 2
    assert listed("ratingen")[0] == {("ratingen", "ratingen-vhs")}
