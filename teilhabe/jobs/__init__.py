"""A small database-backed job queue.

    from teilhabe.jobs import enqueue, register

    @register("search.embed")
    def embed(payload): ...

    enqueue("search.embed", {"municipality": 3}, dedupe_key="search.embed:3")

`teilhabe worker` runs due jobs; a failing job is retried with growing pauses and, after
its last attempt, stays visible as failed (Django admin: Hintergrundaufgaben).
"""
import datetime
import logging
import os
import socket
import threading
import traceback

from django.db import IntegrityError, transaction
from django.utils import timezone

log = logging.getLogger("teilhabe.jobs")

HANDLERS = {}
PERIODIC = {}  # name -> interval: the worker enqueues these itself, no cron needed
# A running job's worker touches its claim (`locked_at`) every HEARTBEAT while the job
# runs, however long it takes (a reindex of 100,000 offers, a report). A claim untouched
# for STALE_AFTER belongs to a worker that died (or lost its database): another worker
# takes the job over. Several missed beats fit in between (SQLite may keep the heartbeat
# waiting 20 s behind a long write).
HEARTBEAT = datetime.timedelta(seconds=60)
STALE_AFTER = datetime.timedelta(minutes=5)
KEEP_DONE = datetime.timedelta(days=30)


def register(name):
    def decorate(function):
        HANDLERS[name] = function
        return function
    return decorate


def every(interval, name):
    """Register a handler that the worker runs once per `interval` (e.g. the daily
    deletion of personal data after its retention period)."""
    def decorate(function):
        HANDLERS[name] = function
        PERIODIC[name] = interval
        return function
    return decorate


def schedule_periodic():
    """Enqueue each periodic job whose last run is older than its interval."""
    from teilhabe.jobs.models import Job

    now = timezone.now()
    for name, interval in PERIODIC.items():
        recent = Job.objects.filter(name=name, created_at__gt=now - interval).exists()
        if not recent:
            enqueue(name, dedupe_key=f"periodic:{name}")


def enqueue(name, payload=None, *, dedupe_key=None, run_after=None, max_attempts=5):
    """Add a job; when a pending job with the same dedupe_key exists, return that one."""
    from teilhabe.jobs.models import Job

    fields = {"name": name, "payload": payload or {}, "dedupe_key": dedupe_key,
              "run_after": run_after or timezone.now(), "max_attempts": max_attempts}
    if dedupe_key:
        existing = Job.objects.filter(dedupe_key=dedupe_key, status=Job.Status.PENDING).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return Job.objects.create(**fields)
        except IntegrityError:  # another process enqueued the same key just now
            return Job.objects.get(dedupe_key=dedupe_key, status=Job.Status.PENDING)
    return Job.objects.create(**fields)


def worker_id():
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def claim_next(worker=None):
    """Take the next due job. The conditional UPDATE claims it atomically on SQLite and
    PostgreSQL alike: of two workers, only one sees its row count be 1."""
    from teilhabe.jobs.models import Job

    now = timezone.now()
    Job.objects.filter(status=Job.Status.RUNNING, locked_at__lt=now - STALE_AFTER).update(
        status=Job.Status.PENDING, locked_at=None, locked_by="")
    for job in Job.objects.filter(status=Job.Status.PENDING, run_after__lte=now).order_by("run_after", "id")[:5]:
        claimed = Job.objects.filter(pk=job.pk, status=Job.Status.PENDING).update(
            status=Job.Status.RUNNING, locked_at=now, locked_by=worker or worker_id(), attempts=job.attempts + 1)
        if claimed:
            job.refresh_from_db()
            return job
    return None


class _Heartbeat(threading.Thread):
    """Keeps a claim alive while its job runs. Touches only its own claim (this worker,
    this attempt): a claim taken over meanwhile is left to the worker that has it."""

    def __init__(self, job):
        super().__init__(name=f"heartbeat-{job.pk}", daemon=True)
        self.job = job
        self.stopped = threading.Event()

    def run(self):
        from django.db import connection

        from teilhabe.jobs.models import Job

        try:
            while not self.stopped.wait(HEARTBEAT.total_seconds()):
                try:
                    Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING, locked_by=self.job.locked_by,
                                       attempts=self.job.attempts).update(locked_at=timezone.now())
                except Exception as error:  # the next beat tries again; STALE_AFTER allows for misses
                    log.warning("heartbeat of job %s #%s missed: %s", self.job.name, self.job.pk,
                                type(error).__name__)
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.stopped.set()
        self.join()


def run_job(job):
    """Run one claimed job and record the outcome."""
    from teilhabe.jobs.models import Job

    handler = HANDLERS.get(job.name)
    try:
        if handler is None:
            raise LookupError(f"no handler registered for {job.name!r}")
        heartbeat = _Heartbeat(job)
        heartbeat.start()
        try:
            handler(job.payload)
        finally:
            heartbeat.stop()
    except Exception as error:  # a failing job must not stop the worker
        log.warning("job %s #%s failed (attempt %s): %s", job.name, job.pk, job.attempts, type(error).__name__)
        job.last_error = f"{type(error).__name__}: {error}"[:2000] + "\n" + traceback.format_exc(limit=5)[-2000:]
        job.locked_at, job.locked_by = None, ""
        if job.attempts < job.max_attempts:
            job.status = Job.Status.PENDING
            job.run_after = timezone.now() + datetime.timedelta(seconds=10 * 2 ** job.attempts)
        else:
            job.status = Job.Status.FAILED
            job.finished_at = timezone.now()
        try:
            job.save(update_fields=["status", "run_after", "last_error", "locked_at", "locked_by", "finished_at"])
        except IntegrityError:  # an identical job was enqueued meanwhile: it will do the work
            Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(),
                                                 last_error=job.last_error)
        return False
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(),
                                         locked_at=None, locked_by="", last_error="")
    return True


def run_pending(limit=None):
    """Run due jobs until none is left (or `limit` ran); for tests and commands."""
    done = 0
    while limit is None or done < limit:
        job = claim_next()
        if job is None:
            break
        run_job(job)
        done += 1
    return done


def forget_old():
    from teilhabe.jobs.models import Job

    Job.objects.filter(status=Job.Status.DONE, finished_at__lt=timezone.now() - KEEP_DONE).delete()
