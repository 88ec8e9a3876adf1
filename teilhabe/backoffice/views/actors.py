"""Actors and their contact persons."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.actors import rules
from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.municipalities import access, history
from teilhabe.offers import rules as offer_rules

from ..forms import ActorForm, ContactForm
from ..lists import Filter, ListSpec, apply_list
from .common import base_context, require, save_form


@login_required
@require_safe
def actor_list(request, slug):
    municipality = access.get_municipality(request, slug)
    actors = rules.listed(request.user, municipality, rules.working_here(municipality).prefetch_related("districts"))
    spec = ListSpec(
        filters=[
            Filter("kind", gettext_lazy("Art"), Actor.Kind.choices, "kind"),
            Filter("district", gettext_lazy("Stadtteil"),
                   [(d.pk, d.name) for d in municipality.districts.all()], "districts"),
            Filter("published", gettext_lazy("Sichtbarkeit"),
                   [("1", gettext_lazy("öffentlich")), ("0", gettext_lazy("nicht öffentlich"))], "",
                   lambda qs, v: qs.filter(is_published=v == "1")),
        ],
        sorts={"name": (gettext_lazy("Name"), ("name",)),
               "kind": (gettext_lazy("Art"), ("kind", "name")),
               "modified": (gettext_lazy("zuletzt geändert"), ("-modified_at",))},
        default_sort="name",
        search=("name", "description", "external_id"),
    )
    return render(request, "backoffice/actor_list.html", base_context(
        request, municipality, can_create=rules.can_create(request.user, municipality),
        **apply_list(request, actors, spec)))


@login_required
@require_safe
def actor_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    actor = rules.get_for_view(request, municipality, rules.working_here(municipality), pk)
    can_edit = rules.can_edit(request.user, municipality, actor)
    return render(request, "backoffice/actor_detail.html", base_context(
        request, municipality, actor=actor, can_edit=can_edit,
        contacts=actor.contacts.all(),
        offers=actor.offers.select_related("field_of_action"),
        measures=actor.responsible_measures.select_related("concept").order_by("-concept__version", "title"),
        can_add_offer=offer_rules.can_create(request.user, municipality, provider=actor),
        history=history.history_for(actor)))


@login_required
def actor_edit(request, slug, pk=None):
    municipality = access.get_municipality(request, slug)
    if pk is None:
        require(rules.can_create(request.user, municipality))
        actor = Actor(municipality=municipality)
    else:
        actor = rules.get_for_edit(request, municipality, rules.working_here(municipality), pk)
    # Edited from any town it works in, the actor stays in its own municipality.
    form = ActorForm(request.POST or None, instance=actor, municipality=actor.municipality)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if obj:
            return redirect("backoffice:actor", slug, obj.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=actor if pk else None,
        title=_("Akteur bearbeiten") if pk else _("Neuer Akteur")))


@login_required
def contact_edit(request, slug, actor_pk, pk=None):
    municipality = access.get_municipality(request, slug)
    actor = rules.get_for_view(request, municipality, rules.working_here(municipality), actor_pk)
    if pk is None:
        require(rules.can_create_contact(request.user, municipality, actor))
        contact = ContactPerson(actor=actor)
    else:
        contact = rules.get_for_edit(request, municipality, actor.contacts.all(), pk)
    form = ContactForm(request.POST or None, instance=contact, actor=actor)
    if request.method == "POST":
        if save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
            return redirect("backoffice:actor", slug, actor.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=contact if pk else None, parent=actor,
        title=_("Ansprechperson bearbeiten") if pk else _("Neue Ansprechperson"),
        privacy_note=_("Personenbezogene Daten: nur erfassen, was für die Kontaktaufnahme nötig ist. "
                       "Öffentlich erscheint die Person nur mit dokumentierter Einwilligung; "
                       "ohne sie genügt die Funktion (z. B. „Beratungsstelle“).")))


@login_required
@require_POST
def contact_delete(request, slug, actor_pk, pk):
    municipality = access.get_municipality(request, slug)
    actor = rules.get_for_view(request, municipality, rules.working_here(municipality), actor_pk)
    contact = rules.get_for_edit(request, municipality, actor.contacts.all(), pk)
    require(rules.can_delete_contact(request.user, municipality, contact))
    history.delete_tracked(contact, user=request.user)
    messages.success(request, _("Ansprechperson gelöscht."))
    return redirect("backoffice:actor", slug, actor.pk)
