"""/metrics: off unless TEILHABE_METRICS (then 404, as if there were nothing), and then
only with the bearer token, which is compared in constant time and never logged. It
counts requests by view and status with their durations, page cache hits and misses,
and reads the job queue and the search index generations when scraped; with
PROMETHEUS_MULTIPROC_DIR the counts of all processes add up."""
import datetime
import logging
import os
import re
import subprocess
import sys

import pytest
from django.utils import timezone

from teilhabe.jobs.models import Job
from teilhabe.portal import cache as page_cache
from teilhabe.search.models import IndexState
from tests import builders as b

TOKEN = "m" * 40


@pytest.fixture
def metrics_on(settings):
    settings.TEILHABE_METRICS = True
    settings.TEILHABE_METRICS_TOKEN = TOKEN


def scrape(client, token=TOKEN):
    return client.get("/metrics", **({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}))


def value(text, name, **labels):
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            return float(match.group(2))
    return None


def test_it_is_not_there_by_default(client, db):
    assert scrape(client).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer falsch", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"])
def test_it_refuses_a_scrape_without_the_right_token_and_logs_no_token(client, db, metrics_on, header, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/metrics", **({"HTTP_AUTHORIZATION": header} if header else {}))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert b"teilhabe_" not in response.content
    assert TOKEN not in caplog.text and "falsch" not in caplog.text


def test_it_counts_requests_cached_pages_the_queue_and_the_index(client, db, metrics_on):
    town = b.municipality("lindenau")
    offer = b.offer(town, b.actor(town), "O-1")
    IndexState.objects.update_or_create(municipality=town, defaults={"version": 7})
    Job.objects.create(name="portal.warm", run_after=timezone.now() - datetime.timedelta(minutes=5))
    Job.objects.create(name="portal.warm", run_after=timezone.now() + datetime.timedelta(hours=1))  # not due
    page = f"/lindenau/offers/{offer.external_id}/"
    # The offer's commit gives the town a generation (portal/cache.py), which nothing in a
    # test's transaction commits: given here. The first visit then renders and stores the page.
    page_cache.ensure_generation("lindenau")
    before = scrape(client).content.decode()
    for _ in range(3):
        assert client.get(page).status_code == 200
    client.get("/keine-stadt-hier/")
    text = scrape(client).content.decode()

    def grew(name, **labels):
        return (value(text, name, **labels) or 0) - (value(before, name, **labels) or 0)

    assert grew("teilhabe_requests_total", view="portal:offer", method="GET", status="200") == 3
    assert grew("teilhabe_request_duration_seconds_count", view="portal:offer") == 3
    assert grew("teilhabe_requests_total", view="portal:home", status="404") == 1
    assert grew("teilhabe_page_cache_total", result="miss") == 1
    assert grew("teilhabe_page_cache_total", result="hit") == 2
    assert value(text, "teilhabe_jobs_waiting") == 1 and value(text, "teilhabe_jobs_running") == 0
    assert 295 < value(text, "teilhabe_jobs_oldest_waiting_seconds") < 600
    assert value(text, "teilhabe_search_index_version", municipality="lindenau") == 7
    assert "/lindenau/" not in text  # views by name, never paths


def test_it_refuses_to_start_switched_on_without_a_long_token(tmp_path):
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path), "TEILHABE_METRICS": "on", "TEILHABE_METRICS_TOKEN": "kurz"}
    result = subprocess.run([sys.executable, "-c", "import teilhabe.settings"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "TEILHABE_METRICS_TOKEN" in result.stderr and "kurz" not in result.stderr


def test_it_adds_up_the_counts_of_several_processes(tmp_path):
    """gunicorn's workers are processes forked from one: with PROMETHEUS_MULTIPROC_DIR each
    writes its counts there, and a scrape in any of them adds them up."""
    (tmp_path / "prom").mkdir()
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"), "TEILHABE_METRICS": "on",
           "TEILHABE_METRICS_TOKEN": TOKEN,
           # No tables there: the scrape still gives the counts, without the queue.
           "DATABASE_URL": f"sqlite:///{tmp_path / 'leer.sqlite3'}"}
    script = f"""
import os, django; django.setup()
from django.test import Client
c = Client(HTTP_HOST="localhost")
child = os.fork()
for _ in range(3 if child == 0 else 2):
    c.get("/healthz")
if child == 0:
    os._exit(0)
os.waitpid(child, 0)
print(c.get("/metrics", HTTP_AUTHORIZATION="Bearer {TOKEN}").content.decode())
"""
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert value(result.stdout, "teilhabe_requests_total", view="ops:healthz", status="200") == 5
    assert value(result.stdout, "teilhabe_jobs_waiting") is None


def test_it_shows_how_long_jobs_run_and_which_hang_though_their_heartbeat_beats(client, db, metrics_on):
    now = timezone.now()
    Job.objects.create(name="search.embed", run_after=now, status="running", locked_at=now,
                       started_at=now - datetime.timedelta(minutes=40), overdue_at=now - datetime.timedelta(minutes=5))
    Job.objects.create(name="portal.warm", run_after=now, status="running", locked_at=now,
                       started_at=now - datetime.timedelta(minutes=1), overdue_at=now + datetime.timedelta(minutes=34))
    text = scrape(client).content.decode()
    assert value(text, "teilhabe_jobs_running") == 2 and value(text, "teilhabe_jobs_hung") == 1
    assert 2395 < value(text, "teilhabe_jobs_running_longest_seconds") < 2700
    assert value(text, "teilhabe_jobs_waiting") == 0
