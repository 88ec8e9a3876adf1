"""Which new course would shorten waiting most if a provider opened it: candidate courses
(type, town, time of day, childcare) are each added to the Kreis's courses and the exact
allocation is solved again; the candidates are ranked by how many more learners get a
place, then by how many waiting days the learners placed either way save.

Candidates come from the unmet demand: the combinations that the learners the proposal
leaves waiting would accept, most wanted first (at most MAX_CANDIDATES); when everyone is
placed, the combinations of those who wait longest."""
import collections
import dataclasses
import datetime
import statistics

from teilhabe.courses import allocation
from teilhabe.courses.models import Course
from teilhabe.courses.proposal import propose
from teilhabe.municipalities.models import Municipality

MAX_CANDIDATES = 50
# The earliest a new course can start: a provider needs about six weeks to find a room and
# a teacher, report the course start to the BAMF and invite the learners.
LEAD_DAYS = 42
DEFAULT_CAPACITY = 20  # a common integration-course size (the legal maximum is 25)


@dataclasses.dataclass(frozen=True)
class Recommendation:
    type: str
    town: Municipality
    time_of_day: str
    childcare: bool
    starts_on: datetime.date
    capacity: int
    extra_placed: int
    wait_days_saved: int


def typical_capacity(kreis):
    """The median capacity of the Kreis's courses, or DEFAULT_CAPACITY without any."""
    sizes = list(Course.objects.filter(kreis=kreis).values_list("capacity", flat=True))
    return int(statistics.median(sizes)) if sizes else DEFAULT_CAPACITY


def demand(proposal, limit=MAX_CANDIDATES):
    """(type, town pk, time of day, childcare) wanted by the learners left waiting, most
    wanted first; without any, those of the placed learners who wait longest."""
    wanted = collections.Counter()
    left = proposal.unassigned()
    people = left or [lr for lr, _course, _days in sorted(proposal.assignments(), key=lambda a: -a[2])]
    for learner in people:
        for combo in _combinations(learner):
            wanted[combo] += 1
    ranked = sorted(wanted.items(), key=lambda item: (-item[1], item[0][0], item[0][1], item[0][2], item[0][3]))
    return [combo for combo, _n in ranked[:limit]]


def _combinations(learner):
    for type_ in learner.types:
        for town in learner.towns.all():
            for time in learner.times:
                yield type_, town.pk, time, learner.needs_childcare


def best_new_courses(kreis, on_date, *, candidates=None, limit=5):
    """The candidate courses that place the most further learners, then save the most
    waiting days, best first; candidates without any gain are left out. `candidates`:
    (type, town or its pk, time_of_day, childcare) tuples; by default from the unmet demand."""
    base = propose(kreis, on_date)
    combos = [(type_, getattr(town, "pk", town), time, bool(childcare)) for type_, town, time, childcare
              in (candidates if candidates is not None else demand(base))][:MAX_CANDIDATES]
    if not combos:
        return []
    starts_on = on_date + datetime.timedelta(days=LEAD_DAYS)
    capacity = typical_capacity(kreis)
    towns = Municipality.objects.in_bulk({town for _t, town, _time, _c in combos})
    found = []
    for n, (type_, town, time, childcare) in enumerate(combos):
        extra = allocation.Seat(("new", n), type_, town, starts_on, time, childcare, capacity)
        trial = allocation.optimal(None, None, on_date, instance=base.instance.with_seats([extra]))
        extra_placed = trial.placed - base.result.placed
        both = base.result.wait_days.keys() & trial.wait_days.keys()
        saved = sum(base.result.wait_days[lid] - trial.wait_days[lid] for lid in both)
        if extra_placed > 0 or saved > 0:
            found.append(Recommendation(type_, towns[town], time, childcare, starts_on, capacity,
                                        extra_placed, saved))
    found.sort(key=lambda r: (-r.extra_placed, -r.wait_days_saved))
    return found[:limit]
