"""The language checker in a real Chromium on a phone: "Prüfen" on an offer, the hints under
the field, then saving and the hints on the offer's page; axe-core on both pages."""
import os

import pytest

from tests import builders as b
from tests.browser import assert_accessible, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def offer(transactional_db):
    town = b.municipality("lindenau")
    b.user("koordination", role="coordinator", municipality=town)
    return b.offer(town, b.actor(town), "O-1", title="Elterncafé", description="Wir treffen uns im Rathaus.")


def test_a_coordinator_checks_and_saves_an_offer_text_on_a_phone(new_page, live_server, offer):
    page = new_page(viewport=(360, 740))
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(f"{base_url(live_server)}/backoffice/lindenau/offers/{offer.pk}/edit/")
    page.get_by_label("Beschreibung").fill(
        "Das Elterncafé ist jeden Mittwoch offen.\nDer Kaffee wird vom Familienzentrum bezahlt.")
    follow(page, page.get_by_role("button", name="Prüfen"))
    hints = page.locator(".language-hints")
    assert "Satz 2: „Der Kaffee wird vom Familienzentrum bezahlt.“\nPassiv: „wird vom Familienzentrum bezahlt“" \
        in hints.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if os.environ.get("TEILHABE_SCREENSHOTS"):
        page.screenshot(path=os.environ["TEILHABE_SCREENSHOTS"] + "/plain-language-check.png", full_page=True)
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.url.endswith(f"/offers/{offer.pk}/")
    assert "Satz 2" in page.locator(".language-hints").inner_text()
    assert_accessible(page)
