"""Importing exchange documents: what gets written, upserts, history, translations."""
import datetime
import json
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.exchange.csv_offers import import_offers_csv
from teilhabe.exchange.importer import import_document
from teilhabe.municipalities.history import REDACTED
from teilhabe.municipalities.models import ChangeRecord, Municipality
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, GuidelineSection, Measure

from .documents import contract_example, minimal

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis():
    return Municipality.objects.create(slug="kreis-x", name="Kreis X", kind="kreis")


def test_it_imports_the_example_of_the_contract(kreis):
    summary = import_document(contract_example())

    m = Municipality.objects.get(slug="lindenau")
    assert m.parent == kreis and m.ags == "05999999" and m.office_name == "Integrationsbüro"
    assert sorted(m.languages.values_list("code", flat=True)) == ["ar", "de", "en"]
    concept = Concept.objects.get(municipality=m)
    assert concept.status == "adopted" and concept.adopted_on == datetime.date(2006, 9, 27)
    assert list(concept.guidelines.values_list("title", flat=True)) == ["I Verständnis von Integration"]
    goal = Goal.objects.get(concept=concept, key="g-teilhabe")
    assert goal.parent.key == "other-goal-key" and goal.field.key == "sprache"
    measure = Measure.objects.get(concept=concept, external_id="M-001")
    assert measure.status == "established" and measure.budget == 12000
    assert measure.responsible_actor.external_id == "awo"
    assert [a.external_id for a in measure.partner_actors.all()] == ["ditib"]
    assert [(c.from_status, c.to_status) for c in measure.status_changes.all()] == [
        ("", "planned"), ("planned", "running"), ("running", "established")]
    contact = ContactPerson.objects.get(actor__external_id="caritas")
    assert contact.publish and contact.consent_at == datetime.datetime(2024, 1, 10, 8, 0, tzinfo=datetime.UTC)
    offer = Offer.objects.get(municipality=m, external_id="L-001")
    assert offer.title == "Deutschkurs für Frauen" and offer.place_name == "Familienzentrum"
    assert offer.field_of_action.key == "sprache" and offer.measure == measure
    assert offer.provider.external_id == "caritas"
    assert sorted(offer.languages.values_list("code", flat=True)) == ["ar", "de"]
    assert summary.created("offers") == 1 and summary.created("actors") == 3


def test_it_creates_a_draft_concept_when_fields_come_without_one():
    import_document(minimal(fields_of_action=[{"key": "sprache", "name": {"de": "Sprache"}}]))

    concept = Concept.objects.get(municipality__slug="lindenau")
    assert (concept.version, concept.status, concept.title) == (1, "draft", "Integrationskonzept Lindenau")
    assert FieldOfAction.objects.get(concept=concept).key == "sprache"


def test_it_puts_fields_into_the_current_concept_by_default():
    import_document(minimal(concepts=[
        {"version": 1, "title": "Alt", "status": "superseded", "adopted_on": "2006-01-01", "adopted_by": "Rat"},
        {"version": 2, "title": "Gilt", "status": "adopted", "adopted_on": "2014-01-01", "adopted_by": "Rat",
         "predecessor": 1},
        {"version": 3, "title": "Entwurf", "predecessor": 2},
    ], fields_of_action=[{"key": "sprache", "name": {"de": "Sprache"}}]))

    assert FieldOfAction.objects.get(key="sprache").concept.version == 2


def test_it_updates_by_external_id_and_key_without_duplicates(kreis):
    import_document(contract_example())
    doc = contract_example()
    doc["offers"][0]["title"]["de"] = "Deutschkurs für Mütter"
    doc["actors"][0]["name"] = "Caritas Lindenau e. V."
    doc["districts"][0]["name"] = "Historische Altstadt"

    summary = import_document(doc)

    assert Offer.objects.get().title == "Deutschkurs für Mütter"
    assert Actor.objects.get(external_id="caritas").name == "Caritas Lindenau e. V."
    assert Offer.objects.count() == 1 and Actor.objects.count() == 3
    assert Municipality.objects.filter(slug="lindenau").count() == 1
    assert (summary.updated("offers"), summary.updated("actors"), summary.updated("districts")) == (1, 1, 1)
    assert summary.count("measures", "unchanged") == 1


def test_it_changes_nothing_when_the_same_document_comes_again(kreis):
    import_document(contract_example())
    records = ChangeRecord.objects.count()
    modified = {o.pk: o.modified_at for o in Offer.objects.all()}

    summary = import_document(contract_example())

    assert ChangeRecord.objects.count() == records
    assert not summary.changed and summary.change_records == 0
    assert {o.pk: o.modified_at for o in Offer.objects.all()} == modified


def test_it_records_every_created_object_with_via_import(kreis):
    import_document(contract_example())

    records = ChangeRecord.objects.all()
    assert {r.via for r in records} == {"import"}
    assert {r.action for r in records} == {"create"}
    offer = Offer.objects.get()
    record = records.get(content_type=ContentType.objects.get_for_model(Offer), object_id=offer.pk)
    assert record.changes["title"] == [None, "Deutschkurs für Frauen"]
    assert record.changes["title_en"] == [None, "German course for women"]
    assert record.changes["provider"] == [None, "Caritasverband Lindenau"]
    assert records.filter(content_type=ContentType.objects.get_for_model(Measure)).count() == 1
    assert records.filter(content_type=ContentType.objects.get_for_model(Municipality)).count() == 1


def test_it_records_only_what_changed(kreis):
    import_document(contract_example())
    doc = contract_example()
    doc["offers"][0]["cost"] = {"de": "2 Euro", "en": "2 euros"}

    import_document(doc, via="demo")

    record = ChangeRecord.objects.get(via="demo")
    assert record.action == "update" and record.object_id == Offer.objects.get().pk
    assert record.changes == {"cost": ["kostenlos", "2 Euro"], "cost_en": ["", "2 euros"]}


def test_it_keeps_objects_and_translations_the_document_does_not_mention(kreis):
    import_document(contract_example())
    doc = minimal(offers=[{"external_id": "L-001", "provider": "caritas",
                           "title": {"de": "Deutschkurs für Frauen", "ar": "دورة ألمانية للنساء"}}])

    import_document(doc)

    offer = Offer.objects.get()
    assert sorted(offer.translations.values_list("language__code", flat=True)) == ["ar", "en"]
    assert offer.place_name == "Familienzentrum"  # keys left out keep their value
    assert Actor.objects.count() == 3 and Measure.objects.count() == 1


def test_it_marks_translations_outdated_when_the_german_text_changes(kreis):
    doc = contract_example()
    doc["offers"][0]["outdated_translations"] = []
    import_document(doc)
    offer = Offer.objects.get()
    assert not offer.translations.get().is_outdated

    doc = minimal(offers=[{"external_id": "L-001", "provider": "caritas",
                           "title": {"de": "Deutschkurs für Frauen und Mütter"}}])
    import_document(doc)

    offer = Offer.objects.get()
    assert offer.text_revision == 2
    assert offer.translations.get().is_outdated


def test_it_imports_outdated_translations_behind_the_german_text(kreis):
    import_document(contract_example())

    offer = Offer.objects.get()
    english = offer.translations.get(language__code="en")
    assert offer.text_revision >= 2 and english.is_outdated
    assert english.source_revision == offer.text_revision - 1


def test_it_brings_a_translation_up_to_date_when_it_is_no_longer_listed_as_outdated(kreis):
    import_document(contract_example())
    doc = contract_example()
    doc["offers"][0]["outdated_translations"] = []

    import_document(doc)

    assert not OfferTranslation.objects.get().is_outdated


def test_it_replaces_contacts_and_guidelines_when_the_document_lists_them(kreis):
    import_document(contract_example())
    contact = ContactPerson.objects.get()
    doc = contract_example()
    doc["actors"][0]["contacts"] = [{"key": "kurse", "role": "Kursleitung"}]
    doc["concepts"][0]["guidelines"] = [{"title": "I Neu", "body": "<p>a</p>"}, {"title": "II Neu"}]

    summary = import_document(doc)

    assert list(ContactPerson.objects.values_list("key", flat=True)) == ["kurse"]
    assert list(GuidelineSection.objects.order_by("position").values_list("title", flat=True)) == [
        "I Neu", "II Neu"]
    assert summary.count("contacts", "deleted") == 1
    deleted = ChangeRecord.objects.get(action="delete", object_id=contact.pk,
                                       content_type=ContentType.objects.get_for_model(ContactPerson))
    # Personal data is noted as changed, never kept in the history.
    assert deleted.changes["email"] == [REDACTED, None]


def test_it_sanitises_guideline_html():
    import_document(minimal(concepts=[{"version": 1, "title": "K", "guidelines": [
        {"title": "I", "body": '<p onclick="x()">Text<script>alert(1)</script></p>'}]}]))

    assert GuidelineSection.objects.get().body == "<p>Text</p>"


def test_it_opens_and_continues_the_status_history_of_a_measure():
    doc = minimal(measures=[{"external_id": "M-1", "title": "Lotsen", "status": "planned",
                             "start_date": "2015-03-01"}])
    import_document(doc)
    measure = Measure.objects.get()
    assert [(c.from_status, c.to_status, c.changed_on) for c in measure.status_changes.all()] == [
        ("", "planned", datetime.date(2015, 3, 1))]

    doc["measures"][0]["status"] = "running"
    import_document(doc)

    assert [(c.from_status, c.to_status) for c in measure.status_changes.all()] == [
        ("", "planned"), ("planned", "running")]
    assert Measure.objects.get().status == "running"


def test_it_switches_the_adopted_concept_within_one_import():
    adopted = {"status": "adopted", "adopted_on": "2006-01-01", "adopted_by": "Rat"}
    import_document(minimal(concepts=[{"version": 1, "title": "Alt", **adopted}]))

    import_document(minimal(concepts=[
        {"version": 1, "title": "Alt", "status": "superseded"},
        {"version": 2, "title": "Neu", "predecessor": 1, **adopted},
    ]))

    assert dict(Concept.objects.values_list("version", "status")) == {1: "superseded", 2: "adopted"}
    assert Concept.objects.get(version=2).predecessor.version == 1


def test_it_links_goals_to_parents_created_in_the_same_import():
    import_document(minimal(goals=[
        {"key": "kind", "title": "Kind", "parent": "eltern"},
        {"key": "eltern", "title": "Eltern"},
    ]))

    assert Goal.objects.get(key="kind").parent.key == "eltern"


def test_it_needs_no_queries_per_offer():
    def offers(n):
        return [{"external_id": f"A-{i}", "provider": "traeger", "title": {"de": f"Kurs {i}", "en": "Course"},
                 "districts": ["nord"], "languages": ["de", "ar"]} for i in range(n)]

    def queries(slug, n):
        doc = minimal(slug, districts=[{"key": "nord", "name": "Nord"}],
                      actors=[{"external_id": "traeger", "name": "Träger"}], offers=offers(n))
        with CaptureQueriesContext(connection) as first:
            import_document(doc)
        with CaptureQueriesContext(connection) as again:
            import_document(doc)
        return len(first), len(again)

    ten, sixty = queries("zehn", 10), queries("sechzig", 60)
    # Inserts go in batches (SQLite takes 999 parameters per statement): a few more
    # statements, not one per offer.
    assert sixty[0] <= ten[0] + 4
    assert sixty[1] == ten[1]


def test_it_imports_the_examples_of_the_documentation():
    text = (Path(__file__).resolve().parents[2] / "docs" / "exchange-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)
    document = json.loads(next(body for lang, body in blocks if lang == "json"))
    spreadsheet = next(body for lang, body in blocks if lang == "" and body.startswith("external_id;"))

    import_document(document)
    offer = Offer.objects.get(external_id="L-001")
    assert offer.translations.get().is_outdated

    summary = import_offers_csv(spreadsheet, municipality="lindenau")
    assert summary.updated("translations") == 1  # now up to date
    assert not Offer.objects.get(external_id="L-001").translations.get().is_outdated


def test_it_makes_imported_offers_findable_at_once(db):
    from teilhabe.search import search_offers

    import_document({
        "format": "teilhabe-exchange/1",
        "municipality": {"slug": "suchstadt", "name": "Suchstadt", "kind": "town", "languages": ["de"]},
        "actors": [{"external_id": "verein", "name": "Verein", "kind": "association"}],
        "offers": [{"external_id": "S-1", "provider": "verein", "title": {"de": "Sprachcafé am Markt"}}],
    })
    from teilhabe.municipalities.models import Municipality

    result = search_offers(municipality=Municipality.objects.get(slug="suchstadt"), query="Sprachcafe")
    assert [hit.offer_id for hit in result.hits] == list(
        Municipality.objects.get(slug="suchstadt").offers.values_list("pk", flat=True))
