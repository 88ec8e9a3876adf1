"""/healthz says the process answers, without asking the database or the cache; /readyz
says the node can serve — database, shared cache and file storage (a directory, or S3 —
here a real one on loopback, `s3_server`) answer — and names the check that failed with a
503, soon even when the storage hangs. Both plain small JSON, never cached."""
import json
import os
import socket
import subprocess
import sys
import time

import pytest
from django.test import override_settings

from teilhabe.ops import views

from .redis import free_port

READY = {"status": "ready", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}
STORAGE_FAILED = {"status": "unavailable", "checks": {"database": "ok", "cache": "ok", "storage": "failed"}}


def test_healthz_answers_without_database_or_cache(client, django_assert_num_queries):
    # No `db` fixture: a query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"] and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_they_refuse_a_post(client, path):
    assert client.post(path).status_code in (403, 405)


def test_readyz_is_ready_when_database_and_cache_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == READY
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_shared_cache_when_redis_is_down(client, db, redis_server):
    cache = {"BACKEND": "teilhabe.lib.cache.SharedRedisCache", "LOCATION": redis_server.url}
    with override_settings(CACHES={"default": cache,
                                   "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert client.get("/readyz").status_code == 200
        redis_server.stop()
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable",
                               "checks": {"database": "ok", "cache": "failed", "storage": "ok"}}


def test_a_node_whose_database_and_redis_are_gone_is_alive_but_not_ready(tmp_path):
    """A real process with nothing listening where its PostgreSQL and Redis should be; it
    logs in JSON lines (TEILHABE_LOG_FORMAT=json, tests/ops/test_logs.py), private links
    masked, the Redis password nowhere."""
    secret = "Json-Geheim-77"
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
           "DATABASE_URL": f"postgres://teilhabe@127.0.0.1:{free_port()}/teilhabe?connect_timeout=2",
           "TEILHABE_CACHE_URL": f"redis://:redis-passwort@127.0.0.1:{free_port()}/0",
           "TEILHABE_LOG_FORMAT": "json"}
    script = ("import django, json; django.setup(); from django.test import Client; c = Client(HTTP_HOST='localhost');"
              "r = [c.get(p) for p in ('/healthz', '/readyz', '/p/r/%s/cancel/')];"
              "print(json.dumps([[x.status_code, x.json()] for x in r[:2]] + [r[2].status_code]))" % secret)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        [200, {"status": "ok"}],
        [503, {"status": "unavailable", "checks": {"database": "failed", "cache": "failed", "storage": "ok"}}],
        405]
    lines = [json.loads(line) for line in result.stderr.splitlines()]  # each line one JSON object
    messages = [line["message"] for line in lines]
    assert "readyz: database failed: OperationalError" in messages and "readyz: cache failed" in messages
    assert {"level": "WARNING", "logger": "django.request", "status": 405,
            "message": "Method Not Allowed (GET): /p/r/***/cancel/"}.items() <= lines[-1].items()
    assert secret not in result.stderr and "redis-passwort" not in result.stderr


@pytest.fixture
def storage_probe_ended():
    """A probe left running by a storage that did not answer in time ends (once that storage
    refuses) before the next test asks /readyz, which would find it still running."""
    yield
    if views._storage_probe is not None:
        views._storage_probe.join(30)
        assert not views._storage_probe.is_alive()


def with_storage_options(settings, **options):
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {**default["OPTIONS"], **options}}}


def test_readyz_names_a_media_directory_that_cannot_be_made(client, db, settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    with_storage_options(settings, location=str(tmp_path / "a-file" / "media"))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json() == STORAGE_FAILED


def test_readyz_is_ready_with_a_media_directory_not_made_yet(client, db, settings, tmp_path):
    with_storage_options(settings, location=str(tmp_path / "var" / "media"))  # made at the first upload
    assert client.get("/readyz").json() == READY


def test_readyz_asks_the_object_storage_for_its_bucket(client, db, s3_storage, settings, storage_probe_ended):
    assert client.get("/readyz").json() == READY
    with_storage_options(settings, bucket_name="no-such-bucket")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json() == STORAGE_FAILED
    assert s3_storage.objects() == []  # asking wrote nothing


def test_readyz_names_an_object_storage_that_is_down(client, db, s3_storage, settings, caplog, storage_probe_ended):
    with_storage_options(settings, endpoint_url=f"http://127.0.0.1:{free_port()}")  # nobody listens there
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json() == STORAGE_FAILED
    assert any(m.startswith("readyz: storage failed: ") for m in caplog.messages), caplog.messages


def test_readyz_does_not_wait_for_an_object_storage_that_hangs(client, db, s3_storage, settings, storage_probe_ended):
    with socket.socket() as hanging:  # takes connections (the kernel does) and never answers
        hanging.bind(("127.0.0.1", 0))
        hanging.listen(8)
        with_storage_options(settings, endpoint_url=f"http://127.0.0.1:{hanging.getsockname()[1]}")
        started = time.monotonic()
        first = client.get("/readyz")
        waited = time.monotonic() - started
        started = time.monotonic()
        again = client.get("/readyz")  # the first question is still open: failed without a second
        waited_again = time.monotonic() - started
    assert first.status_code == again.status_code == 503
    assert first.json() == again.json() == STORAGE_FAILED
    # The storage's client alone would wait 30 s for each of its three tries.
    assert views.STORAGE_TIMEOUT <= waited < views.STORAGE_TIMEOUT + 8
    assert waited_again < views.STORAGE_TIMEOUT
