"""E-mail about meetings, sent by the job queue (`teilhabe worker`): the invitation to the
members with its files, the reminder of the meeting to the members, and the reminder of
a deadline to the office (council.Body.contact_email). Each mail is one MeetingMail
record; the job holds its id only and reads the address when it sends, so an address
deleted meanwhile is never used, and a record already sent is not sent again.

The invitation carries its files as attachments — the invitation PDF and the files of the
agenda: of its papers, of its items, of the non-public items too. Why attachments and not
links behind a log-in: the members of an Integrationsrat are residents and councillors
who have no account in teilhabe (a council Person is not a user), so a link needing one
would reach nobody; the mail goes only to the members, who are entitled to the non-public
papers, as the printed invitation by post was. The files are PDFs of at most 20 MB each
(File.checked_content). Addresses are never logged: errors are stored with them blotted out."""
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from teilhabe.jobs import enqueue, register

from .models import Body, File, MeetingMail

log = logging.getLogger("teilhabe.council")
JOB = "council.mail"
EMAIL_RE = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


class MailFailed(Exception):
    """Sending failed; the message names the error type, never an address."""


def queue(record, *, base_url=""):
    """Queue the mail of a MeetingMail record, in the transaction that made the record."""
    return enqueue(JOB, {"mail": record.pk, "base": (base_url or "").rstrip("/")},
                   dedupe_key=f"{JOB}:{record.pk}")


def agenda_files(meeting):
    """The files the members get with the invitation, in the agenda's order: the invitation,
    the meeting's attachments, then per item its papers' files and its own."""
    items = list(meeting.agenda_items.alive())
    papers = [c.paper_id for c in meeting.consultations.alive().filter(
        agenda_item__in=items, paper__deleted_at__isnull=True)]
    files = (File.objects.alive().filter(Q(meeting=meeting) | Q(agenda_item__in=items) | Q(paper_id__in=papers))
             .exclude(role=File.Role.RESULTS_PROTOCOL).order_by("pk"))
    first = {File.Role.INVITATION: 0}
    return sorted(files, key=lambda f: (first.get(f.role, 1), f.pk))


def _office_link(base, meeting):
    try:
        return base + reverse("council_office:meeting", args=[meeting.municipality.slug, meeting.pk])
    except NoReverseMatch:  # the back office is a face: when it is not mounted, no link
        return ""


def build(record, base=""):
    """The EmailMessage of a MeetingMail record, or None when it has no recipient (any more)."""
    meeting = record.meeting
    body = Body.objects.filter(municipality_id=meeting.municipality_id).first()
    office = body.contact_email if body else ""
    to = record.person.email if record.person_id else office
    if not to:
        return None
    from . import deadlines

    context = {"meeting": meeting, "person": record.person, "start": timezone.localtime(meeting.start),
               "body_name": body.name if body else meeting.municipality.name,
               "office_name": body.contact_name if body else "", "link": _office_link(base, meeting),
               "deadline": next((d for d in deadlines.for_meeting(meeting, body)
                                 if record.kind == f"{d.kind}_deadline"), None)}
    with translation.override("de"):  # the council's correspondence is German
        text = render_to_string(f"council/mail/{record.kind}.txt", context).strip()
    subject, _, text = text.partition("\n")
    message = EmailMessage(subject=subject.strip(), body=text.strip() + "\n", from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[to], reply_to=[office] if office and record.person_id else None)
    if record.kind == MeetingMail.Kind.INVITATION:
        for f in agenda_files(meeting):
            with f.file.open("rb") as handle:
                message.attach(f.file_name, handle.read(), f.mime_type)
    return message


@register(JOB)
def send(payload):
    record = (MeetingMail.objects.select_related("meeting__municipality", "meeting__location", "person")
              .filter(pk=payload.get("mail")).first())
    if record is None or record.sent_at is not None:
        return  # gone, or sent already: a job run twice sends once
    message = build(record, payload.get("base", ""))
    if message is None:
        return  # the address was deleted meanwhile: nothing to send, nothing failed
    try:
        message.send()
    except Exception as error:
        code = getattr(error, "smtp_code", "")
        log.warning("council mail %s #%s failed: %s", record.kind, record.pk, type(error).__name__)
        text = EMAIL_RE.sub("•••", str(error))[:200]
        raise MailFailed(f"{type(error).__name__} {code}: {text}".strip()) from None
    MeetingMail.objects.filter(pk=record.pk).update(sent_at=timezone.now())
