"""An allocation proposal for a Kreis on a date, read from the database: the optimum
(allocation.optimal) and, to compare, first-come-first-served. Writes nothing; confirming
a proposal is `actions.confirm_allocation`."""
import dataclasses

from teilhabe.courses import allocation
from teilhabe.courses.models import Course, Learner


@dataclasses.dataclass
class Proposal:
    kreis: object
    on_date: object
    courses: dict  # pk → Course (with `free` annotated)
    learners: dict  # pk → Learner (waiting, towns prefetched)
    result: allocation.Result  # ids are pks
    fcfs: allocation.Result
    instance: allocation.Instance | None = None  # the encoded instance, for trials (recommend.py)

    def assignments(self):
        """(learner, course, wait_days) in the order learners registered."""
        return [(self.learners[lid], self.courses[cid], self.result.wait_days[lid])
                for lid, cid in sorted(self.result.assignments.items(),
                                       key=lambda item: (self.learners[item[0]].registered_on,
                                                         self.learners[item[0]].external_id))]

    def unassigned(self):
        return [self.learners[lid] for lid in self.result.unassigned]


def allocatable_courses(kreis, on_date):
    return (Course.objects.with_places()
            .filter(kreis=kreis, status__in=Course.ALLOCATABLE_STATUSES, starts_on__gte=on_date, free__gt=0)
            .select_related("town", "provider"))


def seat(course):
    return allocation.Seat(course.pk, course.type, course.town_id, course.starts_on,
                           course.time_of_day, course.childcare, course.free)


def candidate(learner):
    return allocation.Candidate(
        learner.pk, learner.registered_on, frozenset(learner.types),
        frozenset(t.pk for t in learner.towns.all()), frozenset(learner.times),
        learner.needs_childcare, learner.earliest_start)


def waiting_learners(kreis, on_date):
    """The waiting list as it stood on `on_date`: who registered later is not on it yet
    (an allocation replayed for an earlier date places only those who were waiting then)."""
    return Learner.objects.waiting().filter(kreis=kreis, registered_on__lte=on_date)


def propose(kreis, on_date, *, extra_seats=()):
    courses = {c.pk: c for c in allocatable_courses(kreis, on_date)}
    learners = {
        lr.pk: lr for lr in waiting_learners(kreis, on_date)
        .select_related("town").prefetch_related("towns").order_by("registered_on", "external_id")}
    seats = [seat(c) for c in courses.values()] + list(extra_seats)
    candidates = [candidate(lr) for lr in learners.values()]
    instance = allocation.Instance(candidates, seats, on_date)
    return Proposal(
        kreis, on_date, courses, learners,
        allocation.optimal(candidates, seats, on_date, instance=instance),
        allocation.first_come_first_served(candidates, seats, on_date, instance=instance),
        instance,
    )
