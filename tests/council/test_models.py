"""The council models: what is public (`is_public` and `.public()` say the same), files
checked on upload, soft deletion, consent, and `modified` of embedding objects."""
import pytest
from django.core.exceptions import ValidationError

from teilhabe.council import actions
from teilhabe.council.models import (
    MAX_FILE_BYTES, AgendaItem, Consultation, File, LegislativeTerm, Location, Meeting, Membership, Organization,
    Paper, Person,
)

from .builders import upload, world

pytestmark = pytest.mark.django_db
MODELS = [LegislativeTerm, Location, Organization, Person, Membership, Meeting, AgendaItem, Paper, Consultation, File]


@pytest.fixture
def w():
    return world()


def test_is_public_and_public_querysets_agree_on_every_object(w):
    for model in MODELS:
        public = set(model.objects.public().values_list("pk", flat=True))
        assert public == {obj.pk for obj in model.objects.all() if obj.is_public}, model.__name__
    assert not w.hidden.is_public and not w.hidden_membership.is_public and not w.draft.is_public
    assert w.closed_item.is_public and not w.closed_item.content_public
    assert not Consultation.objects.get(pk=w.closed_consultation.pk).is_public
    assert not File.objects.get(pk=w.closed_file.pk).is_public and not File.objects.get(pk=w.draft_file.pk).is_public


def test_consent_publishes_a_person_and_withdrawing_it_hides_them_again(w):
    actions.record_consent(w.hidden)
    assert Person.objects.public().filter(pk=w.hidden.pk).exists()
    assert Membership.objects.public().filter(pk=w.hidden_membership.pk).exists()
    actions.withdraw_consent(w.hidden)
    assert not Person.objects.public().filter(pk=w.hidden.pk).exists()
    assert not Membership.objects.public().filter(pk=w.hidden_membership.pk).exists()


def test_only_pdfs_within_the_size_limit_are_stored(w):
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.paper, upload("bild.pdf", b"\x89PNG\r\n\x1a\n..."), name="Bild")
    assert "file" in error.value.message_dict
    too_big = upload("gross.pdf")
    too_big.size = MAX_FILE_BYTES + 1
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.paper, too_big, name="Groß")
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.paper, upload("einladung.pdf"), name="Einladung", role="invitation")
    assert "role" in error.value.message_dict
    assert File.objects.filter(name__in=["Bild", "Groß", "Einladung"]).count() == 1  # the meeting's


def test_a_stored_file_keeps_its_checksums_size_and_is_named_by_its_content(w):
    f = File.objects.get(pk=w.main.pk)
    content = f.file.open("rb").read()
    assert (f.size, f.sha1) == (len(content), File.digests(content)[0])
    assert f.file.name == f"council/{w.m.pk}/{f.sha1}.pdf" and f.file_name == "vorlage.pdf"


def test_soft_deletion_keeps_the_row_and_renews_modified(w):
    before = w.chair_membership.modified_at
    actions.soft_delete(w.chair_membership)
    membership = Membership.objects.get(pk=w.chair_membership.pk)
    assert membership.deleted_at is not None and membership.modified_at > before
    assert Person.objects.get(pk=w.chair.pk).modified_at == membership.modified_at


def test_a_unanimous_vote_has_no_votes_against(w):
    w.consultation.votes_no = 2
    with pytest.raises(ValidationError) as error:
        w.consultation.full_clean()
    assert "unanimous" in error.value.message_dict
