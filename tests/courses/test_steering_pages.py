"""The steering dashboard's pages: who may read which part, figures but never persons,
downloads of every table."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import builders
from tests.courses import builders as cb

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    k, towns = cb.kreis()
    hilden, haan = towns["hilden"], towns["haan"]
    vhs = cb.provider(k)
    for n in range(4):
        cb.learner(k, hilden, f"W-HILDEN-{n}", waited=10 * (n + 1), reference=f"AZ-GEHEIM-{n}",
                   name=f"Name Geheim {n}")
    cb.learner(k, haan, "W-HAAN-0", types=("frauen",), needs_childcare=True, times=("evening",))
    cb.course(k, hilden, vhs, "K-1", type="frauen", childcare=True, time_of_day="evening", capacity=20)
    cb.kita(hilden, name="Kita Sonnenschein", needing=10, programmes={"rucksack": 5})
    people = builders.personas(hilden)
    people["kreis_viewer"] = builders.user(role="viewer", municipality=k)
    people["provider"] = builders.user(role="actor_editor", municipality=k, actor=vhs)
    people["haan_coordinator"] = builders.user(role="coordinator", municipality=haan)
    return k, towns, people


def page(client, user, slug, **query):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("steering:dashboard", args=[slug]), query)


@pytest.mark.parametrize("persona, expected", [
    ("kreis_coordinator", 200), ("kreis_viewer", 200),
    ("coordinator", 403), ("viewer", 403), ("editor", 403), ("provider", 403), ("outsider", 403),
    ("other_coordinator", 403), ("haan_coordinator", 403), ("anonymous", 302),
])
def test_the_whole_kreis_is_for_those_who_read_the_kreis(client, world, persona, expected):
    k, _towns, people = world
    response = page(client, people[persona], k.slug)

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("persona, expected", [
    ("kreis_coordinator", 200), ("kreis_viewer", 200), ("coordinator", 200), ("viewer", 200),
    ("editor", 403), ("provider", 403), ("outsider", 403), ("other_coordinator", 403), ("haan_coordinator", 403),
    ("anonymous", 302),
])
def test_a_towns_part_is_for_those_who_read_the_town(client, world, persona, expected):
    _k, towns, people = world
    assert page(client, people[persona], towns["hilden"].slug).status_code == expected


def test_it_shows_figures_and_never_persons(client, world):
    k, towns, people = world
    for user, slug in ((people["kreis_viewer"], k.slug), (people["viewer"], towns["hilden"].slug)):
        body = page(client, user, slug).content.decode()
        assert "Median der Wartetage" in body and "Kita Sonnenschein" not in body
        assert "W-HILDEN" not in body and "GEHEIM" not in body
    body = page(client, people["kreis_viewer"], k.slug).content.decode()
    # Haan has one waiting learner: a group, not a person.
    assert "weniger als 3" in body
    assert "K-1" in body and "Empfehlung berechnen" in body
    town_body = page(client, people["viewer"], towns["hilden"].slug).content.decode()
    assert "Empfehlung berechnen" not in town_body and towns["haan"].name not in town_body


def test_it_recommends_a_new_course_on_request(client, world):
    k, towns, people = world
    body = page(client, people["kreis_coordinator"], k.slug, empfehlung="1").content.decode()

    assert "eingesparte Wartetage" in body and "Empfehlung berechnen" not in body


def test_every_table_downloads_as_csv_and_xlsx(client, world):
    k, towns, people = world
    client.force_login(people["kreis_viewer"])

    csv = client.get(reverse("steering:data", args=[k.slug, "wartende-orte", "csv"]))
    xlsx = client.get(reverse("steering:data", args=[k.slug, "kitas-orte", "xlsx"]))

    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Gruppe;Wartende;Median der Wartetage;90. Perzentil der Wartetage"
    assert f"{towns['haan'].name};weniger als 3;;" in lines
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]] == [towns["hilden"].name, 1, 10, 5, 50]
    assert client.get(reverse("steering:data", args=[k.slug, "unbekannt", "csv"])).status_code == 404
    assert client.get(reverse("steering:data", args=[k.slug, "wartende-orte", "pdf"])).status_code == 404


def test_downloads_refuse_whom_the_page_refuses(client, world):
    k, towns, people = world
    client.force_login(people["coordinator"])

    assert client.get(reverse("steering:data", args=[k.slug, "wartende-orte", "csv"])).status_code == 403
    assert client.get(reverse("steering:data", args=[towns["hilden"].slug, "wartende-orte", "csv"])).status_code == 200
    client.force_login(people["provider"])
    assert client.get(reverse("steering:data", args=[towns["hilden"].slug, "prognose", "csv"])).status_code == 403


def test_a_town_outside_any_kreis_has_no_course_steering(client):
    town = builders.municipality()
    client.force_login(builders.user(role="coordinator", municipality=town))

    assert page(client, None, town.slug).status_code == 404
