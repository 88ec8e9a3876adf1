"""The footer's pages on the portal (sitepages): linked from every page, in every portal
language (their texts German, and said so), the feedback form, the sign-language video,
and the visitor's Darstellung — also on pages served from the page cache."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.jobs.models import Job
from teilhabe.participation import ratelimit
from teilhabe.portal import display
from teilhabe.sitepages import actions
from teilhabe.sitepages.models import Feedback, SitePage
from tests import builders as b

pytestmark = pytest.mark.django_db

FOOTER = ["accessibility", "easy_language", "sign_language", "display", "imprint", "privacy"]


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    town.office_name, town.office_email = "Integrationsbüro", "integration@lindenau.example"
    town.save()
    return town


def test_every_portal_page_links_the_footer_pages(client, town):
    for path in ["/lindenau/", "/lindenau/imprint/"]:
        html = client.get(path).content.decode()
        for name in FOOTER:
            assert f'href="{reverse(f"sitepages:{name}", args=["lindenau"])}' in html, (path, name)
        # "Barriere melden" takes the page along, for the form's page address.
        assert f'/lindenau/accessibility/?page={path.replace("/", "%2F")}#feedback"' in html, path


def test_each_page_shows_its_default_text_and_says_in_arabic_that_it_is_german(client, town):
    for name in FOOTER:
        assert client.get(reverse(f"sitepages:{name}", args=["lindenau"])).status_code == 200
    statement = client.get("/lindenau/accessibility/").content.decode()
    assert 'href="https://www.schlichtungsstelle-bgg.de/"' in statement
    assert "teilweise vereinbar" in statement and 'id="feedback"' in statement
    arabic = client.get("/lindenau/imprint/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    assert '<div class="text" lang="de" dir="ltr">' in arabic
    assert "Diesen Text gibt es nur auf Deutsch" not in arabic  # the note itself is in Arabic
    # The conciliation body's link reads in Arabic, so it is not marked German: only its target is.
    statement = client.get("/lindenau/accessibility/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert ('<a href="https://www.schlichtungsstelle-bgg.de/" hreflang="de">'
            "هيئة التسوية وفقًا لقانون المساواة للأشخاص ذوي الإعاقة</a>") in statement


def test_the_feedback_form_keeps_the_report_and_queues_the_mail(client, town):
    form = client.get("/lindenau/accessibility/?page=%2Flindenau%2Foffers%2F").content.decode()
    assert 'value="/lindenau/offers/"' in form
    foreign = client.get("/lindenau/accessibility/?page=https%3A%2F%2Fevil.example%2F").content.decode()
    assert 'value="https://evil.example/"' not in foreign
    assert 'name="page_url" maxlength="500" id="id_page_url">' in foreign
    response = client.post("/lindenau/accessibility/", {
        "problem": "Die Karte ist ohne Maus nicht bedienbar.", "page_url": "/lindenau/offers/",
        "email": "ada@example.org", "form_token": "t1"})
    assert response.status_code == 302 and response["Location"] == "/lindenau/accessibility/sent/"
    feedback = Feedback.objects.get()
    assert feedback.municipality == town and feedback.email == "ada@example.org"
    assert Job.objects.filter(name="sitepages.feedback_mail", payload={"id": feedback.pk}).exists()


def test_bad_input_names_the_field_and_spam_or_a_flood_keeps_nothing(client, town, settings):
    bad = client.post("/lindenau/accessibility/", {"problem": "", "email": "keine-adresse"})
    assert bad.status_code == 200
    assert 'href="#id_problem"' in bad.content.decode() and 'href="#id_email"' in bad.content.decode()
    spam = client.post("/lindenau/accessibility/", {"problem": "Werbung", "homepage": "http://spam.example"})
    assert spam.status_code == 302
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {**ratelimit.DEFAULTS, "accessibility_feedback": {"ip": (1, 3600)}}
    assert client.post("/lindenau/accessibility/", {"problem": "Eins"}).status_code == 302
    assert client.post("/lindenau/accessibility/", {"problem": "Zwei"}).status_code == 429
    assert list(Feedback.objects.values_list("problem", flat=True)) == ["Eins"]


def test_the_sign_language_page_works_without_a_video_and_streams_one(client, town):
    page = client.get("/lindenau/sign-language/").content.decode()
    assert "<video" not in page and "Gebärdensprache" in page
    assert client.get("/lindenau/sign-language/video").status_code == 404
    coordinator = b.user(role="coordinator", municipality=town)
    video = b"\x1a\x45\xdf\xa3" + b"webm" * 100
    actions.set_video(actions.page_for(town, SitePage.Kind.SIGN_LANGUAGE),
                      SimpleUploadedFile("x.webm", video, "video/webm"), transcript="Willkommen im Portal.",
                      user=coordinator)
    page = client.get("/lindenau/sign-language/").content.decode()
    assert "<video" in page and "Willkommen im Portal." in page
    response = client.get("/lindenau/sign-language/video")
    assert response["Content-Type"] == "video/webm"
    assert b"".join(response.streaming_content) == video


@pytest.mark.parametrize("asked, status, expected, content_range", [
    ("bytes=0-9", 206, slice(0, 10), "bytes 0-9/404"),
    ("bytes=400-", 206, slice(400, 404), "bytes 400-403/404"),
    ("bytes=-4", 206, slice(400, 404), "bytes 400-403/404"),
    ("bytes=100-99999", 206, slice(100, 404), "bytes 100-403/404"),
    ("bytes=404-", 416, slice(0, 0), "bytes */404"),
    ("bytes=-0", 416, slice(0, 0), "bytes */404"),
    ("bytes=9-2", 200, slice(0, 404), None),          # invalid: ignored, the whole file
    ("bytes=0-1,5-6", 200, slice(0, 404), None),      # several ranges: the whole file
    ("pages=1", 200, slice(0, 404), None),
])
def test_the_sign_language_video_answers_range_requests(client, town, asked, status, expected, content_range):
    video = b"\x1a\x45\xdf\xa3" + bytes(range(256)) + b"webm" * 36
    actions.set_video(actions.page_for(town, SitePage.Kind.SIGN_LANGUAGE),
                      SimpleUploadedFile("x.webm", video, "video/webm"), transcript="Willkommen.",
                      user=b.user(role="coordinator", municipality=town))
    response = client.get("/lindenau/sign-language/video", HTTP_RANGE=asked)
    assert response.status_code == status and response["Accept-Ranges"] == "bytes"
    assert response.get("Content-Range") == content_range
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == video[expected]
    if status != 416:
        assert response["Content-Length"] == str(len(body))


def test_the_display_choice_is_kept_in_a_cookie_and_shown_on_every_page(client, town):
    response = client.post("/lindenau/display/", {"large": "on", "contrast": "on"})
    assert response.status_code == 302
    cookie = response.cookies[display.COOKIE]
    assert cookie.value == "large.contrast" and cookie["httponly"] and cookie["max-age"]
    for path in ["/lindenau/", "/lindenau/offers/", "/lindenau/imprint/"]:
        assert 'class="display-large display-contrast"' in client.get(path).content.decode()
    client.post("/lindenau/display/", {})
    assert "display-" not in client.get("/lindenau/").content.decode()


def test_the_page_cache_never_serves_one_visitors_display_to_another(client, town):
    from django.test import Client

    contrast, plain = Client(), Client()
    contrast.cookies[display.COOKIE] = "contrast"
    # A cached page (the directory): first rendered for the visitor with high contrast …
    assert 'class="display-contrast"' in contrast.get("/lindenau/offers/").content.decode()
    assert 'class="display-contrast"' in contrast.get("/lindenau/offers/").content.decode()
    # … then asked for by one without: not their page.
    assert "display-contrast" not in plain.get("/lindenau/offers/").content.decode()
    assert 'class="display-contrast"' in contrast.get("/lindenau/imprint/").content.decode()
    assert "display-contrast" not in plain.get("/lindenau/imprint/").content.decode()
    # An unknown value is no choice (and no fifth variant in the cache).
    plain.cookies[display.COOKIE] = "<script>"
    assert "display-" not in plain.get("/lindenau/offers/").content.decode()


def test_a_saved_page_shows_at_once_although_the_page_was_cached(client, town):
    assert "Neuer Text" not in client.get("/lindenau/imprint/").content.decode()
    page = actions.page_for(town, SitePage.Kind.IMPRINT)
    page.body = "<p>Neuer Text</p>"
    actions.save_page(page, user=b.user(role="coordinator", municipality=town))
    assert "Neuer Text" in client.get("/lindenau/imprint/").content.decode()
