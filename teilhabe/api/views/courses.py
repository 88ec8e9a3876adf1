"""A Kreis's public courses (the course finder's, courses/finder.py): under the Kreis and
under each of its towns, always the whole Kreis's, with the same filters as the portal."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.courses import finder
from teilhabe.courses.models import CourseType, KreisCourseSettings, TimeOfDay
from teilhabe.courses.rules import kreis_of

from .. import params, public, serialize
from ..http import NotFound, Payload, api_view

MAX_WEEKS = 520
FILTERS = ("type", "town", "time_of_day", "childcare", "starts_after", "starts_before", "within_weeks", "free")


def _kreis(slug):
    kreis = kreis_of(public.municipality(slug))
    if kreis is None:
        raise NotFound(_("„%(slug)s“ gehört zu keinem Kreis; Kurse gibt es nur in Kreisen.") % {"slug": slug[:80]})
    return kreis


def _context(request, kreis):
    return serialize.Context(request, params.language(request)), KreisCourseSettings.of(kreis).referring_office


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "modified_since", *FILTERS))
def course_list(request, slug):
    kreis = _kreis(slug)
    ctx, office = _context(request, kreis)
    today = timezone.localdate()
    town = params.existing(request, "town", kreis.towns.all(), "slug")
    before = params.date(request, "starts_before")
    weeks = params.positive_int(request, "within_weeks", default=None, maximum=MAX_WEEKS)
    if weeks:
        within = today + datetime.timedelta(weeks=weeks)
        before = min(before, within) if before else within
    filters = finder.Filters(
        type=params.choice(request, "type", set(CourseType.values)),
        town=town[0] if town else None,
        time_of_day=params.choice(request, "time_of_day", set(TimeOfDay.values)),
        childcare=params.boolean(request, "childcare"), free=params.boolean(request, "free"),
        starts_after=params.date(request, "starts_after"), starts_before=before)
    qs = finder.find(kreis, today, filters)
    since = params.moment(request)
    if since:
        qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk")
    page = params.Page(request)
    rows = list(page.slice(qs))
    newest = serialize.newest(*(c.modified_at for c in rows))
    return Payload(page.envelope(qs.count(), [serialize.course(ctx, c, kreis, office) for c in rows]), newest)


@api_view(params=("lang",))
def course_detail(request, slug, external_id):
    kreis = _kreis(slug)
    ctx, office = _context(request, kreis)
    found = finder.public_courses(kreis, timezone.localdate()).filter(external_id=external_id).first()
    if found is None:
        raise NotFound(_("Kein öffentlicher Kurs „%(id)s“.") % {"id": external_id[:80]})
    return Payload(serialize.course(ctx, found, kreis, office), found.modified_at)
