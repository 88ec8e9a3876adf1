"""What every endpoint shares: bad parameters → 400 naming them, 404/405 as JSON, CORS,
ETag / Last-Modified with conditional GET, HEAD."""
import pytest

pytestmark = pytest.mark.django_db

OFFERS = "municipalities/herten/offers"


@pytest.mark.parametrize("path, query, parameter, code", [
    (OFFERS, {"page": "abc"}, "page", "invalid"),
    (OFFERS, {"page": "0"}, "page", "invalid"),
    (OFFERS, {"page": "-1"}, "page", "invalid"),
    (OFFERS, {"page": "1.5"}, "page", "invalid"),
    (OFFERS, {"page": "99999999999999999999"}, "page", "invalid"),
    (OFFERS, {"page": "100001"}, "page", "too_large"),
    (OFFERS, {"page_size": "100000"}, "page_size", "too_large"),
    ("municipalities/herten/measures", {"concept": "1000001"}, "concept", "too_large"),
    (OFFERS, {"page_size": "101"}, "page_size", "too_large"),
    (OFFERS, {"page_size": ""}, "page_size", "invalid"),
    (OFFERS, {"lang": "xx"}, "lang", "unknown_value"),
    (OFFERS, {"lang": ""}, "lang", "unknown_value"),
    (OFFERS, {"modified_since": "garbage"}, "modified_since", "invalid"),
    (OFFERS, {"modified_since": "2025-13-45"}, "modified_since", "invalid"),
    (OFFERS, {"modified_since": "2025-02-30T10:00:00Z"}, "modified_since", "invalid"),
    (OFFERS, {"q": "x" * 201}, "q", "too_long"),
    (OFFERS, {"q": "Kurs\x00"}, "q", "invalid"),
    (OFFERS, {"sort": "title"}, "sort", "unknown_parameter"),
    ("municipalities", {"kind": "dorf"}, "kind", "unknown_value"),
    ("municipalities", {"search": "x"}, "search", "unknown_parameter"),
    ("municipalities/herten", {"page": "1"}, "page", "unknown_parameter"),
    ("municipalities/herten/measures", {"status": "fertig"}, "status", "unknown_value"),
    ("municipalities/herten/measures", {"concept": "x"}, "concept", "invalid"),
    ("municipalities/herten/goals", {"kind": "taktisch"}, "kind", "unknown_value"),
    ("municipalities/herten/actors", {"kind": "firma"}, "kind", "unknown_value"),
    ("openapi.json", {"format": "yaml"}, "format", "unknown_parameter"),
])
def test_it_answers_bad_parameters_with_400_naming_the_parameter(world, api, path, query, parameter, code):
    response = api(path, **query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["parameter"] == parameter and error["code"] == code and error["status"] == 400
    assert error["message"]


@pytest.mark.parametrize("path, query, parameter", [
    (OFFERS, {"target_group": "unbekannt"}, "target_group"),
    ("offers", {"provider": "x" * 300}, "provider"),
    ("offers", {"district": "mitte"}, "district"),
    ("municipalities/herten/measures", {"concept": "3"}, "concept"),  # a draft
    ("municipalities/herten/measures", {"concept": "1000000"}, "concept"),
    ("municipalities/herten/fields-of-action/sprache", {"concept": "7"}, "concept"),
    ("municipalities/herten/measures", {"field_of_action": "geheim-feld"}, "field_of_action"),
    ("municipalities/herten/actors", {"district": "mitte"}, "district"),
])
def test_it_answers_a_well_formed_key_that_names_nothing_with_404_naming_the_parameter(world, api, path, query,
                                                                                       parameter):
    # Which keys and versions exist depends on the data; the OpenAPI document promises a
    # string (an integer), so a client that sends one gets "not found", not "bad request".
    response = api(path, **query)
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error == {"status": 404, "code": "unknown_value", "parameter": parameter, "message": error["message"]}
    assert error["message"]


@pytest.mark.parametrize("path, name", [
    (OFFERS, "field_of_action"), (OFFERS, "target_group"), (OFFERS, "district"), (OFFERS, "provider"),
    ("offers", "district"), ("municipalities/herten/goals", "field_of_action"),
    ("municipalities/herten/measures", "field_of_action"), ("municipalities/herten/actors", "district"),
])
def test_it_takes_an_empty_key_filter_as_no_filter(world, api, path, name):
    unfiltered = api(path, page_size=100)
    for value in ("", "  "):
        response = api(path, page_size=100, **{name: value})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == unfiltered.json()["results"]


def test_it_answers_unknown_addresses_with_404_whatever_the_parameters(db, api):
    for path in ("municipalities/ä", "municipalities/x y/goals", "nothing-here"):
        response = api(path, lang="en", page="abc")
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_it_answers_an_address_with_a_line_break_in_json(db, api):
    response = api("municipalities/a%0Ab/measures")  # the test client drops a bare line break
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "0001-01-01", "9999-12-31T23:59:59-05:00"])
def test_it_takes_modified_since_at_the_ends_of_the_calendar(world, api, moment):
    # Converted to UTC, these fall outside what Python's datetime can hold.
    response = api(OFFERS, modified_since=moment)
    assert response.status_code == 200
    assert response.json()["count"] == (0 if moment.startswith("9999") else 5)


def test_it_refuses_a_repeated_parameter(world, client):
    response = client.get(f"/api/v1/{OFFERS}?district=nord&district=sued")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "status": 400, "code": "repeated_parameter", "parameter": "district",
        "message": response.json()["error"]["message"]}


def test_it_takes_back_a_plus_sent_unencoded_in_modified_since(world, client):
    # "…+01:00" unencoded in a query string arrives as "… 01:00".
    response = client.get(f"/api/v1/{OFFERS}?modified_since=2025-03-03T13:00:00+01:00")
    assert response.status_code == 200
    assert [o["external_id"] for o in response.json()["results"]] == ["A-3", "A-traeger", "A-4"]


def test_it_answers_unknown_addresses_with_json_404(db, api):
    for path in ("nothing-here", "municipalities/herten/unknown", "municipalities/herten/offers/A-1/extra",
                 "municipalities/"):
        response = api(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_only_reads(world, client, method):
    response = getattr(client, method)(f"/api/v1/{OFFERS}")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert client.get(f"/api/v1/{OFFERS}").json()["count"] == 5  # nothing changed


def test_it_allows_reads_from_any_origin(world, api):
    response = api(OFFERS, headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert api("municipalities/nirgendwo")["Access-Control-Allow-Origin"] == "*"


def test_it_answers_a_cors_preflight(world, client):
    response = client.options(f"/api/v1/{OFFERS}", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0


def test_it_answers_304_when_the_etag_still_matches(world, api):
    first = api(OFFERS)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = api(OFFERS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    world.cafe.title = "Sprachcafé am Markt"
    world.cafe.save()
    changed = api(OFFERS, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_it_gives_another_etag_for_another_language(world, api):
    assert api(OFFERS)["ETag"] != api(OFFERS, lang="en")["ETag"]


def test_it_answers_304_when_nothing_changed_since_the_date_sent(world, api):
    response = api(f"{OFFERS}/A-2")
    assert response["Last-Modified"] == "Sun, 02 Mar 2025 12:00:00 GMT"
    assert api(f"{OFFERS}/A-2", headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304
    assert api(f"{OFFERS}/A-2", headers={"If-Modified-Since": "Sat, 01 Mar 2025 12:00:00 GMT"}).status_code == 200
    # The list's date is that of the newest offer on the page.
    assert api(OFFERS)["Last-Modified"] == "Thu, 06 Mar 2025 12:00:00 GMT"


def test_it_prefers_the_etag_over_the_date(world, api):
    response = api(f"{OFFERS}/A-2")
    stale = api(f"{OFFERS}/A-2", headers={"If-None-Match": '"other"', "If-Modified-Since": response["Last-Modified"]})
    assert stale.status_code == 200


def test_it_answers_head_with_headers_only(world, client):
    get = client.get(f"/api/v1/{OFFERS}")
    head = client.head(f"/api/v1/{OFFERS}")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == str(len(get.content))


def test_it_sets_no_cookie(world, api):
    assert not api(OFFERS).cookies
