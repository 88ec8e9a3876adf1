"""What the council's back-office pages do for the office: a meeting made with an agenda
item dealing with a paper, consent recorded with who did it, a paper's path through the
bodies, PDF uploads checked, and every wrong input named on its field — never a 500."""
import pytest
from pypdf import PdfReader
from django.urls import reverse
from django.utils import timezone

from teilhabe.council.models import AgendaItem, Consultation, File, Meeting, Paper
from teilhabe.municipalities.models import ChangeRecord
from tests import builders as b
from tests.council import builders as cb


@pytest.fixture
def world(db):
    w = cb.world(b.municipality(parent=b.municipality(kind="kreis")))
    w.coordinator = b.user(role="coordinator", municipality=w.m)
    return w


@pytest.fixture
def office(client, world):
    client.force_login(world.coordinator)
    return client


def url(w, name, *args):
    return reverse(f"council_office:{name}", args=[w.m.slug, *args])


def errors(response):
    assert response.status_code == 200
    return response.context["form"].errors


def test_a_meeting_is_made_and_gets_an_agenda_item_dealing_with_a_paper(office, world):
    response = office.post(url(world, "meeting_new"), {
        "organization": world.irat.pk, "name": "7. Sitzung", "start": "2025-03-04T17:00", "location": world.hall.pk,
        "state": "planned"})
    meeting = Meeting.objects.get(name="7. Sitzung")
    assert response["Location"] == url(world, "meeting", meeting.pk)
    assert meeting.municipality == world.m and timezone.localtime(meeting.start).hour == 17
    office.post(url(world, "agenda_item_new", meeting.pk), {
        "number": "1", "name": "Sprachkurse", "public": "on", "paper": world.paper.pk,
        "consultation_role": "decision"})
    item = AgendaItem.objects.get(meeting=meeting)
    consultation = Consultation.objects.get(agenda_item=item)
    assert (consultation.paper, consultation.meeting, consultation.organization, consultation.role) == (
        world.paper, meeting, world.irat, "decision")
    html = office.get(url(world, "paper", world.paper.pk)).content.decode()
    # The path: Integrationsrat (held meeting), the new meeting, the council's decision.
    assert "7. Sitzung" in html and "Rat der Stadt" in html and "Entscheidung" in html


def test_wrong_input_is_named_on_its_field_and_nothing_is_saved(office, world):
    assert set(errors(office.post(url(world, "meeting_new"), {
        "organization": world.irat.pk, "name": "X", "start": "2025-03-04T17:00", "end": "2025-03-04T16:00",
        "state": "planned"}))) == {"end"}
    assert set(errors(office.post(url(world, "meeting_new"), {
        "organization": "99999999999999999999", "name": "X", "start": "morgen", "state": "??"}))) == {
        "organization", "start", "state"}
    assert set(errors(office.post(url(world, "paper_new"), {
        "kind": "proposal", "name": "Doppelt", "reference": world.paper.reference, "date": "2024-01-01"}))) == {
        "reference"}
    assert set(errors(office.post(url(world, "consultation_new", world.paper.pk), {
        "organization": world.irat.pk, "meeting": world.upcoming.pk, "agenda_item": world.open_item.pk,
        "role": "decision"}))) == {"agenda_item"}
    assert set(errors(office.post(url(world, "membership_new", world.chair.pk), {
        "organization": world.council.pk, "role": "member", "voting_right": "on", "start_date": "2024-05-01",
        "end_date": "2024-01-01"}))) == {"end_date"}
    assert not Meeting.objects.filter(name="X").exists() and not Paper.objects.filter(name="Doppelt").exists()


def test_another_towns_body_is_an_invalid_choice(office, world):
    other = cb.world(b.municipality())
    assert "organization" in errors(office.post(url(world, "meeting_new"), {
        "organization": other.irat.pk, "name": "X", "start": "2025-03-04T17:00", "state": "planned"}))


def test_consent_is_recorded_with_who_recorded_it_and_withdrawn(office, world):
    office.post(url(world, "consent_record", world.hidden.pk))
    world.hidden.refresh_from_db()
    assert world.hidden.is_public
    record = ChangeRecord.objects.filter(object_id=world.hidden.pk).latest("pk")
    assert record.user == world.coordinator and "consent_at" in record.changes
    html = office.get(url(world, "person", world.hidden.pk)).content.decode()
    assert "Erteilt am" in html
    office.post(url(world, "consent_withdraw", world.hidden.pk))
    world.hidden.refresh_from_db()
    assert not world.hidden.is_public


def test_a_pdf_is_uploaded_and_anything_else_refused_on_the_file_field(office, world):
    response = office.post(url(world, "file_upload", "paper", world.paper.pk), {
        "name": "Vorlage", "role": "main", "file": cb.upload("vorlage.pdf")})
    assert response.status_code == 302
    assert world.paper.files.filter(name="Vorlage", role="main").exists()
    refused = office.post(url(world, "file_upload", "agenda_item", world.open_item.pk), {
        "name": "Bild", "role": "auxiliary", "file": cb.upload("bild.pdf", content=b"\x89PNG....")})
    assert "file" in errors(refused) and not File.objects.filter(name="Bild").exists()
    # An invitation belongs to a meeting, not to a paper: the role field says so.
    assert "role" in errors(office.post(url(world, "file_upload", "paper", world.paper.pk), {
        "name": "Einladung", "role": "invitation", "file": cb.upload()}))


def test_the_agenda_is_reordered_and_a_wrong_position_is_named(office, world):
    open_item, closed_item = world.open_item, world.closed_item
    response = office.post(url(world, "agenda_order", world.held.pk),
                           {f"position-{open_item.pk}": "x", f"position-{closed_item.pk}": "1"}, follow=True)
    assert "Position von TOP 1" in response.content.decode()
    assert list(world.held.agenda_items.values_list("pk", flat=True)) == [open_item.pk, closed_item.pk]
    office.post(url(world, "agenda_order", world.held.pk),
                {f"position-{open_item.pk}": "5", f"position-{closed_item.pk}": "1"})
    assert list(world.held.agenda_items.values_list("pk", flat=True)) == [closed_item.pk, open_item.pk]


def test_deleting_is_soft_and_the_object_leaves_the_office_pages(office, world):
    office.post(url(world, "delete", "paper", world.draft.pk), follow=True)  # the message is shown
    draft = Paper.objects.get(pk=world.draft.pk)
    assert draft.deleted_at is not None
    assert "Entwurfsvorlage" not in office.get(url(world, "papers")).content.decode()
    assert office.get(url(world, "paper", draft.pk)).status_code == 404


def test_a_meeting_is_prepared_from_open_papers_and_invited_with_a_pdf(office, world):
    waiting = Consultation.objects.create(paper=world.paper, organization=world.irat, role="notice")
    draft = Consultation.objects.create(paper=world.draft, organization=world.irat, role="preliminary")
    page = office.get(url(world, "prepare", world.upcoming.pk)).content.decode()
    assert world.draft.reference in page
    assert f'value="{world.decision.pk}"' not in page  # the council's consultation waits for the council
    assert office.post(url(world, "prepare", world.upcoming.pk), {"consultation": ["x", "9" * 30]}).status_code == 200
    office.post(url(world, "prepare", world.upcoming.pk), {"consultation": [waiting.pk, draft.pk]})
    waiting.refresh_from_db()
    draft.refresh_from_db()
    assert waiting.meeting == world.upcoming and waiting.agenda_item.name == world.paper.name
    assert [waiting.agenda_item.number, draft.agenda_item.number] == ["1", "2"]
    assert waiting.agenda_item.public and not draft.agenda_item.public  # a draft's title stays in the office
    AgendaItem.objects.create(meeting=world.upcoming, number="3", order=5, public=False, name="Geheime Personalie")
    AgendaItem.objects.filter(pk=draft.agenda_item_id).update(public=True, name="Haushalt")  # made public by hand
    office.post(url(world, "invitation", world.upcoming.pk))
    world.upcoming.refresh_from_db()
    invitation = world.upcoming.files.get(role="invitation")
    assert world.upcoming.invitation_date == timezone.localdate() and world.upcoming.state == "invited"
    with invitation.file.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(stored).pages)
    assert world.paper.name in text and "nicht öffentlicher Punkt" in text
    # The invitation file is public (OParl): no non-public item's name, no draft's title.
    assert "Geheime Personalie" not in text and "Entwurfsvorlage" not in text
    assert "Haushalt" in text and world.draft.reference not in text


def test_attendance_is_kept_without_names_in_the_history(office, world):
    data = {"organization": world.irat.pk, "name": world.held.name, "start": "2024-03-05T17:00", "state": "held",
            "participants": [world.hidden.pk]}  # the world has both: a change
    office.post(url(world, "meeting_edit", world.held.pk), data)
    assert set(world.held.participants.all()) == {world.hidden}
    assert "Ohnezustimmung" in office.get(url(world, "meeting", world.held.pk)).content.decode()
    record = ChangeRecord.objects.filter(object_id=world.held.pk, changes__has_key="participants").latest("pk")
    assert "Beispielfrau" not in str(record.changes) and "Ohnezustimmung" not in str(record.changes)
    foreign = cb.world(b.municipality()).chair
    assert "participants" in errors(office.post(url(world, "meeting_edit", world.held.pk),
                                                {**data, "participants": [foreign.pk]}))
