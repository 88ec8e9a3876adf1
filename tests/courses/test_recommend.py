"""The recommendation of new courses: candidates from unmet demand, each tried with the
exact allocation, ranked by learners placed in addition, then waiting days saved."""
import datetime

from teilhabe.courses import recommend
from teilhabe.courses.recommend import Recommendation

from . import builders as cb
from .builders import TODAY


def test_it_recommends_the_course_that_places_most_then_saves_most_days(db):
    kreis, towns = cb.kreis()
    hilden, haan = towns["hilden"], towns["haan"]
    cb.course(kreis, hilden, cb.provider(kreis), starts_in=200, capacity=16, time_of_day="morning")
    for _ in range(3):
        cb.learner(kreis, haan, times=["evening"])
    for _ in range(2):
        cb.learner(kreis, hilden, times=["morning"])
    start = TODAY + datetime.timedelta(days=recommend.LEAD_DAYS)
    # Unmet demand: the three in Haan who can come only evenings; the course has the Kreis's size.
    assert recommend.best_new_courses(kreis, TODAY) == [
        Recommendation("allgemein", haan, "evening", False, start, 16, extra_placed=3, wait_days_saved=0)]
    found = recommend.best_new_courses(kreis, TODAY, candidates=[
        ("alpha", hilden, "morning", False),  # nobody may take it: no gain, left out
        ("allgemein", hilden.pk, "morning", False),  # earlier than the course: 158 days less, twice
        ("allgemein", haan, "evening", True),
    ])
    assert [(r.town, r.childcare, r.extra_placed, r.wait_days_saved) for r in found] == [
        (haan, True, 3, 0), (hilden, False, 0, 2 * (200 - recommend.LEAD_DAYS))]
    assert recommend.best_new_courses(kreis, TODAY, candidates=[("allgemein", haan, "evening", False)],
                                      limit=0) == []


def test_without_learners_there_is_nothing_to_recommend(db):
    kreis, towns = cb.kreis()
    cb.course(kreis, towns["hilden"], cb.provider(kreis))
    assert recommend.best_new_courses(kreis, TODAY) == []


def test_with_everyone_placed_it_looks_at_who_waits_longest(db):
    kreis, towns = cb.kreis()
    hilden = towns["hilden"]
    cb.course(kreis, hilden, cb.provider(kreis), starts_in=300, time_of_day="evening")
    cb.learner(kreis, hilden, times=["evening"])
    [best] = recommend.best_new_courses(kreis, TODAY)
    assert (best.town, best.time_of_day, best.capacity, best.extra_placed, best.wait_days_saved) == (
        hilden, "evening", 20, 0, 300 - recommend.LEAD_DAYS)
