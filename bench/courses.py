"""Course allocation: optimality, gain over first-come-first-served, speed.

    .venv/bin/python bench/courses.py [--learners 5000] [--courses 400] [--seeds 6] [--repeat 3]

1. Optimality: on generated instances small enough for pure Python, the allocation's placed
   count and total waiting days equal an independent optimum: networkx's
   max_flow_min_cost (a different algorithm and implementation) on the graph built here
   from the hard rules said one by one (allocation.failed_rules), not from the allocation's
   vectorised eligibility. Every placement is also checked against the rules and the free
   places.
2. Against first-come-first-served on the same instances: learners placed, total and
   median waiting days.
3. Speed: 5,000 learners × 400 courses (encoding + exact solve) against
   first-come-first-served in the same run (target < 10 s); the recommendation's demand and
   50 candidate courses tried on the shared instance (target < 60 s). Best of --repeat.
No database: the allocation works on plain values (teilhabe.courses.allocation).
"""
import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")

import django  # noqa: E402

django.setup()

import networkx as nx  # noqa: E402

from teilhabe.courses import allocation, recommend  # noqa: E402
from teilhabe.courses.allocation import Candidate, Seat  # noqa: E402
from teilhabe.courses.models import COURSE_TYPES, TIMES  # noqa: E402

ON = datetime.date(2027, 1, 4)
# Rough shares of the course types and times of day in a Kreis's programme.
TYPE_WEIGHTS = [60, 8, 6, 8, 12, 3, 3]
TIME_WEIGHTS = [55, 25, 20]


def generate(learners, courses, seed, towns=10, places=(8, 20)):
    """A Kreis: learners registered in the past year who accept one to three types, their
    home town and up to two neighbours, one to three times of day, a fifth needing
    childcare, a tenth with a later earliest start; courses over the next year."""
    rnd = random.Random(seed)
    names = [f"town-{i}" for i in range(towns)]
    people = []
    for i in range(learners):
        home = rnd.randrange(towns)
        reach = {names[home]} | {names[(home + d) % towns] for d in rnd.sample([-1, 1, 2], rnd.randint(0, 2))}
        types = {rnd.choices(COURSE_TYPES, TYPE_WEIGHTS)[0] for _ in range(rnd.randint(1, 3))}
        times = set(rnd.sample(TIMES, rnd.choices([1, 2, 3], [40, 35, 25])[0]))
        earliest = ON + datetime.timedelta(days=rnd.randint(30, 200)) if rnd.random() < 0.1 else None
        people.append(Candidate(f"W-{i:05d}", ON - datetime.timedelta(days=rnd.randint(0, 365)), frozenset(types),
                                frozenset(reach), frozenset(times), rnd.random() < 0.2, earliest))
    seats = [Seat(f"K-{j:04d}", rnd.choices(COURSE_TYPES, TYPE_WEIGHTS)[0], names[rnd.randrange(towns)],
                  ON + datetime.timedelta(days=rnd.randint(-20, 365)), rnd.choices(TIMES, TIME_WEIGHTS)[0],
                  rnd.random() < 0.3, rnd.randint(*places))
             for j in range(courses)]
    return people, seats


def networkx_optimum(people, seats):
    """Placed count and total waiting days by networkx's max_flow_min_cost."""
    g = nx.DiGraph()
    for p in people:
        g.add_edge("source", ("l", p.id), capacity=1, weight=0)
    for s in seats:
        g.add_edge(("c", s.id), "sink", capacity=max(s.free, 0), weight=0)
        for p in people:
            if not allocation.failed_rules(p, s, ON):
                g.add_edge(("l", p.id), ("c", s.id), capacity=1, weight=(s.starts_on - p.registered_on).days)
    if "sink" not in g or "source" not in g:
        return 0, 0
    flow = nx.max_flow_min_cost(g, "source", "sink")
    return sum(flow["source"].values()), nx.cost_of_flow(g, flow)


def check_valid(people, seats, result):
    by_id = {p.id: p for p in people}
    seat_by_id = {s.id: s for s in seats}
    taken = {}
    for lid, sid in result.assignments.items():
        assert not allocation.failed_rules(by_id[lid], seat_by_id[sid], ON), (lid, sid)
        taken[sid] = taken.get(sid, 0) + 1
    assert all(n <= seat_by_id[sid].free for sid, n in taken.items())


def best(repeat, fn):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def fmt(x):
    return "–" if x is None else f"{x:g}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument("--courses", type=int, default=400)
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
          f"networkx {nx.__version__} · load {os.getloadavg()[0]:.1f}")

    ok = True
    print("optimality (allocation = networkx max_flow_min_cost) and against first-come-first-served:")
    print("  seed  learners courses | placed opt = nx  days opt = nx | FCFS placed  days  | median opt / FCFS")
    sizes = [(300, 25, (3, 8)), (250, 20, (5, 15)), (400, 30, (2, 6))]
    for seed in range(1, args.seeds + 1):
        n, m, places = sizes[seed % len(sizes)]
        people, seats = generate(n, m, seed, towns=4, places=places)
        best_result = allocation.optimal(people, seats, ON)
        fcfs = allocation.first_come_first_served(people, seats, ON)
        check_valid(people, seats, best_result)
        check_valid(people, seats, fcfs)
        nx_placed, nx_days = networkx_optimum(people, seats)
        same = (best_result.placed, best_result.total_wait_days) == (nx_placed, nx_days)
        ok &= same and best_result.placed >= fcfs.placed
        print(f"  {seed:4d}  {n:8d} {m:7d} | {best_result.placed:6d} {'=' if same else '≠'} {nx_placed:<4d}"
              f"{best_result.total_wait_days:7d} {'=' if same else '≠'} {nx_days:<7d}| {fcfs.placed:6d} "
              f"{fcfs.total_wait_days:7d} | {fmt(best_result.median_wait_days)} / {fmt(fcfs.median_wait_days)}")

    people, seats = generate(args.learners, args.courses, seed=99)
    t_fcfs, fcfs = best(args.repeat, lambda: allocation.first_come_first_served(people, seats, ON))
    t_opt, result = best(args.repeat, lambda: allocation.optimal(people, seats, ON))
    check_valid(people, seats, result)
    print(f"{args.learners} learners, {args.courses} courses "
          f"({sum(s.free for s in seats)} places, {sum(s.starts_on >= ON for s in seats)} courses after the date)")
    print(f"  baseline: first-come-first-served            {t_fcfs:6.2f} s  placed {fcfs.placed}, "
          f"{fcfs.total_wait_days} days, median {fmt(fcfs.median_wait_days)}")
    print(f"  optimum: encoding + min-cost max flow        {t_opt:6.2f} s  placed {result.placed}, "
          f"{result.total_wait_days} days, median {fmt(result.median_wait_days)} (target < 10 s)")

    def recommendation():
        instance = allocation.Instance(people, seats, ON)
        base = allocation.optimal(None, None, ON, instance=instance)
        combos = recommend.demand(instance, base)
        new = [Seat(("new", k), t, town, ON + datetime.timedelta(days=recommend.LEAD_DAYS), time_, kids, 20)
               for k, (t, town, time_, kids) in enumerate(combos)]
        return recommend.trials(instance, base, new)

    t_rec, found = best(1, recommendation)
    top = max(found, key=lambda f: (f[1], f[2]))
    print(f"  recommendation: demand + {len(found)} candidate courses tried  {t_rec:6.2f} s (target < 60 s); "
          f"best: {top[0].type}, {top[0].town}, {top[0].time_of_day}, childcare {top[0].childcare} "
          f"→ +{top[1]} placed, {top[2]} days saved")
    ok &= t_opt < 10 and t_rec < 60 and len(found) == recommend.MAX_CANDIDATES
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
