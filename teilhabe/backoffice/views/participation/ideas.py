"""Ideas (entered by staff or sent on the portal), their status and measure, and the
moderation of comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.backoffice.forms import MeasureForm
from teilhabe.backoffice.lists import Filter, ListSpec, apply_list
from teilhabe.backoffice.participation_forms import (
    HideCommentForm, IdeaMeasureForm, IdeaMotionForm, IdeaStatusForm, StaffIdeaForm,
)
from teilhabe.council import rules as council_rules
from teilhabe.municipalities import history
from teilhabe.participation import actions, rules
from teilhabe.participation.models import Comment, Idea
from teilhabe.strategy.models import Measure, current_concept

from . import base_url, get_one, municipality_for, page_context
from ..common import add_errors, require, save_form


def _fields(municipality, idea=None):
    """Fields of action of the current concept (plus the idea's own, if it is older)."""
    from teilhabe.strategy.models import FieldOfAction

    concept = current_concept(municipality)
    own = Q(pk=idea.field_id) if idea is not None and idea.field_id else Q(pk__in=[])
    return FieldOfAction.objects.filter(Q(concept=concept) | own) if concept else FieldOfAction.objects.filter(own)


@login_required
@require_safe
def idea_list(request, slug):
    municipality = municipality_for(request, slug)
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
    return render(request, "backoffice/participation/idea_list.html", page_context(
        request, municipality, "ideas", can_manage=rules.can_manage(request.user, municipality),
        **apply_list(request, ideas, spec)))


@login_required
@require_safe
def idea_detail(request, slug, pk):
    municipality = municipality_for(request, slug)
    idea = get_one(municipality.ideas.select_related("field", "district", "target_group", "measure__concept",
                                                  "event", "workshop", "transcribed_by", "motion"), pk)
    return _idea_page(request, municipality, idea)


def _may_make_motion(user, municipality, idea):
    return (idea.status in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED)
            and (idea.motion_id is None or idea.motion.deleted_at is not None)
            and rules.can_make_motion(user, municipality)
            and getattr(getattr(municipality, "council_body", None), "deleted_at", True) is None)


def _idea_page(request, municipality, idea, status_form=None):
    """The idea's page; status_form is a refused status change, shown again with what was
    typed (the reason) and why it was refused."""
    can_manage = rules.can_manage(request.user, municipality)
    concept = current_concept(municipality)
    if status_form is None and can_manage and idea.allowed_transitions():
        status_form = IdeaStatusForm(idea=idea)
    return render(request, "backoffice/participation/idea_detail.html", page_context(
        request, municipality, "ideas", idea=idea, can_manage=can_manage,
        status_form=status_form,
        measure_form=IdeaMeasureForm(idea=idea, concept=concept) if (
            can_manage and idea.status in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED) and concept) else None,
        may_make_motion=_may_make_motion(request.user, municipality, idea),
        may_read_council=council_rules.may_read(request.user, municipality),
        changes=idea.status_changes.select_related("changed_by", "motion__originator_organization"),
        support_count=idea.supports.filter(confirmed_at__isnull=False).count(),
        comments=idea.comments.exclude(status=Comment.Status.UNCONFIRMED).prefetch_related("report_set"),
        hide_form=HideCommentForm(), history=history.history_for(idea)))


@login_required
def idea_edit(request, slug, pk=None):
    municipality = municipality_for(request, slug, manage=True)
    idea = get_one(municipality.ideas.all(), pk) if pk else Idea(municipality=municipality)
    form = StaffIdeaForm(request.POST or None, instance=idea, municipality=municipality,
                         fields=_fields(municipality, idea if pk else None))
    if request.method == "POST":
        save = (lambda f: actions.enter_idea(form=f, user=request.user, base_url=base_url(request))) if pk is None \
            else (lambda f: history.save_tracked(f, user=request.user))
        obj = save_form(request, form, save)
        if obj:
            return redirect("participation_backoffice:idea", slug, obj.pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "ideas", form=form, object=idea if pk else None,
        title=_("Idee bearbeiten") if pk else _("Idee erfassen (Brief, E-Mail, Telefon, Konferenz)"),
        privacy_note=_("Kontaktdaten nur, wenn die Person eine Rückmeldung wünscht und eingewilligt hat. "
                       "Sie werden nach der Entscheidung automatisch gelöscht.")))


@login_required
@require_POST
def idea_status(request, slug, pk):
    municipality = municipality_for(request, slug, manage=True)
    idea = get_one(municipality.ideas.all(), pk)
    form = IdeaStatusForm(request.POST, idea=idea)
    if form.is_valid():
        try:
            actions.change_idea_status(idea=idea, user=request.user, base_url=base_url(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status geändert."))
            return redirect("participation_backoffice:idea", slug, pk)
    idea = get_one(municipality.ideas.select_related("field", "district", "target_group", "measure__concept",
                                                  "event", "workshop", "transcribed_by"), pk)
    return _idea_page(request, municipality, idea, status_form=form)


@login_required
def idea_measure(request, slug, pk):
    municipality = municipality_for(request, slug, manage=True)
    idea = get_one(municipality.ideas.select_related("field"), pk)
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
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "ideas", form=form, parent=idea, title=_("Aus der Idee wird eine Maßnahme")))


@login_required
def idea_motion(request, slug, pk):
    """An accepted idea becomes a motion (Antrag) of a body: participation.actions.idea_to_motion."""
    municipality = municipality_for(request, slug, manage=True)
    idea = get_one(municipality.ideas.select_related("motion"), pk)
    require(_may_make_motion(request.user, municipality, idea))
    form = IdeaMotionForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        paper = save_form(request, form, lambda f: actions.idea_to_motion(
            idea=idea, user=request.user, base_url=base_url(request), **f.cleaned_data))
        if paper:
            return redirect("participation_backoffice:idea", slug, pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, "ideas", form=form, parent=idea, title=_("Aus der Idee wird ein Antrag im Rat")))


@login_required
@require_POST
def comment_hide(request, slug, pk):
    municipality = municipality_for(request, slug, manage=True)
    comment = get_one(Comment.objects.filter(idea__municipality=municipality), pk)
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
    municipality = municipality_for(request, slug, manage=True)
    comment = get_one(Comment.objects.filter(idea__municipality=municipality), pk)
    actions.show_comment(comment=comment, user=request.user)
    messages.success(request, _("Kommentar wieder sichtbar."))
    return redirect("participation_backoffice:idea", slug, comment.idea_id)
