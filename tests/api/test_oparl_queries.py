"""A list page of the OParl endpoint costs the same number of queries however many objects
it holds (relations are loaded in bulk, api/oparl/views.py KINDS); the numbers are pinned."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.api.oparl import cache as oparl_cache
from teilhabe.council import actions
from teilhabe.council.models import AgendaItem, Consultation, Meeting, Membership, Paper, Person
from tests.council.builders import upload, world

pytestmark = pytest.mark.django_db

# list → queries: the body, the count, the page, one per relation loaded in bulk.
PINNED = {"organizations": 4, "persons": 5, "memberships": 3, "meetings": 7, "agenda-items": 4, "papers": 6,
          "consultations": 3, "files": 3, "locations": 7, "legislative-terms": 3}


def _more(w, n):
    """n more meetings, persons, papers, each with all its relations filled."""
    for i in range(n):
        person = Person.objects.create(municipality=w.m, family_name=f"Muster{i}", consent_at=timezone.now(),
                                       location=w.hall)
        Membership.objects.create(person=person, organization=w.irat)
        actions.attach_file(person, SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + bytes([i])), name="Bild",
                            role="image")
        meeting = Meeting.objects.create(municipality=w.m, organization=w.irat, name=f"Sitzung {i}",
                                         start=timezone.now() + datetime.timedelta(days=i), location=w.hall)
        meeting.participants.set([person])
        item = AgendaItem.objects.create(meeting=meeting, number="1", name=f"Punkt {i}")
        paper = Paper.objects.create(municipality=w.m, name=f"Vorlage {i}", reference=f"X/{i}",
                                     date=datetime.date(2024, 1, 1), kind="motion", is_published=True,
                                     originator_person=person, originator_organization=w.irat)
        paper.locations.set([w.hall])
        Consultation.objects.create(paper=paper, organization=w.irat, meeting=meeting, agenda_item=item,
                                    role="decision")
        actions.attach_file(meeting, upload(f"e{i}.pdf"), name="Einladung", role="invitation")
        actions.attach_file(item, upload(f"a{i}.pdf"), name="Anlage")
        actions.attach_file(paper, upload(f"v{i}.pdf"), name="Vorlage", role="main")


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_a_list_page_costs_the_same_few_queries_whatever_it_holds(client):
    w = world()
    # The world's commit gives the body a generation (api/oparl/cache.py), which nothing in
    # a test's transaction commits: given here, so that no list looks up its body first.
    oparl_cache.generation(w.m.pk)
    lists = [f"/oparl/v1/body/{w.m.pk}/{name}" for name in PINNED]
    few = {path: _count(client, path) for path in lists}
    _more(w, 6)
    many = {path: _count(client, path) for path in lists}
    assert many == few
    assert {path.rsplit("/", 1)[1]: n for path, n in many.items()} == PINNED
