"""Back office of participation. Coordinators (of the town or its Kreis) manage events,
registrations, ideas and comments; viewers read events, figures and ideas, but no
personal data; actor editors and everyone else are refused (participation/rules.py)."""
import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.backoffice.forms import MeasureForm
from teilhabe.backoffice.lists import Filter, ListSpec, apply_list
from teilhabe.backoffice.participation_forms import (
    AttendanceForm, CheckInCodeForm, EventForm, HideCommentForm, IdeaMeasureForm, IdeaStatusForm,
    RegistrationActorForm, SettingsForm, StaffIdeaForm, WorkshopForm,
)
from teilhabe.jobs.models import Job
from teilhabe.municipalities import access, history
from teilhabe.participation import actions, mail, rules, stats
from teilhabe.participation.attendance import attending_actors
from teilhabe.participation.forms import self_description
from teilhabe.participation.models import Comment, Event, Idea, ParticipationSettings, Registration, Workshop
from teilhabe.strategy.models import Measure, current_concept

from .common import add_errors, base_context, require, save_form


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _municipality(request, slug, *, manage=False):
    municipality = access.get_municipality(request, slug)
    require((rules.can_manage if manage else rules.can_read)(request.user, municipality))
    return municipality


def _ctx(request, municipality, section, **extra):
    return base_context(request, municipality, **extra) | {"section": section}


def _get(queryset, pk):
    return access.get_or_404(queryset, pk)


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- events --------------------------------------------------------------------------

@login_required
@require_safe
def event_list(request, slug):
    municipality = _municipality(request, slug)
    events = municipality.events.annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")))
    spec = ListSpec(
        filters=[Filter("kind", gettext_lazy("Art"), Event.Kind.choices, "kind")],
        sorts={"start": (gettext_lazy("Beginn"), ("-starts_at",)), "title": (gettext_lazy("Titel"), ("title",))},
        default_sort="start", search=("title", "place_name", "description"))
    return render(request, "backoffice/participation/event_list.html", _ctx(
        request, municipality, "events", can_manage=rules.can_manage(request.user, municipality),
        **apply_list(request, events, spec)))


@login_required
@require_safe
def event_detail(request, slug, pk):
    municipality = _municipality(request, slug)
    event = _get(municipality.events.select_related("district", "organiser_actor"), pk)
    can_manage = rules.can_manage(request.user, municipality)
    present = attending_actors(Event.objects.filter(pk=event.pk)).get(event.pk, set())
    return render(request, "backoffice/participation/event_detail.html", _ctx(
        request, municipality, "events", event=event, can_manage=can_manage, report=stats.event_report(event),
        attending=municipality.actors.filter(pk__in=present).order_by("name"),
        workshops=event.workshops.annotate(registered=Count("registrations", filter=Q(
            registrations__status="registered"))),
        ideas=event.ideas.all(), history=history.history_for(event)))


@login_required
def event_edit(request, slug, pk=None):
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk) if pk else Event(municipality=municipality)
    form = EventForm(request.POST or None, instance=event, municipality=municipality,
                     concept=current_concept(municipality))
    if request.method == "POST":
        obj = save_form(request, form, lambda f: actions.save_event(form=f, user=request.user,
                                                                     base_url=base_url(request)))
        if obj:
            return redirect("participation_backoffice:event", slug, obj.pk)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "events", form=form, object=event if pk else None,
        title=_("Veranstaltung bearbeiten") if pk else _("Neue Veranstaltung")))


@login_required
def workshop_edit(request, slug, event_pk, pk=None):
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), event_pk)
    workshop = _get(event.workshops.all(), pk) if pk else Workshop(event=event)
    form = WorkshopForm(request.POST or None, instance=workshop, event=event, concept=current_concept(municipality))
    if request.method == "POST":
        if save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
            return redirect("participation_backoffice:event", slug, event.pk)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "events", form=form, parent=event,
        title=_("Arbeitsgruppe / Tisch bearbeiten") if pk else _("Neue Arbeitsgruppe / neuer Tisch")))


@login_required
def registrations(request, slug, pk):
    """Registrations and check-in: the minimum needed to run the event."""
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk)
    form = CheckInCodeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.check_in_by_code(event=event, code=form.cleaned_data["code"],
                                                    self_description=self_description(form))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error("code", error)
        else:
            _checked_in(request, registration)
            return redirect("participation_backoffice:registrations", slug, pk)
    rows = list(event.registrations.filter(anonymised_at__isnull=True).exclude(
        status=Registration.Status.CANCELLED).select_related("workshop", "actor").order_by("status", "created_at", "id"))
    actors = list(municipality.actors.order_by("name").values_list("pk", "name"))
    for row in rows:
        row.suggested_actor_id = None if row.actor_id else suggest_actor(row.organisation, actors)
    return render(request, "backoffice/participation/registrations.html", _ctx(
        request, municipality, "events", event=event, rows=rows, form=form, report=stats.event_report(event),
        actors=actors))


def suggest_actor(organisation, actors):
    """The actor the free-text organisation most likely means: the one whose name it is
    (ignoring case), else the only one whose name contains it or is contained in it."""
    text = " ".join(organisation.split()).casefold()
    if len(text) < 3:
        return None
    exact = [pk for pk, name in actors if name.casefold() == text]
    if exact:
        return exact[0] if len(exact) == 1 else None
    partial = [pk for pk, name in actors if text in name.casefold() or (len(name) >= 4 and name.casefold() in text)]
    return partial[0] if len(partial) == 1 else None


@login_required
@require_POST
def registration_actor(request, slug, pk, registration_pk):
    """Staff set or correct the organisation (actor) of a registration."""
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk)
    registration = _get(event.registrations.filter(anonymised_at__isnull=True), registration_pk)
    form = RegistrationActorForm(request.POST, municipality=municipality)
    if not form.is_valid():
        for error in form.errors.get("actor", []):
            messages.error(request, f"{form.fields['actor'].label}: {error}")
        return redirect("participation_backoffice:registrations", slug, pk)
    try:
        actions.set_registration_actor(registration=registration, actor=form.cleaned_data["actor"],
                                       user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        actor = form.cleaned_data["actor"]
        messages.success(request, _("Zugeordnet: %(name)s – %(actor)s") % {
            "name": registration.name or registration, "actor": actor.name if actor else _("kein Akteur")})
    return redirect("participation_backoffice:registrations", slug, pk)


@login_required
@require_POST
def registration_check_in(request, slug, pk, registration_pk):
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk)
    registration = _get(event.registrations.all(), registration_pk)
    try:
        registration = actions.check_in(registration=registration)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        _checked_in(request, registration)
    return redirect("participation_backoffice:registrations", slug, pk)


def _checked_in(request, registration):
    """Let in now, or already: a code shown twice (a shared ticket?) is worth a look."""
    name = registration.name or registration
    if registration.first_check_in:
        messages.success(request, _("Eingelassen: %(name)s") % {"name": name})
    else:
        messages.warning(request, _("Schon eingelassen um %(time)s: %(name)s") % {
            "time": date_format(timezone.localtime(registration.checked_in_at), "H:i"), "name": name})


@login_required
@require_POST
def registration_cancel(request, slug, pk, registration_pk):
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk)
    registration = _get(event.registrations.all(), registration_pk)
    moved = actions.cancel_registration(registration=registration, base_url=base_url(request))
    messages.success(request, _("Abgemeldet. Von der Warteliste nachgerückt: %(n)s") % {"n": len(moved)})
    return redirect("participation_backoffice:registrations", slug, pk)


@login_required
def attendance(request, slug, pk):
    municipality = _municipality(request, slug, manage=True)
    event = _get(municipality.events.all(), pk)
    form = AttendanceForm(request.POST or None, event=event)
    if request.method == "POST":
        if save_form(request, form, lambda f: actions.record_attendance(
                event=event, user=request.user, guests_counted=f.cleaned_data["guests_counted"],
                tallies=f.tallies())):
            return redirect("participation_backoffice:event", slug, pk)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "events", form=form, parent=event, title=_("Teilnahmezahlen erfassen"),
        privacy_note=_("Nur Zahlen: wie viele Gäste insgesamt, und wie viele sich wie beschrieben haben. "
                       "Gruppen unter 5 erscheinen überall als „< 5“.")))


@login_required
@require_safe
def statistics_csv(request, slug, pk):
    municipality = _municipality(request, slug)
    event = _get(municipality.events.all(), pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnahme-{event.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 correctly with a BOM
    writer = csv.writer(response, delimiter=";")
    for row in stats.report_csv_rows(event):
        writer.writerow(row)
    return response


@login_required
def settings_edit(request, slug):
    municipality = _municipality(request, slug, manage=True)
    form = SettingsForm(request.POST or None, instance=ParticipationSettings.for_municipality(municipality))
    if request.method == "POST":
        if save_form(request, form, lambda f: f.save()):
            return redirect("participation_backoffice:settings", slug)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "events", form=form, title=_("Beteiligung: Einstellungen")))


@login_required
@require_safe
def mail_failures(request, slug):
    """Mail that could not be delivered yet (retrying) or at all (failed): which kind,
    about which record, how often tried, the error without addresses."""
    municipality = _municipality(request, slug, manage=True)
    jobs = Job.objects.filter(name=mail.JOB, payload__municipality=municipality.pk).filter(
        Q(status=Job.Status.FAILED) | Q(status=Job.Status.PENDING, attempts__gt=0)).order_by("-created_at")[:200]
    rows = [{"job": job, "kind": job.payload.get("kind", ""), "object_id": job.payload.get("id"),
             "error": mail.redact(job.last_error.splitlines()[0] if job.last_error else "")} for job in jobs]
    return render(request, "backoffice/participation/mail_failures.html", _ctx(
        request, municipality, "events", rows=rows))


# --- ideas ---------------------------------------------------------------------------

def _fields(municipality, idea=None):
    """Fields of action of the current concept (plus the idea's own, if it is older)."""
    from teilhabe.strategy.models import FieldOfAction

    concept = current_concept(municipality)
    own = Q(pk=idea.field_id) if idea is not None and idea.field_id else Q(pk__in=[])
    return FieldOfAction.objects.filter(Q(concept=concept) | own) if concept else FieldOfAction.objects.filter(own)


@login_required
@require_safe
def idea_list(request, slug):
    municipality = _municipality(request, slug)
    ideas = municipality.ideas.select_related("field", "district", "measure").annotate(
        support_count=Count("supports", filter=Q(supports__confirmed_at__isnull=False)),
        reported=Count("comments", filter=Q(comments__reports__gt=0, comments__status="visible")))
    concept = current_concept(municipality)
    spec = ListSpec(
        filters=[Filter("status", gettext_lazy("Status"), Idea.Status.choices, "status"),
                 Filter("channel", gettext_lazy("Eingangsweg"), Idea.Channel.choices, "channel"),
                 Filter("field", gettext_lazy("Handlungsfeld"),
                        [(f.pk, f.name) for f in concept.fields.all()] if concept else [], "field"),
                 Filter("district", gettext_lazy("Stadtteil"),
                        [(d.pk, d.name) for d in municipality.districts.all()], "district")],
        sorts={"received": (gettext_lazy("Eingang"), ("-received_on",)),
               "title": (gettext_lazy("Titel"), ("title",)),
               "support": (gettext_lazy("Unterstützung"), ("-support_count",))},
        default_sort="received", search=("title", "description"))
    return render(request, "backoffice/participation/idea_list.html", _ctx(
        request, municipality, "ideas", can_manage=rules.can_manage(request.user, municipality),
        **apply_list(request, ideas, spec)))


@login_required
@require_safe
def idea_detail(request, slug, pk):
    municipality = _municipality(request, slug)
    idea = _get(municipality.ideas.select_related("field", "district", "target_group", "measure__concept",
                                                  "event", "workshop", "transcribed_by"), pk)
    return _idea_page(request, municipality, idea)


def _idea_page(request, municipality, idea, status_form=None):
    """The idea's page; status_form is a refused status change, shown again with what was
    typed (the reason) and why it was refused."""
    can_manage = rules.can_manage(request.user, municipality)
    concept = current_concept(municipality)
    if status_form is None and can_manage and idea.allowed_transitions():
        status_form = IdeaStatusForm(idea=idea)
    return render(request, "backoffice/participation/idea_detail.html", _ctx(
        request, municipality, "ideas", idea=idea, can_manage=can_manage,
        status_form=status_form,
        measure_form=IdeaMeasureForm(idea=idea, concept=concept) if (
            can_manage and idea.status in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED) and concept) else None,
        changes=idea.status_changes.select_related("changed_by"),
        support_count=idea.supports.filter(confirmed_at__isnull=False).count(),
        comments=idea.comments.exclude(status=Comment.Status.UNCONFIRMED).prefetch_related("report_set"),
        hide_form=HideCommentForm(), history=history.history_for(idea)))


@login_required
def idea_edit(request, slug, pk=None):
    municipality = _municipality(request, slug, manage=True)
    idea = _get(municipality.ideas.all(), pk) if pk else Idea(municipality=municipality)
    form = StaffIdeaForm(request.POST or None, instance=idea, municipality=municipality,
                         fields=_fields(municipality, idea if pk else None))
    if request.method == "POST":
        save = (lambda f: actions.enter_idea(form=f, user=request.user, base_url=base_url(request))) if pk is None \
            else (lambda f: history.save_tracked(f, user=request.user))
        obj = save_form(request, form, save)
        if obj:
            return redirect("participation_backoffice:idea", slug, obj.pk)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "ideas", form=form, object=idea if pk else None,
        title=_("Idee bearbeiten") if pk else _("Idee erfassen (Brief, E-Mail, Telefon, Konferenz)"),
        privacy_note=_("Kontaktdaten nur, wenn die Person eine Rückmeldung wünscht und eingewilligt hat. "
                       "Sie werden nach der Entscheidung automatisch gelöscht.")))


@login_required
@require_POST
def idea_status(request, slug, pk):
    municipality = _municipality(request, slug, manage=True)
    idea = _get(municipality.ideas.all(), pk)
    form = IdeaStatusForm(request.POST, idea=idea)
    if form.is_valid():
        try:
            actions.change_idea_status(idea=idea, user=request.user, base_url=base_url(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status geändert."))
            return redirect("participation_backoffice:idea", slug, pk)
    idea = _get(municipality.ideas.select_related("field", "district", "target_group", "measure__concept",
                                                  "event", "workshop", "transcribed_by"), pk)
    return _idea_page(request, municipality, idea, status_form=form)


@login_required
def idea_measure(request, slug, pk):
    municipality = _municipality(request, slug, manage=True)
    idea = _get(municipality.ideas.select_related("field"), pk)
    concept = current_concept(municipality)
    require(concept is not None)
    form = IdeaMeasureForm(request.POST or None, idea=idea, concept=concept)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure_form = None
        if data["mode"] == "new":
            field = concept.fields.filter(key=idea.field.key).first()
            measure_form = MeasureForm({
                "title": data["title"], "external_id": data["external_id"], "description": data["description"],
                "fields": [field.pk] if field else [], "status": Measure.Status.PLANNED, "is_public": "on",
                "districts": [idea.district_id] if idea.district_id else [],
                "target_groups": [idea.target_group_id] if idea.target_group_id else [],
            }, instance=Measure(concept=concept), concept=concept, user=request.user)
            if not measure_form.is_valid():
                for name, errors in measure_form.errors.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
        if form.is_valid():
            measure = save_form(request, form, lambda f: actions.idea_to_measure(
                idea=idea, user=request.user, measure=data.get("measure") if data["mode"] == "existing" else None,
                measure_form=measure_form, base_url=base_url(request)))
            if measure:
                return redirect("participation_backoffice:idea", slug, pk)
    return render(request, "backoffice/form.html", _ctx(
        request, municipality, "ideas", form=form, parent=idea, title=_("Aus der Idee wird eine Maßnahme")))


@login_required
@require_POST
def comment_hide(request, slug, pk):
    municipality = _municipality(request, slug, manage=True)
    comment = _get(Comment.objects.filter(idea__municipality=municipality), pk)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        actions.hide_comment(comment=comment, reason=form.cleaned_data["reason"], user=request.user,
                             base_url=base_url(request))
        messages.success(request, _("Kommentar ausgeblendet."))
    else:
        messages.error(request, _("Grund: Bitte nennen Sie den Grund – die verfassende Person erfährt ihn."))
    return redirect("participation_backoffice:idea", slug, comment.idea_id)


@login_required
@require_POST
def comment_show(request, slug, pk):
    municipality = _municipality(request, slug, manage=True)
    comment = _get(Comment.objects.filter(idea__municipality=municipality), pk)
    actions.show_comment(comment=comment, user=request.user)
    messages.success(request, _("Kommentar wieder sichtbar."))
    return redirect("participation_backoffice:idea", slug, comment.idea_id)
