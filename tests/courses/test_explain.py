"""Placements said in words, and what the optimum gains over first-come-first-served."""
from django.utils import translation

from teilhabe.courses import explain
from teilhabe.courses.proposal import propose

from . import builders as cb
from .builders import TODAY


def test_it_explains_placements_and_why_someone_waits(db):
    kreis, towns = cb.kreis()
    hilden, haan = towns["hilden"], towns["haan"]
    trainer = cb.provider(kreis)
    cb.course(kreis, hilden, trainer, "K-SOON", starts_in=7, capacity=1)
    cb.course(kreis, hilden, trainer, "K-LATER", starts_in=60, capacity=1, time_of_day="evening")
    cb.course(kreis, haan, trainer, "K-HAAN", starts_in=20, capacity=5)
    early = cb.learner(kreis, hilden, "W-EARLY", waited=300, times=["morning"])
    flexible = cb.learner(kreis, hilden, "W-FLEX", waited=200)
    # Fits only the early course too; placing W-EARLY there costs fewer waiting days.
    full = cb.learner(kreis, hilden, "W-FULL", waited=400, times=["morning"])
    alpha = cb.learner(kreis, hilden, "W-ALPHA", types=["alpha"])
    childcare = cb.learner(kreis, haan, "W-KIDS", needs_childcare=True, towns=[haan, hilden])
    proposal = propose(kreis, TODAY)
    by_id = {c.external_id: c.pk for c in proposal.courses.values()}
    assert proposal.result.assignments == {early.pk: by_id["K-SOON"], flexible.pk: by_id["K-LATER"]}
    with translation.override("de"):
        said = {lr.external_id: explain.reason(proposal, lr) for lr in (early, flexible, full, alpha, childcare)}
    assert said["W-EARLY"].startswith("Frühester Kurs einer passenden Art in einem erreichbaren Ort (am 11.01.2027")
    assert said["W-FLEX"].startswith("Der frühere passende Kurs am 11.01.2027 in ")
    assert "ist voll; dies ist der nächste mit freiem Platz (am 05.03.2027" in said["W-FLEX"]
    assert said["W-FULL"].startswith("Alle passenden Kurse sind belegt (1 passender Kurs")
    assert "am häufigsten schließt die Kursart aus (3 von 3 Kursen" in said["W-ALPHA"]
    assert "am häufigsten schließt die Kinderbetreuung aus (3 von 3 Kursen" in said["W-KIDS"]


def test_it_says_when_there_is_no_course_at_all(db):
    kreis, towns = cb.kreis()
    learner = cb.learner(kreis, towns["hilden"])
    proposal = propose(kreis, TODAY)
    assert "keinen Kurs mit freien Plätzen" in explain.reason(proposal, learner)
    assert explain.gain(proposal) == {"placed": 0, "fcfs_placed": 0, "extra_placed": 0, "total_wait_days": 0,
                                      "fcfs_total_wait_days": 0, "median_wait_days": None,
                                      "fcfs_median_wait_days": None}


def test_it_shows_what_the_optimum_gains_over_first_come_first_served(db):
    kreis, towns = cb.kreis()
    hilden = towns["hilden"]
    trainer = cb.provider(kreis)
    cb.course(kreis, hilden, trainer, starts_in=5, capacity=1)
    cb.course(kreis, hilden, trainer, starts_in=60, capacity=1, time_of_day="evening")
    # First come takes the early course and leaves the second, who can only come mornings.
    cb.learner(kreis, hilden, waited=200, times=["morning", "evening"])
    cb.learner(kreis, hilden, waited=100, times=["morning"])
    gain = explain.gain(propose(kreis, TODAY))
    assert gain == {"placed": 2, "fcfs_placed": 1, "extra_placed": 1, "total_wait_days": 260 + 105,
                    "fcfs_total_wait_days": 205, "median_wait_days": 182.5, "fcfs_median_wait_days": 205}
