"""The back office's topic pages in Chromium: a coordinator opens the topic list, a topic,
writes an information text and its Arabic translation; axe-core finds nothing serious."""
import pytest

from tests import builders as b
from tests.browser import assert_accessible, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    b.user("koordination", role="coordinator", municipality=town)
    return town


def test_a_coordinator_writes_an_information_text_and_its_translation(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/lindenau/topics/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Deutsch lernen"))
    follow(page, page.get_by_role("link", name="Neuer Informationstext"))
    page.get_by_label("Titel").fill("Wie finde ich einen Kurs?")
    page.get_by_label("Text").fill("<p>Fragen Sie im Integrationsbüro.</p>")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_text("Fragen Sie im Integrationsbüro.").is_visible()
    assert_accessible(page)
    # the text's translations page (translations' generic page), from the text's row for Arabic
    follow(page, page.locator("article a", has_text="Arabisch"))
    title = page.get_by_label("Titel (Arabisch)")
    title.fill("كيف أجد دورة؟")
    assert title.get_attribute("dir") == "rtl"
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Übersetzung speichern"))
    assert page.get_by_label("Titel (Arabisch)").input_value() == "كيف أجد دورة؟"
    follow(page, page.locator("p.context a"))
    assert "teilweise" in page.locator("article").inner_text()  # the title, not yet the text
