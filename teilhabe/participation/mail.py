"""E-mail to participants, sent by the job queue: a failure is retried with growing
pauses and stays visible to staff (back office: Beteiligung → E-Mail-Zustellung). The job
payload holds ids only; addresses are read when the mail is sent, so deleting a person's
data also stops mail that has not gone out yet. Error messages are stripped of addresses
before they are stored."""
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from teilhabe.jobs import enqueue, register

from . import ical

log = logging.getLogger("teilhabe.participation")
JOB = "participation.mail"
EMAIL_RE = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")

# kind → (model name, needs an .ics attachment)
KINDS = {
    "registration_confirmed": ("registration", True),
    "registration_waiting": ("registration", False),
    "registration_moved_up": ("registration", True),
    "registration_cancelled": ("registration", False),
    "idea_received": ("idea", False),
    "idea_status": ("idea", False),
    "support_confirm": ("support", False),
    "comment_confirm": ("comment", False),
    "comment_hidden": ("comment", False),
}


class MailFailed(Exception):
    """Sending failed; the message names the error type, never an address."""


def queue(kind, obj, *, municipality, base_url):
    """Queue a mail for after the current transaction commits with the record it is about
    (enqueue writes a row in the same transaction: both or neither)."""
    return enqueue(JOB, {"kind": kind, "id": obj.pk, "municipality": municipality.pk,
                         "base": (base_url or "").rstrip("/")})


def _object(kind, pk):
    from .models import Comment, Idea, Registration, Support

    model = {"registration": Registration, "idea": Idea, "support": Support, "comment": Comment}[KINDS[kind][0]]
    related = {"registration": ["event__municipality", "workshop"], "idea": ["municipality", "measure"],
               "support": ["idea__municipality"], "comment": ["idea__municipality"]}[KINDS[kind][0]]
    return model.objects.select_related(*related).filter(pk=pk).first()


def _recipient(kind, obj):
    name = KINDS[kind][0]
    if name == "idea":
        return obj.submitter_email
    return obj.email


def build(kind, obj, base):
    """The EmailMessage for kind about obj, in the person's language."""
    context = {"object": obj, "base": base}
    name = KINDS[kind][0]
    if name == "registration":
        context.update(event=obj.event, municipality=obj.event.municipality,
                       link=base + reverse("participation:private_registration", args=[obj.token]))
    elif name == "idea":
        context.update(idea=obj, municipality=obj.municipality,
                       link=base + reverse("participation:private_idea", args=[obj.token]),
                       last_change=obj.status_changes.order_by("-changed_at", "-id").first())
    elif name == "support":
        context.update(idea=obj.idea, municipality=obj.idea.municipality,
                       link=base + reverse("participation:private_support", args=[obj.token]))
    else:
        context.update(idea=obj.idea, municipality=obj.idea.municipality,
                       link=base + reverse("participation:private_comment", args=[obj.token]))
    with translation.override(obj.language or "de"):
        text = render_to_string(f"participation/mail/{kind}.txt", context).strip()
    subject, _, body = text.partition("\n")
    municipality = context["municipality"]
    message = EmailMessage(subject=subject.strip(), body=body.strip() + "\n",
                           from_email=settings.DEFAULT_FROM_EMAIL, to=[_recipient(kind, obj)],
                           reply_to=[municipality.office_email] if municipality.office_email else None)
    if KINDS[kind][1]:
        event = obj.event
        url = base + reverse("participation:event", args=[municipality.slug, event.pk])
        message.attach("veranstaltung.ics", ical.calendar([event], url_for=lambda e: url, name=event.title),
                       "text/calendar; charset=utf-8; method=PUBLISH")
    return message


@register(JOB)
def send(payload):
    kind = payload.get("kind")
    if kind not in KINDS:
        raise MailFailed(f"unknown kind {kind!r}")
    obj = _object(kind, payload.get("id"))
    if obj is None or not _recipient(kind, obj):
        return  # deleted or anonymised meanwhile: nothing to send, nothing failed
    message = build(kind, obj, payload.get("base", ""))
    try:
        message.send()
    except Exception as error:
        code = getattr(error, "smtp_code", "")
        text = EMAIL_RE.sub("•••", str(error))[:200]
        log.warning("participation mail %s for #%s failed: %s", kind, obj.pk, type(error).__name__)
        raise MailFailed(f"{type(error).__name__} {code}: {text}".strip()) from None


def redact(text):
    return EMAIL_RE.sub("•••", text or "")
