"""Measures of a concept version and their life cycle."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.actors import rules as actor_rules
from teilhabe.municipalities import access, history
from teilhabe.strategy import actions, rules
from teilhabe.strategy.models import Measure, current_concept

from ..forms import MeasureForm, StatusChangeForm
from ..lists import Filter, ListSpec, apply_list
from .common import add_errors, base_context, require, save_form


def _concept_from_query(request, municipality):
    """The version chosen in ?concept=, else the current one."""
    concepts = municipality.concepts.all()
    chosen = request.GET.get("concept", "")
    if chosen.isdigit():
        concept = concepts.filter(pk=chosen).first()
        if concept:
            return concept
    return current_concept(municipality)


@login_required
@require_safe
def measure_list(request, slug):
    municipality = access.get_municipality(request, slug)
    concept = _concept_from_query(request, municipality)
    measures = Measure.objects.none()
    if concept:
        measures = rules.listed_measures(request.user, municipality, concept.measures.select_related(
            "responsible_actor").prefetch_related("fields"))
    actors = actor_rules.visible(request.user, municipality).order_by("name")
    spec = ListSpec(
        filters=[
            Filter("status", gettext_lazy("Status"), Measure.Status.choices, "status"),
            Filter("field", gettext_lazy("Handlungsfeld"),
                   [(f.pk, f.name) for f in concept.fields.all()] if concept else [], "fields"),
            Filter("actor", gettext_lazy("verantwortlich"), [(a.pk, a.name) for a in actors], "responsible_actor"),
            Filter("district", gettext_lazy("Stadtteil"),
                   [(d.pk, d.name) for d in municipality.districts.all()], "districts"),
            Filter("target_group", gettext_lazy("Zielgruppe"),
                   [(t.pk, t.name) for t in municipality.target_groups.all()], "target_groups"),
            Filter("public", gettext_lazy("Sichtbarkeit"),
                   [("1", gettext_lazy("öffentlich")), ("0", gettext_lazy("intern"))], "",
                   lambda qs, v: qs.filter(is_public=v == "1")),
        ],
        sorts={"title": (gettext_lazy("Titel"), ("title",)),
               "status": (gettext_lazy("Status"), ("status", "title")),
               "start": (gettext_lazy("Beginn"), ("start_date",)),
               "modified": (gettext_lazy("zuletzt geändert"), ("-modified_at",))},
        default_sort="title",
        search=("title", "description", "external_id"),
    )
    context = base_context(request, municipality, concept=concept,
                           concepts=municipality.concepts.order_by("-version"),
                           concept_keep=[("concept", concept.pk)] if "concept" in request.GET and concept else [],
                           can_create=concept is not None and rules.can_create_measure(request.user, municipality),
                           **apply_list(request, measures, spec))
    return render(request, "backoffice/measure_list.html", context)


def _measures(municipality):
    return Measure.objects.filter(concept__municipality=municipality).select_related(
        "concept", "responsible_actor")


@login_required
@require_safe
def measure_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    measure = rules.get_for_view(request, municipality, _measures(municipality), pk)
    return _detail(request, municipality, measure)


def _detail(request, municipality, measure, status_form=None):
    """The measure page; status_form is a refused status change, shown again with what
    was typed and why it was refused."""
    can_edit = rules.can_edit(request.user, municipality, measure)
    if status_form is None and can_edit and measure.allowed_transitions():
        status_form = StatusChangeForm(measure=measure)
    context = base_context(
        request, municipality, measure=measure, concept=measure.concept, can_edit=can_edit,
        status_changes=measure.status_changes.select_related("changed_by"),
        status_form=status_form,
        offers=measure.offers.all(),
        partners=measure.partner_actors.filter(pk__in=actor_rules.visible(request.user, municipality)),
        history=_history(request, municipality, measure))
    return render(request, "backoffice/measure_detail.html", context)


def _history(request, municipality, measure):
    """The measure's history; for an actor editor the names of actors they may not see
    (a partner not published) are masked, as on the rest of the page."""
    records = list(history.history_for(measure))
    hidden = actor_rules.hidden_names(request.user, municipality)
    if not hidden:
        return records

    def mask(value):
        if isinstance(value, list):
            return [history.REDACTED if v in hidden else v for v in value]
        return history.REDACTED if value in hidden else value

    for record in records:
        for name in ("responsible_actor", "partner_actors"):
            if name in record.changes:
                record.changes[name] = [mask(v) for v in record.changes[name]]
    return records


@login_required
def measure_edit(request, slug, pk=None):
    municipality = access.get_municipality(request, slug)
    if pk is None:
        require(rules.can_create_measure(request.user, municipality))
        concept = rules.get_for_edit(request, municipality, municipality.concepts.all(),
                                      request.GET.get("concept") or getattr(current_concept(municipality), "pk", None))
        measure = Measure(concept=concept)
    else:
        measure = rules.get_for_edit(request, municipality, _measures(municipality), pk)
        concept = measure.concept
    form = MeasureForm(request.POST or None, instance=measure, concept=concept, user=request.user)
    if request.method == "POST":
        save = (lambda f: actions.create_measure(form=f, user=request.user)) if pk is None else None
        obj = save_form(request, form, lambda f: actions.save_linked(f, user=request.user, save=save))
        if obj:
            return redirect("backoffice:measure", slug, obj.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=measure if pk else None, concept=concept,
        title=_("Maßnahme bearbeiten") if pk else _("Neue Maßnahme")))


@login_required
@require_POST
def measure_status(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    measure = rules.get_for_edit(request, municipality, _measures(municipality), pk)
    form = StatusChangeForm(request.POST, measure=measure)
    if form.is_valid():
        try:
            actions.change_measure_status(measure=measure, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status geändert."))
            return redirect("backoffice:measure", slug, pk)
    return _detail(request, municipality, measure, status_form=form)


