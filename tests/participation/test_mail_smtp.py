"""Mail through a real SMTP server on loopback (aiosmtpd), and what happens when the
server is not there: the registration stays, the mail is retried and staff see it."""
import email
import email.policy
import socket

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.urls import reverse

from teilhabe.jobs import run_pending
from teilhabe.jobs.models import Job
from teilhabe.participation import actions
from tests import builders as b

from . import builders as pb

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_it_sends_the_confirmation_with_an_ics_attachment_through_smtp(smtp):
    m = pb.town("herne")
    event = pb.event(m, title="2. Integrationskonferenz")
    actions.register(event=event, name="Ada Beispiel", email="ada@example.org", consent=True,
                     base_url="http://herne.example")
    assert run_pending() == 1
    (raw,) = smtp.messages
    message = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == "Anmeldung bestätigt: 2. Integrationskonferenz"
    body = message.get_body(("plain",)).get_content()
    assert "http://herne.example/p/r/" in body and "Einlass-Code" in body
    (attachment,) = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    cal = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "2. Integrationskonferenz"
    assert str(vevent["UID"]).startswith(str(event.uid))


def test_it_keeps_the_registration_retries_and_shows_staff_when_smtp_is_down(settings, client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    m = pb.town()
    event = pb.event(m)
    registration, _ = actions.register(event=event, name="Ben", email="ben@example.org", consent=True)
    run_pending()
    job = Job.objects.get(name="participation.mail")
    assert job.status == Job.Status.PENDING and job.attempts == 1 and job.last_error
    assert "ben@example.org" not in job.last_error
    assert event.registrations.get().status == "registered"
    client.force_login(b.user(role="coordinator", municipality=m))
    page = client.get(reverse("participation_backoffice:mail_failures", args=[m.slug])).content.decode()
    assert "registration_confirmed" in page and f"#{registration.pk}" in page
    assert "ben@example.org" not in page and "Ben" not in page
