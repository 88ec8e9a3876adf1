"""Working groups and declared ties in the back office: coordinators write, viewers read,
everyone else is refused; bad input is a field error and writes nothing."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import ChangeRecord
from teilhabe.network.models import DeclaredTie, WorkingGroup
from tests import builders as b

PERSONAS = b.persona_names()
MANAGERS = {"coordinator", "kreis_coordinator"}
READERS = MANAGERS | {"viewer"}


@pytest.fixture
def world(db):
    kreis = b.municipality("kreis-e", kind="kreis")
    town = b.municipality("kreisstadt", parent=kreis)
    other = b.municipality("fremdstadt")
    c = b.concept(town)
    b.field(c, "sprache", "Sprache")
    vhs, caritas = b.actor(town, "vhs", name="VHS"), b.actor(town, "caritas", name="Caritas")
    group = WorkingGroup.objects.create(municipality=town, name="AK Sprache", field_key="sprache")
    tie = DeclaredTie.objects.create(municipality=town, actor_a=vhs, actor_b=caritas)
    foreign_group = WorkingGroup.objects.create(municipality=other, name="AK fremd")
    users = b.personas(town, editors={"editor": vhs}, other=other)
    return {"town": town, "other": other, "vhs": vhs, "caritas": caritas, "foreign_actor": b.actor(other),
            "group": group, "tie": tie, "foreign_group": foreign_group, "users": users}


def as_(client, world, persona):
    if world["users"][persona]:
        client.force_login(world["users"][persona])
    return client


def url(world, name, *args):
    return reverse(f"network:{name}", args=[world["town"].slug, *args])


def expect(response, persona, allowed):
    if persona in allowed:
        assert response.status_code in (200, 302) and "/login/" not in response.get("Location", "")
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_entries_to_readers_only(client, world, persona):
    response = as_(client, world, persona).get(url(world, "entries"))
    expect(response, persona, READERS)
    if persona == "viewer":
        html = response.content.decode()
        assert "AK Sprache" in html and "Neuer Arbeitskreis" not in html


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,pk", [("group_new", None), ("group_edit", "group"), ("tie_new", None),
                                     ("tie_edit", "tie")])
def test_it_lets_only_coordinators_open_the_forms(client, world, persona, name, pk):
    args = [world[pk].pk] if pk else []
    expect(as_(client, world, persona).get(url(world, name, *args)), persona, MANAGERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_coordinators_delete(client, world, persona):
    response = as_(client, world, persona).post(url(world, "tie_delete", world["tie"].pk))
    expect(response, persona, MANAGERS)
    assert DeclaredTie.objects.filter(pk=world["tie"].pk).exists() == (persona not in MANAGERS)


def test_it_does_not_open_another_towns_group(client, world):
    response = as_(client, world, "coordinator").get(url(world, "group_edit", world["foreign_group"].pk))
    assert response.status_code == 404


def test_it_creates_a_working_group_with_members_and_history(client, world):
    response = as_(client, world, "coordinator").post(url(world, "group_new"), {
        "name": "AK Arbeit", "field_key": "sprache", "members": [world["vhs"].pk, world["caritas"].pk],
        "valid_from": "2025-01-01"})
    assert response.status_code == 302
    group = WorkingGroup.objects.get(name="AK Arbeit")
    assert set(group.members.all()) == {world["vhs"], world["caritas"]} and group.municipality == world["town"]
    assert ChangeRecord.objects.filter(object_id=group.pk, action="create").exists()


def test_it_refuses_another_towns_actor_and_a_tie_with_itself(client, world):
    c = as_(client, world, "coordinator")
    response = c.post(url(world, "tie_new"), {"actor_a": world["vhs"].pk, "actor_b": world["foreign_actor"].pk,
                                              "kind": "referral"})
    assert response.status_code == 200 and "actor_b" in response.context["form"].errors
    response = c.post(url(world, "tie_new"), {"actor_a": world["vhs"].pk, "actor_b": world["vhs"].pk,
                                              "kind": "referral"})
    assert response.status_code == 200
    assert response.context["form"].errors["actor_b"] == ["Eine Verbindung braucht zwei verschiedene Akteure."]
    assert DeclaredTie.objects.count() == 1


@pytest.mark.parametrize("name", ["members", "meetings"])
def test_it_refuses_an_id_too_large_for_the_database_as_a_field_error(client, world, name):
    response = as_(client, world, "coordinator").post(url(world, "group_new"), {
        "name": "AK Groß", name: ["9" * 30]})
    assert response.status_code == 200 and name in response.context["form"].errors
    assert not WorkingGroup.objects.filter(name="AK Groß").exists()
