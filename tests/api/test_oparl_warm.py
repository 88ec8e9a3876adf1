"""A crawler finds the OParl endpoint's list pages kept, not only on its second read: after a
change the worker makes the Body's pages of the new generation (job "oparl.warm",
api/oparl/warm.py), and lists asked with modified_since are kept under the oldest change
their moment selects, answered with the client's own links (api/oparl/cache.py) — exactly
what the same list made fresh says, object by object, and never what is not public."""
import gzip
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.api.oparl import warm
from teilhabe.api.oparl.views import BODY_LISTS
from teilhabe.council import actions
from teilhabe.jobs import run_pending
from teilhabe.jobs.models import Job
from tests import builders as b
from tests.council.builders import SECRETS, world

pytestmark = pytest.mark.django_db

OLD = quote("2000-01-01T00:00:00+01:00")


def get(client, path, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, response.content
    return response, len(captured)


def crawl(client, path):
    """Every page of a list along links.next: [(answer, queries)]."""
    pages = []
    while path:
        response, queries = get(client, path)
        pages.append((response.json(), queries))
        path = pages[-1][0]["links"].get("next", "").replace("http://testserver", "")
    return pages


def test_after_a_change_the_worker_makes_the_bodys_pages_and_a_crawler_finds_them_kept(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        w = world()
    body = f"/oparl/v1/body/{w.m.pk}"
    get(client, f"{body}/papers")  # a client asked: the worker makes pages for its host
    Job.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        w.paper.name = "Sprachkurse für Eltern und Kinder"
        w.paper.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.soft_delete(w.gone_location)  # a second change in a row: still one job
    jobs = Job.objects.filter(name="oparl.warm")
    assert [job.payload for job in jobs] == [{"municipality": w.m.pk}]
    jobs.update(run_after=timezone.now())
    Job.objects.exclude(name="oparl.warm").delete()
    assert run_pending() == 1
    for name in BODY_LISTS:
        response, queries = get(client, f"{body}/{name}")
        assert queries == 0, name  # kept by the worker
        since, queries = get(client, f"{body}/{name}?modified_since={OLD}")
        assert queries == 0, name  # older than the list's oldest change, which the worker's run noted
        assert since.json()["links"]["self"] == f"http://testserver{body}/{name}?modified_since={OLD}"
    names = [paper["name"] for paper in get(client, f"{body}/papers")[0].json()["data"]]
    assert names == ["Sprachkurse für Eltern und Kinder"]


def test_the_worker_makes_nothing_before_a_client_asked_nor_for_a_closed_council_and_stops_at_its_bound(
        client, monkeypatch):
    w = world()
    assert warm.warm(w.m.pk) == 0  # no client has asked: no host to name in the ids
    get(client, f"/oparl/v1/body/{w.m.pk}/papers")
    monkeypatch.setattr(warm, "MAX_PAGES", 3)
    assert warm.warm(w.m.pk) == 3
    other = world(b.municipality("andere"))
    actions.soft_delete(other.body)
    assert warm.warm(other.m.pk) == 0


def test_a_kept_list_with_modified_since_says_what_the_list_made_fresh_says(client, settings):
    w = world()
    w.paper.save()  # changed last: a moment between the others' changes and its own
    actions.soft_delete(w.open_item)
    another = quote("1990-01-01T00:00:00-05:00")  # not asked before; selects what OLD selects
    moments = [OLD, quote(w.paper.modified_at.isoformat()), quote(timezone.now().isoformat()), another]
    queries = "&limit=2&omit_internal=false"
    paths = {name: f"/oparl/v1/body/{w.m.pk}/{name}?{queries}&modified_since=" for name in BODY_LISTS}
    kept = {(name, moment): crawl(client, path + moment) for name, path in paths.items() for moment in moments}
    settings.TEILHABE_PAGE_CACHE_SECONDS = 0
    for (name, moment), pages in kept.items():
        assert [answer for answer, _q in pages] == [answer for answer, _q in crawl(client, paths[name] + moment)]
        if moment == another:  # older than the list's oldest change, known since OLD was asked
            assert [queries for _answer, queries in pages] == [0] * len(pages), name
    assert sum(len(answer["data"]) for answer, _q in kept["papers", OLD]) == 2  # the draft as deleted
    for secret in SECRETS:
        assert not any(secret in str(answer) for pages in kept.values() for answer, _q in pages), secret


def test_a_kept_list_with_modified_since_goes_gzipped_with_the_clients_own_links(client):
    w = world()
    path = f"/oparl/v1/body/{w.m.pk}/agenda-items?modified_since={OLD}&limit=1"
    client.get(path)
    other = path.replace(OLD, quote("2001-01-01T00:00:00Z"))
    plain, queries = get(client, other)
    assert queries == 0  # kept; the list's oldest change known since the first request
    packed = client.get(other, headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    links = plain.json()["links"]
    assert links["next"].endswith("modified_since=2001-01-01T00%3A00%3A00Z&page=2")
    assert links["self"].endswith("modified_since=2001-01-01T00%3A00%3A00Z")
    assert plain["ETag"] != client.get(path)["ETag"]  # the links differ, so does the answer
    again = client.get(other, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    assert again.status_code == 304
    assert client.get(path.replace(OLD, "gestern")).status_code == 400  # kept pages or not
