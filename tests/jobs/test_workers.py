"""Two real `teilhabe worker` processes on one committed database share the queue: every
job runs exactly once, and both take part."""
import collections
import signal
import subprocess
import sys
import time

from teilhabe import jobs
from teilhabe.jobs.models import Job
from tests.processes import REPO_DIR, environment

JOBS = 200
# The worker command of a real process, with the test's job handler registered first.
WORKER = ("import django; django.setup(); import tests.jobs.recorder; "
          "from django.core.management import call_command; call_command('worker', '--sleep', '0.05')")


def start_worker(record):
    process = subprocess.Popen([sys.executable, "-c", WORKER], cwd=REPO_DIR, env=environment(
        TEILHABE_TEST_RECORD=str(record)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    assert "started" in line, line + process.stdout.read()
    return process


def test_two_worker_processes_run_each_of_200_jobs_exactly_once(transactional_db, tmp_path):
    record = tmp_path / "record"
    workers = [start_worker(record), start_worker(record)]
    try:
        for n in range(JOBS):
            jobs.enqueue("test.recorded", {"n": n})
        deadline = time.monotonic() + 60
        while Job.objects.exclude(status="done").exists():
            assert time.monotonic() < deadline, list(Job.objects.exclude(status="done").values("status", "last_error"))
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        output = [worker.communicate(timeout=30)[0] for worker in workers]
    runs = [line.split() for line in record.read_text().splitlines()]
    assert collections.Counter(int(n) for n, _pid in runs) == {n: 1 for n in range(JOBS)}, output
    by_worker = collections.Counter(pid for _n, pid in runs)
    assert set(by_worker) == {str(w.pid) for w in workers}, by_worker  # both took part
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
    assert all("worker stopped" in out for out in output), output


def wait_for(condition, seconds, describe):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, describe()
        time.sleep(0.1)
    return result


def stop(*workers):
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    return [worker.communicate(timeout=30)[0] for worker in workers]


def test_a_worker_stops_a_job_past_its_maximum_runtime_and_a_later_attempt_succeeds_once(
        transactional_db, tmp_path):
    record = tmp_path / "record"
    worker = start_worker(record)
    try:
        job = jobs.enqueue("test.slow", {"n": 1})  # maximum 1 s; its first attempt sleeps 60 s
        wait_for(lambda: Job.objects.filter(pk=job.pk, attempts=1, status="pending").exists(), 20,
                 lambda: list(Job.objects.filter(pk=job.pk).values("status", "attempts", "last_error")))
        job.refresh_from_db()
        assert job.last_error.startswith("JobTimeout: ran longer than its maximum runtime of 1 s")
        assert job.run_after > job.created_at  # retried after the usual pause, which the test skips
        Job.objects.filter(pk=job.pk).update(run_after=job.created_at)
        wait_for(lambda: Job.objects.filter(pk=job.pk, status="done").exists(), 20,
                 lambda: list(Job.objects.filter(pk=job.pk).values("status", "attempts", "last_error")))
    finally:
        output = stop(worker)
    job.refresh_from_db()
    assert (job.attempts, job.last_error, job.locked_by) == (2, "", "")
    lines = record.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["start", "start", "done"], (lines, output)


def test_a_hung_job_with_a_live_heartbeat_is_taken_over_and_its_late_end_changes_nothing(
        transactional_db, tmp_path):
    record = tmp_path / "record"
    workers = [start_worker(record), start_worker(record)]
    try:
        job = jobs.enqueue("test.hung", {"n": 1})  # maximum 1 s: taken over 2 s after its start
        wait_for(lambda: Job.objects.filter(pk=job.pk, status="done").exists(), 20,
                 lambda: list(Job.objects.filter(pk=job.pk).values("status", "attempts", "last_error")))
        job.refresh_from_db()
        starts = [line.split() for line in record.read_text().splitlines() if line.startswith("start")]
        assert len(starts) == 2 and starts[0][2] != starts[1][2]  # the other worker took it
        assert job.attempts == 2 and "late" not in record.read_text()  # the first still hangs
        (tmp_path / "record.release").touch()
        wait_for(lambda: "late" in record.read_text(), 20, record.read_text)
    finally:
        output = stop(*workers)  # the hung worker ends its attempt first, then stops
    after = Job.objects.get(pk=job.pk)
    assert (after.status, after.attempts, after.finished_at, after.last_error) == (
        "done", 2, job.finished_at, ""), output
    hung = next(out for worker, out in zip(workers, output) if str(worker.pid) == starts[0][2])
    assert "attempt 1 was taken back as hung meanwhile; its outcome is not recorded" in hung, output
    assert [line.split()[0] for line in record.read_text().splitlines()] == ["start", "start", "done", "late"]
