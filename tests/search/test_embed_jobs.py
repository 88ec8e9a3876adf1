"""The embedding job does a slice of the work and leaves the rest to a next job, so the
worker can stop between jobs."""
import pytest

from teilhabe import jobs
from teilhabe.jobs.models import Job
from teilhabe.search import jobs as search_jobs
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import Document
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_embeds_in_slices_and_queues_the_rest(monkeypatch, django_capture_on_commit_callbacks):
    town = b.municipality("scheibenstadt")
    provider = b.actor(town)
    for n in range(3):
        b.offer(town, provider, f"E-{n}", title=f"Kurs Nummer {n}", description=f"Text {n}")
    refresh_municipality(town)
    monkeypatch.setattr(search_jobs, "PER_JOB", 1)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("search.embed", {}, dedupe_key="search.embed")
    first = jobs.claim_next()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.run_job(first)
    assert Document.objects.filter(needs_embedding=True).exists()
    assert Job.objects.filter(name="search.embed", status="pending").count() == 1  # the rest, queued
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            job = jobs.claim_next()
            if job is None:
                break
            jobs.run_job(job)
    assert not Document.objects.filter(needs_embedding=True).exists()
