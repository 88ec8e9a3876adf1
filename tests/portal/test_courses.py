"""The course finder of a Kreis (/<slug>/kurse/) and its course pages: only public courses
of the Kreis, on the Kreis's portal and every town's (the town's own first), every filter in
the query string, free places in words, how to get a place, and a page renewed in the cache
when places change."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.courses.models import Learner
from tests.courses import builders as cb
from tests.courses.public_world import PUBLIC, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build()


def listed(response):
    assert response.status_code == 200
    return re.findall(r'href="/[\w-]+/kurse/([\w-]+)/"', response.content.decode())


def test_it_lists_only_the_kreis_public_courses_by_start(client, w):
    assert listed(client.get("/kreis-mettmann/kurse/")) == PUBLIC


def test_a_town_shows_the_whole_kreis_with_its_own_courses_first(client, w):
    assert listed(client.get("/haan/kurse/")) == ["K-HAA-1", "K-HIL-2", "K-HIL-1", "K-ERK-1"]
    assert listed(client.get("/erkrath/kurse/"))[0] == "K-ERK-1"


@pytest.mark.parametrize("query, expected", [
    ("type=frauen", ["K-HAA-1"]),
    ("town=hilden", ["K-HIL-2", "K-HIL-1"]),
    ("time=afternoon", ["K-ERK-1"]),
    ("childcare=1", ["K-HIL-1"]),
    ("weeks=4", ["K-HIL-2", "K-HIL-1"]),
    ("weeks=12", ["K-HIL-2", "K-HIL-1", "K-HAA-1"]),
    ("free=1", ["K-HIL-2", "K-HIL-1", "K-ERK-1"]),
    ("free=1&time=morning&childcare=1&town=hilden&type=allgemein", ["K-HIL-1"]),
    # Unknown values are ignored, not an error.
    ("type=nix&town=ratingen&time=nachts&weeks=3&childcare=ja&free=2&page=x", PUBLIC),
])
def test_it_filters_in_the_query_string(client, w, query, expected):
    assert listed(client.get(f"/kreis-mettmann/kurse/?{query}")) == expected


def test_it_says_free_places_in_words(client, w):
    text = client.get("/kreis-mettmann/kurse/").content.decode()
    hilden, haan, erkrath = (text[text.index(f"/kurse/{c}/"):] for c in ("K-HIL-1", "K-HAA-1", "K-ERK-1"))
    assert re.search(r"Plätze frei</span> Freie Plätze: 13<", hilden)  # 20 - 5 booked - 2 placed
    assert haan.index("ausgebucht") < haan.index("/kurse/K-ERK-1/")
    assert erkrath.index("wenige Plätze frei") < erkrath.index("Freie Plätze: 2")
    assert "Hilden-Mitte" in hilden and "Aufzug vorhanden" in hilden


def test_the_course_page_says_how_to_get_a_place(client, w):
    response = client.get("/haan/kurse/K-HIL-1/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "So bekommen Sie einen Platz" in text
    assert "Ausländerbehörde des Kreises, Zimmer 12" in text       # the Kreis's referring office
    assert "Bitte mit Berechtigungsschein kommen." in text          # the course's registration note
    assert "kurse@lernhaus.example" in text and "02103 123" in text  # the provider's own contact
    assert "Frau Beispiel" in text and "beratung@lernhaus.example" in text
    assert "Geheime Person" not in text and "geheim@" not in text   # no consent: never shown
    assert '"@type": "CourseInstance"' in text and '"startDate"' in text


def test_an_unpublished_provider_shows_its_name_only(client, w):
    text = client.get("/kreis-mettmann/kurse/K-HAA-1/").content.decode()
    assert "Verborgener Träger" in text
    assert "intern@verborgen.example" not in text and "/actors/versteckt/" not in text


@pytest.mark.parametrize("path", [
    "/kreis-mettmann/kurse/K-ABGESAGT/", "/kreis-mettmann/kurse/K-BEENDET/", "/kreis-mettmann/kurse/K-VORBEI/",
    "/kreis-mettmann/kurse/K-ANDERS/", "/hilden/kurse/K-ANDERS/", "/kreis-mettmann/kurse/nichts/",
    "/herne/kurse/", "/herne/kurse/K-HIL-1/",
])
def test_it_refuses_what_is_not_public_or_outside_a_kreis(client, w, path):
    assert client.get("/hilden/kurse/K-HIL-1/").status_code == 200  # the same kind of address, public
    assert client.get(path).status_code == 404


def test_the_navigation_offers_courses_only_where_a_kreis_steers_them(client, w):
    assert 'href="/hilden/kurse/"' in client.get("/hilden/").content.decode()
    assert 'href="/kreis-mettmann/kurse/"' in client.get("/kreis-mettmann/").content.decode()
    assert "/kurse/" not in client.get("/herne/").content.decode()


def test_it_speaks_the_visitors_language(client, w):
    client.cookies["django_language"] = "ar"
    text = client.get("/hilden/kurse/", headers={"accept-language": "ar"}).content.decode()
    assert 'dir="rtl"' in text
    assert "دورات الاندماج" in text


def test_a_placement_renews_the_cached_page(client, w, settings):
    settings.TEILHABE_PAGE_CACHE_SECONDS = 3600
    client.get("/hilden/kurse/")
    with CaptureQueriesContext(connection) as queries:
        assert "Freie Plätze: 2" in client.get("/hilden/kurse/").content.decode()
    assert len(queries) == 0  # served from the cache
    learner = cb.learner(w.kreis, w.erkrath, "W-neu")
    Learner.objects.get(pk=learner.pk)  # loaded as the allocation would
    learner.status, learner.course = "placed", w.later
    learner.save()
    text = client.get("/hilden/kurse/").content.decode()
    assert "Freie Plätze: 1" in text and "Freie Plätze: 2" not in text
    learner = Learner.objects.get(pk=learner.pk)
    learner.status, learner.course = "waiting", None
    learner.save()
    assert "Freie Plätze: 2" in client.get("/hilden/kurse/").content.decode()
