"""The office's work around a meeting (issue 13 §5): deadlines with warnings, the invitation
by e-mail to the members through the job queue and a real SMTP server, the reminder job,
the members' addresses deleted after their last membership, the minutes with their
approval in the next meeting and as PDF."""
import datetime
import email
import email.policy
import io
import logging

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from teilhabe.council import actions, deadlines, reminders, retention
from teilhabe.council.models import AgendaItem, Consultation, Meeting, MeetingMail, Membership, Paper, Person
from teilhabe.jobs import run_pending
from teilhabe.jobs.models import Job
from tests import builders as b
from tests.council import builders as cb
from tests.participation.test_mail_smtp import smtp  # noqa: F401  (the SMTP server on loopback)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = cb.world(b.municipality(parent=b.municipality(kind="kreis")))
    w.users = b.personas(w.m)
    w.body.invitation_days, w.body.papers_days = 7, 2
    w.body.save()
    return w


def soon(w, days=3):
    """A meeting of the Integrationsrat in `days` days, with a draft paper on its agenda."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    meeting = Meeting.objects.create(municipality=w.m, organization=w.irat, name="7. Sitzung des Integrationsrats",
                                     start=start, location=w.hall)
    item = AgendaItem.objects.create(meeting=meeting, number="1", name="Haushalt")
    Consultation.objects.create(paper=w.draft, organization=w.irat, meeting=meeting, agenda_item=item,
                                role="notice")
    return meeting


def test_the_meeting_page_shows_the_deadlines_and_warns_when_one_is_missed(client, w):
    meeting = soon(w)  # invitation due 4 days ago, not sent; papers due tomorrow, one a draft
    client.force_login(w.users["viewer"])
    url = reverse("council_office:meeting", args=[w.m.slug, meeting.pk])
    html = client.get(url).content.decode()
    due = (timezone.localtime(meeting.start).date() - datetime.timedelta(days=7)).strftime("%d.%m.%Y")
    assert f"Einladung: bis {due}" in html and "Frist versäumt: noch nicht erledigt" in html
    assert "Vorlagen: bis" in html and "offen" in html and "2024/002" in html
    meeting.invitation_date = timezone.localdate()
    meeting.save()
    html = client.get(url).content.decode()
    assert "Frist versäumt: erst am " + timezone.localdate().strftime("%d.%m.%Y") in html
    # met in time: no warning
    (invitation, papers) = deadlines.for_meeting(meeting)
    assert invitation.missed(timezone.localdate()) and not papers.missed(timezone.localdate())
    assert papers.missing == [w.draft]
    w.body.invitation_days = None
    w.body.save()
    assert [d.kind for d in deadlines.for_meeting(meeting)] == ["papers"]


def test_the_invitation_goes_once_to_each_member_with_its_files_through_smtp(client, w, smtp, caplog):  # noqa: F811
    newcomer = Person.objects.create(municipality=w.m, given_name="Nia", family_name="Neumitglied",
                                     email="nia@beispiel.example")
    Membership.objects.create(person=newcomer, organization=w.irat)
    ended = Person.objects.create(municipality=w.m, family_name="Ehemalig", email="alt@beispiel.example")
    Membership.objects.create(person=ended, organization=w.irat, end_date=datetime.date(2023, 12, 31))
    client.force_login(w.users["coordinator"])
    url = reverse("council_office:invite", args=[w.m.slug, w.held.pk])
    caplog.set_level(logging.DEBUG)
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Die Einladung geht an 2 Mitglieder." in html and "Otto Ohnezustimmung" in html  # no address
    again = client.post(url, follow=True).content.decode()  # a second click
    assert "Alle Mitglieder mit E-Mail-Adresse sind schon eingeladen" in again
    assert run_pending() == 2 and run_pending() == 0
    received = {}
    for raw in smtp.messages:
        message = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
        received[message["To"]] = message
    assert set(received) == {"aylin@beispiel.example", "nia@beispiel.example"}  # not the former member
    message = received["nia@beispiel.example"]
    assert message["Subject"] == "Einladung: 5. Sitzung des Integrationsrats"
    assert message["Reply-To"] == "rat@stadt.example"
    names = [part.get_filename() for part in message.iter_attachments()]
    # the invitation first; the paper's file, and the non-public item's file for members
    assert names[0] == "einladung.pdf" and {"vorlage.pdf", "geheim-anlage.pdf"} <= set(names)
    assert "niederschrift.pdf" not in names and "entwurf.pdf" not in names
    assert all(part.get_payload(decode=True).startswith(b"%PDF-") for part in message.iter_attachments())
    records = MeetingMail.objects.filter(meeting=w.held, kind="invitation")
    assert records.count() == 2 and all(r.sent_at and r.queued_by == w.users["coordinator"] for r in records)
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]  # not the test's server
    assert "beispiel.example" not in " ".join(ours)
    assert "beispiel.example" not in str(list(Job.objects.values_list("payload", "last_error")))
    # the office sees who was invited when; a viewer too, without any address
    client.force_login(w.users["viewer"])
    html = client.get(reverse("council_office:meeting", args=[w.m.slug, w.held.pk])).content.decode()
    assert "Nia Neumitglied" in html and "beispiel.example" not in html
    person = reverse("council_office:person", args=[w.m.slug, w.chair.pk])
    assert "aylin@beispiel.example" not in client.get(person).content.decode()
    client.force_login(w.users["coordinator"])
    assert "aylin@beispiel.example" in client.get(person).content.decode()  # the office's


def test_the_invitation_mail_is_refused_to_all_but_the_office(client, w):
    url = reverse("council_office:invite", args=[w.m.slug, w.held.pk])
    for persona in ("viewer", "editor", "outsider", "other_coordinator"):
        client.force_login(w.users[persona])
        assert client.post(url).status_code == 403, persona
    client.logout()
    assert client.post(url).status_code == 302
    assert not MeetingMail.objects.exists() and not Job.objects.filter(name="council.mail").exists()


def test_the_reminder_job_reminds_the_office_of_deadlines_and_the_members_of_the_meeting_once(w):
    meeting = soon(w, days=1)
    assert reminders.remind() == 2  # the office: invitation and papers, both not met
    meeting.state = Meeting.State.INVITED
    meeting.save()
    assert reminders.remind() == 1  # the chair (the other member has no address); the office not again
    assert reminders.remind() == 0
    run_pending()
    subjects = sorted((m.to[0], m.subject) for m in django_mail.outbox)
    day = timezone.localtime(meeting.start).strftime("%d.%m.%Y")
    assert ("aylin@beispiel.example", f"Erinnerung: 7. Sitzung des Integrationsrats am {day}") in subjects
    office = [s for to, s in subjects if to == "rat@stadt.example"]
    assert len(office) == 2 and any(s.startswith("Frist: Vorlagen") for s in office)
    papers = next(m for m in django_mail.outbox if m.subject.startswith("Frist: Vorlagen"))
    assert "2024/002 Entwurfsvorlage Haushalt" in papers.body
    # a meeting far off gets no reminder yet
    soon(w, days=30)
    assert reminders.remind() == 0


def test_a_members_address_is_deleted_once_the_last_membership_has_ended(w):
    today = timezone.localdate()
    w.chair_membership.end_date = today - datetime.timedelta(days=1)
    w.chair_membership.save()
    other = Person.objects.create(municipality=w.m, family_name="Bleibt", email="bleibt@beispiel.example")
    Membership.objects.create(person=other, organization=w.irat, end_date=today)
    deleted = Person.objects.create(municipality=w.m, family_name="Gelöscht", email="weg@beispiel.example")
    Membership.objects.create(person=deleted, organization=w.irat)
    actions.soft_delete(deleted)
    assert retention.purge_addresses() == 2
    for person in (w.chair, other, deleted):
        person.refresh_from_db()
    assert (w.chair.email, deleted.email, other.email) == ("", "", "bleibt@beispiel.example")
    assert retention.purge_addresses() == 0
    from teilhabe.municipalities.history import history_for
    assert "aylin@beispiel.example" not in str(list(history_for(w.chair).values_list("changes", flat=True)))


def test_minutes_are_written_approved_in_the_next_meeting_and_laid_out_without_non_public_content(client, w):
    held = w.held
    held.minutes_text = "Die Vorsitzende eröffnet die Sitzung."
    held.save()
    w.open_item.minutes = "Aussprache über Kurse am Abend."
    w.open_item.save()
    w.closed_item.minutes = "Vertraulich beschlossen nach Aussprache."
    w.closed_item.save()
    held.minutes_approved_on = None
    held.save()
    client.force_login(w.users["coordinator"])
    # the approval: an item of the next meeting linked to these minutes, its result recorded
    new_item = reverse("council_office:agenda_item_new", args=[w.m.slug, w.upcoming.pk])
    data = {"number": "1", "public": "on", "name": "Genehmigung der Niederschrift", "result": "",
            "approves_minutes_of": held.pk, "consultation_role": "notice"}
    assert client.post(new_item, data).status_code == 302
    held.refresh_from_db()
    assert held.minutes_approved_on is None  # no result yet: not approved
    item = w.upcoming.agenda_items.get(name="Genehmigung der Niederschrift")
    edit = reverse("council_office:agenda_item_edit", args=[w.m.slug, w.upcoming.pk, item.pk])
    assert client.post(edit, {**data, "result": "einstimmig genehmigt"}).status_code == 302
    held.refresh_from_db()
    assert held.minutes_approved_on == timezone.localtime(w.upcoming.start).date()
    # an approval item may name only an earlier meeting of the same body
    data_later = {**data, "approves_minutes_of": w.upcoming.pk}
    response = client.post(reverse("council_office:agenda_item_new", args=[w.m.slug, held.pk]), data_later)
    assert response.status_code == 200 and "approves_minutes_of" in response.content.decode()

    assert client.post(reverse("council_office:minutes", args=[w.m.slug, held.pk])).status_code == 302
    protocol = held.files.alive().get(role="results_protocol")
    w.minutes.refresh_from_db()
    assert w.minutes.deleted_at is not None  # the uploaded one replaced
    with protocol.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    for expected in ("Niederschrift: 5. Sitzung des Integrationsrats", "Die Vorsitzende eröffnet die Sitzung.",
                     "TOP 1: Sprachkurse 2024", "Aussprache über Kurse am Abend.", "einstimmig beschlossen",
                     "Abstimmung: einstimmig", "TOP 2: nicht öffentlicher Punkt", "Aylin Beispielfrau",
                     "1 weitere Person", "Genehmigt am"):
        assert expected in text, expected
    for secret in (*cb.SECRETS, "Aussprache.", "Otto"):
        assert secret not in text, secret
    # the public gets it through OParl as the meeting's results protocol
    data = client.get(f"/oparl/v1/meeting/{held.pk}").json()
    assert data["resultsProtocol"]["id"].endswith(f"/file/{protocol.pk}")
    assert client.get(f"/oparl/v1/file/{protocol.pk}/access").status_code == 200


def test_the_council_settings_are_the_offices(client, w):
    url = reverse("council_office:body_edit", args=[w.m.slug])
    form = {"name": "Stadt Herten", "license": "https://creativecommons.org/licenses/by/4.0/",
            "invitation_days": "7", "papers_days": "-1", "contact_email": "rat@stadt.example"}
    for persona in ("viewer", "editor", "outsider", "other_coordinator"):
        client.force_login(w.users[persona])
        assert client.post(url, form).status_code == 403, persona
    client.force_login(w.users["coordinator"])
    response = client.post(url, form)
    assert response.status_code == 200 and "papers_days" in response.content.decode()  # named on its field
    assert client.post(url, {**form, "papers_days": "10"}).status_code == 302
    w.body.refresh_from_db()
    assert (w.body.papers_days, w.body.license) == (10, "https://creativecommons.org/licenses/by/4.0/")
    assert client.get("/oparl/v1/body/%d" % w.m.pk).json()["license"] == w.body.license
