"""The OParl 1.1 endpoint (/oparl/v1/): a client's crawl from the System object over every
link, each object valid against the official schemas; nothing non-public in any answer;
pagination, filters, deleted objects, files, CORS and errors as the spec says."""
import datetime
import re

import pytest
from django.utils import timezone

from teilhabe.council import actions
from teilhabe.council.models import Location, Membership, Person
from tests.council.builders import SECRETS, world

from .oparl_schema import validate

pytestmark = pytest.mark.django_db
BASE = "http://testserver/oparl/v1/"
FILE_URL = re.compile(r"/file/\d+/(access|download)$")


@pytest.fixture
def w():
    return world()


def get(client, url, **query):
    response = client.get(url.removeprefix("http://testserver"), query)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def links_of(value):
    """Every URL of this endpoint in a JSON value (objects and lists, not the files)."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in links_of(v)]
    if isinstance(value, list):
        return [u for v in value for u in links_of(v)]
    return [value] if isinstance(value, str) and value.startswith(BASE) else []


def crawl(client, start=BASE + "system", query=None):
    """Follow every link as a client would; returns {url: json} and the raw bodies."""
    seen, bodies, todo = {}, [], [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        if FILE_URL.search(url):
            response = client.get(url.removeprefix("http://testserver"))
            assert response.status_code == 200, url
            content = b"".join(response.streaming_content)
            assert content.startswith(b"%PDF-")
            seen[url] = None
            continue
        response = get(client, url, **(query or {}) if "?" not in url and url != start else {})
        data = response.json()
        bodies.append(response.content.decode())
        seen[url] = data
        if "data" in data:  # a list page
            assert set(data) == {"data", "pagination", "links"}
            for obj in data["data"]:
                validate(obj)
                todo.append(obj["id"])
                if not obj.get("deleted"):
                    todo.extend(links_of(obj))
            todo.extend(u for key, u in data["links"].items() if key == "next")
        else:
            validate(data)
            assert data["id"] == url
            if not data.get("deleted"):
                todo.extend(links_of(data))
    return seen, bodies


def test_a_client_crawls_every_link_from_the_system_object_and_every_object_is_valid(client, w):
    seen, bodies = crawl(client)
    types = {data["type"].rsplit("/", 1)[1] for data in seen.values() if data and "type" in data}
    assert types == {"System", "Body", "LegislativeTerm", "Organization", "Person", "Membership", "Meeting",
                     "AgendaItem", "Paper", "Consultation", "File", "Location"}
    assert any(FILE_URL.search(url) for url in seen)
    for secret in SECRETS:
        assert not any(secret in body for body in bodies), secret


def test_no_non_public_content_appears_even_to_a_client_asking_for_changes(client, w):
    seen, bodies = crawl(client)
    body = f"{BASE}body/{w.m.pk}/"
    since = "2000-01-01T00:00:00+00:00"
    for name in ("organizations", "persons", "memberships", "meetings", "agenda-items", "papers",
                 "consultations", "files", "locations", "legislative-terms"):
        data = get(client, body + name, modified_since=since).json()
        bodies.append(str(data))
        for obj in data["data"]:
            validate(obj)
            bodies.append(str(get(client, obj["id"]).json()))
    for secret in SECRETS:
        assert not any(secret in text for text in bodies), secret
    # Each is there for the client to know, as deleted or as a placeholder without content.
    assert get(client, f"{BASE}person/{w.hidden.pk}").json().get("deleted") is True
    assert get(client, f"{BASE}membership/{w.hidden_membership.pk}").json().get("deleted") is True
    assert get(client, f"{BASE}paper/{w.draft.pk}").json().get("deleted") is True
    assert get(client, f"{BASE}file/{w.draft_file.pk}").json().get("deleted") is True
    assert get(client, f"{BASE}consultation/{w.closed_consultation.pk}").json().get("deleted") is True
    assert set(get(client, f"{BASE}agenda-item/{w.closed_item.pk}").json()) == {
        "id", "type", "created", "modified", "meeting", "number", "order", "public"}
    for file in (w.closed_file, w.draft_file):
        assert client.get(f"/oparl/v1/file/{file.pk}/access").status_code == 410
        assert client.get(f"/oparl/v1/file/{file.pk}/download").status_code == 410


def test_lists_without_modified_since_hold_only_public_objects(client, w):
    persons = get(client, f"{BASE}body/{w.m.pk}/persons").json()["data"]
    assert [p["name"] for p in persons] == ["Aylin Beispielfrau"]
    assert [m["teilhabe:onBehalfOf"] for m in persons[0]["membership"]] == ["Liste Miteinander"]
    papers = get(client, f"{BASE}body/{w.m.pk}/papers").json()["data"]
    assert [p["reference"] for p in papers] == ["2024/001"]
    assert {c["role"] for c in papers[0]["consultation"]} == {"Vorberatung", "Entscheidung"}
    locations = get(client, f"{BASE}body/{w.m.pk}/locations").json()["data"]
    assert [loc["description"] for loc in locations] == ["Rathaus, Ratssaal"]
    assert locations[0]["organizations"] == [f"{BASE}organization/{w.council.pk}"]
    assert locations[0]["meetings"] == [f"{BASE}meeting/{w.held.pk}"]


def test_a_deleted_object_stays_at_its_url_as_deleted_and_reaches_clients_asking_for_changes(client, w):
    url = f"{BASE}location/{w.gone_location.pk}"
    data = get(client, url).json()
    assert data == {"id": url, "type": "https://schema.oparl.org/1.1/Location", "deleted": True,
                    "created": data["created"], "modified": data["modified"]}
    assert data["modified"] >= data["created"]
    since = timezone.localtime(w.gone_location.modified_at - datetime.timedelta(seconds=1)).isoformat()
    listed = get(client, f"{BASE}body/{w.m.pk}/locations", modified_since=since).json()["data"]
    assert url in [loc["id"] for loc in listed]


def test_a_membership_change_renews_the_person_it_is_embedded_in(w):
    before = Person.objects.get(pk=w.chair.pk).modified_at
    membership = Membership.objects.get(pk=w.chair_membership.pk)
    membership.role = "deputy"
    membership.save()
    assert Person.objects.get(pk=w.chair.pk).modified_at > before


def test_lists_are_paginated_with_next_links_that_keep_the_filters(client, w):
    for i in range(4):
        Location.objects.create(municipality=w.m, description=f"Raum {i}")
    url = f"{BASE}body/{w.m.pk}/locations"
    first = get(client, url, limit="2", created_since="2000-01-01T00:00:00+01:00").json()
    assert first["pagination"] == {"totalElements": 5, "elementsPerPage": 2, "currentPage": 1, "totalPages": 3}
    assert "created_since=2000-01-01T00%3A00%3A00%2B01%3A00" in first["links"]["next"]
    assert first["links"]["next"].endswith("&limit=2&page=2")
    ids, page = [], first
    while True:
        ids += [loc["id"] for loc in page["data"]]
        if "next" not in page["links"]:
            break
        page = get(client, page["links"]["next"]).json()
    assert len(ids) == len(set(ids)) == 5
    assert page["pagination"]["currentPage"] == 3 and "prev" in page["links"]


@pytest.mark.parametrize("name, lookup", [("created_since", "after"), ("created_until", "before"),
                                          ("modified_since", "after"), ("modified_until", "before")])
def test_the_four_filters_narrow_a_list(client, w, name, lookup):
    moment = timezone.now()
    old, new = Location.objects.create(municipality=w.m, description="Alt"), None
    Location.objects.filter(pk=old.pk).update(created_at=moment - datetime.timedelta(days=30),
                                              modified_at=moment - datetime.timedelta(days=30))
    new = Location.objects.create(municipality=w.m, description="Neu")
    Location.objects.filter(pk=new.pk).update(created_at=moment + datetime.timedelta(days=1),
                                              modified_at=moment + datetime.timedelta(days=1))
    data = get(client, f"{BASE}body/{w.m.pk}/locations", **{name: moment.isoformat()}).json()["data"]
    names = {loc.get("description") for loc in data}
    assert ("Neu" in names) == (lookup == "after") and ("Alt" in names) == (lookup == "before")


@pytest.mark.parametrize("query, parameter", [
    ({"modified_since": "gestern"}, "modified_since"),
    ({"created_until": "2024-01-01"}, "created_until"),
    ({"limit": "0"}, "limit"), ({"limit": "abc"}, "limit"), ({"page": "-1"}, "page"),
    ({"omit_internal": "ja"}, "omit_internal"), ({"sort": "name"}, "sort"),
])
def test_bad_parameters_are_an_oparl_error_naming_them(client, w, query, parameter):
    response = client.get(f"/oparl/v1/body/{w.m.pk}/papers", query)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert parameter in data["message"] and data["debug"] == f"parameter: {parameter}"


def test_unknown_objects_and_pages_are_oparl_errors(client, w):
    for path in ("paper/999999", "body/999999", "nichts", "", "paper/1%0A", f"body/{w.m.pk}/papers?page=5"):
        response = client.get(f"/oparl/v1/{path}")
        assert response.status_code == 404, path
        assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
    assert client.get("/oparl/v1/paper/1?x=%00").status_code == 400


def test_a_municipality_without_council_part_is_no_body(client, w):
    from tests import builders as b

    other = b.municipality()
    bodies = get(client, f"{BASE}bodies").json()["data"]
    assert [body["id"] for body in bodies] == [f"{BASE}body/{w.m.pk}"]
    assert client.get(f"/oparl/v1/body/{other.pk}").status_code == 404
    assert client.get(f"/oparl/v1/body/{other.pk}/papers").status_code == 404


def test_files_are_served_inline_and_as_download_with_conditional_get(client, w):
    access = client.get(f"/oparl/v1/file/{w.main.pk}/access")
    assert access.status_code == 200 and access["Content-Type"] == "application/pdf"
    assert "attachment" not in access.get("Content-Disposition", "")
    assert b"".join(access.streaming_content).startswith(b"%PDF-")
    download = client.get(f"/oparl/v1/file/{w.main.pk}/download")
    assert download["Content-Disposition"] == 'attachment; filename="vorlage.pdf"'
    assert download["ETag"] == f'"{w.main.sha1}"' and int(download["Content-Length"]) == w.main.size
    again = client.get(f"/oparl/v1/file/{w.main.pk}/access", headers={"If-None-Match": download["ETag"]})
    assert again.status_code == 304
    actions.soft_delete(w.main)
    assert client.get(f"/oparl/v1/file/{w.main.pk}/access").status_code == 410


def test_it_answers_the_cors_preflight_and_refuses_writes(client, w):
    preflight = client.options("/oparl/v1/system")
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    response = client.post("/oparl/v1/system")
    assert response.status_code == 405 and response.json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_omit_internal_leaves_out_the_embedded_lists(client, w):
    meetings = get(client, f"{BASE}body/{w.m.pk}/meetings", omit_internal="true").json()["data"]
    assert meetings and all("agendaItem" not in m and "location" not in m for m in meetings)
    assert "invitation" in meetings[0]
