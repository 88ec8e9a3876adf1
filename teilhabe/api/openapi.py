"""The OpenAPI 3.1 description of /api/v1/, written by hand in one place. Its schemas use
JSON Schema 2020-12 (as OpenAPI 3.1 does), are strict (no unlisted keys), and the tests
validate real answers against them, so the document cannot drift from the code."""
import copy

from teilhabe.actors.models import Actor
from teilhabe.courses.models import Course, CourseType, TimeOfDay
from teilhabe.strategy.models import Goal, Measure

from . import params, serialize

VERSION = "1.0.0"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def obj(properties, required=None):
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": list(properties) if required is None else required}


STRING = {"type": "string"}
# A NUL character in a query parameter is refused with 400 (lib.middleware.reject_nul):
# every text parameter says so.
TEXT = {"type": "string", "pattern": r"^[^\u0000]*$"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
KEYS = {"type": "array", "items": STRING}


def page_of(name):
    return obj({
        "count": {"type": "integer", "minimum": 0, "description": "Number of results on all pages."},
        "next": nullable({"type": "string", "format": "uri", "description": "The next page, null on the last."}),
        "previous": nullable({"type": "string", "format": "uri"}),
        "results": {"type": "array", "items": ref(name)},
    })


SCHEMAS = {
    "Error": obj({"error": obj({
        "status": INTEGER,
        "code": {"type": "string", "enum": ["invalid", "too_large", "too_long", "unknown_parameter",
                                            "repeated_parameter", "unknown_value", "not_found",
                                            "method_not_allowed"]},
        "message": {"type": "string", "description": "Human-readable, in German."},
        "parameter": {"type": "string", "description": "The query parameter at fault (400 only)."},
    }, required=["status", "code", "message"])}),
    "Vocabulary": obj({"key": STRING, "name": STRING}),
    "Language": obj({"code": STRING, "name": STRING, "native_name": STRING}),
    "ActorRef": obj({"external_id": STRING, "name": STRING}),
    "Concept": obj({
        "version": INTEGER, "title": STRING, "summary": STRING,
        "status": {"type": "string", "enum": ["adopted", "superseded"]},
        "is_current": BOOLEAN, "period_start": nullable(INTEGER), "period_end": nullable(INTEGER),
        "adopted_on": nullable(DATE), "adopted_by": STRING, "modified_at": DATETIME,
    }),
    "Municipality": obj({
        "slug": STRING, "name": STRING, "kind": {"type": "string", "enum": ["town", "kreis"]},
        "ags": STRING, "parent": nullable(STRING), "languages": KEYS, "url": URL, "api_url": URL,
    }),
    "MunicipalityDetail": None,  # Municipality plus the keys below; filled in further down
    "FieldOfAction": obj({
        "key": STRING, "name": STRING,
        "names": {"type": "object", "additionalProperties": STRING,
                  "description": "The name per language code."},
        "description": STRING, "position": INTEGER, "concept_version": INTEGER,
    }),
    "FieldOfActionDetail": None,
    "Goal": obj({
        "key": STRING, "kind": {"type": "string", "enum": list(Goal.Kind.values)}, "title": STRING,
        "description": STRING, "field_of_action": nullable(STRING), "parent": nullable(STRING),
        "position": INTEGER, "concept_version": INTEGER,
        "measures": {**KEYS, "description": "External ids of the goal's public measures."},
        "modified_at": DATETIME,
    }),
    "Measure": obj({
        "external_id": STRING, "title": STRING, "description": STRING,
        "status": {"type": "string", "enum": list(Measure.Status.values)},
        "status_history": {"type": "array", "items": obj({
            "from_status": nullable({"type": "string", "enum": list(Measure.Status.values)}),
            "to_status": {"type": "string", "enum": list(Measure.Status.values)},
            "changed_on": DATE,
        })},
        "fields_of_action": KEYS, "goals": KEYS,
        "responsible_actor": nullable(ref("ActorRef")),
        "partner_actors": {"type": "array", "items": ref("ActorRef")},
        "target_groups": {"type": "array", "items": ref("Vocabulary")},
        "districts": {"type": "array", "items": ref("Vocabulary")},
        "start_date": nullable(DATE), "end_date": nullable(DATE), "concept_version": INTEGER,
        "url": {**URL, "description": "The measure's public page."}, "modified_at": DATETIME,
    }),
    "Actor": obj({
        "external_id": STRING, "name": STRING,
        "kind": {"type": "string", "enum": list(Actor.Kind.values)}, "description": STRING,
        "address": obj({"street": STRING, "postcode": STRING, "city": STRING}),
        "website": STRING, "email": STRING, "phone": STRING,
        "districts": {"type": "array", "items": ref("Vocabulary")},
        "languages": {"type": "array", "items": ref("Language")},
        "contacts": {"type": "array", "description": "Only people who consented to publication.",
                     "items": obj({"role": STRING, "name": STRING, "email": STRING, "phone": STRING})},
        "municipality": STRING, "url": URL, "modified_at": DATETIME,
    }),
    "SearchHit": obj({
        "score": {"type": "number", "description": "Relevance; higher is better. Comparable within one answer only."},
        "matched_language": nullable({"type": "string", "description": "The language version that matched best."}),
        "snippet": {"type": "string", "description": "Plain text around the matching words."},
        "snippet_html": {"type": "string", "description": "The same, HTML-escaped, matching words in <mark>."},
    }),
    "Offer": obj({
        "external_id": STRING,
        "title": STRING,
        "title_language": {"type": "string", "description":
                           "The language of `title` (and of the other texts): `lang` where the offer has a "
                           "translation into it, else `de`."},
        "translation_outdated": {"type": "boolean", "description":
                                 "The translation was made from an older German text."},
        "description": STRING, "schedule": STRING, "cost": STRING, "accessibility": STRING,
        "translations": {**KEYS, "description": "Language codes of the offer's translations."},
        "municipality": {"type": "string", "description":
                         "Short name of the municipality the offer belongs to: in a Kreis's list, the Kreis "
                         "itself or the town of the offer."},
        "provider": obj({"external_id": STRING, "name": STRING,
                         "url": nullable({**URL, "description": "The actor's public page; null when the actor "
                                                                "itself is not published."})}),
        "field_of_action": nullable(ref("Vocabulary")),
        "measure": nullable(obj({"external_id": STRING, "title": STRING})),
        "target_groups": {"type": "array", "items": ref("Vocabulary")},
        "districts": {"type": "array", "items": ref("Vocabulary")},
        "languages": {"type": "array", "items": ref("Language"),
                      "description": "Languages the offer is held in."},
        "place": obj({"name": STRING, "street": STRING, "postcode": STRING, "city": STRING,
                      "latitude": nullable({"type": "number", "minimum": -90, "maximum": 90,
                                            "description": "WGS 84; null when not recorded."}),
                      "longitude": nullable({"type": "number", "minimum": -180, "maximum": 180})}),
        "opening_hours": obj({
            "hours": {"type": "array", "description": "Sorted by day and time; several rows a day possible.",
                      "items": obj({"day": {"type": "string", "enum": ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]},
                                    "opens": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                                    "closes": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}})},
            "by_appointment": {**BOOLEAN, "description": "Only by appointment (then `hours` may be empty)."},
            "closed_on_holidays": {**BOOLEAN, "description": "Closed on the public holidays of the "
                                                             "municipality's Land."},
            "closing_days": {"type": "array", "items": DATE, "description": "Special days closed."},
        }),
        "contact": obj({"name": STRING, "email": STRING, "phone": STRING, "website": STRING}),
        "url": {**URL, "description": "The offer's public page, /<slug>/offers/<external_id>/."},
        "api_url": URL,
        "modified_at": {**DATETIME, "description": "The later of the offer's and its translations' last change."},
        "search": ref("SearchHit"),
    }, required=None),
    "Index": obj({"municipalities": URL, "offers": URL, "openapi": URL}),
}
SCHEMAS["Offer"]["required"].remove("search")
SCHEMAS["Offer"]["properties"]["search"] = {**ref("SearchHit"), "description": "Only with `q`."}

_detail = copy.deepcopy(SCHEMAS["Municipality"])
_detail["properties"].update({
    "office": obj({"name": STRING, "email": STRING, "phone": STRING, "address": STRING}),
    "districts": {"type": "array", "items": ref("Vocabulary")},
    "target_groups": {"type": "array", "items": ref("Vocabulary")},
    "concepts": {"type": "array", "items": ref("Concept"), "description": "Adopted and superseded versions, newest first."},
    "links": {**obj({name: URL for name in serialize.link_names()}),
              "description": "Every endpoint of the municipality, named by its path after the municipality's: "
                             "the lists, `dcat.jsonld` and each dataset's CSV (`datasets/offers.csv` …)."},
})
_detail["required"] = list(_detail["properties"])
SCHEMAS["MunicipalityDetail"] = _detail

_field = copy.deepcopy(SCHEMAS["FieldOfAction"])
_field["properties"].update({
    "goals": {"type": "array", "items": obj({"key": STRING, "title": STRING,
                                             "kind": {"type": "string", "enum": list(Goal.Kind.values)}})},
    "measures": {"type": "array", "items": obj({
        "external_id": STRING, "title": STRING, "status": {"type": "string", "enum": list(Measure.Status.values)}})},
})
_field["required"] = list(_field["properties"])
SCHEMAS["FieldOfActionDetail"] = _field

SCHEMAS["Course"] = obj({
    "external_id": STRING,
    "type": {"type": "string", "enum": list(CourseType.values)},
    "type_name": {"type": "string", "description": "The type's name in `lang` (German without)."},
    "status": {"type": "string", "enum": list(Course.PUBLIC_STATUSES)},
    "kreis": {"type": "string", "description": "Slug of the Kreis whose course it is."},
    "town": obj({"slug": STRING, "name": STRING}),
    "district": nullable(ref("Vocabulary")),
    "place": STRING, "starts_on": DATE, "ends_on": nullable(DATE),
    "time_of_day": {"type": "string", "enum": list(TimeOfDay.values)},
    "hours": nullable({"type": "integer", "description": "Teaching units (Unterrichtseinheiten)."}),
    "capacity": {"type": "integer", "minimum": 1},
    "free_places": {"type": "integer", "minimum": 0,
                    "description": "Capacity less places given outside the waiting list and learners placed."},
    "availability": {"type": "string", "enum": ["free", "few", "full"],
                     "description": "`few`: at most three free places."},
    "childcare": BOOLEAN, "accessibility": STRING,
    "how_to_get_a_place": obj({
        "referring_office": {"type": "string", "description": "The Kreis's text: where to go for a place."},
        "registration": {"type": "string", "description": "How to register with the provider once placed."},
        "provider": obj({"external_id": STRING, "name": STRING,
                         "email": {"type": "string", "description": "Empty unless the provider is published."},
                         "phone": STRING, "website": STRING, "api_url": nullable(URL)}),
    }),
    "url": URL, "api_url": URL, "modified_at": DATETIME,
})

for _name in ("Municipality", "FieldOfAction", "Goal", "Measure", "Actor", "Offer", "Course"):
    SCHEMAS[f"{_name}Page"] = page_of(_name)


def query(name, description, schema=STRING, **extra):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema, **extra}


PARAMETERS = {
    "slug": {"name": "slug", "in": "path", "required": True, "schema": STRING,
             "description": "The municipality's short name, e.g. `herten`."},
    "page": query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE,
                                                   "default": 1}),
    "page_size": query("page_size", "Results per page.",
                       {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE_SIZE,
                        "default": params.PAGE_SIZE}),
    "lang": query("lang", "Language of texts and names: an offer's translation where there is one "
                  "(else German), names of fields of action and target groups.",
                  {"type": "string", "enum": sorted(params.LANGUAGE_CODES)}),
    "modified_since": query("modified_since",
                            "Only objects changed at or after this moment (ISO 8601; a date alone or a time "
                            "without offset is read in Europe/Berlin). Results are then ordered by change, "
                            "oldest first. Deletions and unpublishing are not reported.",
                            {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]},
                            example="2025-03-01T00:00:00Z"),
    "concept": query("concept", "An adopted or superseded concept version (default: the current one). "
                     "A version that is not public, or does not exist, is answered with 404.",
                     {"type": "integer", "minimum": 1, "maximum": params.MAX_CONCEPT}),
    "field_of_action": query("field_of_action", "Key of a field of action.", TEXT),
}
# Which keys exist depends on the data: any string is well-formed; empty is no filter, and
# a key that names nothing is answered with 404 (code unknown_value, naming the parameter).
KEY_FILTER_NOTE = " Empty: no filter. A key that names nothing: 404."
PARAMETERS["field_of_action"]["description"] += KEY_FILTER_NOTE


def _refs(*names):
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


RESPONSES = {
    "BadParameter": {"description": "A query parameter is unknown, repeated or has a bad value; "
                                    "`error.parameter` names it.",
                     "content": {"application/json": {"schema": ref("Error")}}},
    "NotFound": {"description": "No such municipality or object (or it is not public); or a key, id or "
                                "concept version a query parameter names does not exist (`error.code` "
                                "`unknown_value`, `error.parameter` names it).",
                 "content": {"application/json": {"schema": ref("Error")}}},
    "NotModified": {"description": "The answer has not changed since the ETag / date the client sent "
                                   "(If-None-Match / If-Modified-Since)."},
    "MethodNotAllowed": {"description": "The API only reads.",
                         "content": {"application/json": {"schema": ref("Error")}}},
}


def _ok(schema, description="OK"):
    headers = {
        "ETag": {"description": "Hash of the body; send it back as If-None-Match.", "schema": STRING},
        "Last-Modified": {"description": "The newest change among the objects in the answer, where they "
                                         "carry one. ETag is exact; this date is not (see docs/api.md).",
                          "schema": STRING},
        "Access-Control-Allow-Origin": {"schema": {"type": "string", "enum": ["*"]}},
    }
    return {"description": description, "headers": headers,
            "content": {"application/json": {"schema": ref(schema)}}}


def operation(operation_id, summary, schema, parameters, *, found=True, description=None):
    responses = {"200": _ok(schema), "304": {"$ref": "#/components/responses/NotModified"},
                 "400": {"$ref": "#/components/responses/BadParameter"},
                 "405": {"$ref": "#/components/responses/MethodNotAllowed"}}
    if found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    op = {"operationId": operation_id, "summary": summary, "parameters": parameters, "responses": responses}
    if description:
        op["description"] = description
    return {"get": op}


def path_param(name, description):
    return {"name": name, "in": "path", "required": True, "schema": STRING, "description": description}


PAGED = ("page", "page_size", "lang")
OFFER_FILTERS = [
    query("q", f"Search text (at most {params.MAX_QUERY_CHARS} characters). Results are then ranked by "
          "relevance by the search engine, across German and every translation; with modified_since, "
          "only offers changed since then, still by relevance. Empty: no search.",
          {**TEXT, "maxLength": params.MAX_QUERY_CHARS}),
    *_refs("modified_since", "field_of_action"),
    query("target_group", "Key of a target group." + KEY_FILTER_NOTE, TEXT),
    query("district", "Key of a district." + KEY_FILTER_NOTE, TEXT),
    query("language", "Code of a language the offer is held in.",
          {"type": "string", "enum": sorted(params.LANGUAGE_CODES)}),
    query("provider", "External id of the providing actor (a published one)." + KEY_FILTER_NOTE, TEXT),
]


OFFER_LIST_DESCRIPTION = (
    "Without `q`: ordered by title (or by change with `modified_since`). With `q`: ranked by "
    "relevance, best first, each result with `search`. `lang` chooses the language of the texts; "
    "`title_language` says which one each result is in.")

PATHS = {
    "/": {"get": {"operationId": "index", "summary": "Links to the top-level resources",
                  "parameters": [], "responses": {"200": _ok("Index"),
                                                  "304": {"$ref": "#/components/responses/NotModified"},
                                                  "400": {"$ref": "#/components/responses/BadParameter"}}}},
    "/municipalities": operation(
        "listMunicipalities", "Municipalities and Kreise, by name", "MunicipalityPage",
        [*_refs(*PAGED), query("kind", "town or kreis", {"type": "string", "enum": ["town", "kreis"]})],
        found=False),
    "/municipalities/{slug}": operation(
        "getMunicipality", "A municipality with its office, districts, target groups and concept versions",
        "MunicipalityDetail", _refs("slug", "lang")),
    "/municipalities/{slug}/fields-of-action": operation(
        "listFieldsOfAction", "Fields of action of a concept version", "FieldOfActionPage",
        _refs("slug", *PAGED, "concept")),
    "/municipalities/{slug}/fields-of-action/{key}": operation(
        "getFieldOfAction", "A field of action with its goals and public measures", "FieldOfActionDetail",
        [*_refs("slug"), path_param("key", "The field's key."), *_refs("lang", "concept")]),
    "/municipalities/{slug}/goals": operation(
        "listGoals", "Goals of a concept version", "GoalPage",
        [*_refs("slug", *PAGED, "concept", "field_of_action", "modified_since"),
         query("kind", "strategic or operational", {"type": "string", "enum": list(Goal.Kind.values)})]),
    "/municipalities/{slug}/goals/{key}": operation(
        "getGoal", "A goal", "Goal", [*_refs("slug"), path_param("key", "The goal's key."), *_refs("lang", "concept")]),
    "/municipalities/{slug}/measures": operation(
        "listMeasures", "Public measures of a concept version, by title", "MeasurePage",
        [*_refs("slug", *PAGED, "concept", "field_of_action", "modified_since"),
         query("status", "Status of the measure", {"type": "string", "enum": list(Measure.Status.values)})]),
    "/municipalities/{slug}/measures/{external_id}": operation(
        "getMeasure", "A public measure with its status history", "Measure",
        [*_refs("slug"), path_param("external_id", "The measure's external id."), *_refs("lang", "concept")]),
    "/municipalities/{slug}/actors": operation(
        "listActors", "Published actors, by name", "ActorPage",
        [*_refs("slug", *PAGED, "modified_since"),
         query("kind", "Kind of actor", {"type": "string", "enum": list(Actor.Kind.values)}),
         query("district", "Key of a district." + KEY_FILTER_NOTE, TEXT)]),
    "/municipalities/{slug}/actors/{external_id}": operation(
        "getActor", "A published actor", "Actor",
        [*_refs("slug"), path_param("external_id", "The actor's external id."), *_refs("lang")]),
    "/municipalities/{slug}/offers": operation(
        "listOffers", "Published offers of a municipality (of a Kreis: with its towns' offers, ranked "
        "together with `q`); searched with `q`", "OfferPage",
        [*_refs("slug", *PAGED), *OFFER_FILTERS], description=OFFER_LIST_DESCRIPTION),
    "/municipalities/{slug}/offers/{external_id}": operation(
        "getOffer", "A published offer", "Offer",
        [*_refs("slug"), path_param("external_id", "The offer's external id."), *_refs("lang")]),
    "/municipalities/{slug}/courses": operation(
        "listCourses", "Public integration courses of the Kreis (of a town: of its Kreis)", "CoursePage",
        [*_refs("slug", *PAGED, "modified_since"),
         query("type", "Course type", {"type": "string", "enum": list(CourseType.values)}),
         query("town", "Slug of a town of the Kreis." + KEY_FILTER_NOTE, TEXT),
         query("time_of_day", "Time of day", {"type": "string", "enum": list(TimeOfDay.values)}),
         query("childcare", "With (true) or without (false) childcare during the course.", BOOLEAN),
         query("starts_after", "Starting on or after this date.", {**DATE, "pattern": TEXT["pattern"]}),
         query("starts_before", "Starting on or before this date.", {**DATE, "pattern": TEXT["pattern"]}),
         query("within_weeks", "Starting within this many weeks from today.",
               {"type": "integer", "minimum": 1, "maximum": 520}),
         query("free", "With (true) or without (false) free places.", BOOLEAN)],
        description=("Courses that are planned, open for registration or running and have not ended, by start "
                     "date. The same list under the Kreis and under each of its towns; a town outside any "
                     "Kreis: 404.")),
    "/municipalities/{slug}/courses/{external_id}": operation(
        "getCourse", "A public integration course, with how to get a place", "Course",
        [*_refs("slug"), path_param("external_id", "The course's external id."), *_refs("lang")]),
    "/offers": operation(
        "listAllOffers", "Published offers of every municipality; searched with `q`", "OfferPage",
        [*_refs(*PAGED), *OFFER_FILTERS], description=OFFER_LIST_DESCRIPTION),
    "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document", "parameters": [],
                              "responses": {"200": {"description": "OpenAPI 3.1",
                                                    "content": {"application/json": {"schema": {"type": "object"}}}},
                                            "400": {"$ref": "#/components/responses/BadParameter"}}}},
}

SCHEMAS["News"] = obj({
    "id": INTEGER, "title": STRING, "teaser": STRING,
    "text": {"type": "string", "description": "Sanitised HTML (p, br, strong, em, lists, h3/h4, blockquote, a)."},
    "title_language": {"type": "string", "description": "The language the texts are in: `lang` where translated, "
                                                          "else `de`."},
    "translation_outdated": {"type": "boolean", "description": "The German text changed since the translation."},
    "translations": KEYS, "date": DATE, "office": STRING,
    "press_contact": obj({"role": STRING, "name": {"type": "string", "description": "Empty unless the person "
                                                   "consented to be named."}, "email": STRING, "phone": STRING}),
    "pictures": {"type": "array", "items": obj({
        "alt_text": STRING, "caption": STRING, "credit": STRING, "licence": STRING,
        "width": INTEGER, "height": INTEGER,
        "variants": {"type": "array", "items": obj({"width": INTEGER, "height": INTEGER, "url": URL})}})},
    "attachments": {"type": "array", "items": obj({"name": STRING, "size": INTEGER, "url": URL})},
    "events": {"type": "array", "items": INTEGER, "description": "Ids of linked public events."},
    "measures": {"type": "array", "items": STRING, "description": "External ids of linked public measures."},
    "fields_of_action": KEYS,
    "municipality": STRING, "url": URL,
    "published_at": nullable({**DATETIME, "description": "The scheduled moment it appeared; null: at once."}),
    "modified_at": DATETIME,
})
SCHEMAS["NewsPage"] = page_of("News")
PATHS["/municipalities/{slug}/news"] = operation(
    "listNews", "Published news of a municipality, newest first", "NewsPage",
    _refs("slug", *PAGED, "modified_since"),
    description=("Drafts and items scheduled for later are never listed. With `modified_since`: items changed "
                 "or (scheduled) published since then, by change."))


def document(server_url):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "teilhabe API",
            "version": VERSION,
            "description": (
                "Read-only JSON over the public data of every municipality on this installation: "
                "concept versions, fields of action, goals, public measures, published actors and "
                "offers, the integration courses of a Kreis, public events, published ideas, public indicators "
                "and goal attainment, topics and news, and each municipality's open data (DCAT-AP.de, CSV). Unknown or repeated query parameters are refused with 400. Every answer "
                "carries an ETag (and Last-Modified where the objects have a change date) and "
                "answers conditional requests with 304. CORS: any origin may read. "
                "See docs/api.md."),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES},
    }

# --- Events, ideas, indicators, goal attainment, topics (issue 15) -------------------------

from teilhabe.participation.models import Event, Idea  # noqa: E402  (beside their schemas)
from teilhabe.monitoring.models import Indicator  # noqa: E402

LIGHT = {"type": "string", "enum": ["green", "yellow", "red", "none"]}
NUMBER_OR_NULL = {"type": ["number", "null"]}
TEXTS_NOTE = ("The texts are in `lang` where a translation exists, else German; `title_language` says which, "
              "`translation_outdated` whether the German changed since.")


def _date_param(name, description):
    return query(name, description, {**DATE, "pattern": TEXT["pattern"]})


SCHEMAS["Event"] = obj({
    "id": INTEGER, "kind": {"type": "string", "enum": list(Event.Kind.values)},
    "title": STRING, "description": STRING, "title_language": STRING, "translation_outdated": BOOLEAN,
    "translations": KEYS, "starts_at": DATETIME, "ends_at": nullable(DATETIME),
    "place": obj({"name": STRING, "street": STRING, "postcode": STRING, "city": STRING,
                  "latitude": NUMBER_OR_NULL, "longitude": NUMBER_OR_NULL}),
    "district": nullable(ref("Vocabulary")),
    "organiser": STRING, "organiser_actor": nullable(ref("ActorRef")),
    "fields_of_action": KEYS,
    "workshops": {"type": "array", "items": obj({"title": STRING, "capacity": nullable(INTEGER),
                                                 "field_of_action": nullable(STRING)})},
    "capacity": nullable({"type": "integer", "description": "null: not limited."}),
    "free_places": nullable({"type": "integer", "minimum": 0,
                             "description": "Capacity less the places registered; null when not limited."}),
    "registration_open": {"type": "boolean", "description": "One can register now (open and not past)."},
    "municipality": STRING, "url": URL, "modified_at": DATETIME,
})
SCHEMAS["Idea"] = obj({
    "id": INTEGER, "title": {"type": "string", "description": "As written by the resident, language unknown."},
    "description": STRING, "status": {"type": "string", "enum": list(Idea.PUBLIC)},
    "channel": {"type": "string", "enum": list(Idea.Channel.values)}, "received_on": DATE,
    "field_of_action": nullable(ref("Vocabulary")), "district": nullable(ref("Vocabulary")),
    "target_group": nullable(ref("Vocabulary")),
    "event": nullable({"type": "integer", "description": "Id of the public event it came from."}),
    "measure": nullable({"type": "string", "description": "External id of the public measure it led to."}),
    "decision_reason": STRING, "support_count": {"type": "integer", "minimum": 0},
    "status_history": {"type": "array", "items": obj({
        "from_status": nullable({"type": "string", "enum": list(Idea.Status.values)}),
        "to_status": {"type": "string", "enum": list(Idea.Status.values)}, "changed_on": DATE})},
    "municipality": STRING, "url": URL, "modified_at": DATETIME,
})
_ATTAINMENT = {
    "percent": nullable({"type": "number", "minimum": 0, "maximum": 100,
                         "description": "Goal attainment in per cent; null when it cannot be judged."}),
    "light": LIGHT,
    "basis": {"type": "string", "enum": ["indicators", "indicator", "measures", "none"]},
    "method": {"type": "string", "description": "How the figure came about, in German."},
}
SCHEMAS["Attainment"] = obj(_ATTAINMENT)
SCHEMAS["Indicator"] = obj({
    "key": STRING, "name": STRING, "definition": STRING, "unit": STRING, "numerator": STRING,
    "denominator": STRING, "source": STRING, "direction": {"type": "string", "enum": list(Indicator.Direction.values)},
    "breakdowns": KEYS,
    "baseline": obj({"value": NUMBER_OR_NULL, "period": nullable(STRING)}),
    "target": obj({"value": NUMBER_OR_NULL, "period": nullable(STRING)}),
    "latest": obj({"value": NUMBER_OR_NULL, "period": nullable(STRING)}),
    "attainment": ref("Attainment"), "goals": KEYS, "municipality": STRING, "api_url": URL,
    "modified_at": {**DATETIME, "description": "The indicator's or its values' last change."},
})
_indicator_detail = copy.deepcopy(SCHEMAS["Indicator"])
_indicator_detail["properties"]["values"] = {"type": "array", "items": obj({
    "period": {"type": "string", "description": "YYYY or YYYY-MM."},
    "district": nullable({"type": "string", "description": "Key of the district; null: the whole municipality."}),
    "category": {"type": "string", "description": "Category of a breakdown, empty for none."},
    "value": {"type": "number"}})}
_indicator_detail["required"] = list(_indicator_detail["properties"])
SCHEMAS["IndicatorDetail"] = _indicator_detail
SCHEMAS["GoalAttainment"] = obj({
    "goal": STRING, "title": STRING, "kind": {"type": "string", "enum": list(Goal.Kind.values)},
    "field_of_action": nullable(STRING), "concept_version": INTEGER, **_ATTAINMENT,
    "indicators": {**KEYS, "description": "Keys of the public indicators it is judged by."},
})
_TEXT_ITEM = obj({"title": STRING, "body": {"type": "string", "description": "Sanitised HTML."},
                  "title_language": STRING, "translation_outdated": BOOLEAN})
SCHEMAS["Topic"] = obj({
    "key": STRING, "title": STRING, "summary": STRING, "title_language": STRING, "translation_outdated": BOOLEAN,
    "translations": KEYS, "icon": STRING, "position": INTEGER, "fields_of_action": KEYS,
    "offers": {**KEYS, "description": "External ids of the published offers assigned to the topic."},
    "texts": {"type": "array", "items": _TEXT_ITEM}, "municipality": STRING, "url": URL, "modified_at": DATETIME,
})
for _name in ("Event", "Idea", "Indicator", "GoalAttainment", "Topic"):
    SCHEMAS[f"{_name}Page"] = page_of(_name)

PATHS["/municipalities/{slug}/events"] = operation(
    "listEvents", "Public events, by start (free places, never registrations)", "EventPage",
    [*_refs("slug", *PAGED, "field_of_action", "modified_since"),
     query("kind", "Kind of event", {"type": "string", "enum": list(Event.Kind.values)}),
     query("district", "Key of a district." + KEY_FILTER_NOTE, TEXT),
     _date_param("starts_after", "Starting on or after this date."),
     _date_param("starts_before", "Starting on or before this date.")],
    description=TEXTS_NOTE)
PATHS["/municipalities/{slug}/ideas"] = operation(
    "listIdeas", "Published ideas, newest first (nothing about the people who sent or supported them)",
    "IdeaPage",
    [*_refs("slug", *PAGED, "field_of_action", "modified_since"),
     query("status", "Status of the idea", {"type": "string", "enum": list(Idea.PUBLIC)}),
     query("district", "Key of a district." + KEY_FILTER_NOTE, TEXT),
     query("target_group", "Key of a target group." + KEY_FILTER_NOTE, TEXT),
     _date_param("received_after", "Received on or after this date."),
     _date_param("received_before", "Received on or before this date.")])
PATHS["/municipalities/{slug}/indicators"] = operation(
    "listIndicators", "Public indicators with their latest value and attainment", "IndicatorPage",
    [*_refs("slug", *PAGED, "field_of_action", "modified_since"),
     query("goal", "Key of a goal of a public concept version." + KEY_FILTER_NOTE, TEXT)],
    description="Only indicators the municipality made public. With `modified_since`: the indicator or its "
                "values changed since then.")
PATHS["/municipalities/{slug}/indicators/{key}"] = operation(
    "getIndicator", "A public indicator with all its values", "IndicatorDetail",
    [*_refs("slug"), path_param("key", "The indicator's key."), *_refs("lang")])
PATHS["/municipalities/{slug}/goal-attainment"] = operation(
    "listGoalAttainment", "Attainment of the goals of a concept version, as traffic lights", "GoalAttainmentPage",
    [*_refs("slug", *PAGED, "concept", "field_of_action"),
     query("light", "Only goals with this light", LIGHT)],
    description="Judged from public indicators and public measures only. Computed on each request, so there "
                "is no `modified_since`; use the ETag.")
PATHS["/municipalities/{slug}/topics"] = operation(
    "listTopics", "Published topics with their published information texts", "TopicPage",
    [*_refs("slug", *PAGED, "field_of_action", "modified_since"),
     query("language", "Only topics translated into this language (de: all).",
           {"type": "string", "enum": sorted(params.LANGUAGE_CODES)})],
    description=TEXTS_NOTE + " With `modified_since`: the topic, a text or a translation changed since then.")
PATHS["/municipalities/{slug}/news"]["get"]["parameters"] += [
    _date_param("date_after", "Dated on or after this date."),
    _date_param("date_before", "Dated on or before this date."),
    {"$ref": "#/components/parameters/field_of_action"},
    query("language", "Only items translated into this language (de: all).",
          {"type": "string", "enum": sorted(params.LANGUAGE_CODES)})]

# --- Open data (DCAT-AP.de catalogue, CSV datasets) ------------------------------------------


def _file(operation_id, summary, media_type, parameters, description):
    op = operation(operation_id, summary, "Index", parameters, description=description)
    op["get"]["responses"]["200"]["content"] = {media_type: {"schema": {"type": "string"}}
                                                if media_type == "text/csv" else {"schema": {"type": "object"}}}
    return op


PATHS["/municipalities/{slug}/dcat.jsonld"] = _file(
    "getOpenDataCatalogue", "The municipality's open data catalogue (DCAT-AP.de, JSON-LD)", "application/ld+json",
    _refs("slug"), "A dcat:Catalog with a dcat:Dataset per dataset (offers, measures, indicators, events), each "
    "with its CSV as dcat:Distribution; licence, publisher and dates as DCAT-AP.de 2.x asks.")
PATHS["/municipalities/{slug}/datasets/{name}.csv"] = _file(
    "getOpenDataset", "One dataset as CSV", "text/csv",
    [*_refs("slug"), {"name": "name", "in": "path", "required": True, "description": "The dataset.",
                      "schema": {"type": "string", "enum": ["offers", "measures", "indicators", "events"]}}],
    "UTF-8 with byte order mark, comma-separated, CRLF, a header row, one row per object, fixed columns.")
