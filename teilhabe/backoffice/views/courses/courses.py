"""Courses of the Kreis and their providers' approval."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.actors.models import Actor
from teilhabe.courses import actions, rules
from teilhabe.courses.models import Course, CourseType, Learner, ProviderApproval, TimeOfDay
from teilhabe.municipalities import access, history

from ...courses_forms import ApprovalForm, CourseForm, kreis_providers, providers_for
from ...lists import Filter, ListSpec, apply_list
from ..common import require, save_form
from . import error_messages, kreis_for, page_context


def _courses(user, kreis):
    return rules.readable_courses(user, kreis).with_places().select_related("town", "provider", "district")


@login_required
@require_safe
def course_list(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_read_courses)
    providers = (providers_for(request.user, kreis) if rules.may_read_figures(request.user, kreis)
                 else Actor.objects.filter(pk__in=rules.provider_ids(request.user, kreis)))
    spec = ListSpec(
        filters=[
            Filter("town", gettext_lazy("Stadt"), [(t.pk, t.name) for t in kreis.towns.all()], "town"),
            Filter("type", gettext_lazy("Kursart"), CourseType.choices, "type"),
            Filter("status", gettext_lazy("Status"), Course.Status.choices, "status"),
            Filter("time", gettext_lazy("Tageszeit"), TimeOfDay.choices, "time_of_day"),
            Filter("provider", gettext_lazy("Kursträger"), [(a.pk, a.name) for a in providers], "provider"),
            Filter("free", gettext_lazy("Freie Plätze"), [("1", gettext_lazy("mit freien Plätzen"))], "",
                   lambda qs, v: qs.filter(free__gt=0)),
        ],
        sorts={"start": (gettext_lazy("Beginn"), ("starts_on", "town__name")),
               "free": (gettext_lazy("freie Plätze"), ("-free", "starts_on")),
               "town": (gettext_lazy("Stadt"), ("town__name", "starts_on"))},
        default_sort="start", search=("external_id", "place"))
    return render(request, "backoffice/courses/course_list.html", page_context(
        request, municipality, kreis, can_add=rules.may_add_course(request.user, kreis),
        may_steer=rules.may_steer(request.user, kreis),
        **apply_list(request, _courses(request.user, kreis), spec)))


@login_required
@require_safe
def course_detail(request, slug, pk):
    municipality, kreis = kreis_for(request, slug, rules.may_read_courses)
    course = access.get_or_404(_courses(request.user, kreis), pk)
    # Persons only as far as the person may see them; everyone who reads the course sees the count.
    learners = rules.visible_learners(request.user, kreis).filter(course=course).select_related("town")
    return render(request, "backoffice/courses/course_detail.html", page_context(
        request, municipality, kreis, course=course, learners=learners,
        may_list_learners=rules.may_list_learners(request.user, kreis),
        approval=ProviderApproval.objects.filter(actor=course.provider).first(),
        can_edit=rules.may_edit_course(request.user, course), may_steer=rules.may_steer(request.user, kreis),
        history=history.history_for(course)))


@login_required
def course_edit(request, slug, pk=None):
    municipality, kreis = kreis_for(request, slug)
    if pk is None:
        require(rules.may_add_course(request.user, kreis))
        course = Course(kreis=kreis)
    else:
        course = access.get_or_404(rules.readable_courses(request.user, kreis), pk)
        require(rules.may_edit_course(request.user, course))
    form = CourseForm(request.POST or None, instance=course, kreis=kreis, user=request.user)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if obj:
            return redirect("courses_backoffice:course", slug, obj.pk)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, kreis, form=form, object=course if pk else None,
        title=_("Kurs bearbeiten") if pk else _("Neuer Kurs")))


@login_required
@require_POST
def course_cancel(request, slug, pk):
    """Cancelling keeps the course (its history and the figures need it); the learners
    placed in it go back to the waiting list."""
    _municipality, kreis = kreis_for(request, slug)
    course = access.get_or_404(rules.readable_courses(request.user, kreis), pk)
    require(rules.may_edit_course(request.user, course))
    try:
        with transaction.atomic():
            for learner in course.learners.filter(status=Learner.Status.PLACED):
                actions.unplace_learner(learner, request.user)
            before = history.snapshot(course)
            course.status = Course.Status.CANCELLED
            course.save(update_fields=["status", "modified_at"])
            history.record(course, user=request.user, before=before)
    except ValidationError as error:  # a learner withdrawn meanwhile: nothing changed, say so
        error_messages(request, error)
    else:
        messages.success(request, _("Kurs abgesagt."))
    return redirect("courses_backoffice:course", slug, course.pk)


@login_required
@require_safe
def provider_list(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_read_figures)
    providers = kreis_providers(kreis).select_related("course_approval", "municipality").annotate(
        course_count=Count("courses", filter=Q(courses__kreis=kreis)))
    return render(request, "backoffice/courses/provider_list.html", page_context(
        request, municipality, kreis, providers=providers, may_steer=rules.may_steer(request.user, kreis)))


@login_required
def approval_edit(request, slug, actor_pk):
    municipality, kreis = kreis_for(request, slug, rules.may_steer)
    actor = access.get_or_404(kreis_providers(kreis), actor_pk)
    approval = ProviderApproval.objects.filter(actor=actor).first() or ProviderApproval(actor=actor)
    form = ApprovalForm(request.POST or None, instance=approval)
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        course = request.GET.get("course", "")  # edited from a course's page: back there
        if course.isdigit() and len(course) < 10:
            return redirect("courses_backoffice:course", slug, course)
        return redirect("courses_backoffice:providers", slug)
    return render(request, "backoffice/form.html", page_context(
        request, municipality, kreis, form=form, object=actor, title=_("Zulassung als Kursträger")))
