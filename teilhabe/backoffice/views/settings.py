"""A municipality's own settings: its data, districts, target groups and members.
Coordinators only: these shape what everyone else can choose from and who may work."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.deletion import ProtectedError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.municipalities import access
from teilhabe.municipalities.actions import add_member
from teilhabe.municipalities.models import Membership

from teilhabe.search.models import Synonyms

from ..settings_forms import DistrictForm, MemberForm, MunicipalityForm, SynonymsForm, TargetGroupForm
from .common import base_context, require, save_form


def _managed(request, slug):
    municipality = access.get_municipality(request, slug)
    require(access.can_manage_settings(request.user, municipality))
    return municipality


@login_required
def overview(request, slug):
    municipality = _managed(request, slug)
    form = MunicipalityForm(request.POST or None, instance=municipality)
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("backoffice:settings", slug)
    memberships = (Membership.objects.filter(municipality=municipality)
                   .select_related("user", "actor").order_by("role", "user__username"))
    inherited = []
    if municipality.parent_id:
        inherited = Membership.objects.filter(
            municipality=municipality.parent_id, role__in=[Membership.Role.COORDINATOR, Membership.Role.VIEWER]
        ).select_related("user")
    return render(request, "backoffice/settings.html", base_context(
        request, municipality, form=form, districts=municipality.districts.all(),
        target_groups=municipality.target_groups.all(), memberships=memberships, inherited=inherited))


def _vocabulary_edit(request, slug, pk, manager_name, form_class, title_new, title_edit):
    municipality = _managed(request, slug)
    queryset = getattr(municipality, manager_name).all()
    instance = access.get_for_edit(request, municipality, queryset, pk) if pk else queryset.model()
    form = form_class(request.POST or None, instance=instance, municipality=municipality)
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("backoffice:settings", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=instance if pk else None,
        title=title_edit if pk else title_new))


@login_required
def district_edit(request, slug, pk=None):
    return _vocabulary_edit(request, slug, pk, "districts", DistrictForm,
                            _("Neuer Stadtteil"), _("Stadtteil bearbeiten"))


@login_required
def target_group_edit(request, slug, pk=None):
    return _vocabulary_edit(request, slug, pk, "target_groups", TargetGroupForm,
                            _("Neue Zielgruppe"), _("Zielgruppe bearbeiten"))


@login_required
def search_synonyms(request, slug):
    """The municipality's own synonyms for the search, beside the vocabulary teilhabe ships."""
    municipality = _managed(request, slug)
    instance = Synonyms.objects.filter(municipality=municipality).first() or Synonyms(municipality=municipality)
    form = SynonymsForm(request.POST or None, instance=instance)
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("backoffice:settings", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=None, title=_("Synonyme der Suche")))


@login_required
@require_POST
def district_delete(request, slug, pk):
    municipality = _managed(request, slug)
    district = access.get_for_edit(request, municipality, municipality.districts.all(), pk)
    try:
        district.delete()
    except ProtectedError:  # not expected today, but a later model may protect it
        messages.error(request, _("Der Stadtteil wird noch verwendet."))
    else:
        messages.success(request, _("Stadtteil gelöscht; Maßnahmen, Akteure und Angebote verweisen nicht mehr darauf."))
    return redirect("backoffice:settings", slug)


@login_required
def member_add(request, slug):
    municipality = _managed(request, slug)
    form = MemberForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _membership, created = add_member(
            municipality=municipality, username=data["username"], email=data["email"], role=data["role"],
            actor=data["actor"], invited_by=request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
        if created:
            messages.success(request, _("Zugang angelegt; eine E-Mail zum Festlegen des Passworts ist unterwegs."))
        else:
            messages.success(request, _("Rolle vergeben."))
        return redirect("backoffice:settings", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, title=_("Person hinzufügen"),
        privacy_note=_("Gespeichert werden nur Benutzername, E-Mail-Adresse und Rolle – für die Anmeldung und die Zuständigkeit.")))


@login_required
@require_POST
def member_remove(request, slug, pk):
    municipality = _managed(request, slug)
    membership = access.get_for_edit(request, municipality, municipality.memberships.all(), pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Die eigene Rolle kann nur eine andere Koordinatorin oder ein anderer Koordinator entziehen."))
    else:
        membership.delete()
        messages.success(request, _("Rolle entzogen."))
    return redirect("backoffice:settings", slug)
