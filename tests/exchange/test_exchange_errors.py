"""Bad documents: every problem is reported with its JSON path, and nothing is written."""
import pytest
from django.db import IntegrityError

from teilhabe.exchange.importer import ExchangeError, import_document, validate_document
from teilhabe.exchange.validate import parse_json
from teilhabe.municipalities.models import ChangeRecord, Municipality

from .documents import contract_example, db_state, minimal

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    """The contract example, imported: bad documents must not touch it either."""
    Municipality.objects.create(slug="kreis-x", name="Kreis X", kind="kreis")
    import_document(contract_example())


def refused(doc):
    """The problems of a refused import, after checking that it changed nothing."""
    before = db_state()
    with pytest.raises(ExchangeError) as caught:
        import_document(doc)
    assert db_state() == before
    assert caught.value.errors == [str(p) for p in caught.value.problems]
    return caught.value.errors


def test_it_refuses_wrong_types(imported):
    doc = contract_example()
    doc["offers"][0]["title"] = "Deutschkurs"
    doc["offers"][0]["published"] = "ja"
    doc["concepts"][0]["version"] = "1"
    doc["districts"] = {"altstadt": "Altstadt"}

    errors = refused(doc)

    assert "$.offers[0].title: falscher Typ: erwartet Objekt, gefunden Text" in errors
    assert "$.offers[0].published: falscher Typ: erwartet true/false, gefunden Text" in errors
    assert "$.concepts[0].version: falscher Typ: erwartet ganze Zahl, gefunden Text" in errors
    assert "$.districts: falscher Typ: erwartet Liste, gefunden Objekt" in errors


def test_it_refuses_unknown_keys_anywhere(imported):
    doc = contract_example()
    doc["extra"] = 1
    doc["municipality"]["office"]["fax"] = "0"
    doc["actors"][0]["contacts"][0]["birthday"] = "1970-01-01"
    doc["offers"][0]["place"]["room"] = "3"

    errors = refused(doc)

    assert sorted(errors) == [
        "$.actors[0].contacts[0].birthday: unbekannter Schlüssel",
        "$.extra: unbekannter Schlüssel",
        "$.municipality.office.fax: unbekannter Schlüssel",
        "$.offers[0].place.room: unbekannter Schlüssel",
    ]


def test_it_refuses_missing_required_keys():
    errors = refused({"format": "teilhabe-exchange/1", "municipality": {"slug": "x", "name": "X"},
                      "offers": [{"external_id": "A-1", "title": {"en": "Course"}}]})

    assert "$.offers[0].provider: Pflichtangabe fehlt" in errors
    assert "$.offers[0].title.de: Pflichtangabe fehlt" in errors


def test_it_refuses_another_format():
    errors = refused({"format": "teilhabe-exchange/2", "municipality": {"slug": "x", "name": "X"}})

    assert errors == ['$.format: erwartet "teilhabe-exchange/1", gefunden "teilhabe-exchange/2"']


def test_it_refuses_dangling_references(imported):
    doc = contract_example()
    doc["municipality"]["parent"] = "kreis-y"
    doc["municipality"]["languages"] = ["de", "xx"]
    doc["fields_of_action"][0]["concept"] = 7
    doc["goals"][1]["parent"] = "nirgends"
    doc["measures"][0]["fields"] = ["bildung", "kunst"]
    doc["measures"][0]["goals"] = ["g-fehlt"]
    doc["measures"][0]["responsible_actor"] = "unbekannt"
    doc["measures"][0]["target_groups"] = ["senioren"]
    doc["actors"][0]["districts"] = ["suedstadt"]
    doc["offers"][0]["provider"] = "xyz"
    doc["offers"][0]["field_of_action"] = "wohnen"
    doc["offers"][0]["measure"] = "M-999"
    doc["concepts"][0]["predecessor"] = None
    doc["concepts"].append({"version": 2, "title": "Entwurf", "predecessor": 5})

    errors = refused(doc)

    for expected in [
        "$.municipality.parent: unbekannter Kreis 'kreis-y'",
        "$.municipality.languages[1]: unbekannte Sprache 'xx'",
        "$.concepts[1].predecessor: unbekannte Konzeptversion 5",
        "$.fields_of_action[0].concept: unbekannte Konzeptversion 7",
        "$.goals[1].parent: unbekanntes Ziel 'nirgends' in Konzeptversion 1",
        "$.measures[0].fields[1]: unbekanntes Handlungsfeld 'kunst' in Konzeptversion 1",
        "$.measures[0].goals[0]: unbekanntes Ziel 'g-fehlt' in Konzeptversion 1",
        "$.measures[0].responsible_actor: unbekannter Akteur 'unbekannt'",
        "$.measures[0].target_groups[0]: unbekannte Zielgruppe 'senioren'",
        "$.actors[0].districts[0]: unbekannter Stadtteil 'suedstadt'",
        "$.offers[0].provider: unbekannter Akteur 'xyz'",
        "$.offers[0].field_of_action: unbekanntes Handlungsfeld 'wohnen' in Konzeptversion 1",
        "$.offers[0].measure: unbekannte Maßnahme 'M-999' in Konzeptversion 1",
    ]:
        assert expected in errors


def test_it_refuses_a_parent_that_is_no_kreis():
    Municipality.objects.create(slug="nachbarstadt", name="Nachbarstadt", kind="town")
    doc = minimal()
    doc["municipality"]["parent"] = "nachbarstadt"

    assert refused(doc) == ["$.municipality.parent: Nur ein Kreis kann übergeordnet sein."]


def test_it_refuses_duplicates_within_a_list(imported):
    doc = contract_example()
    doc["offers"].append(dict(doc["offers"][0]))
    doc["actors"].append({"external_id": "awo", "name": "AWO doppelt"})
    doc["districts"].append({"key": "wanne", "name": "Wanne-Eickel"})
    doc["actors"][0]["contacts"].append({"key": "beratung", "role": "Noch eine Beratung"})
    doc["concepts"].append(dict(doc["concepts"][0]))
    doc["offers"][0]["languages"] = ["de", "de"]

    errors = refused(doc)

    for expected in [
        "$.offers[1].external_id: doppelt; schon in $.offers[0]",
        "$.actors[3].external_id: doppelt; schon in $.actors[1]",
        "$.districts[2].key: doppelt; schon in $.districts[1]",
        "$.actors[0].contacts[1].key: doppelt; schon in $.actors[0].contacts[0]",
        "$.concepts[1].version: doppelt; schon in $.concepts[0]",
        "$.offers[0].languages: enthält doppelte Einträge",
    ]:
        assert expected in errors


def test_it_refuses_unknown_languages(imported):
    doc = contract_example()
    doc["offers"][0]["description"]["xx"] = "?"
    doc["target_groups"][0]["name"]["qq"] = "?"
    doc["offers"][0]["outdated_translations"] = ["en", "ar"]

    errors = refused(doc)

    assert "$.offers[0].description.xx: unbekannte Sprache 'xx'" in errors
    assert "$.target_groups[0].name.qq: unbekannte Sprache 'qq'" in errors
    assert "$.offers[0].outdated_translations[1]: keine Übersetzung 'ar' in diesem Angebot" in errors


def test_it_refuses_to_publish_a_contact_without_consent(imported):
    doc = contract_example()
    doc["actors"][0]["contacts"][0]["consent_at"] = None

    assert refused(doc) == ["$.actors[0].contacts[0].publish: Veröffentlichen nur mit erfasster Einwilligung."]


def test_it_refuses_values_the_model_fields_refuse(imported):
    doc = contract_example()
    doc["offers"][0]["title"]["de"] = "x" * 201
    doc["offers"][0]["contact"]["email"] = "keine-adresse"
    doc["actors"][0]["website"] = "caritas-lindenau"
    doc["districts"][0]["key"] = "Alt Stadt"
    doc["measures"][0]["start_date"] = "2014-13-01"
    doc["measures"][0]["budget"] = "viel"
    doc["municipality"]["ags"] = "123"
    doc["actors"][0]["contacts"][0]["consent_at"] = "gestern"

    errors = refused(doc)

    paths = {error.split(": ")[0] for error in errors}
    assert paths >= {
        "$.offers[0].title.de", "$.offers[0].contact.email", "$.actors[0].website", "$.districts[0].key",
        "$.measures[0].start_date", "$.measures[0].budget", "$.municipality.ags",
        "$.actors[0].contacts[0].consent_at",
    }
    assert any("höchstens 200 Zeichen" in error for error in errors)


def test_it_refuses_rules_across_fields(imported):
    doc = contract_example()
    doc["measures"][0]["end_date"] = "2010-01-01"
    doc["concepts"][0]["adopted_by"] = ""
    doc["concepts"].append({"version": 2, "title": "Zweites", "status": "adopted",
                            "adopted_on": "2020-01-01", "adopted_by": "Rat", "predecessor": 1})
    doc["goals"][0]["parent"] = "g-teilhabe"
    doc["measures"][0]["status"] = "running"

    errors = refused(doc)

    for expected in [
        "$.measures[0].end_date: Das Ende liegt vor dem Beginn.",
        "$.concepts[0].adopted_by: Ein beschlossenes Konzept braucht das beschließende Gremium.",
        "$.concepts[0].status: höchstens eine Konzeptversion kann beschlossen sein; "
        "beschlossen wären die Versionen 1, 2",
        "$.goals[0].parent: Ein Ziel kann nicht sich selbst untergeordnet sein.",
        "$.measures[0].status: weicht vom letzten Eintrag der Statushistorie ab ('established')",
    ]:
        assert expected in errors


def test_it_lists_every_problem_at_once():
    doc = minimal(
        districts=[{"key": "nord", "name": "Nord", "area": 3}],
        actors=[{"external_id": "a", "name": "A", "email": "kaputt"}],
        offers=[{"external_id": "A-1", "provider": "b", "title": {"de": "Kurs"}, "districts": ["sued"]},
                {"external_id": "A-2", "provider": "a", "title": {"de": ""}}],
    )

    errors = refused(doc)

    assert len(errors) == 5
    assert errors[0] == "$.districts[0].area: unbekannter Schlüssel"
    assert set(errors[1:]) == {
        "$.actors[0].email: Bitte gültige E-Mail-Adresse eingeben.",
        "$.offers[0].provider: unbekannter Akteur 'b'",
        "$.offers[0].districts[0]: unbekannter Stadtteil 'sued'",
        "$.offers[1].title.de: Dieses Feld darf nicht leer sein.",
    }


def test_it_does_not_report_references_to_objects_that_are_already_wrong():
    doc = minimal(actors=[{"external_id": "a", "name": "A", "kind": "verein"}],
                  offers=[{"external_id": "A-1", "provider": "a", "title": {"de": "Kurs"}}])

    assert refused(doc) == [
        '$.actors[0].kind: "verein" ist nicht erlaubt; erlaubt: administration_department, association, '
        "migrant_organisation, religious_community, welfare_organisation, school_or_daycare, "
        "education_provider, political_body, other"]


def test_it_reports_a_database_error_as_a_problem_and_writes_nothing(imported, monkeypatch):
    # The checks foresee every constraint; a concurrent edit can still break one. The
    # last write of an import stands in for it.
    def broken(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: offers_offer.external_id")

    monkeypatch.setattr(ChangeRecord.objects, "bulk_create", broken)
    doc = contract_example()
    doc["offers"][0]["title"]["de"] = "Neuer Titel"
    doc["offers"].append({"external_id": "L-002", "provider": "awo", "title": {"de": "Neu"}})

    errors = refused(doc)

    assert errors == ["$: Die Datenbank hat den Import abgelehnt: UNIQUE constraint failed: "
                      "offers_offer.external_id"]


def test_it_validates_without_writing():
    before = db_state()

    assert validate_document(minimal(offers=[{"external_id": "A", "provider": "x", "title": {"de": "K"}}]))
    assert validate_document(contract_example() | {"municipality": {"slug": "neu", "name": "Neu"}}) == []
    assert db_state() == before


def test_it_names_line_and_column_of_text_that_is_not_json():
    with pytest.raises(ExchangeError) as caught:
        parse_json('{\n  "format": "teilhabe-exchange/1",\n  "municipality": {,}\n}')

    assert caught.value.errors == [
        "Zeile 3, Spalte 20: kein gültiges JSON (Expecting property name enclosed in double quotes)"]


def test_it_names_wrong_coordinates_and_opening_hours(imported):
    doc = contract_example()
    doc["municipality"]["transit_planner_url"] = "https://efa.example/{ziel}"
    doc["offers"][0]["place"].update(latitude=95, longitude=7.1)
    doc["offers"][0]["opening_hours"] = {"hours": [{"day": "Mo", "opens": "09:00", "closes": "12:00"},
                                                   {"day": "Mo", "opens": "11:00", "closes": "13:00"},
                                                   {"day": "Tu", "opens": "14:00", "closes": "10:00"}],
                                         "closing_days": ["2026-02-30"]}
    errors = refused(doc)
    assert "$.municipality.transit_planner_url: Unbekannter Platzhalter {ziel}; erlaubt sind {lat}, {lon} und {address}." in errors
    assert "$.offers[0].place.latitude: Dieser Wert muss kleiner oder gleich 90 sein." in errors
    assert "$.offers[0].opening_hours.hours: Zeile 2: 11:00–13:00 überschneidet sich mit 09:00–12:00 (Zeile 1)." in errors
    assert "$.offers[0].opening_hours.hours: Zeile 3: „von“ (14:00) muss vor „bis“ (10:00) liegen." in errors
    assert "$.offers[0].opening_hours.closing_days: Zeile 1: kein Datum („2026-02-30“)." in errors
