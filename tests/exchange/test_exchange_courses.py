"""The course-steering sections of a Kreis's exchange document: courses, the waiting list
(course_learners), Kitas, the Kreis's settings. Upsert by external_id within the Kreis,
every problem by path, all or nothing, and export → import into an empty database →
export gives the same document."""
import datetime

import pytest
from jsonschema import Draft202012Validator

from teilhabe.actors.models import Actor
from teilhabe.courses.models import Course, Kita, Learner
from teilhabe.exchange.exporter import export_municipality
from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.exchange.validate import schema
from teilhabe.municipalities.models import District, Municipality
from tests import builders
from tests.courses import builders as cb

from .documents import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis():
    k = builders.municipality("kreis-me", kind="kreis")
    for slug in ("hilden", "haan", "erkrath"):
        builders.municipality(slug, parent=k)
    builders.actor(k, "vhs", kind="education_provider")
    builders.district(Municipality.objects.get(slug="hilden"), "nord")
    return k


def contract_document():
    """Only the keys of the contract (issue 12), the learners with their defaults."""
    return {
        "format": "teilhabe-exchange/1",
        "municipality": {"slug": "kreis-me", "name": "Kreis Me", "kind": "kreis"},
        "courses": [
            {"external_id": "K-1", "provider": "vhs", "type": "allgemein", "town": "hilden",
             "starts_on": "2027-02-01", "capacity": 2, "time_of_day": "morning", "childcare": False},
            {"external_id": "K-2", "provider": "vhs", "type": "eltern", "town": "haan",
             "starts_on": "2027-03-01", "capacity": 15, "time_of_day": "evening", "childcare": True},
        ],
        "course_learners": [
            {"external_id": "W-1", "town": "hilden", "registered_on": "2026-10-01", "types": ["allgemein"]},
            {"external_id": "W-2", "town": "erkrath", "registered_on": "2026-11-15", "types": ["eltern", "allgemein"],
             "towns": ["erkrath", "haan"], "times": ["evening"], "needs_childcare": True},
        ],
    }


def refused(doc):
    before = db_state()
    with pytest.raises(ExchangeError) as caught:
        import_document(doc)
    assert db_state() == before
    return caught.value.errors


def test_it_imports_the_contracts_keys_with_their_defaults(kreis):
    summary = import_document(contract_document())

    assert summary.created("courses") == 2 and summary.created("course_learners") == 2
    k1 = Course.objects.get(kreis=kreis, external_id="K-1")
    assert (k1.town.slug, k1.provider.external_id, k1.capacity, k1.starts_on, k1.status) == (
        "hilden", "vhs", 2, datetime.date(2027, 2, 1), "planned")
    w1, w2 = Learner.objects.get(external_id="W-1"), Learner.objects.get(external_id="W-2")
    assert [t.slug for t in w1.towns.all()] == ["hilden"]
    assert w1.times == ["morning", "afternoon", "evening"] and not w1.needs_childcare
    assert w1.status == "waiting" and w1.kreis == kreis
    assert sorted(t.slug for t in w2.towns.all()) == ["erkrath", "haan"]
    assert w2.times == ["evening"] and w2.needs_childcare


def test_it_upserts_by_external_id_and_changes_nothing_the_second_time(kreis):
    import_document(contract_document())
    doc = contract_document()
    doc["courses"][0]["capacity"] = 18
    doc["course_learners"][0]["towns"] = ["hilden", "haan"]

    summary = import_document(doc)
    again = import_document(doc)

    assert summary.updated("courses") == 1 and summary.count("courses", "unchanged") == 1
    assert summary.updated("course_learners") == 1
    assert Course.objects.filter(kreis=kreis).count() == 2
    assert Course.objects.get(external_id="K-1").capacity == 18
    assert not again.changed


def test_it_names_every_problem_by_its_path_and_writes_nothing(kreis):
    import_document(contract_document())
    doc = contract_document()
    doc["courses"][0]["town"] = "ratingen"
    doc["courses"][1]["provider"] = "unbekannt"
    doc["courses"][1]["type"] = "tanzkurs"
    doc["courses"].append({**doc["courses"][0], "town": "haan", "ends_on": "2027-01-01"})
    doc["course_learners"][0]["towns"] = ["hilden", "monheim"]
    doc["course_learners"][1]["registered_on"] = "2026-13-01"
    doc["course_learners"][1]["status"] = "placed"
    doc["course_learners"][1]["name"] = "Personal data stays out of files"

    errors = refused(doc)

    assert "$.courses[0].town: keine Stadt dieses Kreises: 'ratingen'" in errors
    assert "$.courses[1].type: \"tanzkurs\" ist nicht erlaubt; erlaubt: " + (
        "allgemein, jugend, eltern, frauen, alpha, zweitschrift, intensiv") in errors
    assert "$.courses[2].external_id: doppelt; schon in $.courses[0]" in errors
    assert "$.courses[2].ends_on: Das Ende liegt vor dem Beginn." in errors
    assert "$.course_learners[0].towns[1]: keine Stadt dieses Kreises: 'monheim'" in errors
    assert any(e.startswith("$.course_learners[1].registered_on: ") for e in errors)
    assert any(e.startswith("$.course_learners[1].course: ") for e in errors)
    assert "$.course_learners[1].name: unbekannter Schlüssel" in errors


def test_it_refuses_an_unknown_provider_and_a_course_over_capacity(kreis):
    doc = contract_document()
    doc["courses"][1]["provider"] = "unbekannt"
    doc["course_learners"].append({"external_id": "W-3", "town": "hilden", "registered_on": "2026-12-01",
                                   "types": ["allgemein"]})
    for learner in doc["course_learners"]:
        learner.update(status="placed", course="K-1")

    assert sorted(refused(doc)) == [
        "$.courses[0].capacity: Kurs 'K-1': 2 Plätze, aber 3 vergeben (anderweitig belegt und vermittelt)",
        "$.courses[1].provider: unbekannter Akteur 'unbekannt' im Kreis und seinen Städten",
    ]


def test_it_finds_providers_of_the_kreis_towns(kreis):
    hilden, haan = Municipality.objects.get(slug="hilden"), Municipality.objects.get(slug="haan")
    builders.actor(hilden, "caritas")
    builders.actor(hilden, "awo")
    builders.actor(haan, "awo")
    doc = contract_document()
    doc["courses"][0]["provider"] = "caritas"
    doc["courses"][1]["provider"] = "awo"

    assert refused(doc) == ["$.courses[1].provider: Akteur 'awo' gibt es in mehreren Städten; "
                            "„Stadt/awo“ angeben: haan/awo, hilden/awo"]

    doc["courses"][1]["provider"] = "haan/awo"
    import_document(doc)
    assert Course.objects.get(external_id="K-1").provider.municipality == hilden
    assert Course.objects.get(external_id="K-2").provider == Actor.objects.get(municipality=haan)
    assert [c["provider"] for c in export_municipality(kreis)["courses"]] == ["hilden/caritas", "haan/awo"]


def test_courses_and_learners_belong_to_a_kreis_document(kreis):
    doc = contract_document()
    doc["municipality"] = {"slug": "hilden", "name": "Hilden", "parent": "kreis-me"}

    errors = refused(doc)

    assert sorted(errors) == ['$.course_learners: nur im Dokument eines Kreises (municipality.kind = "kreis")',
                              '$.courses: nur im Dokument eines Kreises (municipality.kind = "kreis")']


def test_kitas_in_a_kreis_and_in_a_town_document(kreis):
    doc = {"format": "teilhabe-exchange/1", "municipality": {"slug": "kreis-me", "name": "Kreis Me"},
           "kitas": [{"town": "hilden", "external_id": "KITA-1", "name": "Kita Sonnenschein", "district": "nord",
                      "children_needing_support": 14,
                      "programmes": [{"programme": "rucksack", "places": 8}, {"programme": "griffbereit"}]},
                     {"external_id": "KITA-2", "name": "Kita ohne Stadt"}]}

    assert refused(doc) == ["$.kitas[1].town: Pflichtangabe fehlt: die Stadt der Kita"]

    del doc["kitas"][1]
    import_document(doc)
    town_doc = {"format": "teilhabe-exchange/1", "municipality": {"slug": "hilden", "name": "Hilden"},
                "kitas": [{"external_id": "KITA-1", "name": "Kita Sonnenschein",
                           "programmes": [{"programme": "rucksack", "places": 10}]}]}
    summary = import_document(town_doc)

    kita = Kita.objects.get(external_id="KITA-1")
    assert kita.district == District.objects.get(key="nord") and kita.children_needing_support == 14
    assert [(p.programme, p.places) for p in kita.programmes.all()] == [("rucksack", 10)]
    assert summary.count("kita_programmes", "deleted") == 1
    town_doc["kitas"][0]["town"] = "haan"
    assert refused(town_doc) == ["$.kitas[0].town: im Dokument einer Stadt nur diese Stadt ('hilden')"]


@pytest.fixture
def steered(kreis):
    """A Kreis with everything the sections carry, made the way the back office makes it."""
    hilden, haan = Municipality.objects.get(slug="hilden"), Municipality.objects.get(slug="haan")
    vhs = Actor.objects.get(external_id="vhs")
    caritas = cb.provider(haan, "caritas")
    from teilhabe.courses.models import KreisCourseSettings

    KreisCourseSettings.objects.create(kreis=kreis, minimum_size=10, retention_days=90,
                                       referring_office="Ausländerbehörde, Tel. 0")
    k1 = cb.course(kreis, hilden, vhs, "K-1", district=District.objects.get(key="nord"), hours=700,
                   ends_on=cb.TODAY + datetime.timedelta(days=300), booked=3, place="Markt 1",
                   accessibility="Aufzug", registration="Anruf")
    cb.course(kreis, haan, caritas, "K-2", type="frauen", childcare=True, time_of_day="afternoon", status="planned")
    cb.learner(kreis, hilden, "W-1", reference="AZ 1", earliest_start=cb.TODAY, entitlement="obliged")
    cb.learner(kreis, haan, "W-2", types=("frauen", "allgemein"), towns=[haan, hilden], times=("afternoon",),
               needs_childcare=True, name="Nur im Backoffice", contact="0170 1")
    cb.learner(kreis, hilden, "W-3", status="placed", course=k1, placed_on=cb.TODAY)
    cb.learner(kreis, haan, "W-4", status="withdrawn", withdrawn_on=cb.TODAY)
    cb.kita(hilden, "KITA-1", name="Kita Nord", needing=12, places=60, counted_on=cb.TODAY,
            programmes={"rucksack": 8, "alltagsintegriert": 20})
    return kreis


def test_it_round_trips_a_kreis_through_an_empty_database(steered):
    exported = export_municipality(steered)
    towns = {t.slug: export_municipality(t) for t in steered.towns.all()}
    assert list(Draft202012Validator(schema()).iter_errors(exported)) == []
    assert [c["external_id"] for c in exported["courses"]] == ["K-1", "K-2"]
    assert exported["courses"][1]["provider"] == "haan/caritas"
    assert "name" not in exported["course_learners"][1] and "contact" not in exported["course_learners"][1]
    assert exported["course_learners"][2]["course"] == "K-1"

    Learner.objects.all().delete()
    Course.objects.all().delete()
    Kita.objects.all().delete()
    Actor.objects.all().delete()
    for town in steered.towns.all():
        town.delete()
    steered.delete()
    # A Kreis comes first (its towns name it as parent), then its towns, then its sections.
    import_document({"format": exported["format"], "municipality": exported["municipality"]})
    for doc in towns.values():
        import_document(doc)
    import_document(exported)

    kreis = Municipality.objects.get(slug="kreis-me")
    assert export_municipality(kreis) == exported
    assert {slug: export_municipality(Municipality.objects.get(slug=slug)) for slug in towns} == towns


def test_it_imports_the_examples_of_the_documentation():
    import json
    import re
    from pathlib import Path

    from teilhabe.exchange.csv_courses import import_courses_csv

    text = (Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md").read_text(encoding="utf-8")
    section = text[text.index("## Course steering"):]
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", section, flags=re.S | re.M)
    document = json.loads(next(body for lang, body in blocks if lang == "json"))
    spreadsheet = next(body for lang, body in blocks if lang == "" and body.startswith("Kurs-ID;"))
    k = builders.municipality("kreis-mettmann", kind="kreis")
    for slug in ("hilden", "haan"):
        builders.municipality(slug, parent=k)
    Municipality.objects.filter(slug="hilden").update(name="Hilden")
    builders.actor(k, "vhs", kind="education_provider")

    import_document(document)
    summary = import_courses_csv(spreadsheet, kreis=k, providers=[Actor.objects.get(external_id="vhs")])

    assert Learner.objects.get(external_id="W-0001").needs_childcare
    assert Kita.objects.get(external_id="kita-sonnenschein").programmes.get().places == 8
    assert summary.created("courses") == 1 and Course.objects.get(external_id="K-2027-07").type == "eltern"


def full_document():
    doc = contract_document()
    doc["course_settings"] = {"minimum_size": 10, "retention_days": 90, "referring_office": "Amt"}
    doc["courses"][0].update(district="nord", ends_on="2027-08-01", hours=700, booked=1, place="Markt 1",
                             status="open")
    doc["course_learners"][0].update(status="placed", course="K-1", placed_on="2027-01-10", reference="AZ 1",
                                     earliest_start="2027-01-01", entitlement="obliged")
    doc["kitas"] = [{"town": "hilden", "external_id": "KITA-1", "name": "Kita", "district": "nord", "places": 40,
                     "children_needing_support": 9, "counted_on": "2026-10-01",
                     "programmes": [{"programme": "rucksack", "places": 5}]}]
    return doc


def test_it_reports_problems_for_any_value_anywhere_in_the_kreis_sections(kreis):
    from .test_exchange_robustness import paths, replaced
    from teilhabe.exchange.importer import validate_document

    example = full_document()
    assert validate_document(example) == []
    import_document(example)   # updates meet more rules than new objects
    before = db_state()
    values = [None, 7, "x", [{}], 10**30, True, "", -1]
    checked = 0
    for k, path in enumerate(p for p in paths(example) if p and p[0] in (
            "course_settings", "courses", "course_learners", "kitas")):
        value = values[k % len(values)]
        problems = validate_document(replaced(example, path, value))
        assert all(str(p).startswith("$") for p in problems), (path, value, problems)
        checked += 1
    assert checked > 60
    assert db_state() == before
