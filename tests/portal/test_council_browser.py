"""The council section in Chromium on a 360 px phone, in German and Arabic: reached from the
navigation, the bodies, the calendar, a meeting, the paper search and a paper's path — each
page axe-clean, nothing wider than the screen, the paper search a plain GET form (the pages hold no script)."""
import pytest

from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow
from tests.council.builders import SECRETS, world

pytestmark = pytest.mark.browser

WIDEST = """() => [...document.querySelectorAll("h1, h2, h3, p, dd, li, a, td, th")]
    .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline")
    .map(el => el.tagName + ": " + el.textContent.trim().slice(0, 60))"""


def check(page):
    assert_accessible(page)
    assert not page.evaluate(WIDEST), page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    content = page.content()
    assert not [s for s in SECRETS if s in content], page.url


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
def test_a_visitor_finds_bodies_meetings_and_a_papers_path_on_a_phone(new_page, live_server, transactional_db,
                                                                      locale):
    w = world(b.municipality("ratstadt", languages=("de", "ar")))
    page = new_page(viewport=(360, 740), locale=locale)
    page.goto(base_url(live_server) + "/ratstadt/")
    follow(page, page.locator('nav a[href="/ratstadt/council/"]'))
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert "Aylin Beispielfrau" in page.locator("main").inner_text()
    check(page)
    follow(page, page.locator('main a[href="/ratstadt/council/meetings/"]'))
    check(page)
    follow(page, page.locator(f'main a[href="/ratstadt/council/meetings/{w.held.pk}/"]'))
    assert "Sprachkurse 2024" in page.locator("main").inner_text()
    check(page)
    page.goto(base_url(live_server) + "/ratstadt/council/papers/")
    page.fill("#paper-q", "2024/001")
    follow(page, page.locator("main form[role=search] button[type=submit]"))
    follow(page, page.locator(f'main a[href="/ratstadt/council/papers/{w.paper.pk}/"]'))
    assert "Der Integrationsrat empfiehlt die Vorlage." in page.locator("main").inner_text()
    check(page)
    assert_no_console_errors(page)
