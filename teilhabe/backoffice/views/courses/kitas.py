"""Kitas with their language-support programmes (counts only, never children), and the
Kreis's settings of course steering."""
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from teilhabe.courses import rules
from teilhabe.courses.models import Kita, KitaProgramme, KreisCourseSettings
from teilhabe.municipalities import access, history
from teilhabe.municipalities.models import District

from ...courses_forms import KitaForm, KreisSettingsForm
from ...lists import Filter, ListSpec, apply_list
from ..common import require, save_form
from . import kreis_for, page_context


def _kitas(user, kreis):
    return Kita.objects.filter(municipality__in=rules.figure_towns(user, kreis)).select_related(
        "municipality", "district").prefetch_related("programmes")


@login_required
@require_safe
def kita_list(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_read_figures)
    kitas = _kitas(request.user, kreis)
    spec = ListSpec(
        filters=[
            Filter("town", gettext_lazy("Stadt"), [(t.pk, t.name) for t in rules.figure_towns(request.user, kreis)],
                   "municipality"),
            Filter("district", gettext_lazy("Stadtteil"),
                   [(d.pk, f"{d.municipality.name}: {d.name}")
                    for d in District.objects.filter(municipality__parent=kreis).select_related("municipality")],
                   "district"),
            Filter("programme", gettext_lazy("Programm"), KitaProgramme.Programme.choices, "programmes__programme"),
        ],
        sorts={"town": (gettext_lazy("Stadt"), ("municipality__name", "district__name", "name")),
               "name": (gettext_lazy("Name"), ("name",)),
               "needing": (gettext_lazy("Kinder mit Förderbedarf"), ("-children_needing_support",))},
        default_sort="town", search=("name", "external_id"))
    totals = kitas.aggregate(places=Sum("places"), needing=Sum("children_needing_support"))
    reached = KitaProgramme.objects.filter(kita__in=kitas).aggregate(reached=Sum("places"))
    keeps = rules.kita_towns(request.user, kreis)
    return render(request, "backoffice/courses/kita_list.html", page_context(
        request, municipality, kreis, can_add=keeps.exists(), editable=set(keeps.values_list("pk", flat=True)),
        totals=totals | reached, **apply_list(request, kitas, spec)))


@login_required
def kita_edit(request, slug, pk=None):
    municipality, kreis = kreis_for(request, slug)
    if pk is None:
        require(rules.kita_towns(request.user, kreis).exists())
        kita = Kita()
    else:
        kita = access.get_or_404(Kita.objects.filter(municipality__parent=kreis), pk)
        require(rules.may_edit_kita(request.user, kita))
    form = KitaForm(request.POST or None, instance=kita, kreis=kreis, user=request.user)
    if request.method == "POST":
        def save(f):
            obj = history.save_tracked(f, user=request.user)
            f.save_programmes()
            return obj
        if save_form(request, form, save):
            return redirect("courses_backoffice:kitas", slug)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, kreis, form=form, object=kita if pk else None,
        privacy_note=_("Nur Zahlen: wie viele Kinder Sprachförderung brauchen und wie viele die Programme "
                       "erreichen – nie einzelne Kinder."),
        history=history.history_for(kita) if pk else None,
        title=_("Kita bearbeiten") if pk else _("Neue Kita")))


@login_required
def settings_edit(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_steer)
    settings = KreisCourseSettings.of(kreis)
    form = KreisSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("courses_backoffice:settings", slug)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, kreis, form=form, object=kreis, title=_("Einstellungen der Kurssteuerung")))
