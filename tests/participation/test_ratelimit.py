"""The rate limits of the public forms hold under parallel requests: each attempt is counted
by one conditional write, so no two requests can both see "4 of 5" and both get through."""
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from teilhabe.participation import ratelimit

from . import builders as pb

LIMIT = 5


@pytest.fixture(autouse=True)
def email_limit(settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {"registration": {"email": (LIMIT, 3600)}}


def test_it_lets_exactly_the_limit_through_of_parallel_registrations_with_one_email(transactional_db):
    m = pb.town()
    event = pb.event(m, capacity=100)
    url = reverse("participation:event", args=[m.slug, event.pk])
    parallel = 20
    start = threading.Barrier(parallel)
    results = []

    def post(n):
        try:
            start.wait()
            response = Client().post(url, {"name": f"Person {n}", "email": "Same@Example.org", "consent": "on",
                                           "form_token": f"token-{n}"})
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [302] * LIMIT + [429] * (parallel - LIMIT)


def test_it_counts_per_key_and_refuses_beyond_the_limit(db, rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.1")
    assert [ratelimit.allow("registration", request=request, email="a@example.org") for _ in range(LIMIT + 2)] == (
        [True] * LIMIT + [False, False])
    # Another address has its own count.
    assert ratelimit.allow("registration", request=request, email="b@example.org")


def test_it_refuses_without_counting_on_the_other_key(db, rf, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {"idea": {"ip": (3, 3600), "email": (1, 3600)}}
    request = rf.post("/", REMOTE_ADDR="192.0.2.2")
    assert ratelimit.allow("idea", request=request, email="a@example.org")
    # Refused by the e-mail limit: the IP address keeps its two remaining attempts.
    assert not ratelimit.allow("idea", request=request, email="a@example.org")
    assert not ratelimit.allow("idea", request=request, email="a@example.org")
    assert ratelimit.allow("idea", request=request, email="b@example.org")
    assert ratelimit.allow("idea", request=request, email="c@example.org")
    assert not ratelimit.allow("idea", request=request, email="d@example.org")


def test_it_starts_a_new_window_when_the_old_one_ended(db, rf, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {"report": {"ip": (2, 1)}}
    request = rf.post("/", REMOTE_ADDR="192.0.2.3")
    assert [ratelimit.allow("report", request=request) for _ in range(3)] == [True, True, False]
    import time
    time.sleep(1.1)
    assert ratelimit.allow("report", request=request)
