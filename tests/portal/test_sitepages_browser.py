"""The footer's pages in Chromium: every footer link leads to its page; the Darstellung
form works without JavaScript and holds over navigation; the pages are axe-clean in German
and Arabic on a 360 px phone, in the plain and in the high-contrast larger-text display."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.sitepages import actions
from teilhabe.sitepages.models import SitePage
from tests import builders as b
from tests.browser import FAILING_IMPACTS, base_url, follow, format_violations, run_axe

pytestmark = pytest.mark.browser

FOOTER = {"Erklärung zur Barrierefreiheit": "/lindenau/accessibility/", "Leichte Sprache": "/lindenau/easy-language/",
          "Gebärdensprache": "/lindenau/sign-language/", "Darstellung": "/lindenau/display/",
          "Impressum": "/lindenau/imprint/", "Datenschutz": "/lindenau/privacy/"}


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    town.office_name, town.office_email = "Integrationsbüro", "integration@lindenau.example"
    town.office_phone, town.office_address = "02325 123456", "Rathausplatz 1\n12345 Lindenau"
    town.save()
    return town


def test_footer_pages_display_settings_without_javascript_and_axe(new_page, live_server, town):
    root = base_url(live_server)
    page = new_page(viewport=(360, 740), java_script_enabled=False)
    page.goto(root + "/lindenau/")
    for text, path in FOOTER.items():
        follow(page, page.locator(".footer-nav").get_by_role("link", name=text, exact=True))
        assert page.url == root + path and page.locator("h1").count() == 1
    # Darstellung: a plain form, no JavaScript; the choice holds on the next pages.
    page.goto(root + "/lindenau/display/")
    page.get_by_label("Größere Schrift").check()
    page.get_by_label("Starker Kontrast").check()
    follow(page, page.get_by_role("button", name="Darstellung speichern"))
    assert page.locator("html").get_attribute("class") == "display-large display-contrast"
    follow(page, page.locator(".footer-nav").get_by_role("link", name="Impressum"))
    assert page.locator("html").get_attribute("class") == "display-large display-contrast"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    cookies = page.context.cookies()

    # axe on a phone in German and Arabic, plain and with the chosen display: every page
    # once; the statement (the richest page, with its form) in every combination, and the
    # shared page template in Arabic too.
    for locale, chosen in (("de-DE", []), ("de-DE", cookies), ("ar", []), ("ar", cookies)):
        checked = new_page(viewport=(360, 740), locale=locale)
        checked.context.add_cookies([{k: c[k] for k in ("name", "value", "domain", "path")} for c in chosen])
        paths = {("de-DE", False): list(FOOTER.values()), ("ar", False): [FOOTER["Erklärung zur Barrierefreiheit"],
                 FOOTER["Impressum"]]}.get((locale, bool(chosen)), [FOOTER["Erklärung zur Barrierefreiheit"]])
        for path in paths:
            checked.goto(root + path)
            what = (locale, path, checked.locator("html").get_attribute("class"))
            assert checked.evaluate("document.documentElement.scrollWidth") <= 360, what
            violations = run_axe(checked)
            assert not [v for v in violations if v["impact"] in FAILING_IMPACTS], (
                what, format_violations(violations, checked.url))
            # the high contrast passes the colour-contrast rule at any impact
            assert not [v for v in violations if v["id"] == "color-contrast"], what
        assert checked.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    # Without a choice, the system's wish for more contrast gets the same colours.
    asking = new_page(viewport=(360, 740), contrast="more", reduced_motion="reduce")
    asking.goto(root + FOOTER["Impressum"])
    assert asking.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--ink').trim()") == "#000000"


def test_the_sign_language_video_loads_its_captions_track(new_page, live_server, town):
    coordinator = b.user(role="coordinator", municipality=town)
    sign = actions.page_for(town, SitePage.Kind.SIGN_LANGUAGE)
    actions.set_video(sign, SimpleUploadedFile("x.webm", b"\x1a\x45\xdf\xa3" + b"webm" * 100, "video/webm"),
                      transcript="Willkommen im Portal.", user=coordinator)
    actions.set_captions(sign, SimpleUploadedFile("x.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen im Portal.\n"
                                                  .encode(), "text/vtt"), user=coordinator)
    page = new_page(viewport=(360, 740))
    asked = []
    page.on("response", lambda r: asked.append((r.request.headers.get("range"), r.status))
            if r.url.endswith("/sign-language/video") else None)
    page.goto(base_url(live_server) + "/lindenau/sign-language/")
    track = page.locator("video track")
    assert (track.get_attribute("kind"), track.get_attribute("srclang")) == ("captions", "de")
    # The player loads a track once it is shown or hidden (our stand-in bytes never play).
    page.evaluate("document.querySelector('video').textTracks[0].mode = 'hidden'")
    page.wait_for_function("document.querySelector('video track').readyState === 2")
    assert page.evaluate("document.querySelector('video').textTracks[0].cues[0].text") == "Willkommen im Portal."
    # Chromium asks for the video in ranges, and gets one
    assert ("bytes=0-", 206) in asked
    violations = run_axe(page)
    assert not [v for v in violations if v["impact"] in FAILING_IMPACTS], format_violations(violations, page.url)
