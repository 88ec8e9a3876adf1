"""Events, ideas, indicators with goal attainment, topics and news' filters in the API:
what is public is there, nothing else; conditional GET and modified_since on every list."""
import pytest
from django.utils import timezone

from tests.api.conftest import at, ids
from tests.api.public_kinds import ATTENDEE_EMAIL, ATTENDEE_NAME, SECRET_EMAIL, SECRET_NAME, add_public_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world):
    return add_public_kinds(world)


def test_it_lists_public_events_with_free_places_and_never_registrations(w, api):
    response = api("municipalities/herten/events")
    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["title"] for e in events] == ["Integrationskonferenz", "Arbeitskreis Arbeit"]
    conference = events[0]
    assert conference["capacity"] == 3 and conference["free_places"] == 1
    assert conference["fields_of_action"] == ["sprache"]     # the draft's field is not public
    assert conference["organiser_actor"] == {"external_id": "vhs", "name": "Volkshochschule"}
    assert conference["workshops"] == [{"title": "Tisch Sprache", "capacity": 2, "field_of_action": "sprache"}]
    body = response.content.decode()
    assert ATTENDEE_NAME not in body and ATTENDEE_EMAIL not in body and "Interne Runde" not in body


def test_it_gives_an_events_title_in_the_language_asked_for(w, api):
    event = api("municipalities/herten/events", lang="en").json()["results"][0]
    assert (event["title"], event["title_language"], event["translations"]) == (
        "Integration conference", "en", ["en"])
    assert event["description"] == "Alle sind da."


def test_it_filters_events(w, api):
    assert ids(api("municipalities/herten/events", kind="working_group"), "id") == [w.meeting.pk]
    assert ids(api("municipalities/herten/events", field_of_action="arbeit"), "id") == [w.meeting.pk]
    assert ids(api("municipalities/herten/events", district="nord"), "id") == [w.conference.pk]
    day = timezone.localdate(w.meeting.starts_at).isoformat()  # the API filters by the local date
    assert ids(api("municipalities/herten/events", starts_after=day), "id") == [w.meeting.pk]
    assert ids(api("municipalities/herten/events", starts_before=day), "id") == [w.conference.pk, w.meeting.pk]
    assert api("municipalities/herten/events", field_of_action="geheim-feld").status_code == 404
    assert api("municipalities/herten/events", starts_after="morgen").json()["error"]["parameter"] == "starts_after"


def test_it_lists_published_ideas_without_anything_about_their_people(w, api):
    response = api("municipalities/herten/ideas")
    ideas = response.json()["results"]
    assert [i["title"] for i in ideas] == ["Mehr Sprachcafés", "Jobbörse"]
    idea = ideas[0]
    assert idea["support_count"] == 1 and idea["event"] == w.conference.pk and idea["measure"] == "M-1"
    assert idea["field_of_action"] == {"key": "sprache", "name": "Sprache"}
    assert idea["status_history"] == [{"from_status": "submitted", "to_status": "published",
                                       "changed_on": idea["status_history"][0]["changed_on"]}]
    body = response.content.decode()
    for secret in (SECRET_NAME, SECRET_EMAIL, "0170 1234567", "Geheimweg", "Noch Geheim", w.idea.token,
                   "Gute Idee", "unbestaetigt@example.org"):
        assert secret not in body


def test_it_filters_ideas(w, api):
    assert ids(api("municipalities/herten/ideas", status="accepted"), "id") == [w.work_idea.pk]
    assert ids(api("municipalities/herten/ideas", field_of_action="sprache"), "id") == [w.idea.pk]
    assert ids(api("municipalities/herten/ideas", target_group="frauen"), "id") == [w.idea.pk]
    assert ids(api("municipalities/herten/ideas", received_after="2025-01-15"), "id") == [w.idea.pk]
    assert ids(api("municipalities/herten/ideas", received_before="2025-01-15"), "id") == [w.work_idea.pk]
    assert api("municipalities/herten/ideas", status="submitted").json()["error"]["code"] == "unknown_value"


def test_it_shows_public_indicators_only_with_their_values_and_attainment(w, api):
    response = api("municipalities/herten/indicators")
    indicators = response.json()["results"]
    assert [i["key"] for i in indicators] == ["kursquote"]
    assert indicators[0]["latest"] == {"value": 20.0, "period": "2023"}
    assert indicators[0]["attainment"]["percent"] == 50.0 and indicators[0]["attainment"]["light"] == "yellow"
    assert indicators[0]["goals"] == ["deutsch-lernen"]
    detail = api("municipalities/herten/indicators/kursquote").json()
    assert detail["values"] == [{"period": "2023", "district": None, "category": "", "value": 20.0},
                                {"period": "2023", "district": "nord", "category": "", "value": 25.5}]
    assert api("municipalities/herten/indicators/geheimquote").status_code == 404
    assert "geheimquote" not in response.content.decode() and "987.654" not in response.content.decode()


def test_goal_attainment_is_judged_by_public_indicators_only(w, api):
    response = api("municipalities/herten/goal-attainment")
    goals = {g["goal"]: g for g in response.json()["results"]}
    # The internal indicator (987.654 of 50 → 60: 100 %) would lift the goal to green.
    assert goals["deutsch-lernen"]["percent"] == 50.0 and goals["deutsch-lernen"]["indicators"] == ["kursquote"]
    assert "geheimquote" not in response.content.decode()
    assert [g["goal"] for g in api("municipalities/herten/goal-attainment", light="yellow").json()["results"]] == [
        "deutsch-lernen"]


def test_it_lists_published_topics_with_published_texts(w, api):
    response = api("municipalities/herten/topics")
    topics = response.json()["results"]
    assert [t["key"] for t in topics if t["key"] in ("sprache", "versteckt")] == ["sprache"]
    topic = next(t for t in topics if t["key"] == "sprache")
    assert topic["offers"] == ["A-2"] and [x["title"] for x in topic["texts"]] == ["Erste Schritte"]
    assert "Entwurfstext" not in response.content.decode()
    assert [t["key"] for t in api("municipalities/herten/topics", field_of_action="sprache").json()["results"]] == [
        "sprache"]


def test_it_gives_a_topics_and_its_texts_titles_in_the_language_asked_for(w, api):
    from teilhabe.translations.texts import save_translation

    save_translation(w.topic, "title", "en", "Learning German")
    save_translation(w.topic.texts.get(title="Erste Schritte"), "title", "en", "First steps")
    topic = next(t for t in api("municipalities/herten/topics", lang="en").json()["results"] if t["key"] == "sprache")
    assert (topic["title"], topic["title_language"], topic["summary"], topic["texts"][0]["title"]) == (
        "Learning German", "en", "Kurse", "First steps")
    assert "en" in topic["translations"]
    assert "sprache" in ids(api("municipalities/herten/topics", language="en"), "key")
    assert "sprache" not in ids(api("municipalities/herten/topics", language="tr"), "key")


def test_every_new_list_answers_conditional_requests_and_modified_since(w, api):
    # One test over the five lists (the world is built once: the suite's time is short).
    for path, key, newer in (("events", "id", w.meeting.pk), ("ideas", "id", w.work_idea.pk),
                             ("indicators", "key", None), ("topics", "key", None), ("news", "id", None)):
        first = api(f"municipalities/herten/{path}")
        assert first.status_code == 200, path
        again = api(f"municipalities/herten/{path}", headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, path
        since = api(f"municipalities/herten/{path}", modified_since=at(1).isoformat())
        assert ids(since, key) == ([newer] if newer else []), path


def test_the_new_answers_are_as_the_document_describes(w, api):
    from tests.api.test_openapi import _validator

    spec = api("openapi.json").json()
    for path, query, schema in (
            ("municipalities/herten/events", {"lang": "en"}, "EventPage"),
            ("municipalities/herten/ideas", {}, "IdeaPage"),
            ("municipalities/herten/indicators", {}, "IndicatorPage"),
            ("municipalities/herten/indicators/kursquote", {}, "IndicatorDetail"),
            ("municipalities/herten/goal-attainment", {}, "GoalAttainmentPage"),
            ("municipalities/herten/topics", {"lang": "ar"}, "TopicPage"),
            ("municipalities/herten/news", {"date_after": "2025-01-01", "language": "en"}, "NewsPage")):
        response = api(path, **query)
        assert response.status_code == 200, path
        errors = [f"{list(e.absolute_path)}: {e.message}"
                  for e in _validator(spec, schema).iter_errors(response.json())]
        assert errors == [], path
