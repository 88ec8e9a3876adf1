"""The course finder in Chromium on a 360 px phone, in German and in Arabic: filtering
and opening a course work without JavaScript, nothing is wider than the screen, Arabic runs
right to left, and axe-core finds nothing serious on either page."""
import re

import pytest

from tests.browser import assert_accessible, base_url, follow
from tests.courses.public_world import build

pytestmark = pytest.mark.browser

HOW = {"de-DE": "So bekommen Sie einen Platz", "ar": "كيف تحصل على مكان"}
OVERFLOWING = """() => [...document.querySelectorAll("h1, h2, h3, p, dd, dt, li, a, label, select")]
    .filter(el => !el.closest(".visually-hidden"))  // hidden on purpose, clipped to 1 px
    .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline")
    .map(el => el.tagName + ": " + el.textContent.trim().slice(0, 60))"""


@pytest.fixture
def world(transactional_db):
    return build()


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
def test_a_newcomer_finds_a_course_and_the_way_to_a_place_on_a_phone(new_page, live_server, world, locale):
    # Without JavaScript: the filters are a plain GET form, the results plain links.
    page = new_page(viewport=(360, 740), locale=locale, java_script_enabled=False)
    page.goto(base_url(live_server) + "/hilden/kurse/")
    page.select_option("#f-type", "allgemein")
    page.check("#f-free")
    follow(page, page.locator("form.course-search button[type=submit]"))
    assert "type=allgemein" in page.url and "free=1" in page.url
    links = page.locator("ol.courses h2 a")
    assert [re.search(r"/kurse/([\w-]+)/", href).group(1)
            for href in links.evaluate_all("els => els.map(a => a.href)")] == ["K-HIL-2", "K-HIL-1"]
    finder = page.url
    follow(page, links.nth(1))
    assert page.locator("h2#place-heading").inner_text() == HOW[locale]
    assert "Ausländerbehörde des Kreises" in page.content()
    course = page.url

    # Both pages on the phone as most visitors see them (with JavaScript, for the checks).
    page = new_page(viewport=(360, 740), locale=locale)
    for url in (finder, course):
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
        assert page.evaluate(OVERFLOWING) == [], url
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        assert_accessible(page)
