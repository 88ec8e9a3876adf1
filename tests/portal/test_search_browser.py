"""Searching the offer directory in Chromium, as a newcomer would: a German word with its
inflection, then a question in Arabic about an offer that exists only in German."""
import pytest

from teilhabe.search.index import embed_pending
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "ar"))
    concept = b.concept(town)
    field = b.field(concept, "sprache", "Sprachförderung")
    district = b.district(town, "altstadt", "Altstadt")
    provider = b.actor(town, "verein", name="Nachbarschaftsverein")
    for external_id, title, description in [
        ("O-1", "Deutschkurs für Frauen", "Deutsch lernen in einer Frauengruppe, mit Kinderbetreuung."),
        ("O-2", "Mietberatung", "Hilfe bei Problemen mit dem Vermieter und bei der Wohnungssuche."),
        ("O-3", "Fußballtraining für Jugendliche", "Offenes Training im Stadion, jeden Freitag."),
    ]:
        offer = b.offer(town, provider, external_id, title=title, description=description, field=field)
        offer.districts.add(district)
    embed_pending()  # what the worker does in the background
    return town


def test_it_finds_offers_by_word_and_across_languages(page, live_server, town):
    page.goto(base_url(live_server) + "/lindenau/")
    page.get_by_label("Angebot finden – in Ihrer Sprache").fill("Deutschkurse")
    with page.expect_navigation():
        page.locator("form.offer-search").get_by_role("button", name="Suchen").click()
    assert page.url.endswith("/lindenau/offers/?q=Deutschkurse")
    first = page.locator("ol.results li").first
    assert first.locator("h2").inner_text() == "Deutschkurs für Frauen"
    assert_accessible(page)

    # "I am looking for help with my landlord" in Arabic: only the German offer exists.
    page.get_by_label("Suchbegriff – in jeder Sprache").fill("أبحث عن مساعدة مع المالك والسكن")
    with page.expect_navigation():
        page.locator("form.offer-search").get_by_role("button", name="Suchen").click()
    assert page.locator("ol.results li h2").first.inner_text() == "Mietberatung"
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_shows_a_helpful_page_when_nothing_matches(page, live_server, town):
    page.goto(base_url(live_server) + "/lindenau/offers/?q=xyzzyqwrt&district=altstadt")
    assert page.get_by_role("heading", name="Nichts gefunden").is_visible()
    assert page.get_by_role("link", name="Ohne Filter suchen").is_visible()
    assert_accessible(page)
