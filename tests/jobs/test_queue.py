import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from teilhabe import jobs
from teilhabe.jobs.models import Job

CALLS = []


@jobs.register("test.record")
def record(payload):
    CALLS.append(payload)


@jobs.register("test.fail")
def fail(payload):
    raise RuntimeError("Dienst nicht erreichbar")


@pytest.fixture(autouse=True)
def clear_calls():
    CALLS.clear()


def test_it_runs_a_job_with_its_payload(db):
    jobs.enqueue("test.record", {"offer": 7})
    assert jobs.run_pending() == 1
    assert CALLS == [{"offer": 7}]
    assert Job.objects.get().status == "done"


def test_it_keeps_one_pending_job_per_dedupe_key(db):
    first = jobs.enqueue("test.record", {"n": 1}, dedupe_key="embed:herne")
    second = jobs.enqueue("test.record", {"n": 2}, dedupe_key="embed:herne")
    assert first.pk == second.pk and Job.objects.count() == 1
    jobs.run_pending()
    third = jobs.enqueue("test.record", {"n": 3}, dedupe_key="embed:herne")
    assert third.pk != first.pk  # the first is done; new work needs a new job


def test_it_retries_a_failing_job_later_and_finally_marks_it_failed(db):
    jobs.enqueue("test.fail", max_attempts=2)
    jobs.run_pending()
    job = Job.objects.get()
    assert (job.status, job.attempts) == ("pending", 1)
    assert "RuntimeError: Dienst nicht erreichbar" in job.last_error
    assert job.run_after > timezone.now()  # waits before the next attempt
    assert jobs.run_pending() == 0
    Job.objects.update(run_after=timezone.now())
    jobs.run_pending()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 2) and job.finished_at


def test_it_fails_a_job_without_handler_visibly(db):
    jobs.enqueue("test.unknown", max_attempts=1)
    jobs.run_pending()
    job = Job.objects.get()
    assert job.status == "failed" and "no handler" in job.last_error


def test_it_does_not_run_jobs_before_their_time(db):
    jobs.enqueue("test.record", run_after=timezone.now() + datetime.timedelta(hours=1))
    assert jobs.run_pending() == 0 and CALLS == []


def test_it_takes_back_a_job_whose_worker_died(db):
    job = jobs.enqueue("test.record", {"n": 1})
    Job.objects.filter(pk=job.pk).update(status="running", locked_at=timezone.now() - datetime.timedelta(hours=1))
    assert jobs.run_pending() == 1 and CALLS == [{"n": 1}]


def test_it_gives_each_job_to_one_worker_only(transactional_db):
    for n in range(40):
        jobs.enqueue("test.record", {"n": n})
    claimed, errors = [], []

    def work():
        try:
            while (job := jobs.claim_next(worker=threading.current_thread().name)) is not None:
                claimed.append(job.pk)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, name=f"w{i}") for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(claimed) == sorted(Job.objects.values_list("pk", flat=True))  # all, none twice


def test_the_worker_command_runs_due_jobs_once(db):
    from django.core.management import call_command

    jobs.enqueue("test.record", {"n": 1})
    call_command("worker", "--once")
    assert CALLS == [{"n": 1}]


def test_it_enqueues_periodic_jobs_once_per_interval(db):
    jobs.every(datetime.timedelta(days=1), "test.daily")(record)
    try:
        jobs.schedule_periodic()
        jobs.schedule_periodic()
        assert Job.objects.filter(name="test.daily").count() == 1
        jobs.run_pending()
        jobs.schedule_periodic()  # ran today: not again
        assert Job.objects.filter(name="test.daily").count() == 1
        Job.objects.filter(name="test.daily").update(created_at=timezone.now() - datetime.timedelta(days=2))
        jobs.schedule_periodic()
        assert Job.objects.filter(name="test.daily", status="pending").count() == 1
    finally:
        jobs.PERIODIC.pop("test.daily")


def test_the_daily_purge_of_personal_data_is_registered(db):
    assert "participation.purge" in jobs.PERIODIC
    assert jobs.PERIODIC["participation.purge"] == datetime.timedelta(days=1)


LONG_JOB_STARTED, LONG_JOB_RELEASE = threading.Event(), threading.Event()


@jobs.register("test.long")
def long_job(payload):
    LONG_JOB_STARTED.set()
    LONG_JOB_RELEASE.wait(20)


def test_a_claim_with_a_live_heartbeat_is_kept_and_one_whose_heartbeat_stopped_is_taken_over(
        transactional_db, monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT", datetime.timedelta(seconds=0.2), raising=False)
    monkeypatch.setattr(jobs, "STALE_AFTER", datetime.timedelta(seconds=1))
    LONG_JOB_STARTED.clear(), LONG_JOB_RELEASE.clear()
    alive = jobs.enqueue("test.long")
    dead = jobs.enqueue("test.record", {"n": 1})
    job = jobs.claim_next(worker="a")
    assert job.pk == alive.pk

    def run():  # worker a runs its long job, beating
        try:
            jobs.run_job(job)
        finally:
            connection.close()

    worker_a = threading.Thread(target=run)
    worker_a.start()
    try:
        assert LONG_JOB_STARTED.wait(10)
        assert jobs.claim_next(worker="b").pk == dead.pk  # worker b dies holding it: no beat
        time.sleep(2)  # twice STALE_AFTER
        taken = []
        while (job_c := jobs.claim_next(worker="c")) is not None:
            taken.append(job_c.pk)
        assert taken == [dead.pk]
        assert Job.objects.get(pk=alive.pk).locked_by == "a"
    finally:
        LONG_JOB_RELEASE.set()
        worker_a.join()
    alive.refresh_from_db()
    assert (alive.status, alive.attempts) == ("done", 1)


@jobs.register("test.sleepy", max_runtime=datetime.timedelta(seconds=0.2))
def sleepy(payload):
    try:
        time.sleep(5)
    except Exception:  # a handler's own catch-all must not keep it running
        pass
    CALLS.append(payload)


def test_it_stops_a_job_past_its_maximum_runtime_as_a_failed_attempt(db):
    job = jobs.enqueue("test.sleepy", {"n": 1})
    began = time.monotonic()
    jobs.run_pending()
    assert time.monotonic() - began < 3 and CALLS == []
    job.refresh_from_db()
    assert (job.status, job.attempts, job.locked_by, job.overdue_at) == ("pending", 1, "", None)
    assert job.last_error.startswith("JobTimeout: ran longer than its maximum runtime of 0.2 s")


def test_each_kind_has_a_maximum_runtime_and_a_claim_says_when_it_counts_as_hung(db):
    assert jobs.max_runtime("test.record") == jobs.DEFAULT_MAX_RUNTIME == datetime.timedelta(minutes=30)
    assert jobs.max_runtime("test.sleepy") == datetime.timedelta(seconds=0.2)
    jobs.enqueue("test.record")
    job = jobs.claim_next(worker="a")
    assert job.overdue_at - job.started_at == datetime.timedelta(minutes=35)  # 30 + min(30, STALE_AFTER)


def test_a_hung_claim_is_taken_back_though_its_heartbeat_beats_and_its_late_end_changes_nothing(db):
    jobs.enqueue("test.record", {"n": 1})
    hung = jobs.claim_next(worker="a")
    assert jobs.claim_next(worker="b") is None  # a fresh claim, not yet overdue: kept
    Job.objects.filter(pk=hung.pk).update(locked_at=timezone.now(),  # beating
                                          overdue_at=timezone.now() - datetime.timedelta(seconds=1))
    again = jobs.claim_next(worker="b")
    assert (again.pk, again.attempts, again.locked_by) == (hung.pk, 2, "b")
    assert "JobTimeout: still running" in again.last_error and "taken back from a" in again.last_error
    assert jobs.run_job(again) and CALLS == [{"n": 1}]
    done = Job.objects.get(pk=hung.pk)
    assert jobs.run_job(hung) is False  # the hung attempt comes back, successful …
    hung.name = "test.fail"
    assert jobs.run_job(hung) is False  # … or failing: neither is recorded
    after = Job.objects.get(pk=hung.pk)
    assert (after.status, after.attempts, after.finished_at, after.last_error, after.run_after) == (
        "done", 2, done.finished_at, "", done.run_after)


def test_a_hung_claim_on_its_last_attempt_is_taken_back_as_failed(db):
    jobs.enqueue("test.record", {"n": 1}, max_attempts=1)
    hung = jobs.claim_next(worker="a")
    Job.objects.filter(pk=hung.pk).update(overdue_at=timezone.now() - datetime.timedelta(seconds=1))
    assert jobs.claim_next(worker="b") is None
    after = Job.objects.get(pk=hung.pk)
    assert (after.status, after.attempts, after.locked_by) == ("failed", 1, "") and after.finished_at
    assert "maximum 1800 s; taken back from a" in after.last_error
