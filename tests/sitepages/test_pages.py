"""The pages themselves: a default text until the coordinator saves one; rich text
cleaned, with history; the sign-language video checked by its content, stored through
the storage API, never without its text alternative."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.municipalities import history
from teilhabe.sitepages import actions
from teilhabe.sitepages.models import SitePage
from tests import builders as b

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


@pytest.fixture
def town():
    town = b.municipality("lindenau")
    town.office_email = "integration@lindenau.example"
    town.save()
    return town


def test_a_page_never_saved_has_the_default_text_and_a_visit_writes_nothing(town):
    page = actions.page_for(town, SitePage.Kind.IMPRINT)
    assert page.pk is None and "integration@lindenau.example" in page.body
    easy = actions.page_for(town, SitePage.Kind.EASY_LANGUAGE).body
    assert "Integrations·konzept" in easy  # Mediopunkt in long compounds
    assert not SitePage.objects.exists()


def test_it_cleans_the_rich_text_and_keeps_the_history(town):
    coordinator = b.user(role="coordinator", municipality=town)
    page = actions.page_for(town, SitePage.Kind.PRIVACY)
    page.body = '<p onclick="x()">Neu</p><script>alert(1)</script><a href="javascript:x()">l</a>'
    actions.save_page(page, user=coordinator)
    page.refresh_from_db()
    assert "script" not in page.body and "onclick" not in page.body and "javascript" not in page.body
    assert "<p>Neu</p>" in page.body
    (record,) = history.history_for(page)
    assert record.user == coordinator


def test_a_video_is_checked_by_its_content_and_needs_its_text(town):
    coordinator = b.user(role="coordinator", municipality=town)
    page = actions.page_for(town, SitePage.Kind.SIGN_LANGUAGE)
    with pytest.raises(ValidationError) as refused:
        actions.set_video(page, SimpleUploadedFile("film.mp4", b"%PDF-1.4 no video", "video/mp4"),
                          transcript="Text", user=coordinator)
    assert "video" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        actions.set_video(page, SimpleUploadedFile("film.mp4", MP4, "video/mp4"), transcript=" ", user=coordinator)
    assert "transcript" in refused.value.error_dict
    actions.set_video(page, SimpleUploadedFile("film.mp4", MP4, "video/mp4"), transcript="Hallo.", user=coordinator)
    page.refresh_from_db()
    assert page.video_type == "video/mp4" and page.video.storage.exists(page.video.name)
    assert "film" not in page.video.name  # our name, not the uploader's
