"""The council part in the back office, for the municipality's office (Geschäftsstelle):
bodies, legislative terms, locations, persons with their consent and memberships; soft
deletion of every council object. Who may do what is council/rules.py: coordinators (of
the town or its Kreis) edit, viewers read, everyone else is refused."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.council import actions, rules
from teilhabe.council.models import (
    AgendaItem, Body, Consultation, File, LegislativeTerm, Location, Meeting, Membership, Organization, Paper,
    Person,
)
from teilhabe.municipalities import access, history

from ..council_forms import (
    BodyForm, LegislativeTermForm, LocationForm, MembershipForm, OrganizationForm, PersonForm,
)
from .common import base_context, require, save_form

SECTION = "council"


def readable(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.may_read(request.user, municipality))
    return municipality


def editable(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.may_edit(request.user, municipality))
    return municipality


def context(request, municipality, **extra):
    return base_context(request, municipality, section=SECTION,
                        may_edit=rules.may_edit(request.user, municipality), **extra)


def edit_page(request, municipality, form, *, instance, title, done, parent=None, template="backoffice/form.html",
              save=None):
    """Show the form; on a valid POST save it with its history (or by `save(form)`) and go to `done(obj)`."""
    if request.method == "POST":
        obj = save_form(request, form, save or (lambda f: history.save_tracked(f, user=request.user)))
        if obj:
            return redirect(done(obj))
    return render(request, template, context(
        request, municipality, form=form, title=title, parent=parent,
        object=instance if instance.pk else None, history=history.history_for(instance) if instance.pk else None))


@login_required
@require_safe
def overview(request, slug):
    municipality = readable(request, slug)
    return render(request, "backoffice/council/overview.html", context(
        request, municipality, body=Body.objects.filter(municipality=municipality).first(),
        terms=LegislativeTerm.objects.of(municipality).alive(),
        organizations=Organization.objects.of(municipality).alive().select_related("location"),
        locations=Location.objects.of(municipality).alive(),
        persons=Person.objects.of(municipality).alive().prefetch_related("memberships__organization")))


@login_required
@require_POST
def open_council(request, slug):
    municipality = editable(request, slug)
    actions.open_council(municipality, name=municipality.name, user=request.user)
    messages.success(request, _("Der Ratsbereich ist eingerichtet."))
    return redirect("council_office:overview", slug)


def _simple_edit(request, slug, pk, model, form_class, title_new, title_edit):
    municipality = editable(request, slug)
    instance = access.get_or_404(model.objects.of(municipality).alive(), pk) if pk else model()
    form = form_class(request.POST or None, instance=instance, municipality=municipality)
    return edit_page(request, municipality, form, instance=instance, title=title_edit if pk else title_new,
                     done=lambda obj: reverse("council_office:overview", args=[slug]))


@login_required
def body_edit(request, slug):
    """The council part's settings: office, data licence (OParl), deadlines before meetings."""
    municipality = editable(request, slug)
    instance = Body.objects.filter(municipality=municipality).first()
    if instance is None:
        raise Http404
    form = BodyForm(request.POST or None, instance=instance, municipality=municipality)
    return edit_page(request, municipality, form, instance=instance, title=_("Einstellungen des Ratsbereichs"),
                     done=lambda obj: reverse("council_office:overview", args=[slug]))


@login_required
def term_edit(request, slug, pk=None):
    return _simple_edit(request, slug, pk, LegislativeTerm, LegislativeTermForm, _("Neue Wahlperiode"),
                        _("Wahlperiode bearbeiten"))


@login_required
def location_edit(request, slug, pk=None):
    return _simple_edit(request, slug, pk, Location, LocationForm, _("Neuer Sitzungsort"),
                        _("Sitzungsort bearbeiten"))


@login_required
def organization_edit(request, slug, pk=None):
    return _simple_edit(request, slug, pk, Organization, OrganizationForm, _("Neues Gremium"),
                        _("Gremium bearbeiten"))


@login_required
def person_edit(request, slug, pk=None):
    municipality = editable(request, slug)
    instance = access.get_or_404(Person.objects.of(municipality).alive(), pk) if pk else Person()
    form = PersonForm(request.POST or None, instance=instance, municipality=municipality)
    return edit_page(request, municipality, form, instance=instance,
                     title=_("Person bearbeiten") if pk else _("Neue Person"),
                     done=lambda obj: reverse("council_office:person", args=[slug, obj.pk]))


@login_required
@require_safe
def person(request, slug, pk):
    municipality = readable(request, slug)
    person = access.get_or_404(Person.objects.of(municipality).alive(), pk)
    return render(request, "backoffice/council/person.html", context(
        request, municipality, person=person, files=person.pictures.alive(),
        memberships=person.memberships.alive().select_related("organization"),
        history=history.history_for(person)))


@login_required
@require_POST
def consent(request, slug, pk, given):
    """Record or withdraw the person's consent to publication; the history keeps who did it."""
    municipality = editable(request, slug)
    person = access.get_or_404(Person.objects.of(municipality).alive(), pk)
    if given:
        actions.record_consent(person, user=request.user)
        messages.success(request, _("Die Einwilligung ist erfasst: Name und Mitgliedschaften sind öffentlich."))
    else:
        actions.withdraw_consent(person, user=request.user)
        messages.success(request, _("Die Einwilligung ist widerrufen: die Person ist nicht mehr öffentlich."))
    return redirect("council_office:person", slug, pk)


@login_required
def membership_edit(request, slug, person_pk, pk=None):
    municipality = editable(request, slug)
    person = access.get_or_404(Person.objects.of(municipality).alive(), person_pk)
    instance = access.get_or_404(person.memberships.alive(), pk) if pk else Membership()
    form = MembershipForm(request.POST or None, instance=instance, municipality=municipality, person=person)
    return edit_page(request, municipality, form, instance=instance, parent=person,
                     title=_("Mitgliedschaft bearbeiten") if pk else _("Neue Mitgliedschaft"),
                     done=lambda obj: reverse("council_office:person", args=[slug, person.pk]))


# kind in the URL → model, and where to go after deleting it.
DELETABLE = {"term": LegislativeTerm, "location": Location, "organization": Organization, "person": Person,
             "membership": Membership, "meeting": Meeting, "agendaitem": AgendaItem, "paper": Paper,
             "consultation": Consultation, "file": File}


def _after_delete(slug, obj):
    if isinstance(obj, (Membership,)):
        return redirect("council_office:person", slug, obj.person_id)
    if isinstance(obj, AgendaItem):
        return redirect("council_office:meeting", slug, obj.meeting_id)
    if isinstance(obj, Consultation):
        return redirect("council_office:paper", slug, obj.paper_id)
    if isinstance(obj, File):
        owner = obj.owner
        if isinstance(owner, Paper):
            return redirect("council_office:paper", slug, owner.pk)
        if isinstance(owner, Person):
            return redirect("council_office:person", slug, owner.pk)
        return redirect("council_office:meeting", slug, owner.pk if isinstance(owner, Meeting) else owner.meeting_id)
    if isinstance(obj, Meeting):
        return redirect("council_office:meetings", slug)
    if isinstance(obj, Paper):
        return redirect("council_office:papers", slug)
    return redirect("council_office:overview", slug)


@login_required
@require_POST
def delete(request, slug, kind, pk):
    """Soft deletion: OParl clients learn the object is gone (deleted: true)."""
    municipality = editable(request, slug)
    if kind not in DELETABLE:
        raise Http404
    obj = access.get_or_404(DELETABLE[kind].objects.of(municipality).alive(), pk)
    actions.soft_delete(obj, user=request.user)
    messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": obj})
    return _after_delete(slug, obj)
