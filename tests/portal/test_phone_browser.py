"""A newcomer on a phone: long German words fit a 360 px screen in every language, and the
keyboard focus is visible (3:1 against every background it stands on, WCAG 2.1 1.4.11)."""
import pytest

from tests import builders as b
from tests.browser import base_url
from tests.participation import builders as pb

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = pb.town("herne")
    pb.event(town, title="Integrationskonferenz", place_name="Kulturzentrum", street="Berliner Platz 11",
             postcode="44623", city="Herne")
    concept = town.concepts.get()
    b.measure(concept, "M-1", title="Integrationskonferenz", status="running", is_public=True,
              description="Die Integrationskonferenz bringt Migrantenselbstorganisationen zusammen.")
    town.office_name = "Kommunales Integrationszentrum"
    town.office_phone = "02325 123456"
    town.save()
    return town


@pytest.mark.parametrize("locale", ["de-DE", "ar", "tr"])
def test_it_fits_long_german_words_on_a_360_pixel_screen(new_page, live_server, town, locale):
    page = new_page(viewport=(360, 740), locale=locale)
    event = town.events.get()
    for path in [f"/herne/events/{event.pk}/", "/herne/measures/M-1/", "/herne/contact/"]:
        page.goto(base_url(live_server) + path)
        h1 = page.locator("h1")
        assert "Integrations" in h1.inner_text() or "Integrations" in page.locator("h2").first.inner_text() \
            or path.endswith("contact/")
        overflowing = page.evaluate("""() => [...document.querySelectorAll("h1, h2, h3, p, dd, li, a")]
            .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline")
            .map(el => el.tagName + ": " + el.textContent.trim().slice(0, 60))""")
        assert not overflowing, f"{path} ({locale}) overflows in: {overflowing}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} ({locale}) is {width}px wide"


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b_ = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b_


def contrast(one, other):
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# For the focused element: the colour of its focus ring, and the background it is drawn on
# (the first ancestor with a background colour; the ring lies outside the element).
RING = """() => {
  const el = document.activeElement, rgb = s => s.match(/[\\d.]+/g).map(Number);
  let parent = el.parentElement, bg = "rgb(255, 255, 255)";
  for (; parent; parent = parent.parentElement) {
    const c = getComputedStyle(parent).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0) { bg = c; break; }
  }
  const style = getComputedStyle(el);
  return {what: el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 40),
          style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          ring: rgb(style.outlineColor).slice(0, 3), background: rgb(bg).slice(0, 3)};
}"""


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
def test_it_shows_the_keyboard_focus_with_3_to_1_contrast_on_every_background(new_page, live_server, town, locale):
    page = new_page(locale=locale)
    event = town.events.get()
    seen = set()
    for path in ["/herne/", f"/herne/events/{event.pk}/", "/herne/offers/"]:
        page.goto(base_url(live_server) + path)
        for _ in range(40):
            page.keyboard.press("Tab")
            ring = page.evaluate(RING)
            if ring["what"].startswith("BODY"):
                break  # past the last element
            assert ring["style"] != "none" and ring["width"] >= 2, f"no focus ring on {ring['what']} ({path})"
            ratio = contrast(ring["ring"], ring["background"])
            assert ratio >= 3, f"focus ring {ring['ring']} on {ring['background']} has {ratio:.1f}:1 at {ring['what']}"
            seen.add(tuple(ring["background"]))
    assert (255, 255, 255) in seen and len(seen) >= 2  # white and the header's grey, at least
