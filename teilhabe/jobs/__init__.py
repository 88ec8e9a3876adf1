"""A small database-backed job queue.

    from teilhabe.jobs import enqueue, register

    @register("search.embed")
    def embed(payload): ...

    enqueue("search.embed", {"municipality": 3}, dedupe_key="search.embed:3")

`teilhabe worker` runs due jobs; a failing job is retried with growing pauses and, after
its last attempt, stays visible as failed (Django admin: Hintergrundaufgaben). Each kind
has a maximum runtime (DEFAULT_MAX_RUNTIME, or `register(name, max_runtime=...)` for a
kind known to be long): a job that exceeds it is stopped and counts as a failed attempt.
"""
import datetime
import logging
import os
import signal
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
# A beating heartbeat proves the process lives, not that the job moves on: a handler may
# hang (a socket without timeout, a lock never released). So each kind has a maximum
# runtime, after which its worker stops the job (SIGALRM raises JobTimeout in it). A job
# stuck where no signal reaches it (C code) is taken over by another worker once it ran
# its maximum plus min(maximum, STALE_AFTER) — the attempt's `overdue_at` — and the hung
# worker, when it comes back, finds its claim gone and records nothing.
DEFAULT_MAX_RUNTIME = datetime.timedelta(minutes=30)
MAX_RUNTIME = {}  # name -> maximum runtime of the kinds that need another than the default


class JobTimeout(BaseException):
    """Raised in a handler that ran past its maximum runtime. A BaseException, so that a
    handler's own `except Exception` cannot swallow it and run on."""


def register(name, *, max_runtime=None):
    def decorate(function):
        HANDLERS[name] = function
        if max_runtime is not None:
            MAX_RUNTIME[name] = max_runtime
        return function
    return decorate


def every(interval, name, *, max_runtime=None):
    """Register a handler that the worker runs once per `interval` (e.g. the daily
    deletion of personal data after its retention period)."""
    def decorate(function):
        register(name, max_runtime=max_runtime)(function)
        PERIODIC[name] = interval
        return function
    return decorate


def max_runtime(name):
    return MAX_RUNTIME.get(name, DEFAULT_MAX_RUNTIME)


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
        status=Job.Status.PENDING, locked_at=None, locked_by="", overdue_at=None)
    _take_back_overdue(now)
    for job in Job.objects.filter(status=Job.Status.PENDING, run_after__lte=now).order_by("run_after", "id")[:5]:
        limit = max_runtime(job.name)
        claimed = Job.objects.filter(pk=job.pk, status=Job.Status.PENDING).update(
            status=Job.Status.RUNNING, locked_at=now, locked_by=worker or worker_id(), attempts=job.attempts + 1,
            started_at=now, overdue_at=now + limit + min(limit, STALE_AFTER))
        if claimed:
            job.refresh_from_db()
            return job
    return None


def _take_back_overdue(now):
    """Claims past their `overdue_at` are hung, however fresh their heartbeat: the job
    ends as a failed attempt and is retried at once while attempts remain. Each UPDATE
    names the attempt it ends, so it cannot end a newer one."""
    from teilhabe.jobs.models import Job

    hung = Job.objects.filter(status=Job.Status.RUNNING, overdue_at__lt=now)
    for job in hung.only("pk", "name", "attempts", "max_attempts", "locked_by", "started_at"):
        log.warning("job %s #%s hung (attempt %s, running since %s): taken back", job.name, job.pk,
                    job.attempts, job.started_at)
        error = (f"JobTimeout: still running {_seconds(now - job.started_at)} s after its start, "
                 f"maximum {_seconds(max_runtime(job.name))} s; taken back from {job.locked_by}")
        again = job.attempts < job.max_attempts
        fields = ({"status": Job.Status.PENDING, "run_after": now} if again
                  else {"status": Job.Status.FAILED, "finished_at": now})
        try:
            _claimed(job).update(locked_at=None, locked_by="", overdue_at=None, last_error=error, **fields)
        except IntegrityError:  # an identical job was enqueued meanwhile: it will do the work
            _claimed(job).update(status=Job.Status.DONE, finished_at=now, locked_at=None, locked_by="",
                                 overdue_at=None, last_error=error)


def _claimed(job):
    """The job's row while this attempt still holds it: the claim token is the worker
    and the attempt number (each claim counts one up)."""
    from teilhabe.jobs.models import Job

    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, locked_by=job.locked_by,
                              attempts=job.attempts)


def _seconds(delta):
    return round(delta.total_seconds())


class _Heartbeat(threading.Thread):
    """Keeps a claim alive while its job runs. Touches only its own claim (this worker,
    this attempt): a claim taken over meanwhile is left to the worker that has it."""

    def __init__(self, job):
        super().__init__(name=f"heartbeat-{job.pk}", daemon=True)
        self.job = job
        self.stopped = threading.Event()

    def run(self):
        from django.db import connection

        try:
            while not self.stopped.wait(HEARTBEAT.total_seconds()):
                try:
                    _claimed(self.job).update(locked_at=timezone.now())
                except Exception as error:  # the next beat tries again; STALE_AFTER allows for misses
                    log.warning("heartbeat of job %s #%s missed: %s", self.job.name, self.job.pk,
                                type(error).__name__)
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.stopped.set()
        self.join()


class _Alarm:
    """Raises JobTimeout in the handler once the job ran `limit`. Signals reach only the
    main thread: elsewhere (a job run from a thread in a test) there is no alarm, and a
    hung job is taken over by `overdue_at` alone."""

    def __init__(self, job):
        self.limit = max_runtime(job.name).total_seconds()
        self.armed = threading.current_thread() is threading.main_thread()

    def __enter__(self):
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self.ring)
            signal.setitimer(signal.ITIMER_REAL, self.limit)
        return self

    def ring(self, signum, frame):
        if self.armed:
            raise JobTimeout(f"ran longer than its maximum runtime of {self.limit:g} s")

    def __exit__(self, *exc):
        if self.armed:
            self.armed = False  # a signal on its way now is ignored
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)  # None: not set from Python


def run_job(job):
    """Run one claimed job and record the outcome — only while the claim is still this
    attempt's: a job taken over as hung meanwhile keeps what its new attempt records."""
    from django.db import connection

    from teilhabe.jobs.models import Job

    handler = HANDLERS.get(job.name)
    try:
        if handler is None:
            raise LookupError(f"no handler registered for {job.name!r}")
        heartbeat = _Heartbeat(job)
        heartbeat.start()
        try:
            with _Alarm(job):
                handler(job.payload)
        finally:
            heartbeat.stop()
    except (Exception, JobTimeout) as error:  # a failing job must not stop the worker
        log.warning("job %s #%s failed (attempt %s): %s", job.name, job.pk, job.attempts, type(error).__name__)
        if isinstance(error, JobTimeout) and not connection.in_atomic_block:
            connection.close()  # the signal may have cut a query short: start afresh
        job.last_error = f"{type(error).__name__}: {error}"[:2000] + "\n" + traceback.format_exc(limit=5)[-2000:]
        fields = {"last_error": job.last_error, "locked_at": None, "locked_by": "", "overdue_at": None}
        if job.attempts < job.max_attempts:
            fields.update(status=Job.Status.PENDING,
                          run_after=timezone.now() + datetime.timedelta(seconds=10 * 2 ** job.attempts))
        else:
            fields.update(status=Job.Status.FAILED, finished_at=timezone.now())
        try:
            recorded = _claimed(job).update(**fields)
        except IntegrityError:  # an identical job was enqueued meanwhile: it will do the work
            recorded = _claimed(job).update(status=Job.Status.DONE, finished_at=timezone.now(),
                                            last_error=job.last_error, locked_at=None, locked_by="", overdue_at=None)
        if not recorded:
            _lost(job)
        return False
    if not _claimed(job).update(status=Job.Status.DONE, finished_at=timezone.now(), locked_at=None, locked_by="",
                                overdue_at=None, last_error=""):
        _lost(job)
        return False
    return True


def _lost(job):
    log.warning("job %s #%s: attempt %s was taken back as hung meanwhile; its outcome is not recorded",
                job.name, job.pk, job.attempts)


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
