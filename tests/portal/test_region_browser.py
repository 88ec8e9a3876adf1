"""The Kreis's offer directory in Chromium on a phone: a search finds a town's offer, the
town filter narrows it, and the page passes axe at 360 px (issue 15 §1)."""
import pytest

from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow
from tests.region import add_kreis_offers, build_region

pytestmark = pytest.mark.browser


@pytest.fixture
def region(transactional_db):
    return build_region()


def test_the_kreis_directory_finds_and_filters_its_towns_offers(new_page, live_server, region):
    page = new_page(viewport=(360, 740))
    page.goto(base_url(live_server) + "/kreis-mettmann/offers/")
    page.get_by_label("Suchbegriff – in jeder Sprache").fill("Deutschkurs")
    follow(page, page.locator("form.offer-search").get_by_role("button", name="Suchen"))
    results = page.locator("ol.results li")
    assert results.count() == 2
    assert page.get_by_label("Stadt / Gemeinde").inner_text().count("(1)") == 2  # Hilden (1), Ratingen (1)
    page.get_by_label("Stadt / Gemeinde").select_option("hilden")
    follow(page, page.get_by_role("button", name="Filter anwenden"))
    assert "town=hilden" in page.url
    assert results.count() == 1
    assert results.first.locator("h2").inner_text() == "Deutschkurs am Vormittag"
    assert results.first.locator(".town").inner_text() == "Hilden"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    follow(page, results.first.locator("h2 a"))
    assert page.url.endswith("/hilden/offers/H-1/")
    assert_no_console_errors(page)


def test_a_towns_directory_shows_the_kreis_offer_that_serves_it(new_page, live_server, region):
    kreis, hilden, _ratingen = region
    add_kreis_offers(kreis, hilden)
    for locale, mark in (("ar", "خدمة من المقاطعة: Kreis Mettmann"), ("de-DE", "Angebot des Kreises: Kreis Mettmann")):
        page = new_page(viewport=(360, 740), locale=locale)
        page.goto(base_url(live_server) + "/hilden/offers/?q=Deutschkurs")
        results = page.locator("ol.results li")
        assert results.count() == 2
        kreis_offer = results.filter(has_text="Deutschkurs des Kreises am Abend")
        assert kreis_offer.locator(".town").inner_text() == mark
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert_accessible(page)
    follow(page, kreis_offer.locator("h2 a"))
    assert page.url.endswith("/kreis-mettmann/offers/K-2/")
    assert_no_console_errors(page)
