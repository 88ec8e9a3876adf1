"""Writes of course steering that touch more than one object: confirming an allocation,
taking a placement back, withdrawing a learner, deleting entries after their retention.
Views, commands and jobs call these; each records what changed in the history."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.courses import allocation
from teilhabe.courses.models import Allocation, Course, KreisCourseSettings, Learner
from teilhabe.courses.proposal import candidate
from teilhabe.municipalities import history
from teilhabe.municipalities.models import ChangeRecord, Municipality


def _rule_text(rule):
    # Looked up per call (not at import) so that the active language applies.
    return {"type": _("Kursart passt nicht"), "town": _("Ort ist nicht erreichbar"),
            "time": _("Tageszeit passt nicht"), "childcare": _("keine Kinderbetreuung"),
            "start": _("beginnt zu früh")}[rule]


@transaction.atomic
def confirm_allocation(kreis, on_date, user, placements, *, proposal=None, via=""):
    """Place learners into courses as the coordinator confirmed it: `placements` is
    {learner pk: course pk}; a learner left out stays waiting. Every hard rule and every
    course's capacity is checked again under lock — the proposal may be minutes old, and
    two coordinators may confirm at once — and any breach refuses the whole allocation
    with a ValidationError naming the learner and the rule."""
    try:
        placements = {int(lid): int(cid) for lid, cid in placements.items()}
    except (TypeError, ValueError):
        raise ValidationError(_("Die Zuteilung nennt Einträge oder Kurse, die es nicht gibt.")) from None
    # Lock the courses first, then the learners, each in primary-key order, so that two
    # confirmations wait for each other instead of deadlocking. On PostgreSQL these are
    # row locks; SQLite takes the database's write lock when the transaction begins
    # (transaction_mode IMMEDIATE, lib/env.py), which serialises confirmations as well.
    courses = {c.pk: c for c in Course.objects.select_for_update().filter(
        kreis=kreis, pk__in=set(placements.values())).select_related("town").order_by("pk")}
    learners = {lr.pk: lr for lr in Learner.objects.select_for_update().filter(
        kreis=kreis, pk__in=placements).prefetch_related("towns").order_by("pk")}
    # Counted after the locks: what other confirmations have placed meanwhile counts.
    placed_before = dict(Learner.objects.filter(course__in=courses, status=Learner.Status.PLACED)
                         .values_list("course").annotate(n=Count("pk")).values_list("course", "n"))
    errors, taken = [], {}
    for lid, cid in sorted(placements.items(), key=lambda item: learners[item[0]].external_id
                           if item[0] in learners else ""):
        learner, course = learners.get(lid), courses.get(cid)
        if learner is None:
            errors.append(_("Eintrag %(pk)s steht nicht auf der Warteliste dieses Kreises.") % {"pk": lid})
            continue
        name = learner.external_id
        if learner.status != Learner.Status.WAITING:
            errors.append(_("%(learner)s wartet nicht mehr (%(status)s).")
                          % {"learner": name, "status": learner.get_status_display()})
            continue
        if learner.registered_on > on_date:
            errors.append(_("%(learner)s hat sich erst nach dem Stichtag angemeldet.") % {"learner": name})
            continue
        if course is None:
            errors.append(_("%(learner)s: Kurs %(pk)s gehört nicht zu diesem Kreis.") % {"learner": name, "pk": cid})
            continue
        if course.status not in Course.ALLOCATABLE_STATUSES:
            errors.append(_("%(learner)s: Kurs %(course)s nimmt niemanden mehr auf (%(status)s).")
                          % {"learner": name, "course": course.external_id, "status": course.get_status_display()})
            continue
        failed = allocation.failed_rules(candidate(learner), _seat(course), on_date)
        if failed:
            errors.append(_("%(learner)s passt nicht in Kurs %(course)s: %(rules)s.")
                          % {"learner": name, "course": course.external_id,
                             "rules": ", ".join(_rule_text(r) for r in failed)})
            continue
        taken[cid] = taken.get(cid, 0) + 1
    for cid, n in taken.items():
        course = courses[cid]
        free = course.capacity - course.booked - placed_before.get(cid, 0)
        if n > free:
            over = sorted(learners[lid].external_id for lid, c in placements.items() if c == cid and lid in learners)
            errors.append(_("Kurs %(course)s hat nur %(free)s freie Plätze, zugeteilt sind %(n)s "
                            "(%(learners)s).") % {"course": course.external_id, "free": max(free, 0), "n": n,
                                                  "learners": ", ".join(over)})
    if errors:
        raise ValidationError(errors)

    waits = {lid: (courses[cid].starts_on - learners[lid].registered_on).days for lid, cid in placements.items()}
    figures = Allocation(kreis=kreis, on_date=on_date, confirmed_by=user if _is_person(user) else None,
                         placed=len(placements), total_wait_days=sum(waits.values()))
    if proposal is not None:
        proposed = proposal.result.assignments
        figures.fcfs_placed = proposal.fcfs.placed
        figures.fcfs_total_wait_days = proposal.fcfs.total_wait_days
        figures.changed_by_hand = (sum(1 for lid, cid in placements.items() if proposed.get(lid) != cid)
                                   + sum(1 for lid in proposed if lid not in placements))
    figures.save()
    today = timezone.localdate()
    for lid, cid in placements.items():
        learner = learners[lid]
        before = history.snapshot(learner)
        learner.status, learner.course, learner.allocation = Learner.Status.PLACED, courses[cid], figures
        learner.placed_on = today
        learner.save(update_fields=["status", "course", "allocation", "placed_on", "modified_at"])
        history.record(learner, user=user, before=before, via=via)
    return figures


def _is_person(user):
    return user is not None and user.is_authenticated


def _seat(course):
    """The course as the allocation's rules see it (its free places are checked apart)."""
    return allocation.Seat(course.pk, course.type, course.town_id, course.starts_on, course.time_of_day,
                           course.childcare, course.capacity)


@transaction.atomic
def unplace_learner(learner, user, *, via=""):
    """Take a placement back: the learner waits again, the place is free again."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if learner.status != Learner.Status.PLACED:
        raise ValidationError(_("%(learner)s ist keinem Kurs zugeteilt.") % {"learner": learner.external_id})
    before = history.snapshot(learner)
    learner.status, learner.course, learner.allocation, learner.placed_on = Learner.Status.WAITING, None, None, None
    learner.save(update_fields=["status", "course", "allocation", "placed_on", "modified_at"])
    history.record(learner, user=user, before=before, via=via)
    return learner


@transaction.atomic
def withdraw_learner(learner, user, on=None, *, via=""):
    """The learner leaves the waiting list (or their course's place): a place they held
    is free again; the entry is deleted after the Kreis's retention period."""
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if learner.status == Learner.Status.WITHDRAWN:
        raise ValidationError(_("%(learner)s ist bereits zurückgezogen.") % {"learner": learner.external_id})
    before = history.snapshot(learner)
    learner.status, learner.course = Learner.Status.WITHDRAWN, None
    learner.withdrawn_on = on or timezone.localdate()
    learner.save(update_fields=["status", "course", "withdrawn_on", "modified_at"])
    history.record(learner, user=user, before=before, via=via)
    return learner


@transaction.atomic
def purge_learners(*, today=None):
    """Retention: delete the entries of learners placed or withdrawn more than their
    Kreis's retention_days ago, with their history (it holds the case reference and the
    towns; deleting the entry must not leave them behind). The allocations' figures stay.
    Returns how many entries were deleted."""
    today = today or timezone.localdate()
    deleted = 0
    kreise = Municipality.objects.filter(pk__in=Learner.objects.exclude(status=Learner.Status.WAITING)
                                         .values("kreis"))
    for kreis in kreise:
        cutoff = today - datetime.timedelta(days=KreisCourseSettings.of(kreis).retention_days)
        # Without a date (placed or withdrawn by an import), the last change counts.
        due = Learner.objects.filter(kreis=kreis).filter(
            Q(status=Learner.Status.PLACED, placed_on__lt=cutoff)
            | Q(status=Learner.Status.WITHDRAWN, withdrawn_on__lt=cutoff)
            | Q(status__in=[Learner.Status.PLACED, Learner.Status.WITHDRAWN], placed_on__isnull=True,
                withdrawn_on__isnull=True, modified_at__date__lt=cutoff))
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            continue
        ChangeRecord.objects.filter(content_type=_learner_type(), object_id__in=ids).delete()
        deleted += Learner.objects.filter(pk__in=ids).delete()[1].get(Learner._meta.label, 0)
    return deleted


def _learner_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Learner)
