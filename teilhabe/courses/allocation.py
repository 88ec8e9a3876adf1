"""Placing waiting learners into courses with free places: the optimum, and
first-come-first-served to compare it with.

Hard rules: a learner goes only to a course of a type they may take, in a town they can
reach, at a time they can attend, with childcare if they need it, starting on or after the
allocation date and on or after their earliest start; a course never takes more learners
than its free places; a learner gets at most one course.

The objective, in this order: place as many learners as possible; among those, the least
total waiting days (course start minus date registered). That is a min-cost maximum flow
(source → learner → course → sink, a learner's arc costing their wait), solved exactly by
OR-Tools' SimpleMinCostFlow (`solve_max_flow_with_min_cost`): Google's network-simplex
and cost-scaling solvers, kept up to date, with wheels for every platform we run on, and
fast enough to allocate 5,000 learners to 400 courses many times over when the dashboard
tries candidate courses (bench/courses.py). networkx, which we use elsewhere, solves
the same problem in pure Python, orders of magnitude slower; bench/courses.py uses it as
the independent check of optimality.

The module works on plain values (`Seat`, `Candidate`), without Django, so that it can be fed by the
database (`teilhabe.courses.proposal`), by the benchmark's generated instances and by the
dashboard's "what if this course existed" trials alike."""
import copy
import dataclasses
import datetime
import statistics

import numpy as np
from ortools.graph.python import min_cost_flow



@dataclasses.dataclass(frozen=True)
class Seat:
    """A course as the allocation sees it."""

    id: object
    type: str
    town: object
    starts_on: datetime.date
    time_of_day: str
    childcare: bool
    free: int


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A waiting learner as the allocation sees it."""

    id: object
    registered_on: datetime.date
    types: frozenset
    towns: frozenset
    times: frozenset
    needs_childcare: bool = False
    earliest_start: datetime.date | None = None


@dataclasses.dataclass
class Result:
    assignments: dict  # learner id → course id
    wait_days: dict  # learner id → days
    unassigned: list  # learner ids, in the order given

    @property
    def placed(self):
        return len(self.assignments)

    @property
    def total_wait_days(self):
        return sum(self.wait_days.values())

    @property
    def median_wait_days(self):
        return statistics.median(self.wait_days.values()) if self.wait_days else None


class Instance:
    """Learners and courses encoded once as arrays, so that eligibility is a few vector
    operations per course rather than a Python loop over every pair."""

    def __init__(self, candidates, seats, on_date):
        self.candidates = list(candidates)
        self.seats = list(seats)
        self.on_date = on_date
        # Kinds of course and times of day as bits (at most 63 of each; there are 7 and 3).
        type_bit = _bits({s.type for s in self.seats} | {t for c in self.candidates for t in c.types})
        time_bit = _bits({s.time_of_day for s in self.seats} | {t for c in self.candidates for t in c.times})
        towns = sorted({s.town for s in self.seats} | {t for c in self.candidates for t in c.towns}, key=str)
        self.town_index = {t: i for i, t in enumerate(towns)}
        n = len(self.candidates)
        self.types = np.array([sum(type_bit.get(t, 0) for t in c.types) for c in self.candidates], dtype=np.int64)
        self.times = np.array([sum(time_bit.get(t, 0) for t in c.times) for c in self.candidates], dtype=np.int64)
        self.reach = np.zeros((n, max(len(towns), 1)), dtype=bool)
        for row, c in enumerate(self.candidates):
            for t in c.towns:
                self.reach[row, self.town_index[t]] = True
        self.childcare = np.array([c.needs_childcare for c in self.candidates], dtype=bool)
        self.registered = np.array([c.registered_on.toordinal() for c in self.candidates], dtype=np.int64)
        self.earliest = np.array(
            [(c.earliest_start or datetime.date.min).toordinal() for c in self.candidates], dtype=np.int64)
        self._type_bit, self._time_bit = type_bit, time_bit
        self._masks = {}

    def with_seats(self, extra):
        """The same learners with further courses: the encoding and the eligibility of the
        courses already tried are shared, so that trying candidate courses (the
        recommendation) costs one solve each, not one encoding each."""
        other = copy.copy(self)
        other.seats = self.seats + list(extra)
        return other

    def eligible(self, seat):
        """Boolean vector over the candidates: who may take this course."""
        mask = self._masks.get(seat)
        if mask is None:
            mask = self._masks[seat] = self._eligible(seat)
        return mask

    def _eligible(self, seat):
        start = seat.starts_on.toordinal()
        if seat.free <= 0 or seat.starts_on < self.on_date or seat.town not in self.town_index:
            return np.zeros(len(self.candidates), dtype=bool)
        mask = (self.types & self._type_bit.get(seat.type, 0)) != 0
        mask &= (self.times & self._time_bit.get(seat.time_of_day, 0)) != 0
        mask &= self.reach[:, self.town_index[seat.town]]
        if not seat.childcare:
            mask &= ~self.childcare
        mask &= self.earliest <= start
        return mask


RULES = ("type", "town", "time", "childcare", "start")


def failed_rules(candidate, seat, on_date):
    """The hard rules (RULES) that keep this learner out of this course, one by one — the
    same rules as Instance.eligible, said per rule for explanations."""
    failed = []
    if seat.type not in candidate.types:
        failed.append("type")
    if seat.town not in candidate.towns:
        failed.append("town")
    if seat.time_of_day not in candidate.times:
        failed.append("time")
    if candidate.needs_childcare and not seat.childcare:
        failed.append("childcare")
    if seat.starts_on < on_date or (candidate.earliest_start and seat.starts_on < candidate.earliest_start):
        failed.append("start")
    return failed


def _bits(values):
    if len(values) > 63:
        raise ValueError("more than 63 kinds of course or times of day")
    return {v: 1 << i for i, v in enumerate(sorted(values, key=str))}


def optimal(candidates, seats, on_date, *, instance=None):
    """The placements that place the most learners and, among those, wait the least days
    in total. Exact (min-cost maximum flow)."""
    inst = instance or Instance(candidates, seats, on_date)
    n, m = len(inst.candidates), len(inst.seats)
    source, sink = n + m, n + m + 1
    tails, heads, caps, costs = [], [], [], []
    for j, seat in enumerate(inst.seats):
        rows = np.flatnonzero(inst.eligible(seat))
        if not len(rows):
            continue
        tails.append(rows)
        heads.append(np.full(len(rows), n + j, dtype=np.int64))
        caps.append(np.ones(len(rows), dtype=np.int64))
        costs.append(seat.starts_on.toordinal() - inst.registered[rows])
    if not tails:
        return Result({}, {}, [c.id for c in inst.candidates])
    pair_tails = np.concatenate(tails)
    pair_heads = np.concatenate(heads)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(n, source), pair_tails, n + np.arange(m)]),
        np.concatenate([np.arange(n), pair_heads, np.full(m, sink)]),
        np.concatenate([np.ones(n, dtype=np.int64), np.concatenate(caps),
                        np.array([max(s.free, 0) for s in inst.seats], dtype=np.int64)]),
        np.concatenate([np.zeros(n, dtype=np.int64), np.concatenate(costs), np.zeros(m, dtype=np.int64)]),
    )
    # Supplies bound the flow from above; the solver then finds the largest flow that fits
    # the capacities, at the least cost.
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    pair_arcs = np.arange(n, n + len(pair_tails))
    used = flow.flows(pair_arcs) > 0
    assignments, waits = {}, {}
    for row, col in zip(pair_tails[used].tolist(), pair_heads[used].tolist()):
        learner, seat = inst.candidates[row], inst.seats[col - n]
        assignments[learner.id] = seat.id
        waits[learner.id] = (seat.starts_on - learner.registered_on).days
    unassigned = [c.id for c in inst.candidates if c.id not in assignments]
    return Result(assignments, waits, unassigned)


def first_come_first_served(candidates, seats, on_date, *, instance=None):
    """Learners in the order they registered each take the earliest course they may
    take that still has a free place — what a waiting list without steering does."""
    inst = instance or Instance(candidates, seats, on_date)
    order = sorted(range(len(inst.candidates)),
                   key=lambda i: (inst.candidates[i].registered_on, str(inst.candidates[i].id)))
    seat_order = sorted(range(len(inst.seats)), key=lambda j: (inst.seats[j].starts_on, str(inst.seats[j].id)))
    masks = [inst.eligible(inst.seats[j]) for j in seat_order]
    free = [inst.seats[j].free for j in seat_order]
    assignments, waits = {}, {}
    for i in order:
        for k, j in enumerate(seat_order):
            if free[k] > 0 and masks[k][i]:
                free[k] -= 1
                learner, seat = inst.candidates[i], inst.seats[j]
                assignments[learner.id] = seat.id
                waits[learner.id] = (seat.starts_on - learner.registered_on).days
                break
    unassigned = [c.id for c in inst.candidates if c.id not in assignments]
    return Result(assignments, waits, unassigned)
