"""Fields of action, goals and measures: the current concept by default, other adopted or
superseded versions on request, never a draft and never an internal measure."""
import pytest

from teilhabe.strategy.models import Concept, Measure

from .conftest import at, ids, set_modified

pytestmark = pytest.mark.django_db

H = "municipalities/herten"


def test_it_lists_the_fields_of_the_adopted_concept(world, api):
    response = api(f"{H}/fields-of-action", lang="en")
    assert [(f["key"], f["name"], f["concept_version"]) for f in response.json()["results"]] == [
        ("arbeit", "Arbeit", 2), ("sprache", "Language", 2)]


def test_it_shows_a_field_with_its_goals_and_public_measures(world, api):
    field = api(f"{H}/fields-of-action/sprache").json()
    assert [g["key"] for g in field["goals"]] == ["deutsch-lernen", "kurse"]
    assert field["measures"] == [{"external_id": "M-1", "title": "Sprachcafé aufbauen", "status": "running"}]


def test_it_lists_goals_with_their_hierarchy(world, api):
    goals = {g["key"]: g for g in api(f"{H}/goals").json()["results"]}
    assert set(goals) == {"deutsch-lernen", "kurse"}
    assert goals["kurse"]["parent"] == "deutsch-lernen" and goals["kurse"]["kind"] == "operational"
    assert goals["deutsch-lernen"]["measures"] == ["M-1"]  # not the internal one


@pytest.mark.parametrize("query, expected", [
    ({"kind": "operational"}, ["kurse"]), ({"field_of_action": "arbeit"}, []),
    ({"field_of_action": "sprache"}, ["deutsch-lernen", "kurse"]),
])
def test_it_filters_goals(world, api, query, expected):
    assert ids(api(f"{H}/goals", **query), "key") == expected


def test_it_lists_public_measures_by_title(world, api):
    response = api(f"{H}/measures")
    assert ids(response) == ["M-2", "M-1"]
    measure = response.json()["results"][1]
    assert measure["status"] == "running"
    assert measure["status_history"] == [
        {"from_status": None, "to_status": "planned", "changed_on": "2021-01-01"},
        {"from_status": "planned", "to_status": "running", "changed_on": "2022-05-01"}]
    assert measure["responsible_actor"] == {"external_id": "vhs", "name": "Volkshochschule"}
    assert measure["url"] == "http://testserver/herten/measures/M-1/"


def test_it_never_shows_internal_measures_status_notes_or_hidden_partners(world, api):
    body = api(f"{H}/measures", page_size=100).content.decode()
    assert "M-intern" not in body and "Interne Maßnahme" not in body
    assert "Budget knapp" not in body  # status notes are internal
    assert "versteckt" not in body and "Verborgener Träger" not in body
    assert api(f"{H}/measures/M-intern").status_code == 404
    assert api(f"{H}/measures/M-1").json()["partner_actors"] == [
        {"external_id": "verein", "name": "Nachbarschaftsverein"}]


def test_it_hides_a_responsible_actor_that_is_not_published(world, api):
    Measure.objects.filter(pk=world.measure.pk).update(responsible_actor=world.hidden_actor)
    assert api(f"{H}/measures/M-1").json()["responsible_actor"] is None


@pytest.mark.parametrize("query, expected", [
    ({"status": "running"}, ["M-1"]), ({"status": "planned"}, ["M-2"]), ({"status": "stopped"}, []),
    ({"field_of_action": "arbeit"}, ["M-2"]), ({"field_of_action": "sprache"}, ["M-1"]),
])
def test_it_filters_measures(world, api, query, expected):
    assert ids(api(f"{H}/measures", **query)) == expected


def test_it_lists_measures_changed_since_a_moment(world, api):
    set_modified(world.work_measure, at(3))
    assert ids(api(f"{H}/measures", modified_since="2025-03-02")) == ["M-2"]
    set_modified(world.goal, at(4))
    assert ids(api(f"{H}/goals", modified_since="2025-03-02"), "key") == ["deutsch-lernen"]


def test_it_shows_a_superseded_version_on_request(world, api):
    assert ids(api(f"{H}/measures", concept=1)) == ["M-alt"]
    assert ids(api(f"{H}/fields-of-action", concept=1), "key") == ["alt-feld"]
    assert api(f"{H}/measures/M-alt", concept=1).json()["concept_version"] == 1
    assert api(f"{H}/measures/M-alt").status_code == 404  # not in the current version


@pytest.mark.parametrize("path", ["measures", "fields-of-action", "goals"])
def test_it_never_shows_a_draft_concept(world, api, path):
    body = api(f"{H}/{path}", page_size=100).content.decode()
    assert "geheim" not in body.lower() and "Entwurf" not in body
    response = api(f"{H}/{path}", concept=3)
    assert response.status_code == 404 and response.json()["error"]["parameter"] == "concept"


def test_it_finds_no_draft_object_by_key(world, api):
    assert api(f"{H}/measures/M-entwurf").status_code == 404
    assert api(f"{H}/fields-of-action/geheim-feld").status_code == 404
    assert api(f"{H}/goals/geheimes-ziel").status_code == 404
    assert api(f"{H}/goals/geheimes-ziel", concept=3).status_code == 404


def test_it_shows_nothing_of_a_municipality_with_only_a_draft(world, api):
    Concept.objects.filter(municipality=world.m).exclude(pk=world.draft.pk).delete()
    for path in ("measures", "fields-of-action", "goals"):
        body = api(f"{H}/{path}").json()
        assert body["count"] == 0 and body["results"] == [], path
    assert api(f"{H}").json()["concepts"] == []
    assert api(f"{H}/fields-of-action/geheim-feld").status_code == 404


def test_it_takes_the_newest_superseded_version_when_none_is_adopted(world, api):
    Concept.objects.filter(pk=world.current.pk).update(status="superseded")
    assert ids(api(f"{H}/measures")) == ["M-2", "M-1"]
