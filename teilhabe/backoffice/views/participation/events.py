"""Events and their workshops, the figures (CSV), the participation settings and the mail
that could not be delivered."""
import csv

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from teilhabe.backoffice.lists import Filter, ListSpec, apply_list
from teilhabe.backoffice.participation_forms import EventForm, SettingsForm, WorkshopForm
from teilhabe.jobs.models import Job
from teilhabe.municipalities import history
from teilhabe.participation import actions, mail, rules, stats
from teilhabe.participation.attendance import attending_actors
from teilhabe.participation.models import Event, ParticipationSettings, Workshop
from teilhabe.strategy.models import current_concept

from . import base_url, get_one, municipality_for, page_context
from ..common import save_form


@login_required
@require_safe
def event_list(request, slug):
    municipality = municipality_for(request, slug)
    events = municipality.events.annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")))
    spec = ListSpec(
        filters=[Filter("kind", gettext_lazy("Art"), Event.Kind.choices, "kind")],
        sorts={"start": (gettext_lazy("Beginn"), ("-starts_at",)), "title": (gettext_lazy("Titel"), ("title",))},
        default_sort="start", search=("title", "place_name", "description"))
    return render(request, "backoffice/participation/event_list.html", page_context(
        request, municipality, "events", can_manage=rules.can_manage(request.user, municipality),
        **apply_list(request, events, spec)))


@login_required
@require_safe
def event_detail(request, slug, pk):
    municipality = municipality_for(request, slug)
    event = get_one(municipality.events.select_related("district", "organiser_actor"), pk)
    can_manage = rules.can_manage(request.user, municipality)
    present = attending_actors(Event.objects.filter(pk=event.pk)).get(event.pk, set())
    return render(request, "backoffice/participation/event_detail.html", page_context(
        request, municipality, "events", event=event, can_manage=can_manage, report=stats.event_report(event),
        attending=municipality.actors.filter(pk__in=present).order_by("name"),
        workshops=event.workshops.annotate(registered=Count("registrations", filter=Q(
            registrations__status="registered"))),
        ideas=event.ideas.all(), history=history.history_for(event)))


@login_required
def event_edit(request, slug, pk=None):
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk) if pk else Event(municipality=municipality)
    form = EventForm(request.POST or None, instance=event, municipality=municipality,
                     concept=current_concept(municipality))
    if request.method == "POST":
        obj = save_form(request, form, lambda f: actions.save_event(form=f, user=request.user,
                                                                     base_url=base_url(request)))
        if obj:
            return redirect("participation_backoffice:event", slug, obj.pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "events", form=form, object=event if pk else None,
        title=_("Veranstaltung bearbeiten") if pk else _("Neue Veranstaltung")))


@login_required
def workshop_edit(request, slug, event_pk, pk=None):
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), event_pk)
    workshop = get_one(event.workshops.all(), pk) if pk else Workshop(event=event)
    form = WorkshopForm(request.POST or None, instance=workshop, event=event, concept=current_concept(municipality))
    if request.method == "POST":
        if save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
            return redirect("participation_backoffice:event", slug, event.pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "events", form=form, parent=event,
        title=_("Arbeitsgruppe / Tisch bearbeiten") if pk else _("Neue Arbeitsgruppe / neuer Tisch")))


@login_required
@require_safe
def statistics_csv(request, slug, pk):
    municipality = municipality_for(request, slug)
    event = get_one(municipality.events.all(), pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnahme-{event.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 correctly with a BOM
    writer = csv.writer(response, delimiter=";")
    for row in stats.report_csv_rows(event):
        writer.writerow(row)
    return response


@login_required
def settings_edit(request, slug):
    municipality = municipality_for(request, slug, manage=True)
    form = SettingsForm(request.POST or None, instance=ParticipationSettings.for_municipality(municipality))
    if request.method == "POST":
        if save_form(request, form, lambda f: f.save()):
            return redirect("participation_backoffice:settings", slug)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "events", form=form, title=_("Beteiligung: Einstellungen")))


@login_required
@require_safe
def mail_failures(request, slug):
    """Mail that could not be delivered yet (retrying) or at all (failed): which kind,
    about which record, how often tried, the error without addresses."""
    municipality = municipality_for(request, slug, manage=True)
    jobs = Job.objects.filter(name=mail.JOB, payload__municipality=municipality.pk).filter(
        Q(status=Job.Status.FAILED) | Q(status=Job.Status.PENDING, attempts__gt=0)).order_by("-created_at")[:200]
    rows = [{"job": job, "kind": job.payload.get("kind", ""), "object_id": job.payload.get("id"),
             "error": mail.redact(job.last_error.splitlines()[0] if job.last_error else "")} for job in jobs]
    return render(request, "backoffice/participation/mail_failures.html", page_context(
        request, municipality, "events", rows=rows))
