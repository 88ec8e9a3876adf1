"""Confirming an allocation, taking a placement back, withdrawing: every hard rule and
every course's capacity checked again under lock, figures recorded, history kept."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from teilhabe.courses import actions
from teilhabe.courses.models import Allocation, Learner
from teilhabe.courses.proposal import propose
from teilhabe.municipalities.history import history_for
from tests import builders

from . import builders as cb
from .builders import TODAY


@pytest.fixture
def setup(db):
    kreis, towns = cb.kreis()
    trainer = cb.provider(kreis)
    return kreis, towns, trainer, builders.user(role="coordinator", municipality=kreis)


def test_it_confirms_the_proposal_with_its_figures_and_history(setup):
    kreis, towns, trainer, user = setup
    hilden = towns["hilden"]
    early = cb.course(kreis, hilden, trainer, "K-EARLY", starts_in=10, capacity=1)
    late = cb.course(kreis, hilden, trainer, "K-LATE", starts_in=40, capacity=5)
    first = cb.learner(kreis, hilden, "W-1", waited=200)
    second = cb.learner(kreis, hilden, "W-2", waited=100)
    proposal = propose(kreis, TODAY)
    placements = dict(proposal.result.assignments)
    # The coordinator swaps the two by hand.
    placements[first.pk], placements[second.pk] = placements[second.pk], placements[first.pk]
    figures = actions.confirm_allocation(kreis, TODAY, user, placements, proposal=proposal)
    assert (figures.placed, figures.confirmed_by, figures.changed_by_hand) == (2, user, 2)
    assert figures.fcfs_placed == 2
    assert figures.fcfs_total_wait_days == proposal.fcfs.total_wait_days
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.course, first.allocation) == ("placed", late if placements[first.pk] == late.pk
                                                                else early, figures)
    assert figures.total_wait_days == sum((Learner.objects.get(pk=lid).course.starts_on
                                           - Learner.objects.get(pk=lid).registered_on).days for lid in placements)
    assert first.placed_on is not None
    record = history_for(first).first()
    assert record.user == user and record.changes["status"] == ["waiting", "placed"]


def test_a_learner_left_out_stays_waiting(setup):
    kreis, towns, trainer, user = setup
    course = cb.course(kreis, towns["hilden"], trainer)
    kept = cb.learner(kreis, towns["hilden"])
    left = cb.learner(kreis, towns["hilden"])
    actions.confirm_allocation(kreis, TODAY, user, {kept.pk: course.pk})
    left.refresh_from_db()
    assert left.status == "waiting" and left.course is None


@pytest.mark.parametrize("rule, learner_kw, course_kw, words", [
    ("type", {"types": ["alpha"]}, {}, "Kursart passt nicht"),
    ("town", {"towns": "haan"}, {}, "Ort ist nicht erreichbar"),
    ("time", {"times": ["evening"]}, {}, "Tageszeit passt nicht"),
    ("childcare", {"needs_childcare": True}, {}, "keine Kinderbetreuung"),
    ("start", {}, {"starts_in": -1}, "beginnt zu früh"),
])
def test_it_refuses_a_placement_against_a_hard_rule_naming_learner_and_rule(setup, rule, learner_kw, course_kw,
                                                                           words):
    kreis, towns, trainer, user = setup
    if learner_kw.get("towns"):
        learner_kw["towns"] = [towns[learner_kw["towns"]]]
    course = cb.course(kreis, towns["hilden"], trainer, "K-1", **course_kw)
    learner = cb.learner(kreis, towns["hilden"], f"W-{rule}", **learner_kw)
    with pytest.raises(ValidationError) as refused:
        actions.confirm_allocation(kreis, TODAY, user, {learner.pk: course.pk})
    assert any(f"W-{rule}" in m and "K-1" in m and words in m for m in refused.value.messages)
    assert not Allocation.objects.exists()
    learner.refresh_from_db()
    assert learner.status == "waiting"


def test_it_refuses_what_is_not_on_the_waiting_list_or_not_open(setup):
    kreis, towns, trainer, user = setup
    hilden = towns["hilden"]
    cancelled = cb.course(kreis, hilden, trainer, "K-CANCELLED", status="cancelled")
    open_course = cb.course(kreis, hilden, trainer, "K-OPEN")
    withdrawn = cb.learner(kreis, hilden, "W-GONE", status="withdrawn")
    waiting = cb.learner(kreis, hilden, "W-WAITS")
    later = cb.learner(kreis, hilden, "W-LATER", waited=-3)
    other_kreis, other_towns = cb.kreis()
    stranger = cb.learner(other_kreis, other_towns["hilden"], "W-STRANGER")
    cases = [({withdrawn.pk: open_course.pk}, "W-GONE wartet nicht mehr"),
             ({waiting.pk: cancelled.pk}, "K-CANCELLED nimmt niemanden mehr auf"),
             ({later.pk: open_course.pk}, "W-LATER hat sich erst nach dem Stichtag angemeldet"),
             ({stranger.pk: open_course.pk}, "steht nicht auf der Warteliste dieses Kreises"),
             ({"x": open_course.pk}, "nennt Einträge oder Kurse, die es nicht gibt")]
    for placements, words in cases:
        with pytest.raises(ValidationError) as refused:
            actions.confirm_allocation(kreis, TODAY, user, placements)
        assert any(words in m for m in refused.value.messages), refused.value.messages
    assert not Allocation.objects.exists()


def test_it_counts_places_booked_and_given_before(setup):
    kreis, towns, trainer, user = setup
    hilden = towns["hilden"]
    course = cb.course(kreis, hilden, trainer, "K-SMALL", capacity=3, booked=1)
    earlier = cb.learner(kreis, hilden)
    actions.confirm_allocation(kreis, TODAY, user, {earlier.pk: course.pk})
    a, b = cb.learner(kreis, hilden, "W-A"), cb.learner(kreis, hilden, "W-B")
    with pytest.raises(ValidationError) as refused:
        actions.confirm_allocation(kreis, TODAY, user, {a.pk: course.pk, b.pk: course.pk})
    assert refused.value.messages == ["Kurs K-SMALL hat nur 1 freie Plätze, zugeteilt sind 2 (W-A, W-B)."]
    actions.confirm_allocation(kreis, TODAY, user, {a.pk: course.pk})
    assert course.learners.filter(status="placed").count() == 2


def test_unplacing_frees_the_place_and_withdrawing_ends_the_wait(setup):
    kreis, towns, trainer, user = setup
    course = cb.course(kreis, towns["hilden"], trainer)
    learner = cb.learner(kreis, towns["hilden"], "W-1")
    actions.confirm_allocation(kreis, TODAY, user, {learner.pk: course.pk})
    actions.unplace_learner(learner, user)
    learner.refresh_from_db()
    assert (learner.status, learner.course, learner.allocation, learner.placed_on) == ("waiting", None, None, None)
    with pytest.raises(ValidationError, match="W-1 ist keinem Kurs zugeteilt"):
        actions.unplace_learner(learner, user)
    actions.confirm_allocation(kreis, TODAY, user, {learner.pk: course.pk})
    actions.withdraw_learner(learner, user, on=TODAY)
    learner.refresh_from_db()
    assert (learner.status, learner.course, learner.withdrawn_on) == ("withdrawn", None, TODAY)
    assert course.learners.count() == 0
    with pytest.raises(ValidationError, match="bereits zurückgezogen"):
        actions.withdraw_learner(learner, user)
    changes = [r.changes["status"] for r in history_for(learner)]
    assert ["placed", "withdrawn"] in changes and ["placed", "waiting"] in changes


def test_a_command_confirms_by_no_person(setup):
    kreis, towns, trainer, _user = setup
    course = cb.course(kreis, towns["hilden"], trainer)
    learner = cb.learner(kreis, towns["hilden"], name="Ada Muster")
    figures = actions.confirm_allocation(kreis, TODAY, None, {learner.pk: course.pk}, via="command")
    assert figures.confirmed_by is None
    record = history_for(learner).first()
    assert (record.user, record.via) == (None, "command")
    assert "Ada" not in str(record.changes)


def test_two_confirmations_at_once_never_overfill_a_course(transactional_db):
    kreis, towns = cb.kreis()
    hilden = towns["hilden"]
    course = cb.course(kreis, hilden, cb.provider(kreis), capacity=3)
    groups = [[cb.learner(kreis, hilden).pk for _ in range(3)] for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def confirm(pks):
        try:
            start.wait()
            actions.confirm_allocation(kreis, TODAY, None, {pk: course.pk for pk in pks})
            outcomes.append("confirmed")
        except ValidationError as refused:
            outcomes.append(refused.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(g,)) for g in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("confirmed") == 1
    assert "hat nur 0 freie Plätze" in next(o for o in outcomes if o != "confirmed")
    assert course.learners.filter(status="placed").count() == 3
    assert Allocation.objects.count() == 1
