"""Offers without `q`: contents, language, filters, pagination, changes, and what is never shown."""
import pytest

from teilhabe.offers.models import Offer
from tests import builders as b

from .conftest import at, ids, set_modified

pytestmark = pytest.mark.django_db


def test_it_lists_published_offers_by_title_with_everything_a_person_needs(world, api):
    response = api("municipalities/herten/offers")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    # Angebot…, Bewerbungs…, Deutsch…, Kurs…, Sprach…
    assert ids(response) == ["A-4", "A-3", "A-1", "A-traeger", "A-2"]
    assert body["count"] == 5 and body["next"] is None and body["previous"] is None
    course = body["results"][2]
    assert course["title"] == "Deutschkurs für Frauen" and course["title_language"] == "de"
    assert course["provider"] == {"external_id": "vhs", "name": "Volkshochschule",
                                  "url": "http://testserver/herten/actors/vhs/"}
    assert course["field_of_action"] == {"key": "sprache", "name": "Sprache"}
    assert course["measure"] == {"external_id": "M-1", "title": "Sprachcafé aufbauen"}
    assert course["target_groups"] == [{"key": "frauen", "name": "Frauen"}]
    assert course["districts"] == [{"key": "nord", "name": "Herten-Nord"}]
    assert [x["code"] for x in course["languages"]] == ["ar", "de"]
    assert course["place"]["name"] == "VHS-Haus" and course["schedule"] == "Mo und Mi 9–11 Uhr"
    assert course["cost"] == "kostenlos" and course["contact"]["email"] == "kurs@vhs.example"
    assert course["translations"] == ["ar", "en"]
    assert course["url"] == "http://testserver/herten/offers/A-1/"
    assert course["modified_at"] == "2025-03-01T12:00:00Z"


def test_it_shows_one_offer_by_external_id(world, api):
    response = api("municipalities/herten/offers/A-1")
    assert response.status_code == 200
    assert response.json()["title"] == "Deutschkurs für Frauen"
    assert api("municipalities/herne/offers/A-1").json()["title"] == "Deutschkurs in Herne"


def test_it_gives_the_title_in_the_language_asked_for_where_a_translation_exists(world, api):
    course = api("municipalities/herten/offers/A-1", lang="en").json()
    assert course["title"] == "German course for women" and course["title_language"] == "en"
    assert course["description"] == "A course in German."
    # The translation leaves the schedule empty: the German one stands in.
    assert course["schedule"] == "Mo und Mi 9–11 Uhr"
    assert course["field_of_action"]["name"] == "Language"
    assert course["target_groups"] == [{"key": "frauen", "name": "Women"}]


def test_it_falls_back_to_german_where_no_translation_exists(world, api):
    cafe = api("municipalities/herten/offers/A-2", lang="ar").json()
    assert cafe["title"] == "Sprachcafé" and cafe["title_language"] == "de"
    listed = {o["external_id"]: o for o in api("municipalities/herten/offers", lang="tr").json()["results"]}
    assert listed["A-1"]["title_language"] == "de"  # the course has en and ar, not tr
    assert {o["external_id"]: o["title_language"] for o in api("municipalities/herten/offers", lang="ar")
            .json()["results"]}["A-1"] == "ar"


def test_it_says_when_a_translation_is_outdated(world, api):
    world.course.title = "Deutschkurs für Frauen und Mädchen"
    world.course.save()  # a changed German text makes the translations outdated
    course = api("municipalities/herten/offers/A-1", lang="en").json()
    assert course["title"] == "German course for women" and course["translation_outdated"] is True
    assert api("municipalities/herten/offers/A-2", lang="en").json()["translation_outdated"] is False


def test_it_never_shows_an_unpublished_offer(world, api):
    response = api("municipalities/herten/offers/A-geheim")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    for path in ("municipalities/herten/offers", "offers"):
        body = api(path, page_size=100).content.decode()
        assert "A-geheim" not in body and "Unveröffentlicht" not in body


def test_it_shows_a_published_offer_of_an_unpublished_provider_without_linking_the_provider(world, api):
    # As on the portal: the offer is published; its provider has no public page.
    offer = api("municipalities/herten/offers/A-traeger").json()
    assert offer["provider"] == {"external_id": "versteckt", "name": "Verborgener Träger", "url": None}
    assert api("municipalities/herten/actors/versteckt").status_code == 404


def test_it_never_names_a_field_or_measure_of_a_draft_concept(world, api):
    offer = api("municipalities/herten/offers/A-4").json()
    assert offer["field_of_action"] is None and offer["measure"] is None
    body = api("municipalities/herten/offers").content.decode()
    assert "geheim-feld" not in body and "Geheimes Feld" not in body and "M-entwurf" not in body
    response = api("municipalities/herten/offers", field_of_action="geheim-feld")
    assert response.status_code == 404 and response.json()["error"]["parameter"] == "field_of_action"


def test_it_never_names_an_internal_measure(world, api):
    world.jobs.measure = world.internal_measure
    world.jobs.save()
    assert api("municipalities/herten/offers/A-3").json()["measure"] is None


def test_it_lists_offers_of_every_municipality(world, api):
    response = api("offers", page_size=100)
    assert sorted((o["municipality"], o["external_id"]) for o in response.json()["results"]) == [
        ("herne", "A-1"), ("herten", "A-1"), ("herten", "A-2"), ("herten", "A-3"), ("herten", "A-4"),
        ("herten", "A-traeger")]


def test_it_does_not_find_another_municipalitys_offer(world, api):
    assert api("municipalities/herne/offers/A-2").status_code == 404
    assert "Deutschkurs in Herne" not in api("municipalities/herten/offers").content.decode()


@pytest.mark.parametrize("name, value, expected", [
    ("field_of_action", "sprache", ["A-1", "A-2"]),
    ("field_of_action", "arbeit", ["A-3"]),
    ("target_group", "frauen", ["A-1"]),
    ("target_group", "familien", ["A-3"]),
    ("district", "nord", ["A-1"]),
    ("district", "sued", ["A-2"]),
    ("language", "tr", ["A-2"]),
    ("language", "ar", ["A-1"]),
    ("language", "uk", []),  # known language, no offer in it: empty, not an error
    ("provider", "vhs", ["A-4", "A-1"]),
    ("provider", "verein", ["A-3", "A-2"]),
])
def test_it_filters_offers(world, api, name, value, expected):
    response = api("municipalities/herten/offers", **{name: value})
    assert response.status_code == 200
    assert ids(response) == expected
    assert response.json()["count"] == len(expected)


def test_it_combines_filters(world, api):
    assert ids(api("municipalities/herten/offers", field_of_action="sprache", district="sued")) == ["A-2"]
    assert ids(api("municipalities/herten/offers", field_of_action="arbeit", district="sued")) == []


@pytest.mark.parametrize("name, value", [
    ("field_of_action", "gibt-es-nicht"),
    ("target_group", "senioren"), ("district", "mitte"), ("language", "xx"), ("provider", "versteckt"),
    ("provider", "gibt-es-nicht"),
])
def test_it_refuses_unknown_filter_values_naming_the_parameter(world, api, name, value):
    response = api("municipalities/herten/offers", **{name: value})
    assert response.status_code == (400 if name == "language" else 404)
    assert response.json()["error"]["parameter"] == name
    assert response.json()["error"]["code"] == "unknown_value"


def test_it_knows_field_keys_of_a_superseded_concept(world, api):
    # Superseded versions are public; an offer may still point at one of their fields.
    world.jobs.field_of_action = world.old_field
    world.jobs.save()
    assert ids(api("municipalities/herten/offers", field_of_action="alt-feld")) == ["A-3"]


def test_it_checks_filter_values_within_the_municipality(world, api):
    b.district(world.other, "wanne", "Wanne")
    response = api("municipalities/herten/offers", district="wanne")
    assert response.status_code == 404 and response.json()["error"]["parameter"] == "district"
    assert api("offers", district="wanne").status_code == 200  # across all it exists


def test_it_paginates_with_links_to_neighbouring_pages(world, api):
    first = api("municipalities/herten/offers", page_size=3, lang="en").json()
    assert first["count"] == 5 and len(first["results"]) == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/municipalities/herten/offers?page_size=3&lang=en&page=2"
    second = api("municipalities/herten/offers", page_size=3, lang="en", page=2).json()
    assert [o["external_id"] for o in second["results"]] == ["A-traeger", "A-2"]
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/municipalities/herten/offers?page_size=3&lang=en"
    beyond = api("municipalities/herten/offers", page_size=3, page=9).json()
    assert beyond["results"] == [] and beyond["count"] == 5 and beyond["next"] is None
    assert beyond["previous"].endswith("page_size=3&page=2")


def test_it_lists_offers_changed_since_a_moment_oldest_change_first(world, api):
    response = api("municipalities/herten/offers", modified_since="2025-03-02T12:00:00Z")
    assert ids(response) == ["A-2", "A-3", "A-traeger", "A-4"]  # changed on days 1, 2, 4 and 5
    assert ids(api("municipalities/herten/offers", modified_since="2025-03-03T13:00:00+01:00")) == [
        "A-3", "A-traeger", "A-4"]
    assert ids(api("municipalities/herten/offers", modified_since="2025-03-07")) == []
    assert ids(api("offers", modified_since="2025-03-07T12:00:00Z")) == ["A-1"]  # Herne's, day 6


def test_it_counts_a_changed_translation_as_a_change_of_the_offer(world, api):
    translation = world.course.translations.get(language__code="en")
    translation.title = "German course for women (new)"
    translation.save()
    set_modified(translation, at(10))
    assert ids(api("municipalities/herten/offers", modified_since="2025-03-10")) == ["A-1"]
    assert api("municipalities/herten/offers/A-1").json()["modified_at"] == "2025-03-11T12:00:00Z"


def test_it_does_not_list_an_offer_unpublished_after_the_moment(world, api):
    Offer.objects.filter(pk=world.cafe.pk).update(is_published=False, modified_at=at(20))
    assert ids(api("municipalities/herten/offers", modified_since="2025-03-15")) == []


def test_it_answers_404_as_json_for_unknown_municipalities_and_offers(world, api):
    for path in ("municipalities/nirgendwo/offers", "municipalities/herten/offers/A-999",
                 "municipalities/nirgendwo/offers/A-1"):
        response = api(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["status"] == 404


def test_it_sorts_offers_of_equal_title_stably(world, api):
    provider = world.provider
    for n in range(5):
        b.offer(world.m, provider, f"B-{n}", title="Gleicher Titel")
    first = ids(api("municipalities/herten/offers", page_size=3, provider="vhs"))
    second = ids(api("municipalities/herten/offers", page_size=3, provider="vhs", page=2))
    assert len(set(first + second)) == 6
