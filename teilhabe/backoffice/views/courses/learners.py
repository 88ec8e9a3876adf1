"""The Kreis-wide waiting list. Persons are shown only to those courses/rules.py lets see
them (the Kreis coordinator all, a town's coordinators their town's, a provider those placed
in its courses); viewers are refused and see counts on the dashboard."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.courses import actions, rules
from teilhabe.courses.models import CourseType, Learner, TimeOfDay
from teilhabe.municipalities import access, history

from ...courses_forms import LearnerForm
from ...lists import Filter, ListSpec, apply_list
from ..common import require, save_form
from . import error_messages, kreis_for, page_context


def _learners(user, kreis):
    return rules.visible_learners(user, kreis).select_related("town", "course", "course__town")


def _has(field):
    # A JSON list of plain words holds `value` iff its text holds it in quotes: this works on
    # SQLite as on PostgreSQL (JSON `contains` does not exist on SQLite).
    return lambda qs, v: qs.filter(**{f"{field}__icontains": f'"{v}"'})


def waiting_days(learner, today):
    end = learner.placed_on or learner.withdrawn_on or today
    return (end - learner.registered_on).days


@login_required
@require_safe
def learner_list(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_list_learners)
    spec = ListSpec(
        filters=[
            Filter("town", gettext_lazy("Wohnort"), [(t.pk, t.name) for t in kreis.towns.all()], "town"),
            Filter("type", gettext_lazy("Kursart"), CourseType.choices, "", _has("types")),
            Filter("status", gettext_lazy("Status"), Learner.Status.choices, "status"),
            Filter("childcare", gettext_lazy("Kinderbetreuung"),
                   [("1", gettext_lazy("braucht Kinderbetreuung")), ("0", gettext_lazy("ohne"))], "",
                   lambda qs, v: qs.filter(needs_childcare=v == "1")),
            Filter("time", gettext_lazy("Tageszeit"), TimeOfDay.choices, "", _has("times")),
        ],
        sorts={"registered": (gettext_lazy("angemeldet am"), ("registered_on", "external_id")),
               "reference": (gettext_lazy("Kennung"), ("external_id",))},
        default_sort="registered", search=("external_id", "reference"))
    context = apply_list(request, _learners(request.user, kreis), spec)
    today = timezone.localdate()
    for learner in context["page"]:
        learner.waiting_days = waiting_days(learner, today)
    return render(request, "backoffice/courses/learner_list.html", page_context(
        request, municipality, kreis, can_add=rules.may_add_learner(request.user, kreis), **context))


@login_required
@require_safe
def learner_detail(request, slug, pk):
    municipality, kreis = kreis_for(request, slug, rules.may_list_learners)
    learner = access.get_or_404(_learners(request.user, kreis).prefetch_related("towns"), pk)
    learner.waiting_days = waiting_days(learner, timezone.localdate())
    return render(request, "backoffice/courses/learner_detail.html", page_context(
        request, municipality, kreis, learner=learner, can_edit=rules.may_edit_learner(request.user, learner),
        types=[CourseType(t).label for t in learner.types if t in CourseType.values],
        times=[TimeOfDay(t).label for t in learner.times if t in TimeOfDay.values],
        history=history.history_for(learner)))


@login_required
def learner_edit(request, slug, pk=None):
    municipality, kreis = kreis_for(request, slug)
    if pk is None:
        require(rules.may_add_learner(request.user, kreis))
        learner = Learner(kreis=kreis)
        initial = {"registered_on": timezone.localdate()}
    else:
        learner = access.get_or_404(rules.visible_learners(request.user, kreis), pk)
        require(rules.may_edit_learner(request.user, learner))
        initial = {}
    form = LearnerForm(request.POST or None, instance=learner, kreis=kreis, user=request.user, initial=initial)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if obj:
            return redirect("courses_backoffice:learner", slug, obj.pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, kreis, form=form, object=learner if pk else None,
        privacy_note=_("Nur was über einen Kursplatz entscheidet. Name und Kontakt sind freiwillig und dienen "
                       "allein der Einladung durch den Kursträger. Staatsangehörigkeit, Herkunft oder "
                       "Migrationshintergrund werden nicht erfasst."),
        title=_("Eintrag der Warteliste bearbeiten") if pk else _("Neuer Eintrag auf der Warteliste")))


@login_required
@require_POST
def learner_withdraw(request, slug, pk):
    _municipality, kreis = kreis_for(request, slug)
    learner = access.get_or_404(rules.visible_learners(request.user, kreis), pk)
    require(rules.may_edit_learner(request.user, learner))
    try:
        actions.withdraw_learner(learner, request.user)
    except ValidationError as error:  # already withdrawn (a second click)
        error_messages(request, error)
    else:
        messages.success(request, _("Von der Warteliste zurückgezogen."))
    return redirect("courses_backoffice:learner", slug, learner.pk)
