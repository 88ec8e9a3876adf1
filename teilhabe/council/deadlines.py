"""The deadlines the municipality sets for its meetings (council.Body: days before a meeting
for the invitation and for the papers on the agenda), and where a meeting stands with
them. The meeting page shows them to the office; the reminder job (reminders.py) reminds
the office of those coming up."""
import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Body, Consultation, File, Meeting

INVITATION, PAPERS = "invitation", "papers"
LABELS = {INVITATION: _("Einladung"), PAPERS: _("Vorlagen")}


@dataclasses.dataclass
class Deadline:
    kind: str
    due: datetime.date
    done_on: datetime.date | None = None   # when it was met (the last of the papers)
    missing: list = dataclasses.field(default_factory=list)  # papers not (in time) published
    nothing_due: bool = False  # no papers on the agenda (yet): nothing can be late

    @property
    def label(self):
        return LABELS[self.kind]

    def missed(self, today):
        """Not met by its day: still open after it, or met later than it."""
        if self.nothing_due:
            return False
        if self.done_on is not None:
            return self.done_on > self.due
        return today > self.due

    def open(self, today):
        return not self.nothing_due and self.done_on is None and today <= self.due


def _agenda_papers(meeting):
    """The papers the meeting's living agenda items deal with, each with the day it was
    ready: published and its main file there (the later of the two uploads decides)."""
    consultations = (Consultation.objects.alive()
                     .filter(agenda_item__meeting=meeting, agenda_item__deleted_at__isnull=True,
                             paper__deleted_at__isnull=True)
                     .select_related("paper").order_by("agenda_item__order"))
    papers = {c.paper_id: c.paper for c in consultations}
    main_files = {}
    for f in File.objects.alive().filter(paper_id__in=papers, role=File.Role.MAIN).order_by("created_at"):
        main_files.setdefault(f.paper_id, timezone.localdate(f.created_at))
    return [(paper, main_files.get(paper.pk) if paper.is_published else None) for paper in papers.values()]


def for_meeting(meeting, body=None):
    """The meeting's deadlines (none without a set number of days, none for a cancelled meeting)."""
    body = body if body is not None else Body.objects.filter(municipality_id=meeting.municipality_id).first()
    if body is None or meeting.state == Meeting.State.CANCELLED:
        return []
    day = timezone.localtime(meeting.start).date()
    deadlines = []
    if body.invitation_days is not None:
        deadlines.append(Deadline(INVITATION, day - datetime.timedelta(days=body.invitation_days),
                                  done_on=meeting.invitation_date))
    if body.papers_days is not None:
        due = day - datetime.timedelta(days=body.papers_days)
        papers = _agenda_papers(meeting)
        ready = [on for _paper, on in papers]
        missing = [paper for paper, on in papers if on is None or on > due]
        done_on = max(ready) if papers and None not in ready else None
        deadlines.append(Deadline(PAPERS, due, done_on=done_on, missing=missing, nothing_due=not papers))
    return deadlines
