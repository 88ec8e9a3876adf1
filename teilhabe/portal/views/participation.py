"""Public pages: the calendar and its iCalendar feed, registration, the idea list and
idea pages with support and comments. Only public events and published ideas."""
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.offers import places
from teilhabe.participation import actions, ical, ratelimit, stats
from teilhabe.participation.forms import self_description
from teilhabe.participation.models import Comment, Event, Idea, ParticipationSettings
from teilhabe.portal.participation_forms import CommentForm, IdeaForm, RegistrationForm, ReportForm, SupportForm
from teilhabe.strategy.models import current_concept
from teilhabe.translations.texts import prefetch, texts_in

from . import active_language, context, get_municipality, public_concept

FEED_KEEPS_PAST = datetime.timedelta(days=365)


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def public_events(municipality):
    return municipality.events.public()


def _form_errors_to(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _too_many(request):
    return render(request, "portal/participation/too_many.html", status=429)


@require_safe
def event_list(request, slug):
    municipality = get_municipality(slug)
    now = timezone.now()
    # A Kreis lists its towns' events too, each naming its town.
    events = Event.objects.public().filter(municipality__in=municipality.region()).select_related(
        "district", "municipality")
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    upcoming = events.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
    past = events.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:50]
    return render(request, "portal/participation/events.html", context(
        municipality, section="events", upcoming=upcoming, past=past, kinds=Event.Kind.choices, kind=kind))


def _public_event(municipality, pk):
    return get_object_or_404(public_events(municipality).select_related("district", "organiser_actor"), pk=pk)


def event_page(request, slug, pk):
    municipality = get_municipality(slug)
    event = _public_event(municipality, pk)
    months = ParticipationSettings.for_municipality(municipality).retention_months
    form = None
    if event.registration_open and not event.is_past:
        form = RegistrationForm(request.POST or None, event=event, months=months)
        if request.method == "POST":
            if form.is_spam:
                messages.success(request, _("Vielen Dank."))
                return redirect("participation:event", slug, pk)
            if form.is_valid():
                if not ratelimit.allow("registration", request=request, email=form.cleaned_data["email"]):
                    return _too_many(request)
                data = form.cleaned_data
                try:
                    registration, created = actions.register(
                        event=event, name=data["name"], email=data["email"], consent=data["consent"],
                        organisation=data["organisation"], actor=data.get("actor"),
                        access_needs=data["access_needs"],
                        interpreting_needs=data["interpreting_needs"], workshop=data.get("workshop"),
                        self_description=self_description(form), language=active_language(),
                        form_token=data["form_token"], base_url=base_url(request))
                except ValidationError as error:
                    _form_errors_to(form, error)
                else:
                    if not created:
                        messages.info(request, _("Für diese E-Mail-Adresse gibt es bereits eine Anmeldung. Wir haben "
                                                 "den Link dazu noch einmal per E-Mail geschickt."))
                    elif registration.status == registration.Status.WAITING:
                        messages.warning(request, _("Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste "
                                                    "und bekommen eine E-Mail, sobald ein Platz frei wird."))
                    else:
                        messages.success(request, _("Sie sind angemeldet. Die Bestätigung mit Kalendereintrag und "
                                                    "dem Link zum Abmelden kommt per E-Mail."))
                    return redirect("participation:event", slug, pk)
    taken = event.registrations.filter(status="registered").count()
    free = None if event.capacity is None else max(event.capacity - taken, 0)
    return render(request, "portal/participation/event.html", context(
        municipality, section="events", event=event, form=form, free=free,
        osm_url=places.osm_directions_url(event), transit_url=places.transit_url(event),
        workshops=event.workshops.select_related("field__concept"), fields=event.fields.public(),
        report=stats.event_report(event) if event.is_past else None,
        ideas=event.ideas.filter(status__in=Idea.PUBLIC)))


def _ics_response(text, filename):
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _event_url(request, event):
    return request.build_absolute_uri(reverse("participation:event", args=[event.municipality.slug, event.pk]))


@require_safe
def events_feed(request, slug):
    municipality = get_municipality(slug)
    events = public_events(municipality).filter(starts_at__gte=timezone.now() - FEED_KEEPS_PAST).select_related(
        "municipality")
    lang = active_language()
    text = ical.calendar(prefetch(events, lang), name=_("Veranstaltungen – %(name)s") % {"name": municipality.name},
                         url_for=lambda e: _event_url(request, e), host=request.get_host().split(":")[0],
                         texts_for=lambda e: texts_in(e, lang))
    return _ics_response(text, f"{municipality.slug}.ics")


@require_safe
def event_ics(request, slug, pk):
    municipality = get_municipality(slug)
    event = _public_event(municipality, pk)
    texts = texts_in(event, active_language())
    text = ical.calendar([event], name=texts["title"], url_for=lambda e: _event_url(request, e),
                         host=request.get_host().split(":")[0], texts_for=lambda e: texts)
    return _ics_response(text, f"veranstaltung-{event.pk}.ics")


# --- ideas ---------------------------------------------------------------------------

def _idea_fields(municipality):
    concept = public_concept(municipality) or current_concept(municipality)
    return concept.fields.all() if concept else None


@require_safe
def idea_list(request, slug):
    municipality = get_municipality(slug)
    ideas = municipality.ideas.filter(status__in=Idea.PUBLIC).select_related(
        "field__concept", "district", "target_group", "measure__concept").annotate(
        support_count=Count("supports", filter=Q(supports__confirmed_at__isnull=False)))
    fields = _idea_fields(municipality)
    # Each facet says what "no choice" means: a bare "alle" stood beside the target group
    # "Alle" (everyone) and read as the same thing twice.
    facets = [
        ("field", _("Handlungsfeld"), _("alle Handlungsfelder"),
         [(str(f.pk), f.name) for f in fields] if fields is not None else [], "field"),
        ("district", _("Stadtteil"), _("alle Stadtteile"),
         [(str(d.pk), d.name) for d in municipality.districts.all()], "district"),
        ("target_group", _("Zielgruppe"), _("alle Zielgruppen"),
         [(str(t.pk), t.name) for t in municipality.target_groups.all()], "target_group"),
        ("status", _("Stand"), _("jeder Stand"), [(s, Idea.Status(s).label) for s in Idea.PUBLIC], "status"),
    ]
    selected = []
    for name, label, everything, choices, lookup in facets:
        value = request.GET.get(name, "")
        if value and value in {v for v, _label in choices}:
            ideas = ideas.filter(**{lookup: value})
        else:
            value = ""
        selected.append({"name": name, "label": label, "everything": everything, "choices": choices,
                         "value": value})
    sort = request.GET.get("sort", "new")
    ideas = ideas.order_by("-support_count", "-received_on", "-id") if sort == "support" else ideas.order_by(
        "-received_on", "-id")
    return render(request, "portal/participation/ideas.html", context(
        municipality, section="ideas", ideas=ideas[:200], facets=selected, sort=sort,
        filtered=any(f["value"] for f in selected), can_submit=fields is not None))


def idea_new(request, slug):
    municipality = get_municipality(slug)
    fields = _idea_fields(municipality)
    if fields is None:
        raise Http404
    months = ParticipationSettings.for_municipality(municipality).retention_months
    form = IdeaForm(request.POST or None, municipality=municipality, fields=fields, months=months)
    if request.method == "POST":
        if form.is_spam:
            return redirect("participation:idea_sent", slug)
        if form.is_valid():
            data = form.cleaned_data
            if not ratelimit.allow("idea", request=request, email=data["email"]):
                return _too_many(request)
            try:
                actions.submit_idea(
                    municipality=municipality, title=data["title"], description=data["description"],
                    field=data["field"], district=data["district"], target_group=data["target_group"],
                    name=data["name"], email=data["email"], consent=data["consent"], language=active_language(),
                    form_token=data["form_token"], base_url=base_url(request))
            except ValidationError as error:
                _form_errors_to(form, error)
            else:
                return redirect("participation:idea_sent", slug)
    return render(request, "portal/participation/idea_form.html", context(municipality, section="ideas", form=form))


@require_safe
def idea_sent(request, slug):
    municipality = get_municipality(slug)
    return render(request, "portal/participation/idea_sent.html", context(
        municipality, section="ideas",
        moderation=ParticipationSettings.for_municipality(municipality).moderation))


def _public_idea(municipality, pk):
    return get_object_or_404(municipality.ideas.filter(status__in=Idea.PUBLIC).select_related(
        "field__concept", "district", "target_group", "measure__concept", "event"), pk=pk)


@require_safe
def idea_page(request, slug, pk):
    return _idea_page(request, slug, pk)


def _idea_page(request, slug, pk, *, support_form=None, comment_form=None, status=200):
    """Also shown by the support and comment forms' POSTs, with their errors."""
    municipality = get_municipality(slug)
    idea = _public_idea(municipality, pk)
    return render(request, "portal/participation/idea.html", context(
        municipality, section="ideas", idea=idea,
        support_count=idea.supports.filter(confirmed_at__isnull=False).count(),
        comments=idea.comments.exclude(status=Comment.Status.UNCONFIRMED),
        changes=idea.status_changes.select_related("motion__originator_organization"),
        measure=public_measure(idea),
        support_form=support_form or SupportForm(), comment_form=comment_form or CommentForm()), status=status)


def public_measure(idea):
    """The idea's measure, when the public may see it (public, in the adopted concept)."""
    measure = idea.measure
    if measure is None or not measure.is_public:
        return None
    concept = public_concept(idea.municipality)
    return measure if concept and measure.concept_id == concept.pk else None


@require_POST
def idea_support(request, slug, pk):
    municipality = get_municipality(slug)
    idea = _public_idea(municipality, pk)
    form = SupportForm(request.POST)
    if form.is_spam:
        return redirect("participation:idea", slug, pk)
    if not form.is_valid():
        return _idea_page(request, slug, pk, support_form=form, status=400)
    if not ratelimit.allow("support", request=request, email=form.cleaned_data["email"]):
        return _too_many(request)
    _support, state = actions.support_idea(idea=idea, email=form.cleaned_data["email"], language=active_language(),
                                           base_url=base_url(request))
    if state == "confirmed":
        messages.info(request, _("Sie unterstützen diese Idee bereits."))
    else:
        messages.success(request, _("Fast geschafft: Bitte bestätigen Sie Ihre Unterstützung über den Link in der "
                                    "E-Mail, die wir Ihnen geschickt haben."))
    return redirect("participation:idea", slug, pk)


@require_POST
def idea_comment(request, slug, pk):
    municipality = get_municipality(slug)
    idea = _public_idea(municipality, pk)
    form = CommentForm(request.POST)
    if form.is_spam:
        return redirect("participation:idea", slug, pk)
    if not form.is_valid():
        return _idea_page(request, slug, pk, comment_form=form, status=400)
    data = form.cleaned_data
    if not ratelimit.allow("comment", request=request, email=data["email"]):
        return _too_many(request)
    actions.add_comment(idea=idea, body=data["body"], email=data["email"], author_name=data["author_name"],
                        language=active_language(), form_token=data["form_token"], base_url=base_url(request))
    messages.success(request, _("Danke! Ihr Kommentar erscheint, sobald Sie ihn über den Link in der E-Mail "
                                "bestätigt haben."))
    return redirect("participation:idea", slug, pk)


def comment_report(request, slug, pk, comment_pk):
    municipality = get_municipality(slug)
    idea = _public_idea(municipality, pk)
    comment = get_object_or_404(idea.comments.filter(status=Comment.Status.VISIBLE), pk=comment_pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("report", request=request):
            return _too_many(request)
        actions.report_comment(comment=comment, reason=form.cleaned_data["reason"])
        messages.success(request, _("Danke für den Hinweis. Die Koordination sieht sich den Kommentar an."))
        return redirect("participation:idea", slug, pk)
    return render(request, "portal/participation/report.html", context(
        municipality, section="ideas", idea=idea, comment=comment, form=form))
