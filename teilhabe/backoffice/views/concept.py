"""Concept versions, their guidelines, fields of action and goals."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.municipalities import access, history
from teilhabe.strategy import actions, rules
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, GuidelineSection

from ..forms import AdoptForm, ConceptForm, FieldOfActionForm, GoalForm, GuidelineForm
from .common import base_context, require, save_form


def _concept(request, municipality, pk, edit=False):
    queryset = Concept.objects.filter(municipality=municipality)
    get = rules.get_for_edit if edit else rules.get_for_view
    return get(request, municipality, queryset, pk)


@login_required
@require_safe
def concept_list(request, slug):
    municipality = access.get_municipality(request, slug)
    concepts = municipality.concepts.select_related("predecessor").order_by("-version")
    return render(request, "backoffice/concept_list.html",
                  base_context(request, municipality, concepts=concepts))


@login_required
@require_safe
def concept_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    concept = _concept(request, municipality, pk)
    goals = concept.goals.select_related("field", "parent").order_by("field__position", "position", "id")
    context = base_context(
        request, municipality, concept=concept,
        guidelines=concept.guidelines.all(),
        fields=concept.fields.all(),
        goals=goals,
        can_edit=rules.can_edit(request.user, municipality, concept),
        has_successor=Concept.objects.filter(predecessor=concept).exists(),
        adopt_form=AdoptForm(initial={"adopted_by": concept.adopted_by, "adoption": concept.adoption_id},
                              municipality=municipality),
        history=history.history_for(concept),
    )
    return render(request, "backoffice/concept_detail.html", context)


@login_required
def concept_edit(request, slug, pk=None):
    municipality = access.get_municipality(request, slug)
    if pk is None:
        require(rules.can_create_concept(request.user, municipality))
        concept = Concept(municipality=municipality)
    else:
        concept = _concept(request, municipality, pk, edit=True)
    form = ConceptForm(request.POST or None, instance=concept, municipality=municipality)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: actions.save_linked(f, user=request.user))
        if obj:
            return redirect("backoffice:concept", slug, obj.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=concept if concept.pk else None,
        title=_("Konzeptversion bearbeiten") if concept.pk else _("Neue Konzeptversion")))


@login_required
@require_POST
def concept_new_version(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    concept = _concept(request, municipality, pk, edit=True)
    try:
        new = actions.start_new_version(concept=concept, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:concept", slug, concept.pk)
    messages.success(request, _("Fortschreibung als Entwurf angelegt: Version %(v)s.") % {"v": new.version})
    return redirect("backoffice:concept", slug, new.pk)


@login_required
@require_POST
def concept_adopt(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    concept = _concept(request, municipality, pk, edit=True)
    form = AdoptForm(request.POST, municipality=municipality)
    if form.is_valid():
        try:
            actions.adopt_concept(concept=concept, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Version ist als beschlossen eingetragen."))
            return redirect("backoffice:concept", slug, concept.pk)
    else:
        messages.error(request, _("Bitte Datum und Gremium des Beschlusses angeben."))
    return redirect("backoffice:concept", slug, concept.pk)


def _child_edit(request, slug, concept_pk, model, form_class, pk, title_new, title_edit, **form_kwargs):
    municipality = access.get_municipality(request, slug)
    concept = _concept(request, municipality, concept_pk, edit=True)
    instance = model() if pk is None else rules.get_for_edit(
        request, municipality, model.objects.filter(concept=concept), pk)
    if pk is None:
        instance.concept = concept
    form = form_class(request.POST or None, instance=instance, **form_kwargs, **(
        {"concept": concept} if form_class is not GuidelineForm else {}))
    if request.method == "POST" and save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
        return redirect("backoffice:concept", slug, concept.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=instance if pk else None, concept=concept,
        title=title_edit if pk else title_new,
        history=history.history_for(instance) if pk else None))


@login_required
def guideline_edit(request, slug, concept_pk, pk=None):
    return _child_edit(request, slug, concept_pk, GuidelineSection, GuidelineForm, pk,
                       _("Neuer Leitlinienabschnitt"), _("Leitlinienabschnitt bearbeiten"))


@login_required
def field_edit(request, slug, concept_pk, pk=None):
    return _child_edit(request, slug, concept_pk, FieldOfAction, FieldOfActionForm, pk,
                       _("Neues Handlungsfeld"), _("Handlungsfeld bearbeiten"))


@login_required
def goal_edit(request, slug, concept_pk, pk=None):
    return _child_edit(request, slug, concept_pk, Goal, GoalForm, pk,
                       _("Neues Ziel"), _("Ziel bearbeiten"))


@login_required
@require_safe
def goal_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    goal = rules.get_for_view(request, municipality, Goal.objects.filter(
        concept__municipality=municipality).select_related("concept", "field", "parent"), pk)
    return render(request, "backoffice/goal_detail.html", base_context(
        request, municipality, goal=goal, concept=goal.concept,
        measures=goal.measures.select_related("responsible_actor"),
        can_edit=rules.can_edit(request.user, municipality, goal),
        history=history.history_for(goal)))


@login_required
@require_POST
def guideline_delete(request, slug, concept_pk, pk):
    municipality = access.get_municipality(request, slug)
    concept = _concept(request, municipality, concept_pk, edit=True)
    section = rules.get_for_edit(request, municipality, concept.guidelines.all(), pk)
    history.delete_tracked(section, user=request.user)
    messages.success(request, _("Abschnitt gelöscht."))
    return redirect("backoffice:concept", slug, concept.pk)
