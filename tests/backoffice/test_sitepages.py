"""The footer's pages in the back office (sitepages): coordinators of the town and of its
Kreis edit them and answer the feedback; viewers read, without the reporter's e-mail
address; actor editors, outsiders, other towns' coordinators and anonymous visitors are
refused."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.sitepages import actions, rules
from teilhabe.sitepages.models import Feedback, SitePage
from tests import builders as b

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


@pytest.fixture
def town(db):
    return b.municipality("lindenau", parent=b.municipality("kreis", kind="kreis"))


@pytest.fixture
def people(town):
    return b.personas(town)


@pytest.fixture
def feedback(town):
    return actions.submit_feedback(municipality=town, problem="Kontrast zu schwach", page_url="/lindenau/",
                                   email="ada@example.org", language="de")


def u(town, name, *args):
    return reverse(f"sitepages_backoffice:{name}", args=[town.slug, *args])


def test_the_rules_let_coordinators_manage_and_viewers_read(town, people):
    assert b.allowed(people, lambda user: rules.can_manage(user, town)) == {"coordinator", "kreis_coordinator"}
    assert b.allowed(people, lambda user: rules.can_read(user, town)) == {
        "coordinator", "kreis_coordinator", "viewer"}


def test_the_pages_refuse_everyone_the_rules_refuse(client, town, people, feedback):
    reads = [u(town, "overview"), u(town, "feedback", feedback.pk)]
    edits = [u(town, "edit", "impressum")]
    for name, person in people.items():
        client.logout()
        if person:
            client.force_login(person)
        for url in reads + edits:
            status = client.get(url).status_code
            if person is None:
                assert status == 302, (name, url)  # to the log-in
            elif url in edits:
                assert status == (200 if name in ("coordinator", "kreis_coordinator") else 403), (name, url)
            else:
                assert status == (200 if name in ("coordinator", "kreis_coordinator", "viewer") else 403), (name, url)
        response = client.post(edits[0], {"body": "<p>fremd</p>"})
        assert response.status_code in ((302,) if name in ("coordinator", "kreis_coordinator") else (302, 403))
        response = client.post(u(town, "feedback", feedback.pk), {"answered_on": "2026-01-02", "note": "x"})
        if name in ("coordinator", "kreis_coordinator"):
            assert response.status_code == 302
        elif person is not None:
            assert response.status_code == 403, name
    # Only the coordinators' saves arrived; the anonymous POST went to the log-in.
    assert SitePage.objects.get(kind="impressum").body == "<p>fremd</p>"


def test_viewers_do_not_see_the_reporters_address(client, town, people, feedback):
    client.force_login(people["viewer"])
    page = client.get(u(town, "feedback", feedback.pk)).content.decode()
    assert "Kontrast zu schwach" in page and "ada@example.org" not in page and "<form" not in page.split("</nav>")[-1]
    client.force_login(people["coordinator"])
    assert "ada@example.org" in client.get(u(town, "feedback", feedback.pk)).content.decode()


def test_the_overview_shows_the_deadline_and_what_is_overdue(client, town, people, feedback):
    Feedback.objects.filter(pk=feedback.pk).update(reply_due="2020-01-31")
    client.force_login(people["viewer"])
    page = client.get(u(town, "overview")).content.decode()
    assert "31.01.2020" in page and "überfällig" in page
    assert "1 Rückmeldung ist noch nicht beantwortet." in page


def test_a_coordinator_edits_the_statement_and_uploads_the_video(client, town, people):
    client.force_login(people["coordinator"])
    response = client.post(u(town, "edit", "barrierefreiheit"), {
        "body": "<p>Unsere Erklärung</p><script>x</script>", "conformity": "full", "non_accessible": "",
        "prepared_on": "2026-03-01", "reviewed_on": ""})
    assert response.status_code == 302
    page = SitePage.objects.get(kind="barrierefreiheit")
    assert page.body == "<p>Unsere Erklärung</p>" and page.conformity == "full"
    assert "vollständig vereinbar" in client.get("/lindenau/accessibility/").content.decode()
    edit = client.get(u(town, "edit", "barrierefreiheit")).content.decode()
    assert "Stand der Vereinbarkeit" in edit and "Unsere Erklärung" in edit and "history" in edit
    # The video: refused without its text, or when it is none; stored with it.
    url = u(town, "edit", "gebaerdensprache")
    no_text = client.post(url, {"body": "<p>DGS</p>", "transcript": "",
                                "video": SimpleUploadedFile("a.mp4", MP4, "video/mp4")})
    assert no_text.status_code == 200 and "Zum Video gehört eine Textfassung." in no_text.content.decode()
    not_video = client.post(url, {"body": "<p>DGS</p>", "transcript": "Text",
                                  "video": SimpleUploadedFile("a.mp4", b"GIF89a", "video/mp4")})
    assert "Nur Videos im Format MP4 oder WebM" in not_video.content.decode()
    assert client.post(url, {"body": "<p>DGS</p>", "transcript": "Text",
                             "video": SimpleUploadedFile("a.mp4", MP4, "video/mp4")}).status_code == 302
    assert SitePage.objects.get(kind="gebaerdensprache").video_type == "video/mp4"
    assert client.get("/lindenau/sign-language/video")["Content-Type"] == "video/mp4"


VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen im Portal.\n".encode()


def test_a_coordinator_uploads_webvtt_captions_beside_the_video_and_only_webvtt(client, town, people):
    client.force_login(people["coordinator"])
    url = u(town, "edit", "gebaerdensprache")
    form = {"body": "<p>DGS</p>", "transcript": "Text"}
    no_video = client.post(url, {**form, "captions": SimpleUploadedFile("a.vtt", VTT, "text/vtt")})
    assert "laden Sie zuerst das Video hoch" in no_video.content.decode()
    client.post(url, {**form, "video": SimpleUploadedFile("a.mp4", MP4, "video/mp4")})
    for name, data, error in (
            ("a.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nSRT\n", "Nur Untertitel im Format WebVTT"),
            ("a.vtt", b"WEBVTTX\n", "Nur Untertitel im Format WebVTT"),
            ("a.vtt", b"WEBVTT\n\xff\xfe", "Nur Untertitel im Format WebVTT"),
            ("a.vtt", b"WEBVTT\n" + b"x" * (1024 * 1024), "größer als 1024 KB")):
        refused = client.post(url, {**form, "captions": SimpleUploadedFile(name, data, "text/vtt")})
        assert refused.status_code == 200 and error in refused.content.decode(), name
        assert not SitePage.objects.get(kind="gebaerdensprache").captions
    with_bom = "\ufeff".encode() + VTT
    assert client.post(url, {**form, "captions": SimpleUploadedFile("a.vtt", with_bom, "text/vtt")}).status_code == 302
    captions = client.get("/lindenau/sign-language/captions.vtt")
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(captions.streaming_content) == with_bom
    assert '<track kind="captions" srclang="de"' in client.get("/lindenau/sign-language/").content.decode()
    # removing the video removes its captions too
    client.post(url, {**form, "remove_video": "on"})
    assert client.get("/lindenau/sign-language/captions.vtt").status_code == 404
    assert not SitePage.objects.get(kind="gebaerdensprache").captions


def test_only_coordinators_upload_captions(client, town, people):
    url = u(town, "edit", "gebaerdensprache")
    client.force_login(people["coordinator"])
    client.post(url, {"body": "<p>DGS</p>", "transcript": "Text", "video": SimpleUploadedFile("a.mp4", MP4, "video/mp4")})
    for name, person in people.items():
        if name in ("coordinator", "kreis_coordinator") or person is None:
            continue
        client.force_login(person)
        response = client.post(url, {"body": "<p>DGS</p>", "transcript": "Text",
                                     "captions": SimpleUploadedFile("a.vtt", VTT, "text/vtt")})
        assert response.status_code == 403, name
    client.logout()
    assert client.post(url, {"captions": SimpleUploadedFile("a.vtt", VTT, "text/vtt")}).status_code == 302  # log-in
    assert not SitePage.objects.get(kind="gebaerdensprache").captions


def test_an_unknown_page_is_not_found(client, town, people):
    client.force_login(people["coordinator"])
    assert client.get(u(town, "edit", "unbekannt")).status_code == 404
