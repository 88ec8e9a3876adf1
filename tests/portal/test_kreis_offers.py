"""A town's portal shows the offers of its Kreis that serve it (Offer.serves; none named =
every town), marked as the Kreis's and linked to their page at the Kreis: its directory,
search, site search and home page count — and a change shows at once (issue 15 §1)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.offers.models import Offer
from tests.region import add_kreis_offers, build_region


@pytest.fixture
def region(db):
    kreis, hilden, ratingen = build_region()
    add_kreis_offers(kreis, hilden)
    return kreis, hilden, ratingen


def directory(client, slug, **params):
    return client.get(reverse("portal:offers", args=[slug]), params)


def found(page):
    return {(offer.municipality.slug, offer.external_id) for offer, _texts, _hit in page.context["rows"]}


def test_a_towns_directory_holds_the_kreis_offers_that_serve_it(client, region):
    assert found(directory(client, "hilden")) == {
        ("hilden", "H-1"), ("hilden", "H-2"), ("kreis-mettmann", "K-1"), ("kreis-mettmann", "K-2")}
    # K-2 names Hilden only; K-3 is not published.
    assert found(directory(client, "ratingen")) == {("ratingen", "R-1"), ("kreis-mettmann", "K-1")}
    html = directory(client, "hilden").content.decode()
    assert 'href="/kreis-mettmann/offers/K-2/"' in html and 'href="/hilden/offers/H-1/"' in html
    assert html.count('class="town">Angebot des Kreises: Kreis Mettmann</span>') == 2
    assert "in Planung" not in html


def test_a_towns_search_finds_the_kreis_offers_that_serve_it_and_no_other(client, region):
    assert found(directory(client, "hilden", q="Deutschkurs")) == {("hilden", "H-1"), ("kreis-mettmann", "K-2")}
    assert found(directory(client, "ratingen", q="Deutschkurs")) == {("ratingen", "R-1")}
    search = client.get(reverse("portal:search", args=["hilden"]), {"q": "Deutschkurs"})
    assert search.context["offers"].count == 2
    assert client.get(reverse("portal:search", args=["ratingen"]), {"q": "Deutschkurs"}).context["offers"].count == 1


def test_a_towns_home_counts_the_kreis_offers_that_serve_it(client, region):
    assert client.get(reverse("portal:home", args=["hilden"])).context["offer_count"] == 4
    assert client.get(reverse("portal:home", args=["ratingen"])).context["offer_count"] == 2
    # The Kreis counts its own published offers once, with its towns'.
    assert client.get(reverse("portal:home", args=["kreis-mettmann"])).context["offer_count"] == 5


def test_a_change_of_the_towns_a_kreis_offer_serves_shows_at_once(client, region):
    kreis, hilden, ratingen = region
    assert ("kreis-mettmann", "K-2") not in found(directory(client, "ratingen"))
    with CaptureQueriesContext(connection) as queries:
        assert "K-2" not in directory(client, "ratingen").content.decode()
    assert len(queries) == 0  # from the page cache
    Offer.objects.get(external_id="K-2").serves.add(ratingen)
    assert 'href="/kreis-mettmann/offers/K-2/"' in directory(client, "ratingen").content.decode()
    # A change of the Kreis's offer itself renews its towns' pages too.
    offer = Offer.objects.get(external_id="K-1")
    offer.title = "Beratung im Kreishaus, neu"
    offer.save()
    assert "Beratung im Kreishaus, neu" in directory(client, "hilden").content.decode()
    # And a town's offer renews its Kreis's directory, which lists it.
    directory(client, "kreis-mettmann")
    offer = Offer.objects.get(external_id="H-2")
    offer.title = "Sprachcafé Hilden, neu"
    offer.save()
    assert "Sprachcafé Hilden, neu" in directory(client, "kreis-mettmann").content.decode()
