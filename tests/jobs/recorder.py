"""Job handlers for worker processes started by tests: each appends a short line (the
job's number and the worker's process id) to the file named by TEILHABE_TEST_RECORD, in
one call, so that lines of two processes never mix."""
import datetime
import os
import signal
import time
from pathlib import Path

from teilhabe import jobs

SHORT = datetime.timedelta(seconds=1)  # the maximum runtime of the slow kinds below


def write(line):
    fd = os.open(os.environ["TEILHABE_TEST_RECORD"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, f"{line}\n".encode())
    finally:
        os.close(fd)


def started(payload):
    """Records this attempt's start; True for the job's first attempt."""
    line = f"start {payload['n']} {os.getpid()}"
    write(line)
    return Path(os.environ["TEILHABE_TEST_RECORD"]).read_text().count(f"start {payload['n']} ") == 1


@jobs.register("test.recorded")
def recorded(payload):
    write(f"{payload['n']} {os.getpid()}")
    time.sleep(0.005)  # a little work, so that both workers have some


@jobs.register("test.slow", max_runtime=SHORT)
def slow(payload):
    """Its first attempt sleeps far past its maximum runtime, and swallows what it can."""
    if started(payload):
        try:
            time.sleep(60)
        except Exception:  # the worker's JobTimeout must get through a handler like this
            pass
    write(f"done {payload['n']} {os.getpid()}")


@jobs.register("test.hung", max_runtime=SHORT)
def hung(payload):
    """Its first attempt hangs where its worker's alarm cannot stop it — it takes SIGALRM
    for itself, as a library with its own alarm might (C code that never returns to
    Python is the same to the worker) — until the test creates `<record>.release`; then it
    ends as if it had succeeded."""
    if not started(payload):
        write(f"done {payload['n']} {os.getpid()}")
        return
    signal.signal(signal.SIGALRM, lambda *_: None)
    release, deadline = Path(os.environ["TEILHABE_TEST_RECORD"] + ".release"), time.monotonic() + 60
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    write(f"late {payload['n']} {os.getpid()}")
