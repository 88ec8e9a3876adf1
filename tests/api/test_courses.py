"""GET /api/v1/municipalities/<slug>/courses and …/courses/<external_id>: the course
finder's list (courses/finder.py) with the same filters, paging, the same under the Kreis
and its towns, only public courses, and how to get a place."""
import pytest

from tests.courses.public_world import PUBLIC, build

from .conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build()


def test_it_lists_the_kreis_public_courses_under_the_kreis_and_each_town(api, w):
    assert ids(api("municipalities/kreis-mettmann/courses")) == PUBLIC
    assert ids(api("municipalities/haan/courses")) == PUBLIC


@pytest.mark.parametrize("query, expected", [
    ({"type": "frauen"}, ["K-HAA-1"]),
    ({"town": "hilden"}, ["K-HIL-2", "K-HIL-1"]),
    ({"town": ""}, PUBLIC),
    ({"time_of_day": "afternoon"}, ["K-ERK-1"]),
    ({"childcare": "true"}, ["K-HIL-1"]),
    ({"childcare": "false"}, ["K-HIL-2", "K-HAA-1", "K-ERK-1"]),
    ({"free": "true"}, ["K-HIL-2", "K-HIL-1", "K-ERK-1"]),
    ({"free": "false"}, ["K-HAA-1"]),
    ({"within_weeks": "4"}, ["K-HIL-2", "K-HIL-1"]),
    ({"within_weeks": "12", "starts_after": "DAY:0"}, ["K-HIL-1", "K-HAA-1"]),
    ({"starts_before": "DAY:40"}, ["K-HIL-2", "K-HIL-1", "K-HAA-1"]),
])
def test_it_filters_as_the_finder_does(api, w, query, expected):
    query = {k: (str(w.today.fromordinal(w.today.toordinal() + int(v[4:]))) if v.startswith("DAY:") else v)
             for k, v in query.items()}
    assert ids(api("municipalities/kreis-mettmann/courses", **query)) == expected


@pytest.mark.parametrize("query, parameter, status", [
    ({"type": "nix"}, "type", 400), ({"time_of_day": "nachts"}, "time_of_day", 400),
    ({"childcare": "ja"}, "childcare", 400), ({"free": "1"}, "free", 400),
    ({"starts_after": "morgen"}, "starts_after", 400), ({"starts_before": "2025-02-30"}, "starts_before", 400),
    ({"within_weeks": "0"}, "within_weeks", 400), ({"within_weeks": "521"}, "within_weeks", 400),
    ({"town": "ratingen"}, "town", 404), ({"colour": "blau"}, "colour", 400),
])
def test_a_bad_filter_is_named(api, w, query, parameter, status):
    response = api("municipalities/kreis-mettmann/courses", **query)
    assert response.status_code == status
    assert response.json()["error"]["parameter"] == parameter


def test_it_pages_as_the_other_lists(api, w):
    response = api("municipalities/kreis-mettmann/courses", page_size=3, page=2).json()
    assert response["count"] == 4 and [c["external_id"] for c in response["results"]] == ["K-ERK-1"]
    assert response["next"] is None and response["previous"].endswith("/courses?page_size=3")


def test_a_course_says_its_places_and_how_to_get_one(api, w):
    course = api("municipalities/hilden/courses/K-HIL-1", lang="en").json()
    assert course["type"] == "allgemein" and course["type_name"] == "General integration course"
    assert (course["capacity"], course["free_places"], course["availability"]) == (20, 13, "free")
    assert course["town"] == {"slug": "hilden", "name": "Hilden"}
    assert course["district"] == {"key": "mitte", "name": "Hilden-Mitte"}
    place = course["how_to_get_a_place"]
    assert place["referring_office"].startswith("Ausländerbehörde des Kreises")
    assert place["registration"] == "Bitte mit Berechtigungsschein kommen."
    assert place["provider"]["email"] == "kurse@lernhaus.example"
    assert course["url"] == "http://testserver/kreis-mettmann/kurse/K-HIL-1/"
    full = api("municipalities/kreis-mettmann/courses/K-HAA-1").json()
    assert (full["free_places"], full["availability"]) == (0, "full")
    assert full["how_to_get_a_place"]["provider"] == {  # unpublished: its name only
        "external_id": "versteckt", "name": "Verborgener Träger", "email": "", "phone": "", "website": "",
        "api_url": None}


@pytest.mark.parametrize("path", [
    "municipalities/kreis-mettmann/courses/K-ABGESAGT", "municipalities/kreis-mettmann/courses/K-VORBEI",
    "municipalities/kreis-mettmann/courses/K-ANDERS", "municipalities/herne/courses",
    "municipalities/herne/courses/K-HIL-1", "municipalities/nirgends/courses",
])
def test_it_answers_404_for_what_is_not_public_or_outside_a_kreis(api, w, path):
    assert api("municipalities/hilden/courses/K-HIL-1").status_code == 200  # public, beside them
    assert api(path).status_code == 404


def test_it_answers_a_page_in_a_fixed_number_of_queries(api, w, django_assert_num_queries):
    # municipality, settings, the page, the count
    with django_assert_num_queries(4):
        response = api("municipalities/hilden/courses")
    assert response.status_code == 200 and response["ETag"]
    assert api("municipalities/hilden/courses", headers={"If-None-Match": response["ETag"]}).status_code == 304


# --- The document and stored answers -------------------------------------------------------

@pytest.fixture
def fixed(db):
    """Courses far in the future with fixed change dates: answers that stay the same."""
    import datetime

    from tests import builders as b
    from tests.courses import builders as cb

    from .conftest import BASE, set_modified

    kreis = b.municipality("kreis-fest", kind="kreis")
    town = b.municipality("feststadt", parent=kreis)
    provider = cb.provider(town, "lernhaus", name="Lernhaus Feststadt")
    provider.email = "kurse@lernhaus.example"
    provider.save()
    first = cb.course(kreis, town, provider, "K-1", starts_on=datetime.date(2099, 2, 1),
                      ends_on=datetime.date(2099, 9, 30), childcare=True, capacity=16, booked=14, hours=700,
                      place="Marktplatz 3")
    second = cb.course(kreis, town, provider, "K-2", type="alpha", starts_on=datetime.date(2099, 3, 1),
                       time_of_day="evening", capacity=20, status="planned")
    for course in (first, second):
        set_modified(course, BASE)


@pytest.mark.parametrize("name, path, query, queries", [
    ("courses-kreis-fest", "municipalities/feststadt/courses", {"page_size": 1}, 4),
    ("course-K-1-ar", "municipalities/kreis-fest/courses/K-1", {"lang": "ar"}, 3),
])
def test_it_answers_exactly_as_stored(fixed, api, django_assert_num_queries, name, path, query, queries):
    import json
    import os

    from .test_expected import EXPECTED

    with django_assert_num_queries(queries):
        response = api(path, **query)
    assert response.status_code == 200
    file = EXPECTED / f"{name}.json"
    if os.environ.get("TEILHABE_UPDATE_EXPECTED") == "1":
        file.write_text(json.dumps(response.json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert response.json() == json.loads(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, query, schema", [
    ("municipalities/feststadt/courses", {"free": "true", "lang": "tr"}, "CoursePage"),
    ("municipalities/kreis-fest/courses/K-2", {}, "Course"),
    ("municipalities/kreis-fest/courses", {"childcare": "vielleicht"}, "Error"),
])
def test_it_answers_as_the_document_describes(fixed, api, path, query, schema):
    from .test_openapi import _validator

    spec = api("openapi.json").json()
    response = api(path, **query)
    assert response.status_code == (400 if schema == "Error" else 200)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(spec, schema).iter_errors(response.json())]
    assert errors == []
