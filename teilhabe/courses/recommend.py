"""Which new course would shorten waiting most if a provider opened it: candidate courses
(type, town, time of day, childcare) are each added to the Kreis's courses and the exact
allocation is solved again; the candidates are ranked by how many more learners get a
place, then by how many waiting days the learners placed either way save.

Candidates come from the unmet demand: the combinations that the learners the proposal
leaves waiting would accept, most wanted first (at most MAX_CANDIDATES); when everyone is
placed, the combinations of the placed, weighted by how long they wait."""
import collections
import dataclasses
import datetime
import itertools
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


def demand(instance, result, limit=MAX_CANDIDATES):
    """(type, town, time of day, childcare) wanted by the learners the allocation leaves
    waiting, most wanted first; without any, those of the placed, weighted by their wait.
    Works on the encoded instance (allocation.Candidate), so the benchmark uses it too."""
    left = set(result.unassigned)
    # Each person left waiting counts once; with everyone placed, each by the days they wait.
    weight = (lambda c: 1 if c.id in left else 0) if left else (lambda c: result.wait_days.get(c.id, 0))
    wanted = collections.Counter()
    for c in instance.candidates:
        if w := weight(c):
            for combo in itertools.product(c.types, c.towns, c.times, [c.needs_childcare]):
                wanted[combo] += w
    ranked = sorted(wanted.items(), key=lambda item: (-item[1], tuple(map(str, item[0]))))
    return [combo for combo, _n in ranked[:limit]]


def trials(instance, base, seats):
    """Each further course tried alone with the exact allocation on the shared instance:
    [(seat, learners placed in addition, waiting days saved by those placed either way)]."""
    found = []
    for extra in seats:
        trial = allocation.optimal(None, None, instance.on_date, instance=instance.with_seats([extra]))
        both = base.wait_days.keys() & trial.wait_days.keys()
        found.append((extra, trial.placed - base.placed,
                      sum(base.wait_days[lid] - trial.wait_days[lid] for lid in both)))
    return found


def best_new_courses(kreis, on_date, *, candidates=None, limit=5):
    """The candidate courses that place the most further learners, then save the most
    waiting days, best first; candidates without any gain are left out. `candidates`:
    (type, town or its pk, time_of_day, childcare) tuples; by default from the unmet demand."""
    base = propose(kreis, on_date)
    combos = [(type_, getattr(town, "pk", town), time, bool(childcare)) for type_, town, time, childcare
              in (candidates if candidates is not None else demand(base.instance, base.result))][:MAX_CANDIDATES]
    if not combos:
        return []
    starts_on = on_date + datetime.timedelta(days=LEAD_DAYS)
    capacity = typical_capacity(kreis)
    towns = Municipality.objects.in_bulk({town for _t, town, _time, _c in combos})
    seats = [allocation.Seat(("new", n), type_, town, starts_on, time, childcare, capacity)
             for n, (type_, town, time, childcare) in enumerate(combos)]
    found = [Recommendation(s.type, towns[s.town], s.time_of_day, s.childcare, starts_on, capacity, extra, saved)
             for s, extra, saved in trials(base.instance, base.result, seats) if extra > 0 or saved > 0]
    found.sort(key=lambda r: (-r.extra_placed, -r.wait_days_saved))
    return found[:limit]
