"""Right to left in Chromium: German content and numbers keep their visual order on an
Arabic page ("02325 123456" must not read "123456 02325")."""
import pytest
from django.utils import timezone

from teilhabe.municipalities.models import Language
from tests import builders as b
from tests.browser import assert_accessible, base_url

pytestmark = pytest.mark.browser

# The left edge of characters `offset` … `offset + length` of `needle` in the first text node
# (within <main>) that contains it: a Range over them measures where the browser drew them.
LEFT_OF = """([needle, offset, length]) => {
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at + offset);
    range.setEnd(node, at + offset + length);
    return range.getBoundingClientRect().left;
  }
  return null;
}"""


def left(page, needle, part=None, *, last=False):
    """Where `part` of `needle` (its last occurrence with `last`) was drawn."""
    part = part or needle
    offset = needle.rindex(part) if last else needle.index(part)
    x = page.evaluate(LEFT_OF, [needle, offset, len(part)])
    assert x is not None, f"{needle!r} is not on {page.url}"
    return x


@pytest.fixture
def town(transactional_db):
    town = b.municipality("herne", languages=("de", "ar"))
    town.office_name, town.office_email, town.office_phone = "Kommunales Integrationszentrum", "ki@herne.example", "02325 123456"
    town.office_address = "Rathaus\nFriedrich-Ebert-Platz 2\n44651 Herne"
    town.save()
    actor = b.actor(town, "kulturverein", name="Kulturverein Herne e. V.")
    actor.street, actor.postcode, actor.city, actor.phone = "Bahnhofstraße 1", "44651", "Herne", "02323 987654"
    actor.email, actor.website = "info@kulturverein.example", "https://kulturverein.example/"
    actor.save()
    actor.languages.set(Language.objects.filter(code__in=["de", "ar"]))
    b.contact(actor, role="Beratung", phone="02323 55 66", publish=True, consent_at=timezone.now())
    return town


# (page, first, second): `first` must be drawn left of `second`.
IN_ORDER = [
    ("/herne/contact/", ("02325 123456", "02325"), ("02325 123456", "123456")),
    ("/herne/contact/", ("44651 Herne", "44651"), ("44651 Herne", "Herne")),
    ("/herne/contact/", ("ki@herne.example", "ki"), ("ki@herne.example", "herne")),
    ("/herne/actors/kulturverein/", ("02323 987654", "02323"), ("02323 987654", "987654")),
    ("/herne/actors/kulturverein/", ("02323 55 66", "55"), ("02323 55 66", "66")),
    ("/herne/actors/kulturverein/", ("44651",), ("Herne",)),
    ("/herne/actors/kulturverein/", ("info@kulturverein.example", "info"), ("info@kulturverein.example", "example")),
    ("/herne/actors/kulturverein/", ("https://kulturverein.example/", "https"),
     ("https://kulturverein.example/", "kulturverein")),
]


def test_it_keeps_numbers_and_german_text_in_order_on_an_arabic_page(new_page, live_server, town):
    # One town and one page for all pairs (a town per pair cost a transactional test's set-up each).
    page = new_page(locale="ar")
    for path, first, second in IN_ORDER:
        if not page.url.endswith(path):
            page.goto(base_url(live_server) + path)
            assert page.locator("html").get_attribute("dir") == "rtl", path
        assert left(page, *first) < left(page, *second), \
            f"{second} stands left of {first} on {page.url}: the text is drawn out of order"


def test_it_keeps_the_full_stop_of_e_v_at_the_end_on_an_arabic_page(new_page, live_server, town):
    page = new_page(locale="ar")
    page.goto(base_url(live_server) + "/herne/actors/kulturverein/")
    name = "Kulturverein Herne e. V."
    assert left(page, name, "V") < left(page, name, ".", last=True) and left(page, name, "Kulturverein") < left(page, name, "V")
    assert page.locator("h1 [lang=de]").get_attribute("dir") == "ltr"
    assert_accessible(page)
