"""The allocation's hard rules and its objective (most learners placed, then least
total waiting days), on small instances whose optimum is known by hand."""
import datetime

from teilhabe.courses.allocation import Candidate, Seat, first_come_first_served, optimal

DAY = datetime.date(2027, 1, 4)


def seat(id, *, type="allgemein", town="hilden", days=10, time="morning", childcare=False, free=1):
    return Seat(id, type, town, DAY + datetime.timedelta(days=days), time, childcare, free)


def learner(id, *, registered=100, types=("allgemein",), towns=("hilden",), times=("morning", "afternoon", "evening"),
            childcare=False, earliest=None):
    return Candidate(id, DAY - datetime.timedelta(days=registered), frozenset(types), frozenset(towns),
                     frozenset(times), childcare, earliest and DAY + datetime.timedelta(days=earliest))


def test_each_hard_rule_keeps_a_learner_out_of_a_course():
    courses = [seat("c")]
    refused = [
        learner("type", types=("alpha",)),
        learner("town", towns=("haan",)),
        learner("time", times=("evening",)),
        learner("childcare", childcare=True),
        learner("earliest", earliest=11),
    ]
    result = optimal(refused, courses, DAY)
    assert result.assignments == {}
    assert result.unassigned == [c.id for c in refused]
    # A course that started before the allocation date takes no one.
    assert optimal([learner("ok")], [seat("old", days=-1)], DAY).assignments == {}
    assert optimal([learner("ok")], courses, DAY).assignments == {"ok": "c"}


def test_capacity_holds_and_each_learner_gets_one_course():
    result = optimal([learner(f"l{i}") for i in range(5)], [seat("a", free=2), seat("b", free=1)], DAY)
    assert result.placed == 3
    assert sorted(result.assignments.values()) == ["a", "a", "b"]


def test_it_places_more_learners_than_first_come_first_served():
    # The first to register may take either course; the second only the early one.
    # First come takes the early course for the first and leaves the second without one.
    learners = [learner("first", registered=200, times=("morning", "evening")),
                learner("second", registered=100, times=("morning",))]
    courses = [seat("early", days=5, time="morning"), seat("late", days=60, time="evening")]
    fcfs = first_come_first_served(learners, courses, DAY)
    assert fcfs.assignments == {"first": "early"}
    best = optimal(learners, courses, DAY)
    assert best.assignments == {"first": "late", "second": "early"}
    assert best.wait_days == {"first": 260, "second": 105}
    assert best.total_wait_days == 365


def test_among_full_placements_it_waits_the_least_days():
    learners = [learner("a", times=("morning", "evening")), learner("b", times=("morning", "evening"))]
    courses = [seat("soon", days=5, free=2), seat("later", days=90, time="evening", free=2)]
    best = optimal(learners, courses, DAY)
    assert best.assignments == {"a": "soon", "b": "soon"}
    assert best.total_wait_days == 2 * 105


def test_a_proposal_reads_the_kreis_from_the_database(db):
    from teilhabe.courses.proposal import propose
    from tests.courses import builders as cb

    k, towns = cb.kreis()
    hilden, haan = towns["hilden"], towns["haan"]
    trainer = cb.provider(k)
    full = cb.course(k, hilden, trainer, "FULL", starts_in=10, capacity=1)
    cb.learner(k, hilden, "PLACED", status="placed", course=full)
    open_course = cb.course(k, haan, trainer, "HAAN", starts_in=40, capacity=2, booked=1)
    cb.course(k, haan, trainer, "GONE", starts_in=5, status="cancelled")
    waiting = cb.learner(k, hilden, "W1", towns=[hilden, haan])
    cb.learner(k, hilden, "W2")  # reaches only Hilden, whose course is full

    proposal = propose(k, cb.TODAY)
    assert [(lr.external_id, c.external_id, days) for lr, c, days in proposal.assignments()] == [
        ("W1", "HAAN", 140)]
    assert [lr.external_id for lr in proposal.unassigned()] == ["W2"]
    assert waiting.pk in proposal.result.assignments
    assert proposal.fcfs.placed == 1


def test_the_rules_said_one_by_one_agree_with_the_vectorised_eligibility():
    import itertools

    from teilhabe.courses.allocation import Instance, failed_rules

    learners = [learner(f"l{n}", types=types, towns=towns, times=times, childcare=kids, earliest=earliest)
                for n, (types, towns, times, kids, earliest) in enumerate(itertools.product(
                    [("allgemein",), ("alpha", "jugend")], [("hilden",), ("haan", "hilden")],
                    [("morning",), ("evening",)], [False, True], [None, 20]))]
    courses = [seat(f"c{n}", type=type_, town=town, days=days, time=time, childcare=kids)
               for n, (type_, town, days, time, kids) in enumerate(itertools.product(
                   ["allgemein", "alpha"], ["hilden", "haan"], [-1, 10, 30], ["morning", "evening"], [False, True]))]
    instance = Instance(learners, courses[:5], DAY).with_seats(courses[5:])
    for course in instance.seats:
        mask = instance.eligible(course)
        assert [not failed_rules(c, course, DAY) for c in learners] == mask.tolist()
    assert failed_rules(learners[-1], courses[0], DAY) == ["type", "time", "childcare", "start"]
