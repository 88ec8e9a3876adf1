"""The OParl endpoint keeps list pages in the shared cache (api/oparl/cache.py): a page
asked again costs no query, and every change of a council object — a save, a soft
deletion, consent withdrawn — or of the municipality renews it. Lists asked with a filter
other than modified_since alone are never kept (those with it: test_oparl_warm.py). A kept
page goes gzipped to a client that accepts it (OParl 2.7)."""
import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.council import actions
from teilhabe.council.models import Paper
from tests.council.builders import world

pytestmark = pytest.mark.django_db


def names(client, path, queries=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    if queries is not None:
        assert len(captured) == queries, [q["sql"] for q in captured]
    return [obj.get("name") or obj.get("familyName") for obj in response.json()["data"]]


def test_a_kept_list_page_costs_no_query_and_every_change_renews_it(client):
    w = world()
    papers, persons = f"/oparl/v1/body/{w.m.pk}/papers", f"/oparl/v1/body/{w.m.pk}/persons"
    first = names(client, papers)
    assert names(client, papers, queries=0) == first
    assert "Sprachkurse für Eltern" in first

    w.paper.name = "Sprachkurse für Eltern und Kinder"
    w.paper.save()
    assert "Sprachkurse für Eltern und Kinder" in names(client, papers)
    actions.soft_delete(w.paper)
    assert names(client, papers) == []
    assert "Aylin Beispielfrau" in names(client, persons)
    actions.withdraw_consent(w.chair)
    assert "Aylin Beispielfrau" not in names(client, persons)
    w.m.name = "Umbenannt"
    w.m.save()
    assert names(client, papers, queries=3) == []  # made again (body, count, page) after the municipality changed


def test_a_change_writes_no_generation_for_a_body_no_client_asked_for(client):
    # Without a generation no page is kept: until the commit a change (an import of
    # thousands of objects) has nothing to renew and writes nothing; once a client asked,
    # a change renews it at once.
    from teilhabe.api.oparl import cache

    w = world()
    w.paper.save()
    assert cache.current_generation(w.m.pk) is None
    names(client, f"/oparl/v1/body/{w.m.pk}/papers")
    before = cache.current_generation(w.m.pk)
    w.paper.save()
    assert cache.current_generation(w.m.pk) not in (None, before)


def test_a_kept_page_of_a_closed_council_or_an_unknown_body_is_not_served(client):
    w = world()
    papers = f"/oparl/v1/body/{w.m.pk}/papers"
    since = papers + "?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"
    assert names(client, papers) and names(client, since)
    actions.soft_delete(w.body)
    assert client.get(papers).status_code == 404 and client.get(since).status_code == 404
    assert client.get("/oparl/v1/body/999999/papers").status_code == 404


def test_a_link_from_the_strategy_renews_the_kept_page_with_the_papers_keywords(client):
    from teilhabe.strategy.actions import adopt_concept
    from tests.participation import builders as pb

    w = world(pb.town())
    papers = f"/oparl/v1/body/{w.m.pk}/papers"
    assert "keyword" not in client.get(papers).json()["data"][0]
    concept = w.m.concepts.get()
    concept.status = concept.Status.DRAFT
    concept.save()
    adopt_concept(concept=concept, user=None, adopted_on=concept.adopted_on or w.decision.meeting.start.date(),
                  adopted_by="Rat", adoption=w.decision)
    assert client.get(papers).json()["data"][0]["keyword"] == ["Integrationskonzept"]


def test_a_list_with_a_filter_other_than_modified_since_is_not_kept(client):
    w = world()
    for query in ("created_since=2000-01-01T00%3A00%3A00%2B01%3A00",
                  "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00&modified_until=2100-01-01T00%3A00%3A00Z"):
        path = f"/oparl/v1/body/{w.m.pk}/papers?{query}"
        names(client, path)
        Paper.objects.filter(pk=w.paper.pk).update(name=query)  # bypasses the models
        assert query in names(client, path)


def test_a_kept_page_goes_gzipped_to_a_client_that_accepts_it_with_its_own_etag(client):
    w = world()
    path = f"/oparl/v1/body/{w.m.pk}/papers"
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert plain["Vary"] == packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == plain.json()
    assert packed["ETag"] == plain["ETag"][:-1] + '-gzip"'
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
