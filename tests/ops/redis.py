"""A real redis-server for tests that stop and start it (Debian's, from scripts/setup --test)."""
import os
import socket
import subprocess
import time

import pytest

REDIS_SERVER = os.environ.get("TEILHABE_REDIS_SERVER", "/usr/bin/redis-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One redis-server on a loopback port that stays the same across stop() and start(),
    with its data in `directory` (kept across a restart only when stopped with save=True,
    as a Redis with persistence would keep it)."""

    def __init__(self, directory):
        if not os.access(REDIS_SERVER, os.X_OK):
            pytest.fail(f"{REDIS_SERVER} not found: `bash scripts/setup --test` as root installs "
                        "Debian's redis-server", pytrace=False)
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--logfile", "",
             "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return self
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)

    def stop(self, *, save=False):
        if self.process is None:
            return
        if save:
            self.client().shutdown(save=True)
        else:
            self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_redis_url(tmp_path_factory):
    """The Redis scripts/test started for this run (TEILHABE_TEST_REDIS_URL), or one of our
    own when pytest runs by hand. Tests must not stop it: use `redis_server` for that."""
    url = os.environ.get("TEILHABE_TEST_REDIS_URL")
    if url:
        yield url
        return
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server.url
    server.stop()
