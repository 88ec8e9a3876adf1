"""Topics in Chromium, as an Arabic-speaking newcomer on a phone: the home page's topic grid,
a topic's page and the welcome folder's form, right to left, 360 px wide, axe-clean; the
folder is made without JavaScript by the plain GET form."""
import pytest

from teilhabe.topics.models import InformationText
from teilhabe.translations.texts import save_texts
from tests import builders as b
from tests.browser import assert_accessible, base_url, follow

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    b.district(town, "mitte", "Mitte")
    provider = b.actor(town, "vhs", name="Volkshochschule")
    topic = town.topics.get(key="deutsch-lernen")
    topic.offers.add(b.offer(town, provider, "O-1", title="Integrationskurs mit Kinderbetreuung"))
    text = InformationText.objects.create(topic=topic, title="Wie finde ich einen Kurs?",
                                          body="<p>Fragen Sie im Integrationsbüro.</p>")
    save_texts(text, "ar", {"title": "كيف أجد دورة؟", "body": "<p>اسأل في مكتب الاندماج.</p>"})
    InformationText.objects.create(topic=topic, title="Kinderbetreuungsmöglichkeiten", body="<p>Nur Deutsch</p>")
    return town


def test_a_newcomer_goes_from_the_topics_to_a_welcome_folder_in_arabic(new_page, live_server, town):
    page = new_page(viewport=(360, 740), locale="ar")
    page.goto(base_url(live_server) + "/lindenau/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    grid = page.locator(".topic-grid a")
    assert grid.count() == 8
    # the icon is decoration: the link's accessible name is the title alone
    assert page.locator(".topic-grid svg[aria-hidden=true]").count() == 8
    assert_accessible(page)
    pages = {}
    for path in ["/lindenau/", "/lindenau/topics/deutsch-lernen/", "/lindenau/welcome/"]:
        if path != "/lindenau/":
            page.goto(base_url(live_server) + path)
            assert_accessible(page)
        pages[path] = page.evaluate("document.documentElement.scrollWidth")
    assert all(width <= 360 for width in pages.values()), pages
    page.goto(base_url(live_server) + "/lindenau/")
    follow(page, page.locator('.topic-grid a[href$="/deutsch-lernen/"]'))
    assert page.locator("h1").inner_text().strip()
    # the German text sits left to right on the right-to-left page
    german = page.locator("h3", has_text="Kinderbetreuungsmöglichkeiten")
    assert german.evaluate("el => getComputedStyle(el).direction") == "ltr"
    follow(page, page.locator('a[href*="/welcome/"]'))
    assert page.locator("#id_topics input[value=deutsch-lernen]").is_checked()
    page.select_option("#id_language", "ar")
    with page.expect_response(lambda r: "/lindenau/welcome/?" in r.url) as answer:
        page.locator("form.welcome-form button[type=submit]").click()
    assert answer.value.status == 200 and answer.value.headers["content-type"] == "application/pdf"
    assert "language=ar" in answer.value.url and "topics=deutsch-lernen" in answer.value.url
    # the search shows the topic and its text, in Arabic, above the rest; axe-clean at 360 px
    page.goto(base_url(live_server) + "/lindenau/search/?q=Kurs")
    found = page.locator(".topic-matches")
    assert "كيف أجد دورة؟" in found.inner_text()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    follow(page, found.locator("a", has_text="كيف أجد دورة؟"))
    assert page.url.endswith("/lindenau/topics/deutsch-lernen/#text-%d" % town.topics.get(
        key="deutsch-lernen").texts.get(title="Wie finde ich einen Kurs?").pk)
