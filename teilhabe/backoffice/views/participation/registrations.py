"""Registrations of an event: the list, check-in, cancelling, the organisation (actor) of
a registration, and the attendance counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.backoffice.participation_forms import AttendanceForm, CheckInCodeForm, RegistrationActorForm
from teilhabe.lib.html import quoted
from teilhabe.participation import actions, stats
from teilhabe.participation.forms import self_description
from teilhabe.participation.models import Registration

from . import base_url, error_messages, get_one, municipality_for, page_context
from ..common import save_form


@login_required
def registrations(request, slug, pk):
    """Registrations and check-in: the minimum needed to run the event."""
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk)
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
    return render(request, "backoffice/participation/registrations.html", page_context(
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
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk)
    registration = get_one(event.registrations.filter(anonymised_at__isnull=True), registration_pk)
    form = RegistrationActorForm(request.POST, municipality=municipality)
    if not form.is_valid():
        for error in form.errors.get("actor", []):
            messages.error(request, f"{form.fields['actor'].label}: {error}")
        return redirect("participation_backoffice:registrations", slug, pk)
    try:
        actions.set_registration_actor(registration=registration, actor=form.cleaned_data["actor"],
                                       user=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        actor = form.cleaned_data["actor"]
        messages.success(request, _("Zugeordnet: %(name)s – %(actor)s") % {
            "name": registration.name or registration, "actor": actor.name if actor else _("kein Akteur")})
    return redirect("participation_backoffice:registrations", slug, pk)


@login_required
@require_POST
def registration_check_in(request, slug, pk, registration_pk):
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk)
    registration = get_one(event.registrations.all(), registration_pk)
    try:
        registration = actions.check_in(registration=registration)
    except ValidationError as error:
        error_messages(request, error)
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
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk)
    registration = get_one(event.registrations.all(), registration_pk)
    moved = actions.cancel_registration(registration=registration, base_url=base_url(request))
    messages.success(request, _("Abgemeldet. Von der Warteliste nachgerückt: %(n)s") % {"n": len(moved)})
    return redirect("participation_backoffice:registrations", slug, pk)


@login_required
def attendance(request, slug, pk):
    municipality = municipality_for(request, slug, manage=True)
    event = get_one(municipality.events.all(), pk)
    form = AttendanceForm(request.POST or None, event=event)
    if request.method == "POST":
        if save_form(request, form, lambda f: actions.record_attendance(
                event=event, user=request.user, guests_counted=f.cleaned_data["guests_counted"],
                tallies=f.tallies())):
            return redirect("participation_backoffice:event", slug, pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "events", form=form, parent=event, title=_("Teilnahmezahlen erfassen"),
        privacy_note=_small_groups_note()))


def _small_groups_note():
    # "< 5" isolated left to right (an Arabic sentence reads it mirrored, "5 >"), between the
    # page language's quotation marks, as the registration form's hint shows it.
    small = quoted(format_html('<bdi dir="ltr">{}</bdi>', "< 5"))
    return mark_safe(conditional_escape(_(
        "Nur Zahlen: wie viele Gäste insgesamt, und wie viele sich wie beschrieben haben. "
        "Gruppen unter 5 erscheinen überall als %(small)s.")) % {"small": small})
