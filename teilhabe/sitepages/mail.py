"""The e-mail that tells the coordination office about a reported barrier, sent by the job
queue (retried with growing pauses; a failure stays visible as a failed job). The payload
holds the report's id only: the text and address are read when the mail goes out, so a
report deleted meanwhile sends nothing. Nothing of the report is ever logged."""
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from teilhabe.jobs import enqueue, register

log = logging.getLogger("teilhabe.sitepages")
JOB = "sitepages.feedback_mail"


class MailFailed(Exception):
    """Sending failed; the message names the error type, never an address."""


def queue(feedback):
    # In the same transaction as the report: both or neither.
    return enqueue(JOB, {"id": feedback.pk})


def build(feedback):
    municipality = feedback.municipality
    with translation.override("de"):  # to the office, which works in German
        text = render_to_string("sitepages/mail/feedback.txt", {
            "feedback": feedback, "municipality": municipality}).strip()
    subject, _, body = text.partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.strip() + "\n", from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[municipality.office_email], reply_to=[feedback.email] if feedback.email else None)


@register(JOB)
def send(payload):
    from .models import Feedback

    feedback = Feedback.objects.select_related("municipality").filter(pk=payload.get("id")).first()
    if feedback is None or not feedback.municipality.office_email:
        return  # deleted meanwhile, or no office address: the back office shows it all the same
    try:
        build(feedback).send()
    except Exception as error:
        log.warning("accessibility feedback mail for #%s failed: %s", feedback.pk, type(error).__name__)
        raise MailFailed(type(error).__name__) from None
