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
