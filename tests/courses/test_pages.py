"""The back office of course steering as its users work with it: courses with free places,
the waiting list with its history (name and contact redacted), Kitas as counts, the Kreis's
settings, and the allocation page (propose → change single placements → confirm)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teilhabe.courses.models import Course, Kita, KreisCourseSettings, Learner
from teilhabe.municipalities.history import REDACTED, history_for
from tests import builders as b
from tests.courses import builders as cb


@pytest.fixture
def world(db, client):
    kreis, towns = cb.kreis(towns=("hilden", "haan"))
    hilden, haan = towns["hilden"], towns["haan"]
    steerer = b.user(role="coordinator", municipality=kreis)
    client.force_login(steerer)
    provider = cb.provider(hilden)
    return {"kreis": kreis, "hilden": hilden, "haan": haan, "provider": provider, "client": client,
            "user": steerer}


def url(w, name, *args):
    return reverse(f"courses_backoffice:{name}", args=[w["hilden"].slug, *args])


def test_the_course_list_filters_and_shows_free_places(world):
    w = world
    full = cb.course(w["kreis"], w["hilden"], w["provider"], "K-FULL", capacity=2, booked=1)
    cb.learner(w["kreis"], w["hilden"], status="placed", course=full)
    cb.course(w["kreis"], w["haan"], w["provider"], "K-HAAN", type="alpha", capacity=15, booked=3,
              time_of_day="evening")
    page = w["client"].get(url(w, "courses"), {"town": w["haan"].pk}).content.decode()
    assert "K-HAAN" in page and "K-FULL" not in page
    assert "<td>12</td>" in page  # 15 places − 3 booked elsewhere
    page = w["client"].get(url(w, "courses"), {"free": "1"}).content.decode()
    assert "K-HAAN" in page and "K-FULL" not in page
    for query in ({"type": "alpha"}, {"time": "evening"}, {"provider": w["provider"].pk}, {"status": "open"}):
        assert "K-HAAN" in w["client"].get(url(w, "courses"), query).content.decode(), query


def test_a_course_is_created_edited_with_its_history_and_cancelled(world):
    w = world
    data = {"external_id": "K-NEU", "provider": w["provider"].pk, "type": "allgemein", "status": "open",
            "town": w["hilden"].pk, "starts_on": "2027-03-01", "time_of_day": "morning", "capacity": 1,
            "booked": 0}
    response = w["client"].post(url(w, "course_new"), data)
    course = Course.objects.get(kreis=w["kreis"], external_id="K-NEU")
    assert response.status_code == 302
    lr = cb.learner(w["kreis"], w["hilden"], status="placed", course=course)
    # fewer places than the learners already placed: the field says why
    response = w["client"].post(url(w, "course_edit", course.pk), data | {"booked": 1})
    assert "capacity" in response.context["form"].errors
    response = w["client"].post(url(w, "course_edit", course.pk), data | {"capacity": 12})
    assert response.status_code == 302
    assert [r.action for r in history_for(course)] == ["update", "create"]
    w["client"].post(url(w, "course_cancel", course.pk))
    course.refresh_from_db()
    lr.refresh_from_db()
    assert course.status == "cancelled" and lr.status == "waiting" and lr.course is None


def test_approval_is_kept_by_the_kreis_coordinator(world):
    w = world
    response = w["client"].post(url(w, "approval_edit", w["provider"].pk),
                                {"number": "237-XYZ", "approved_until": "2029-12-31", "note": ""})
    assert response.status_code == 302
    w["provider"].course_approval.refresh_from_db()
    assert w["provider"].course_approval.number == "237-XYZ"
    assert "237-XYZ" in w["client"].get(url(w, "providers")).content.decode()


LEARNER = {"external_id": "W-NEU", "reference": "AZ 4711", "registered_on": "2026-11-02",
           "types": ["allgemein", "alpha"], "times": ["morning", "evening"], "name": "Ada Muster",
           "contact": "0170 123456"}


def test_a_learner_is_added_with_home_town_as_default_reach_and_the_history_redacts_the_person(world):
    w = world
    form = w["client"].get(url(w, "learner_new")).context["form"]
    assert not {"nationality", "origin", "country", "migration_background"} & set(form.fields)
    response = w["client"].post(url(w, "learner_new"), LEARNER | {"town": w["hilden"].pk})
    learner = Learner.objects.get(external_id="W-NEU")
    assert response.status_code == 302
    assert list(learner.towns.all()) == [w["hilden"]] and learner.types == ["allgemein", "alpha"]
    w["client"].post(url(w, "learner_edit", learner.pk), LEARNER | {
        "town": w["hilden"].pk, "name": "Ada Beispiel", "towns": [w["hilden"].pk, w["haan"].pk]})
    records = list(history_for(learner))
    assert records[0].changes["name"] == [REDACTED, REDACTED]
    assert "Ada" not in str([r.changes for r in records]) and "0170" not in str([r.changes for r in records])
    page = w["client"].get(url(w, "learner", learner.pk)).content.decode()
    assert "Ada Beispiel" in page and "Änderungsverlauf" in page


def test_a_wrong_learner_form_names_each_field(world):
    w = world
    response = w["client"].post(url(w, "learner_new"), {"external_id": "W-X", "town": w["hilden"].pk,
                                                       "registered_on": "2026-02-30", "types": ["schwimmen"]})
    assert {"registered_on", "types", "times"} <= set(response.context["form"].errors)


def test_the_waiting_list_filters_by_type_time_and_childcare_and_shows_waiting_days(world):
    w = world
    cb.learner(w["kreis"], w["hilden"], "W-ALPHA", types=("alpha",), times=("evening",), waited=40)
    cb.learner(w["kreis"], w["haan"], "W-CARE", types=("allgemein",), times=("morning",), needs_childcare=True)
    get = lambda **q: w["client"].get(url(w, "learners"), q).content.decode()  # noqa: E731
    assert "W-ALPHA" in get(type="alpha") and "W-CARE" not in get(type="alpha")
    assert "W-ALPHA" in get(time="evening") and "W-CARE" not in get(time="evening")
    assert "W-CARE" in get(childcare="1") and "W-ALPHA" not in get(childcare="1")
    assert "W-ALPHA" not in get(town=w["haan"].pk)
    days = (timezone.localdate() - (cb.TODAY - datetime.timedelta(days=40))).days
    assert f"<td>{days}</td>" in get(type="alpha")


def test_withdrawing_takes_a_learner_off_the_waiting_list(world):
    w = world
    lr = cb.learner(w["kreis"], w["hilden"])
    assert w["client"].post(url(w, "learner_withdraw", lr.pk)).status_code == 302
    lr.refresh_from_db()
    assert lr.status == "withdrawn"


def test_kitas_are_kept_as_counts_with_their_programmes(world):
    w = world
    response = w["client"].post(url(w, "kita_new"), {
        "municipality": w["hilden"].pk, "external_id": "KITA-1", "name": "Kita Sonnenschein", "places": 80,
        "children_needing_support": 14, "programme_rucksack": 8, "programme_griffbereit": ""})
    assert response.status_code == 302
    kita = Kita.objects.get(external_id="KITA-1")
    assert [(p.programme, p.places) for p in kita.programmes.all()] == [("rucksack", 8)]
    w["client"].post(url(w, "kita_edit", kita.pk), {"name": "Kita Sonnenschein", "places": 80,
                                                    "children_needing_support": 15, "programme_rucksack": ""})
    assert not kita.programmes.exists()
    page = w["client"].get(url(w, "kitas")).content.decode()
    assert "Kita Sonnenschein" in page and "15 Kinder mit Sprachförderbedarf" in page


def test_the_kreis_sets_its_course_steering(world):
    w = world
    response = w["client"].post(url(w, "settings"), {"minimum_size": 8, "retention_days": 90,
                                                     "referring_office": "Ausländerbehörde, Tel. 02104 99-0"})
    assert response.status_code == 302
    assert KreisCourseSettings.of(w["kreis"]).minimum_size == 8
    response = w["client"].post(url(w, "settings"), {"minimum_size": 0, "retention_days": 9999})
    assert {"minimum_size", "retention_days"} <= set(response.context["form"].errors)


# --- allocation --------------------------------------------------------------------------

def test_the_allocation_page_proposes_explains_and_confirms_a_changed_placement(world):
    w = world
    early = cb.course(w["kreis"], w["hilden"], w["provider"], "K-EARLY", starts_in=10, capacity=1)
    late = cb.course(w["kreis"], w["hilden"], w["provider"], "K-LATE", starts_in=90, capacity=5)
    evening = cb.course(w["kreis"], w["hilden"], w["provider"], "K-EVE", time_of_day="evening", capacity=5)
    first = cb.learner(w["kreis"], w["hilden"], "W-FIRST", waited=200, times=("morning",))
    second = cb.learner(w["kreis"], w["hilden"], "W-SECOND", waited=100, times=("morning",))
    on = {"on_date": f"{cb.TODAY:%Y-%m-%d}"}
    response = w["client"].get(url(w, "allocation"), on)
    rows = {r["learner"].external_id: r for r in response.context["rows"]}
    assert set(rows) == {"W-FIRST", "W-SECOND"}
    # a learner's choices: only the courses the hard rules allow (never the evening course)
    assert evening not in rows["W-FIRST"]["choices"] and {early, late} <= set(rows["W-FIRST"]["choices"])
    assert all(r["reason"] for r in rows.values())
    # the coordinator gives the early course to the second and keeps the first waiting
    response = w["client"].post(url(w, "allocation"), on | {f"l{first.pk}": "", f"l{second.pk}": early.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "waiting" and second.course == early
    assert w["kreis"].course_allocations.count() == 1


def test_a_placement_the_rules_forbid_is_refused_naming_the_learner(world):
    w = world
    evening = cb.course(w["kreis"], w["hilden"], w["provider"], "K-EVE", time_of_day="evening")
    lr = cb.learner(w["kreis"], w["hilden"], "W-MORNING", times=("morning",))
    response = w["client"].post(url(w, "allocation"), {"on_date": f"{cb.TODAY:%Y-%m-%d}",
                                                      f"l{lr.pk}": evening.pk})
    assert response.status_code == 200
    assert any("W-MORNING" in e for e in response.context["errors"])
    assert not w["kreis"].course_allocations.exists()
    response = w["client"].get(url(w, "allocation"), {"on_date": "2027-02-30"})
    assert "on_date" in response.context["date_form"].errors


def _waiting_list(w, n):
    learners = Learner.objects.bulk_create(
        Learner(kreis=w["kreis"], town=w["hilden"], external_id=f"W-{i:04}", types=["allgemein"],
                times=["morning", "afternoon"], registered_on=cb.TODAY - datetime.timedelta(days=i % 300))
        for i in range(n))
    Learner.towns.through.objects.bulk_create(
        Learner.towns.through(learner_id=lr.pk, municipality_id=w["hilden"].pk) for lr in learners)


def test_the_allocation_page_costs_the_same_queries_for_a_long_waiting_list(world):
    w = world
    for i in range(8):
        cb.course(w["kreis"], w["hilden"], w["provider"], f"K-{i}", starts_in=10 + 20 * i, capacity=15,
                  time_of_day=("morning", "afternoon")[i % 2])
    _waiting_list(w, 20)
    with CaptureQueriesContext(connection) as few:
        assert w["client"].get(url(w, "allocation"), {"on_date": cb.TODAY}).status_code == 200
    Learner.objects.filter(kreis=w["kreis"]).delete()
    _waiting_list(w, 600)
    with CaptureQueriesContext(connection) as many:
        response = w["client"].get(url(w, "allocation"), {"on_date": cb.TODAY})
    assert len(response.context["rows"]) == 100 and response.context["page"].paginator.num_pages == 6
    assert len(many) <= len(few) + 2, [q["sql"] for q in many]


JUNK = ["abc", "99999999999999999999", "a\x00b", "2024-02-30", "ä" * 300]


def test_junk_in_every_field_of_every_form_names_the_field_and_never_fails(world):
    w = world
    course = cb.course(w["kreis"], w["hilden"], w["provider"])
    lr = cb.learner(w["kreis"], w["hilden"])
    kita = cb.kita(w["hilden"])
    other_kreis, others = cb.kreis(towns=("velbert",))
    forged = others["velbert"].pk  # a town of another Kreis
    forms = {url(w, "course_new"): ["external_id", "provider", "type", "status", "town", "district", "starts_on",
                                    "ends_on", "time_of_day", "hours", "capacity", "booked"],
             url(w, "course_edit", course.pk): ["capacity", "booked", "town"],
             url(w, "learner_new"): ["external_id", "town", "registered_on", "types", "towns", "times",
                                     "earliest_start", "entitlement", "name", "contact"],
             url(w, "learner_edit", lr.pk): ["town", "towns", "types"],
             url(w, "kita_new"): ["municipality", "external_id", "name", "district", "places",
                                  "children_needing_support", "counted_on", "programme_rucksack"],
             url(w, "kita_edit", kita.pk): ["places", "district"],
             url(w, "settings"): ["minimum_size", "retention_days"],
             url(w, "approval_edit", w["provider"].pk): ["approved_until", "number"],
             url(w, "allocation"): ["on_date", f"l{lr.pk}", "l99999999999999999999999", f"l{lr.pk + 1000}"]}
    for path, fields in forms.items():
        for junk in [*JUNK, str(forged)]:
            response = w["client"].post(path, {name: junk for name in fields})
            assert response.status_code in (200, 302), (path, junk[:20], response.status_code)
            form = response.context and response.context.get("form")
            if form is not None and response.status_code == 200:
                assert form.errors, (path, junk[:20])
