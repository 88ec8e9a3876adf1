"""News in Chromium on a 360 px phone, in German and Arabic: from the home page's
"Aktuelles" block to the list and an item with its pictures — axe-clean, nothing wider than
the screen, the pictures loaded from srcset at their stated size (no layout shift), alt
texts, captions with credit and licence; right to left in Arabic with the German text marked."""
import pytest

from teilhabe.municipalities.models import Language
from teilhabe.news import actions
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login
from tests.news import builders as nb

pytestmark = pytest.mark.browser

WIDEST = """() => [...document.querySelectorAll("h1, h2, h3, p, li, a, figure, figcaption, img")]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                  || el.getBoundingClientRect().left < -1)
    .map(el => el.tagName + ": " + (el.textContent || el.alt).trim().slice(0, 60))"""


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
def test_a_visitor_reads_news_with_pictures_on_a_phone(new_page, live_server, transactional_db, locale):
    m = b.municipality("nachrichtenstadt", languages=("de", "ar"))
    item = nb.item(m, "Über 100 Gäste bei der Integrationskonferenz", teaser="Viel bewegt, viel zu tun.")
    nb.picture(item, nb.image_bytes(size=(1600, 1000)), alt_text="Zeichnung: Gäste vor einer Leinwand",
               caption="Konferenz im Glashaus", credit="Stadt Nachrichtenstadt", licence="CC BY 4.0")
    nb.picture(item, nb.image_bytes(size=(1200, 800), fmt="PNG", colour=(20, 90, 160)),
               alt_text="Zeichnung: Tische mit Gästen", credit="Stadt Nachrichtenstadt", licence="CC0 1.0")
    actions.translate(item, Language.objects.get(code="ar"), title="أكثر من 100 ضيف في مؤتمر الاندماج")
    page = new_page(viewport=(360, 740), locale=locale)
    page.goto(base_url(live_server) + "/nachrichtenstadt/")
    arabic = locale == "ar"
    assert page.locator("html").get_attribute("dir") == ("rtl" if arabic else "ltr")
    assert page.locator('head link[rel=alternate][type="application/atom+xml"]').count() == 1
    follow(page, page.locator(f'.news-latest a[href="/nachrichtenstadt/news/"]'))
    assert_accessible(page)
    follow(page, page.locator(f'main a[href="/nachrichtenstadt/news/{item.pk}/"]'))
    heading = page.locator("h1").inner_text()
    assert heading == ("أكثر من 100 ضيف في مؤتمر الاندماج" if arabic else "Über 100 Gäste bei der Integrationskonferenz")
    assert page.locator(".text").get_attribute("lang") == "de" and page.locator(".text").get_attribute("dir") == "ltr"
    images = page.locator("figure img")
    assert images.count() == 2
    page.wait_for_function("[...document.querySelectorAll('figure img')].every(i => i.complete && i.naturalWidth)")
    for i in range(2):
        img = images.nth(i)
        assert img.get_attribute("alt").startswith("Zeichnung:")
        # The phone loads a small variant, laid out at the stated ratio from the start.
        assert "480.webp" in img.evaluate("i => i.currentSrc")
        box = img.bounding_box()
        ratio = int(img.get_attribute("width")) / int(img.get_attribute("height"))
        assert box["width"] <= 360 and abs(box["width"] / box["height"] - ratio) < 0.02
    assert "CC BY 4.0" in page.locator("figure figcaption").first.inner_text()
    assert_accessible(page)
    assert not page.evaluate(WIDEST), page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_no_console_errors(page)
    if not arabic:  # the back office is German: its item page once laid the pictures out at full width
        b.user("koordination", role="coordinator", municipality=m)
        login(page, live_server, "koordination", b.PASSWORD)
        page.goto(base_url(live_server) + "/backoffice/nachrichtenstadt/news/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # long words in the titles
        follow(page, page.locator(f'main a[href="/backoffice/nachrichtenstadt/news/{item.pk}/"]'))
        assert page.locator("figure img").count() == 2
        assert not page.evaluate(WIDEST), page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.outerHTML.slice(0, 80))")
