"""The reminder job, run by the worker every hour (no cron to remember): reminds the
office (council.Body.contact_email) of a deadline of an upcoming meeting that is not met
yet, from DEADLINE_NOTICE days before it; reminds the invited members of the meeting
MEETING_NOTICE days before it. Each reminder is a MeetingMail record made once, so the
job may run as often as it likes: nobody is reminded twice."""
import datetime

from django.db import transaction
from django.utils import timezone

from teilhabe.jobs import every

from . import deadlines, mail
from .actions import invitees
from .models import Body, Meeting, MeetingMail

DEADLINE_NOTICE = datetime.timedelta(days=2)
MEETING_NOTICE = datetime.timedelta(days=2)
HORIZON = datetime.timedelta(days=120)  # deadlines lie at most this far before a meeting


def _once(meeting, kind, person=None):
    """Queue the mail unless it was made before; True when queued now."""
    record, created = MeetingMail.objects.get_or_create(meeting=meeting, kind=kind, person=person)
    if created:
        mail.queue(record)
    return created


@transaction.atomic
def remind(now=None):
    """Queue the reminders that are due; returns how many were queued."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    bodies = {b.municipality_id: b for b in Body.objects.alive()}
    meetings = (Meeting.objects.alive().filter(municipality_id__in=bodies, start__gte=now, start__lte=now + HORIZON)
                .exclude(state__in=[Meeting.State.CANCELLED, Meeting.State.HELD])
                .select_related("organization"))
    queued = 0
    for meeting in meetings:
        body = bodies[meeting.municipality_id]
        if body.contact_email:
            for deadline in deadlines.for_meeting(meeting, body):
                if deadline.done_on is None and not deadline.nothing_due and today >= deadline.due - DEADLINE_NOTICE:
                    queued += _once(meeting, f"{deadline.kind}_deadline")
        if meeting.state == Meeting.State.INVITED and meeting.start - now <= MEETING_NOTICE:
            for person in invitees(meeting):
                if person.email:
                    queued += _once(meeting, MeetingMail.Kind.REMINDER, person)
    return queued


@every(datetime.timedelta(hours=1), "council.remind")
def run(payload):
    remind()
