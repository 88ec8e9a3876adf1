"""Feedback on barriers (sitepages): kept with its reply deadline, mailed to the office
through the job queue, deleted after the retention period; nothing of it is logged."""
import datetime
import email
import email.policy
import logging

import pytest

from teilhabe.jobs import PERIODIC, run_pending
from teilhabe.municipalities.models import ChangeRecord
from teilhabe.participation.models import ParticipationSettings
from teilhabe.sitepages import actions
from teilhabe.sitepages.models import Feedback, add_months
from tests import builders as b
from tests.participation.test_mail_smtp import smtp  # noqa: F401  (fixture: a real SMTP server)

pytestmark = pytest.mark.django_db

PROBLEM = "Das Formular für Ideen kann ich mit dem Screenreader nicht absenden. Ada Beispiel"


def report(town, **kw):
    fields = {"municipality": town, "problem": PROBLEM, "page_url": "/lindenau/ideas/new/",
              "email": "ada@example.org", "language": "de"} | kw
    return actions.submit_feedback(**fields)


def test_the_reply_is_due_one_calendar_month_after_receipt():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    town = b.municipality("lindenau")
    feedback = report(town)
    assert feedback.reply_due == add_months(feedback.received_on, 1)


def test_it_mails_the_office_through_smtp_and_logs_nothing_of_the_report(smtp, caplog):  # noqa: F811
    town = b.municipality("lindenau")
    town.office_email = "integration@lindenau.example"
    town.save()
    caplog.set_level(logging.DEBUG)
    feedback = report(town)
    assert run_pending() == 1
    (raw,) = smtp.messages
    message = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
    assert message["To"] == "integration@lindenau.example"
    assert message["Reply-To"] == "ada@example.org"
    assert message["Subject"].startswith("Rückmeldung zur Barrierefreiheit")
    body = message.get_content()
    assert PROBLEM in body and feedback.reply_due.strftime("%d.%m.%Y") in body
    # Our side logs nothing of it (the test's SMTP server, aiosmtpd's "mail.log", may).
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "ada@example.org" not in ours and "Screenreader" not in ours
    # The history notes the report without what it says.
    record = ChangeRecord.objects.get(object_id=feedback.pk, content_type__model="feedback")
    assert "Screenreader" not in str(record.changes) and "ada@" not in str(record.changes)


def test_a_double_submit_is_one_report():
    town = b.municipality("lindenau")
    first = report(town, form_token="abc")
    assert report(town, form_token="abc") == first
    assert Feedback.objects.count() == 1


def test_the_daily_job_deletes_reports_after_the_retention_period():
    assert "sitepages.purge" in PERIODIC
    town = b.municipality("lindenau")
    ParticipationSettings.objects.create(municipality=town, retention_months=2)
    today = datetime.date.today()
    answered_long_ago = report(town)
    Feedback.objects.filter(pk=answered_long_ago.pk).update(answered_on=today - datetime.timedelta(days=70))
    never_answered = report(town)
    Feedback.objects.filter(pk=never_answered.pk).update(reply_due=today - datetime.timedelta(days=61))
    recent = report(town)
    Feedback.objects.filter(pk=recent.pk).update(answered_on=today - datetime.timedelta(days=50))
    waiting = report(town)
    assert actions.purge_feedback() == 2
    assert set(Feedback.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
