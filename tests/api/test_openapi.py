"""The OpenAPI document is valid, describes every endpoint and parameter, and real
answers match the schemas it describes."""
import re

import jsonschema
import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from teilhabe.api import openapi

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(db, api):
    response = api("openapi.json")
    assert response.status_code == 200
    return response.json()


def test_it_serves_a_valid_openapi_document(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["servers"] == [{"url": "http://testserver/api/v1"}]


def _api_routes():
    """(OpenAPI path, view) for every route under /api/v1/ except the catch-all."""
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    for pattern in api.url_patterns:
        if pattern.name == "not_found":
            continue
        route = str(pattern.pattern)
        yield "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), pattern.callback


def test_it_describes_every_endpoint_and_every_parameter_it_accepts(spec):
    routes = dict(_api_routes())
    assert set(spec["paths"]) == set(routes)
    for path, view in routes.items():
        described = set()
        for parameter in spec["paths"][path]["get"]["parameters"]:
            if "$ref" in parameter:
                parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            if parameter["in"] == "query":
                described.add(parameter["name"])
            else:
                assert "{%s}" % parameter["name"] in path
        assert described == set(view.api_params), path


def _validator(spec, name):
    # The whole document is the resource, so "#/components/schemas/…" references resolve.
    registry = Registry().with_resource("urn:teilhabe-api", Resource.from_contents(
        spec, default_specification=DRAFT202012))
    schema = {"$ref": f"urn:teilhabe-api#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(schema, registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path, query, schema", [
    ("", {}, "Index"),
    ("municipalities", {}, "MunicipalityPage"),
    ("municipalities/herten", {"lang": "en"}, "MunicipalityDetail"),
    ("municipalities/herten/fields-of-action", {}, "FieldOfActionPage"),
    ("municipalities/herten/fields-of-action/sprache", {}, "FieldOfActionDetail"),
    ("municipalities/herten/goals", {}, "GoalPage"),
    ("municipalities/herten/goals/kurse", {}, "Goal"),
    ("municipalities/herten/measures", {}, "MeasurePage"),
    ("municipalities/herten/measures/M-1", {}, "Measure"),
    ("municipalities/herten/actors", {}, "ActorPage"),
    ("municipalities/herten/actors/vhs", {}, "Actor"),
    ("municipalities/herten/offers", {"lang": "en", "page_size": 2}, "OfferPage"),
    ("municipalities/herten/offers/A-1", {"lang": "ar"}, "Offer"),
    ("offers", {"page": 2, "page_size": 2}, "OfferPage"),
    ("municipalities/herten/offers", {"page": "x"}, "Error"),
    ("municipalities/nirgendwo", {}, "Error"),
])
def test_it_answers_as_the_document_describes(world, spec, api, path, query, schema):
    response = api(path, **query)
    validator = _validator(spec, schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())]
    assert errors == []


def test_it_would_notice_an_undocumented_key(world, spec, api):
    offer = api("municipalities/herten/offers/A-1").json()
    offer["surprise"] = 1
    assert not _validator(spec, "Offer").is_valid(offer)


def test_it_builds_the_document_from_one_place(rf):
    assert openapi.document("http://x/api/v1")["paths"] is openapi.PATHS


def _query_parameters(spec):
    for path, item in spec["paths"].items():
        for parameter in item["get"]["parameters"]:
            if "$ref" in parameter:
                parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            if parameter["in"] == "query":
                yield path, parameter


def test_it_promises_no_text_parameter_a_null_character(spec):
    # lib.middleware.reject_nul answers a NUL in any query parameter with 400.
    free = [(path, p["name"]) for path, p in _query_parameters(spec)
            if p["schema"].get("type") == "string" and "enum" not in p["schema"] and "anyOf" not in p["schema"]]
    assert ("/offers", "q") in free and ("/municipalities/{slug}/actors", "district") in free
    for path, name in free:
        schema = next(p["schema"] for q, p in _query_parameters(spec) if (q, p["name"]) == (path, name))
        assert re.fullmatch(schema["pattern"], "Kurs ä") and not re.search(schema["pattern"], "Ku\x00rs"), (path, name)


def test_it_describes_the_404_of_a_key_that_names_nothing(spec):
    for path in ("/offers", "/municipalities/{slug}/offers", "/municipalities/{slug}/goals"):
        assert "404" in spec["paths"][path]["get"]["responses"], path
    concept = spec["components"]["parameters"]["concept"]["schema"]
    assert concept["maximum"] == 1_000_000
