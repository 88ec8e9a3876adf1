"""The allocation page (the Kreis coordinator only): the proposal for a date, each placement
in words, what it gains over first-come-first-served; single placements changed with a
select per learner (plain form POST, no JavaScript) and confirmed; the confirmed
allocations with their figures.

A long waiting list is shown a page at a time (and by home town): the form of a page posts
that page's selects, every learner not on it keeps the proposal's placement."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from teilhabe.courses import actions, explain, rules
from teilhabe.courses.proposal import propose, seat

from ...courses_forms import AllocationDateForm
from . import kreis_for, page_context

PER_PAGE = 100
FIELD = "l"  # a learner's select is named "l<pk>"


def eligible_courses(proposal):
    """learner pk → the courses (by start) the hard rules allow them and that have room."""
    learners = list(proposal.learners)  # in the order of the proposal's encoded instance
    courses = sorted(proposal.courses.values(), key=lambda c: (c.starts_on, c.town.name, c.external_id))
    choices = {pk: [] for pk in learners}
    for course in courses:
        for row in proposal.instance.eligible(seat(course)).nonzero()[0]:
            choices[learners[row]].append(course)
    return choices


def changed_placements(proposal, choices, data):
    """The proposal's placements with the posted selects applied: (placements, chosen values
    by learner pk, errors naming the learner)."""
    placements = dict(proposal.result.assignments)
    chosen, errors = {}, []
    for key, value in data.items():
        pk = key[len(FIELD):]
        if not key.startswith(FIELD) or not pk.isdigit() or len(pk) > 18:
            continue
        pk = int(pk)
        learner = proposal.learners.get(pk)
        if learner is None:
            errors.append(_("Ein Eintrag der Seite wartet nicht mehr; bitte die Seite neu laden."))
            continue
        chosen[pk] = value
        if value == "":
            placements.pop(pk, None)
        elif value.isdigit() and int(value) in {c.pk for c in choices[pk]}:
            placements[pk] = int(value)
        else:
            errors.append(_("%(learner)s: Dieser Kurs passt nicht zu den Angaben oder ist voll.")
                          % {"learner": learner.external_id})
    return placements, chosen, errors


@login_required
def allocation_page(request, slug):
    municipality, kreis = kreis_for(request, slug, rules.may_steer)
    today = timezone.localdate()
    bound = request.POST if request.method == "POST" else request.GET if "on_date" in request.GET else None
    date_form = AllocationDateForm(bound, initial={"on_date": today})
    proposal = rows = page = query = None
    errors = []
    if bound is None or date_form.is_valid():
        on_date = date_form.cleaned_data["on_date"] if bound is not None else today
        proposal = propose(kreis, on_date)
        choices = eligible_courses(proposal)
        chosen = {}
        if request.method == "POST":
            placements, chosen, errors = changed_placements(proposal, choices, request.POST)
            if not errors:
                try:
                    confirmed = actions.confirm_allocation(kreis, on_date, request.user, placements,
                                                           proposal=proposal)
                except ValidationError as error:
                    errors = error.messages
                else:
                    messages.success(request, _("Vermittlung bestätigt: %(placed)d Personen vermittelt.")
                                     % {"placed": confirmed.placed})
                    return redirect(reverse("courses_backoffice:allocation", args=[slug])
                                    + f"?on_date={on_date:%Y-%m-%d}")
        page, rows = _page(request, proposal, choices, chosen)
        query = urlencode({"on_date": f"{on_date:%Y-%m-%d}", "town": request.GET.get("town", "")})
    return render(request, "backoffice/courses/allocation.html", page_context(
        request, municipality, kreis, date_form=date_form, proposal=proposal, page=page, rows=rows,
        errors=errors, gain=explain.gain(proposal) if proposal else None,
        towns=kreis.towns.all(), town=request.GET.get("town", ""), query_without_page=query,
        confirmed=kreis.course_allocations.select_related("confirmed_by")[:20]))


def _page(request, proposal, choices, chosen):
    """One page of the proposal's rows, placed first (by registration), then the unplaced."""
    assigned = [(learner, course, wait) for learner, course, wait in proposal.assignments()]
    entries = assigned + [(learner, None, None) for learner in proposal.unassigned()]
    town = request.GET.get("town", "")
    if town.isdigit():
        entries = [e for e in entries if str(e[0].town_id) == town]
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    labels = {c.pk: f"{c.external_id}: {c.get_type_display()}, {c.town.name}, {c.get_time_of_day_display()}, "
                    f"{c.starts_on:%d.%m.%Y}" for c in proposal.courses.values()}
    rows = []
    for learner, course, wait in page:
        selected = chosen.get(learner.pk, str(course.pk) if course else "")
        rows.append({"learner": learner, "course": course, "wait": wait, "reason": explain.reason(proposal, learner),
                     "choices": choices[learner.pk], "selected": selected, "field": f"{FIELD}{learner.pk}",
                     "options": _options(choices[learner.pk], labels, selected)})
    return page, rows


def _options(courses, labels, selected):
    # Built here, not in the template: 100 selects of up to some hundred options each would
    # take seconds through the template engine.
    return format_html_join("", '<option value="{}"{}>{}</option>', (
        (c.pk, mark_safe(" selected") if str(c.pk) == selected else "", labels[c.pk]) for c in courses))
