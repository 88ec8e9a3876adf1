"""Leichte Sprache in Chromium on a phone (360 px): chosen in the language menu, the home
page and an offer page come out in it, fit the screen and are axe-clean."""
import pytest

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from tests import builders as b
from tests.browser import assert_accessible, base_url, follow

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    offer = b.offer(town, b.actor(town, "vhs", name="Volkshochschule"), "O-1",
                    title="Integrationskurs mit Kinderbetreuung", description="Deutsch lernen mit Kinderbetreuung.",
                    street="Marktplatz 1", postcode="12345", city="Lindenau")
    OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code="de-ls"),
                                    title="Integrations·kurs mit Kinder·betreuung",
                                    description="Sie lernen Deutsch. Jemand passt auf Ihre Kinder auf.",
                                    source_revision=offer.text_revision)
    return town


def test_a_visitor_reads_the_home_and_an_offer_page_in_leichte_sprache(new_page, live_server, town):
    page = new_page(viewport=(360, 740))
    page.goto(base_url(live_server) + "/lindenau/")
    page.select_option("#language-select", "de-ls")
    follow(page, page.locator("form.language-switch button[type=submit]"))
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("#language-select option:checked").inner_text() == "Leichte Sprache"
    assert page.locator(".section-nav a", has_text="Neuigkeiten").count() == 1  # the de_LS catalog
    widths = {"home": page.evaluate("document.documentElement.scrollWidth")}
    assert_accessible(page)
    page.goto(base_url(live_server) + "/lindenau/offers/O-1/")
    assert page.locator("h1").inner_text().strip() == "Integrations·kurs mit Kinder·betreuung"
    widths["offer"] = page.evaluate("document.documentElement.scrollWidth")
    assert_accessible(page)
    assert all(width <= 360 for width in widths.values()), widths
