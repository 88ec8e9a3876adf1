"""The council section of a municipality's portal (/<slug>/council/…): its bodies with the
members who consented, the calendar of meetings and its iCalendar feed, a meeting with its
agenda, results and files, papers with their path through the bodies, and a search over
papers. Only what the council models call public (council/models.py): a non-public agenda
item appears as "nicht öffentlich" with its number only. Files are served by the OParl
endpoint's file view, which checks publicity on every request."""
import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from teilhabe.council.models import (
    AgendaItem, Consultation, File, Meeting, Membership, Organization, Paper, public_path,
)
from teilhabe.participation import ical
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import Concept, Measure

from ..cache import public_page
from . import context, get_municipality, search_query
from .participation import _ics_response

PAST_SHOWN = 100
PAPERS_SHOWN = 100


def council_municipality(slug):
    """The municipality, if it has a council part (a Body that is not deleted); else 404."""
    municipality = get_municipality(slug)
    body = getattr(municipality, "council_body", None)
    if body is None or body.deleted_at is not None:
        raise Http404
    return municipality


def _public_files():
    return Prefetch("files", queryset=File.objects.public(), to_attr="public_files")


def _alive_location(obj):
    location = obj.location
    return location if location is not None and location.deleted_at is None else None


@require_safe
@public_page
def council_index(request, slug):
    """Bodies with their current public members (role, list or group, voting right)."""
    municipality = council_municipality(slug)
    today = timezone.localdate()
    members = Membership.objects.public().filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related(
        "person").order_by("role", "person__family_name", "person__given_name")
    organizations = Organization.objects.of(municipality).alive().filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="public_members"))
    return render(request, "portal/council/index.html", context(
        municipality, section="council", organizations=organizations,
        upcoming=_meetings(municipality).filter(start__gte=timezone.now())[:5]))


def _meetings(municipality):
    return Meeting.objects.of(municipality).public().select_related("organization", "location")


@require_safe
@public_page
def meeting_list(request, slug):
    municipality = council_municipality(slug)
    meetings = _meetings(municipality)
    terms = list(municipality.legislative_terms.alive())
    term = next((t for t in terms if str(t.pk) == request.GET.get("term", "")), None)
    if term is not None:
        meetings = meetings.filter(start__date__gte=term.start_date)
        if term.end_date:
            meetings = meetings.filter(start__date__lte=term.end_date)
    now = timezone.now()
    return render(request, "portal/council/meetings.html", context(
        municipality, section="council", terms=terms, term=term,
        upcoming=meetings.filter(start__gte=now),
        past=meetings.filter(start__lt=now).order_by("-start", "-pk")[:PAST_SHOWN]))


@require_safe
@public_page
def meeting_page(request, slug, pk):
    municipality = council_municipality(slug)
    consultations = Consultation.objects.public().select_related("paper")
    items = AgendaItem.objects.public().prefetch_related(
        _public_files(), Prefetch("consultation", queryset=consultations))
    meeting = get_object_or_404(_meetings(municipality).prefetch_related(
        _public_files(), Prefetch("agenda_items", queryset=items, to_attr="public_items")), pk=pk)
    return render(request, "portal/council/meeting.html", context(
        municipality, section="council", meeting=meeting, location=_alive_location(meeting)))


def _ics_lines(meeting, url, host):
    lines = ["BEGIN:VEVENT", f"UID:council-meeting-{meeting.pk}@{host}",
             f"DTSTAMP:{ical.utc(meeting.modified_at)}", f"LAST-MODIFIED:{ical.utc(meeting.modified_at)}",
             f"DTSTART;TZID=Europe/Berlin:{ical.local(meeting.start)}"]
    if meeting.end:
        lines.append(f"DTEND;TZID=Europe/Berlin:{ical.local(meeting.end)}")
    lines.append(f"SUMMARY:{ical.escape(meeting.name)}")
    location = _alive_location(meeting)
    if location:
        place = ", ".join(p for p in (location.description, location.room, location.street_address,
                                      f"{location.postal_code} {location.locality}".strip()) if p)
        lines.append(f"LOCATION:{ical.escape(place)}")
    lines.append(f"CATEGORIES:{ical.escape(meeting.organization.name)}")
    lines += [f"URL:{url}", "STATUS:" + ("CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED"),
              "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


@require_safe
@public_page(absolute_urls=True)
def meetings_feed(request, slug):
    """The meetings of the last year and all to come, as iCalendar (RFC 5545)."""
    municipality = council_municipality(slug)
    meetings = _meetings(municipality).filter(start__gte=timezone.now() - datetime.timedelta(days=365))
    host = request.get_host().split(":")[0]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//teilhabe//Sitzungen//DE", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH",
             "X-WR-CALNAME:" + ical.escape(_("Sitzungen – %(name)s") % {"name": municipality.name}),
             "X-WR-TIMEZONE:Europe/Berlin", *ical.VTIMEZONE]
    for meeting in meetings:
        url = request.build_absolute_uri(reverse("council_portal:meeting", args=[slug, meeting.pk]))
        lines += _ics_lines(meeting, url, host)
    lines.append("END:VCALENDAR")
    return _ics_response("".join(ical.fold(line) + "\r\n" for line in lines), f"{slug}-sitzungen.ics")


def _papers(municipality):
    return Paper.objects.of(municipality).public().select_related("originator_organization")


@require_safe
@public_page
def paper_list(request, slug):
    """Published papers, newest first; `q` searches reference, title and the public wording
    of results. A plain database search: papers are few per town, searched by their
    reference number or a word of the title, which the offers' semantic index (built for
    descriptions in many languages) would not find better."""
    municipality = council_municipality(slug)
    query, cut = search_query(request)
    papers = _papers(municipality).order_by("-date", "-pk")
    if query:
        # Only public consultations count: a word of a non-public result must not find its paper.
        wording = Consultation.objects.public().filter(paper=OuterRef("pk"), result__icontains=query)
        papers = papers.filter(Q(reference__icontains=query) | Q(name__icontains=query) | Exists(wording))
    return render(request, "portal/council/papers.html", context(
        municipality, section="council", papers=papers[:PAPERS_SHOWN], query=query, cut=cut,
        total=papers.count()))


@require_safe
@public_page
def paper_page(request, slug, pk):
    """A paper with its path through the bodies and their results, in the order dealt with."""
    municipality = council_municipality(slug)
    paper = get_object_or_404(_papers(municipality).select_related("originator_person").prefetch_related(
        _public_files()), pk=pk)
    consultations = public_path(paper)
    originator = paper.originator_person if paper.originator_person and paper.originator_person.is_public else None
    organization = paper.originator_organization
    # What on the portal belongs to the paper: the concept in force it adopted, the public
    # measures of that concept it decided, the public idea it was made of.
    in_force = Q(concept__status=Concept.Status.ADOPTED)
    return render(request, "portal/council/paper.html", context(
        municipality, section="council", paper=paper, consultations=consultations, originator=originator,
        adopted=municipality.concepts.in_force().filter(adoption__paper=paper).first(),
        measures=Measure.objects.public().filter(in_force, council_decision__paper=paper).order_by("title"),
        idea=Idea.objects.filter(motion=paper, status__in=Idea.PUBLIC).first(),
        originator_organization=organization if organization and organization.deleted_at is None else None))
