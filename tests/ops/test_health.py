"""/healthz says the process answers, without asking the database or the cache; /readyz
says the node can serve — database and shared cache answer — and names the check that
failed with a 503. Both plain small JSON, never cached."""
import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from .redis import free_port


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
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_shared_cache_when_redis_is_down(client, db, redis_server):
    cache = {"BACKEND": "teilhabe.lib.cache.SharedRedisCache", "LOCATION": redis_server.url}
    with override_settings(CACHES={"default": cache,
                                   "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert client.get("/readyz").status_code == 200
        redis_server.stop()
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "failed"}}


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
        [503, {"status": "unavailable", "checks": {"database": "failed", "cache": "failed"}}],
        405]
    lines = [json.loads(line) for line in result.stderr.splitlines()]  # each line one JSON object
    messages = [line["message"] for line in lines]
    assert "readyz: database failed: OperationalError" in messages and "readyz: cache failed" in messages
    assert {"level": "WARNING", "logger": "django.request", "status": 405,
            "message": "Method Not Allowed (GET): /p/r/***/cancel/"}.items() <= lines[-1].items()
    assert secret not in result.stderr and "redis-passwort" not in result.stderr
