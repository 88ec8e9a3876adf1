"""Entries of learners placed or withdrawn more than the Kreis's retention period ago are
deleted daily, with their history; waiting learners and the allocations' figures stay."""
import datetime

from django.utils import timezone

from teilhabe import jobs
from teilhabe.courses import actions
from teilhabe.courses.models import Allocation, KreisCourseSettings, Learner
from teilhabe.municipalities.history import history_for
from teilhabe.municipalities.models import ChangeRecord

from . import builders as cb


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def test_it_deletes_placed_and_withdrawn_learners_after_the_kreis_retention(db):
    kreis, towns = cb.kreis()
    hilden = towns["hilden"]
    KreisCourseSettings.objects.create(kreis=kreis, retention_days=30)
    other, other_towns = cb.kreis()  # default retention: 180 days
    course = cb.course(kreis, hilden, cb.provider(kreis))
    figures = Allocation.objects.create(kreis=kreis, on_date=days_ago(40), placed=2, total_wait_days=300)
    gone = [cb.learner(kreis, hilden, "W-PLACED-31", status="placed", course=course, allocation=figures,
                       placed_on=days_ago(31), name="Ada Muster"),
            cb.learner(kreis, hilden, "W-WITHDRAWN-31")]
    kept = [cb.learner(kreis, hilden, "W-PLACED-30", status="placed", course=course, allocation=figures,
                       placed_on=days_ago(30)),
            cb.learner(kreis, hilden, "W-WITHDRAWN-29"),
            cb.learner(kreis, hilden, "W-WAITING", waited=2000),
            cb.learner(other, other_towns["hilden"], "W-OTHER-KREIS", status="withdrawn", withdrawn_on=days_ago(100))]
    # Withdrawn through the action, so that both have a history (it names the case reference).
    actions.withdraw_learner(gone[1], None, on=days_ago(31))
    actions.withdraw_learner(kept[1], None, on=days_ago(29))
    # Placed or withdrawn by an import, without a date: the last change counts.
    undated = [cb.learner(kreis, hilden, f"W-UNDATED-{n}", status="withdrawn") for n in (31, 29)]
    Learner.objects.filter(pk=undated[0].pk).update(modified_at=timezone.now() - datetime.timedelta(days=31))
    kept.append(undated[1])
    assert actions.purge_learners() == 3
    assert set(Learner.objects.values_list("external_id", flat=True)) == {k.external_id for k in kept}
    assert not ChangeRecord.objects.filter(object_id=gone[1].pk, object_repr="W-WITHDRAWN-31").exists()
    assert history_for(kept[1]).exists()
    figures.refresh_from_db()
    assert (figures.placed, figures.total_wait_days) == (2, 300)
    assert actions.purge_learners() == 0


def test_the_worker_runs_the_deletion_daily(db):
    kreis, towns = cb.kreis()
    cb.learner(kreis, towns["hilden"], status="withdrawn", withdrawn_on=days_ago(181))
    assert jobs.PERIODIC["courses.purge"] == datetime.timedelta(days=1)
    jobs.enqueue("courses.purge")
    jobs.run_pending()
    assert not Learner.objects.exists()
