"""Rules of participation: field errors, spam protection, double submits, states with
reasons, the waiting list, anonymous tallies with "< 5", privacy and retention."""
import datetime
import json
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teilhabe.jobs import run_pending
from teilhabe.municipalities.models import ChangeRecord
from teilhabe.participation import actions, stats
from teilhabe.participation.models import AttendanceTally, Event, Idea, ParticipationSettings, Registration, Support
from tests import builders as b

from . import builders as pb

pytestmark = pytest.mark.django_db


def test_it_names_each_wrong_field_on_the_registration_form(client):
    m = pb.town()
    event = pb.event(m)
    response = client.post(reverse("participation:event", args=[m.slug, event.pk]),
                           {"name": "", "email": "kein-mail", "sd_migration": "vielleicht"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "consent", "sd_migration"}
    assert not event.registrations.exists()


def test_it_ignores_a_filled_honeypot(client):
    m = pb.town()
    event = pb.event(m)
    client.post(reverse("participation:event", args=[m.slug, event.pk]),
                {"name": "Bot", "email": "bot@example.org", "consent": "on", "homepage": "http://spam"})
    assert not event.registrations.exists()


def test_it_rate_limits_ideas_per_address(client, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {"idea": {"ip": (2, 3600)}}
    m = pb.town()
    field = m.concepts.first().fields.first()
    codes = [client.post(reverse("participation:idea_new", args=[m.slug]), {
        "title": f"Idee {n}", "description": "x", "field": field.pk, "email": "a@example.org",
        "consent": "on"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Idea.objects.count() == 2


def test_it_makes_one_idea_of_a_double_submit(client):
    m = pb.town()
    field = m.concepts.first().fields.first()
    data = {"title": "Idee", "description": "x", "field": field.pk, "email": "a@example.org", "consent": "on",
            "form_token": "t-1"}
    for _ in range(2):
        client.post(reverse("participation:idea_new", args=[m.slug]), data)
    assert Idea.objects.count() == 1


def test_it_refuses_a_decision_without_reason_and_a_skipped_state():
    m = pb.town()
    idea = pb.idea(m, status="published")
    with pytest.raises(ValidationError) as error:
        actions.change_idea_status(idea=idea, to_status="rejected", user=None)
    assert "reason" in error.value.error_dict
    with pytest.raises(ValidationError):
        actions.change_idea_status(idea=idea, to_status="implemented", user=None, reason="x")
    actions.change_idea_status(idea=idea, to_status="rejected", user=None, reason="Gibt es schon.")
    idea.refresh_from_db()
    assert idea.status == "rejected" and idea.decision_reason == "Gibt es schon." and idea.decided_at


def test_it_holds_web_ideas_for_moderation_when_the_town_wants_it():
    m = pb.town()
    ParticipationSettings.objects.create(municipality=m, moderation=True)
    idea, _ = actions.submit_idea(municipality=m, title="T", description="D", field=m.concepts.first().fields.first(),
                                  email="a@example.org", consent=True)
    actions.confirm_idea_email(idea=idea)
    idea.refresh_from_db()
    assert idea.status == "submitted" and not idea.is_public


def test_it_mails_the_submitter_at_each_change():
    m = pb.town()
    idea = pb.idea(m, status="published")
    actions.change_idea_status(idea=idea, to_status="in_discussion", user=None)
    actions.change_idea_status(idea=idea, to_status="accepted", user=None, reason="Machen wir.")
    run_pending()
    assert [msg.to for msg in mail.outbox] == [["idee@example.org"]] * 2
    assert "Machen wir." in mail.outbox[-1].body


def test_it_counts_support_once_per_person_after_confirmation():
    m = pb.town()
    idea = pb.idea(m)
    support, state = actions.support_idea(idea=idea, email="Fan@Example.org")
    assert state == "new" and support.email == "fan@example.org"
    again, state = actions.support_idea(idea=idea, email="fan@example.org")
    assert again.pk == support.pk and state == "pending"
    actions.confirm_support(support=support)
    _, state = actions.support_idea(idea=idea, email="FAN@example.org")
    assert state == "confirmed"
    assert Support.objects.get().email == "" and idea.supports.filter(confirmed_at__isnull=False).count() == 1


def test_it_shows_a_hidden_comment_reason_to_the_author(client):
    m = pb.town()
    idea = pb.idea(m)
    comment, _ = actions.add_comment(idea=idea, body="Unsinn!", email="c@example.org")
    actions.confirm_comment(comment=comment)
    actions.report_comment(comment=comment, reason="beleidigend")
    with pytest.raises(ValidationError):
        actions.hide_comment(comment=comment, reason=" ", user=None)
    actions.hide_comment(comment=comment, reason="Beleidigung", user=None)
    page = client.get(reverse("participation:private_comment", args=[comment.token])).content.decode()
    assert "Beleidigung" in page
    public = client.get(reverse("participation:idea", args=[m.slug, idea.pk])).content.decode()
    assert "Unsinn!" not in public


def test_it_represents_herten_2009_and_hides_small_groups():
    m = pb.town()
    event = pb.event(m, days=-10)
    event = actions.record_attendance(event=event, user=None, guests_counted=104,
                              tallies={"migration": {"yes": 56, "no": 45, "none": 3}})
    report = stats.event_report(event)
    assert report["guests_display"] == "104"
    (migration,) = [c for c in report["categories"] if c["key"] == "migration"]
    rows = {r["answer"]: r for r in migration["rows"]}
    assert rows["yes"]["display"] == "56" and rows["yes"]["percent"] == 54
    # "keine Angabe" is 3, and "nein" is hidden too, so 3 cannot be worked out from the total.
    assert rows["none"]["display"] == "< 5" and rows["no"]["display"] == "< 5"
    csv_text = "\n".join(";".join(r) for r in stats.report_csv_rows(event))
    assert "< 5" in csv_text and ";3;" not in csv_text and ";45;" not in csv_text


def test_it_stores_self_descriptions_only_as_counts():
    m = pb.town()
    event = pb.event(m)
    for n in range(3):
        actions.register(event=event, name=f"P{n}", email=f"p{n}@example.org", consent=True,
                         self_description={"migration": "yes"})
    assert AttendanceTally.objects.get(event=event, category="migration", answer="yes").count == 3
    field_names = {f.name for f in Registration._meta.get_fields()}
    assert not any("migration" in name for name in field_names)
    assert stats.question({"yes": 3})[1][0]["display"] == "< 5"


def test_it_moves_up_when_staff_add_places(client):
    m = pb.town()
    event = pb.event(m, capacity=1)
    for n in range(3):
        actions.register(event=event, name=f"P{n}", email=f"p{n}@example.org", consent=True)
    client.force_login(b.user(role="coordinator", municipality=m))
    data = {"kind": "conference", "title": event.title, "starts_at": "2099-01-01T10:00",
            "ends_at": "2099-01-01T12:00", "capacity": 2, "registration_open": "on", "is_public": "on"}
    response = client.post(reverse("participation_backoffice:event_edit", args=[m.slug, event.pk]), data)
    assert response.status_code == 302
    assert event.registrations.filter(status="registered").count() == 2


def test_it_names_the_wrong_field_on_the_event_form(client):
    m = pb.town()
    client.force_login(b.user(role="coordinator", municipality=m))
    response = client.post(reverse("participation_backoffice:event_new", args=[m.slug]), {
        "kind": "conference", "title": "", "starts_at": "2099-01-01T10:00", "ends_at": "2098-01-01T10:00",
        "capacity": "-1"})
    assert response.status_code == 200
    assert {"title", "ends_at", "capacity"} <= set(response.context["form"].errors)
    assert not Event.objects.exists()


def test_it_exports_and_deletes_a_registration_through_the_private_link(client):
    m = pb.town()
    event = pb.event(m, capacity=1)
    first, _ = actions.register(event=event, name="Ada", email="ada@example.org", consent=True)
    second, _ = actions.register(event=event, name="Ben", email="ben@example.org", consent=True)
    data = json.loads(client.get(reverse("participation:private_registration_export", args=[first.token])).content)
    assert data["registration"]["email"] == "ada@example.org"
    client.post(reverse("participation:private_registration_delete", args=[first.token]))
    first.refresh_from_db()
    assert (first.name, first.email, first.anonymised_at is not None) == ("", "", True)
    assert client.get(reverse("participation:private_registration", args=[first.token])).status_code == 404
    second.refresh_from_db()
    assert second.status == "registered"


def test_it_purges_contact_data_after_the_retention_period(caplog):
    m = pb.town()
    old = pb.event(m, days=-200)
    recent = pb.event(m, days=-20)
    Registration.objects.create(event=old, name="Alt", email="alt@example.org", status="registered",
                                consent_at=timezone.now(), check_in_code="AAAAAA")
    Registration.objects.create(event=recent, name="Neu", email="neu@example.org", status="registered",
                                consent_at=timezone.now(), check_in_code="BBBBBB")
    decided = pb.idea(m, status="published", submitter_name="Name")
    actions.change_idea_status(idea=decided, to_status="rejected", user=None, reason="nein")
    Idea.objects.filter(pk=decided.pk).update(decided_at=timezone.now() - datetime.timedelta(days=200))
    open_idea = pb.idea(m, status="published")
    with caplog.at_level(logging.DEBUG):
        call_command("purge-personal-data", verbosity=0)
    assert set(Registration.objects.values_list("email", flat=True)) == {"", "neu@example.org"}
    decided.refresh_from_db()
    open_idea.refresh_from_db()
    assert decided.submitter_email == "" and decided.submitter_name == "" and decided.title
    assert open_idea.submitter_email == "idee@example.org"
    assert "alt@example.org" not in caplog.text and "idee@example.org" not in caplog.text
    history = json.dumps([r.changes for r in ChangeRecord.objects.all()])
    assert "idee@example.org" not in history and "Name" not in history.replace("submitter_name", "")


def test_it_loads_the_participation_demo_as_the_seeds_describe_it():
    call_command("demo", "--quiet")
    herten = Event.objects.get(municipality__slug="herten", kind="conference", starts_at__year=2009)
    assert herten.place_name == "Glashaus" and herten.starts_at.year == 2009 and herten.guests_counted > 100
    report = stats.event_report(herten)
    yes = [r for c in report["categories"] if c["key"] == "migration" for r in c["rows"] if r["answer"] == "yes"][0]
    assert yes["percent"] > 50
    idea = Idea.objects.get(title="Stadtrundfahrten mit Migranten")
    assert idea.event == herten and idea.measure is not None
    herne = Event.objects.get(municipality__slug="herne", kind="conference", starts_at__year=2016)
    local = timezone.localtime(herne.starts_at)
    assert (local.month, local.day, local.hour) == (11, 17, 14) and "Pluto" in herne.place_name
    for slug in ("herten", "herne"):
        assert Idea.objects.filter(municipality__slug=slug).values("status").distinct().count() >= 3
    assert not Idea.objects.exclude(submitter_email="").exists()
