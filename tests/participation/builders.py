"""Builders for participation tests: a town with a concept, events and ideas."""
import datetime
import itertools

from django.utils import timezone

from teilhabe.participation.models import Event, Idea, IdeaStatusChange
from tests import builders as b

_n = itertools.count(1)


def town(slug=None):
    """A town with an adopted concept, two fields, a district and a target group."""
    m = b.municipality(slug or f"ort-{next(_n)}")
    concept = b.concept(m, title="Integrationskonzept")
    b.field(concept, "sprache", "Sprachförderung")
    b.field(concept, "arbeit", "Ausbildung und Arbeit")
    b.district(m, "mitte", "Mitte")
    b.target_group(m, "frauen", de="Frauen")
    return m


def event(m, *, title=None, capacity=None, days=30, **kw):
    starts = kw.pop("starts_at", None) or timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(municipality=m, title=title or f"Konferenz {next(_n)}", starts_at=starts,
                                ends_at=kw.pop("ends_at", starts + datetime.timedelta(hours=3)),
                                capacity=capacity, place_name=kw.pop("place_name", "Glashaus"),
                                city=kw.pop("city", "Herten"), **kw)


def idea(m, *, status=Idea.Status.PUBLISHED, title=None, email="idee@example.org", **kw):
    field = m.concepts.first().fields.first()
    i = Idea.objects.create(municipality=m, title=title or f"Idee {next(_n)}", description="Beschreibung",
                            field=field, status=status, submitter_email=email,
                            email_confirmed_at=timezone.now() if email else None, **kw)
    IdeaStatusChange.objects.create(idea=i, from_status="", to_status=status)
    return i
