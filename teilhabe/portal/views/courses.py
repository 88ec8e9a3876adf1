"""The course finder of a Kreis: on the Kreis's portal and on each of its towns' portals
(the whole Kreis's courses everywhere — the next town may have a place sooner — with the
visitor's town first), and a page per course saying how to get a place. Filters are in the
query string: it works without JavaScript, and every result list has a link."""
import datetime
import json

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from teilhabe.courses import finder
from teilhabe.courses.models import CourseType, KreisCourseSettings, TimeOfDay
from teilhabe.courses.rules import kreis_of

from ..cache import public_page
from . import context, get_municipality

# The course types in plain words, for people who do not know the Integrationskursverordnung.
PLAIN = {
    CourseType.ALLGEMEIN: _("Deutsch und Orientierung für Erwachsene"),
    CourseType.JUGEND: _("für junge Menschen bis 27 Jahre"),
    CourseType.ELTERN: _("für Mütter und Väter, mit Themen rund um Kinder und Schule"),
    CourseType.FRAUEN: _("nur für Frauen"),
    CourseType.ALPHA: _("für Menschen, die noch nicht lesen und schreiben können"),
    CourseType.ZWEITSCHRIFT: _("für Menschen, die eine andere Schrift als die lateinische gelernt haben"),
    CourseType.INTENSIV: _("schneller lernen, in weniger Wochen"),
}
WEEKS = (4, 8, 12, 26)
PAGE_SIZE = 20


def _kreis(municipality):
    kreis = kreis_of(municipality)
    if kreis is None:  # a town outside any Kreis has no course steering
        raise Http404
    return kreis


def _chosen(request, name, allowed):
    """The value if it is one of `allowed`, else "" (an unknown value is ignored)."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@require_safe
@public_page
def course_finder(request, slug):
    municipality = get_municipality(slug)
    kreis = _kreis(municipality)
    today = timezone.localdate()
    towns = list(kreis.towns.order_by("name"))
    by_slug = {t.slug: t for t in towns}
    chosen = {
        "type": _chosen(request, "type", CourseType.values),
        "town": _chosen(request, "town", by_slug),
        "time": _chosen(request, "time", TimeOfDay.values),
        "weeks": _chosen(request, "weeks", {str(w) for w in WEEKS}),
        "childcare": _chosen(request, "childcare", {"1"}),
        "free": _chosen(request, "free", {"1"}),
    }
    filters = finder.Filters(
        type=chosen["type"] or None, town=by_slug.get(chosen["town"]), time_of_day=chosen["time"] or None,
        childcare=True if chosen["childcare"] else None, free=True if chosen["free"] else None,
        starts_before=today + datetime.timedelta(weeks=int(chosen["weeks"])) if chosen["weeks"] else None)
    first = municipality if municipality.kind == municipality.Kind.TOWN else None
    page = Paginator(finder.find(kreis, today, filters, first_town=first), PAGE_SIZE).get_page(
        request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/courses/finder.html", context(
        municipality, section="courses", kreis=kreis, towns=towns, chosen=chosen, page=page,
        rows=[(c, PLAIN[c.type], finder.availability(c.free)) for c in page],
        types=CourseType.choices, times=TimeOfDay.choices, weeks=WEEKS,
        filtered=any(chosen.values()), query_without_page=params.urlencode()))


@require_safe
@public_page(absolute_urls=True)
def course_page(request, slug, external_id):
    municipality = get_municipality(slug)
    kreis = _kreis(municipality)
    course = get_object_or_404(finder.public_courses(kreis, timezone.localdate()), external_id=external_id)
    provider = course.provider
    # Only what the provider published: its own contact data if the actor is published,
    # contact persons only with their consent to publication.
    published = provider.is_published
    contacts = provider.contacts.filter(publish=True, consent_at__isnull=False) if published else []
    return render(request, "portal/courses/course.html", context(
        municipality, section="courses", kreis=kreis, course=course, plain=PLAIN[course.type],
        availability=finder.availability(course.free), provider=provider, published=published,
        contacts=contacts, referring_office=KreisCourseSettings.of(kreis).referring_office,
        json_ld=json.dumps(course_json_ld(request, course), ensure_ascii=False, indent=1).replace("<", "\\u003c")))


def course_json_ld(request, course):
    """schema.org: a Course with its one CourseInstance, on site, in German."""
    place = {"@type": "Place", "name": course.place or str(course.town),
             "address": {"@type": "PostalAddress", "addressLocality": course.town.name, "addressCountry": "DE",
                         **({"streetAddress": course.place} if course.place else {})}}
    instance = {"@type": "CourseInstance", "courseMode": "onsite", "startDate": course.starts_on.isoformat(),
                "location": place, "inLanguage": "de",
                "courseSchedule": {"@type": "Schedule", "startDate": course.starts_on.isoformat(),
                                   **({"endDate": course.ends_on.isoformat()} if course.ends_on else {})}}
    if course.ends_on:
        instance["endDate"] = course.ends_on.isoformat()
    if course.hours:
        instance["courseWorkload"] = f"{course.hours} UE"
    provider = {"@type": "Organization", "name": course.provider.name}
    if course.provider.is_published and course.provider.website:
        provider["url"] = course.provider.website
    return {
        "@context": "https://schema.org", "@type": "Course",
        "@id": request.build_absolute_uri(), "url": request.build_absolute_uri(),
        "name": str(course.get_type_display()), "description": str(PLAIN[course.type]),
        "courseCode": course.external_id, "inLanguage": "de", "provider": provider,
        "hasCourseInstance": [instance],
        "isPartOf": request.build_absolute_uri(reverse("courses:finder", args=[request.resolver_match.kwargs["slug"]])),
    }
