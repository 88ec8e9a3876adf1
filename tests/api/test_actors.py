"""Actors: published ones only, contact persons only with consent."""
import pytest

from .conftest import at, ids, set_modified

pytestmark = pytest.mark.django_db

H = "municipalities/herten"


def test_it_lists_published_actors_by_name(world, api):
    response = api(f"{H}/actors")
    assert ids(response) == ["verein", "vhs"]
    vhs = api(f"{H}/actors/vhs").json()
    assert vhs["kind"] == "education_provider" and vhs["districts"] == [{"key": "nord", "name": "Herten-Nord"}]
    assert [x["code"] for x in vhs["languages"]] == ["de", "tr"]
    assert vhs["url"] == "http://testserver/herten/actors/vhs/"


def test_it_shows_only_contact_persons_who_consented(world, api):
    vhs = api(f"{H}/actors/vhs").json()
    assert vhs["contacts"] == [{"role": "Beratung", "name": "Erika Muster", "email": "", "phone": ""}]
    body = api(f"{H}/actors").content.decode()
    assert "Geheime Person" not in body and "geheim@example.org" not in body
    assert "consent" not in body


def test_it_never_shows_an_unpublished_actor(world, api):
    assert api(f"{H}/actors/versteckt").status_code == 404
    assert "versteckt" not in api(f"{H}/actors", page_size=100).content.decode()
    response = api("municipalities/herten/offers", provider="versteckt")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_value"


@pytest.mark.parametrize("query, expected", [
    ({"kind": "association"}, ["verein"]), ({"kind": "education_provider"}, ["vhs"]),
    ({"kind": "welfare_organisation"}, []), ({"district": "nord"}, ["vhs"]), ({"district": "sued"}, ["verein"]),
])
def test_it_filters_actors(world, api, query, expected):
    assert ids(api(f"{H}/actors", **query)) == expected


def test_it_lists_actors_changed_since_a_moment(world, api):
    set_modified(world.association, at(2))
    assert ids(api(f"{H}/actors", modified_since="2025-03-02")) == ["verein"]
    set_modified(world.hidden_actor, at(3))
    assert ids(api(f"{H}/actors", modified_since="2025-03-02")) == ["verein"]
