"""Parallel registrations never over-book: many threads, each with its own database
connection, post the form at the same time for the last places."""
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from teilhabe.participation.models import Registration

from . import builders as pb


@pytest.fixture(autouse=True)
def generous_limits(settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {}


def test_it_never_overbooks_under_parallel_requests(transactional_db):
    m = pb.town()
    event = pb.event(m, capacity=5)
    url = reverse("participation:event", args=[m.slug, event.pk])
    start = threading.Barrier(16)
    results = []

    def post(n):
        try:
            start.wait()
            response = Client().post(url, {"name": f"Person {n}", "email": f"p{n}@example.org", "consent": "on",
                                           "form_token": f"token-{n}"})
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302] * 16
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("registered") == 5
    assert statuses.count("waiting") == 11


def test_it_makes_one_registration_of_a_double_click(transactional_db):
    m = pb.town()
    event = pb.event(m, capacity=5)
    url = reverse("participation:event", args=[m.slug, event.pk])
    start = threading.Barrier(2)

    def post():
        try:
            start.wait()
            Client().post(url, {"name": "Ada", "email": "ada@example.org", "consent": "on", "form_token": "same"})
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Registration.objects.filter(event=event).count() == 1
