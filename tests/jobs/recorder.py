"""A job handler for worker processes started by tests: it appends the job's number and
the worker's process id to the file named by TEILHABE_TEST_RECORD (one short line per
write, appended in one call: lines of two processes never mix)."""
import os
import time

from teilhabe import jobs


@jobs.register("test.recorded")
def recorded(payload):
    line = f"{payload['n']} {os.getpid()}\n".encode()
    fd = os.open(os.environ["TEILHABE_TEST_RECORD"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    time.sleep(0.005)  # a little work, so that both workers have some
