"""Events, ideas, the network, measures' results, works_in and is_public in the exchange
format — and nothing personal beyond what the portal shows (docs/privacy.md)."""
import copy
import datetime
import json

import pytest
from jsonschema import Draft202012Validator

from teilhabe.actors.models import ContactPerson
from teilhabe.exchange.exporter import export_municipality
from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.exchange.validate import schema
from teilhabe.monitoring.models import Indicator, MeasureResult
from teilhabe.municipalities.models import ChangeRecord, Municipality
from teilhabe.network.models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup
from teilhabe.participation.models import (
    AttendanceTally, AttendingActor, Comment, Event, Idea, IdeaStatusChange, Registration, Support, Workshop,
)
from tests import builders as b
from tests.participation import builders as pb

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PERSONAL = ["Rita Anmelderin", "rita@example.org", "Ideen-Ida", "ida@example.org", "0170 5555", "Idastraße 9",
            "unterstuetzer@example.org", "Kommentar-Kai", "kai@example.org", "Verena Verborgen",
            "verena@verein.example", "0211 999"]


@pytest.fixture
def hilden():
    """A Kreis town with a bit of every new kind, and personal data that must stay home."""
    kreis = b.municipality("kreis-me", kind="kreis")
    m = pb.town("hilden")
    m.parent = kreis
    m.save()
    haan = b.municipality("haan", parent=kreis)
    concept = m.concepts.get()
    sprache = concept.fields.get(key="sprache")
    verein, awo = b.actor(m, "verein", name="Verein"), b.actor(m, "awo", name="AWO")
    komm_in = b.actor(kreis, "komm-in", name="Willkommen im Kreis ME")
    komm_in.works_in.set([m])
    verein.works_in.set([haan])
    b.contact(verein, "leitung", role="Leitung", name="P. Öffentlich", email="p@verein.example",
              consent_at=datetime.datetime(2024, 1, 10, 8, 0, tzinfo=UTC), publish=True)
    b.contact(verein, "intern", role="Kasse", name="Verena Verborgen", email="verena@verein.example",
              phone="0211 999", consent_note="nein")
    measure = b.measure(concept, "M-1", responsible=verein)
    MeasureResult.objects.create(measure=measure, period="2024", activities=3, people_reached=40,
                                 reach_by_target_group={"frauen": 12}, target_group_reached="partly",
                                 outcome_notes="Gut besucht", step="outcome")
    Indicator.objects.create(municipality=m, key="quote", name="Quote", unit="%", is_public=True)
    event = pb.event(m, title="Integrationskonferenz", capacity=100, organiser_actor=komm_in,
                     starts_at=datetime.datetime(2025, 5, 3, 9, 0, tzinfo=UTC), guests_counted=104)
    event.fields.set([sprache])
    w1 = Workshop.objects.create(event=event, title="Sprache", field=sprache, capacity=20, position=0)
    Workshop.objects.create(event=event, title="Arbeit", position=1)
    AttendanceTally.objects.create(event=event, category="migration", answer="yes", count=30)
    AttendingActor.objects.create(event=event, actor=awo)
    Registration.objects.create(event=event, workshop=w1, status="registered", name="Rita Anmelderin",
                                email="rita@example.org", consent_at=datetime.datetime(2025, 4, 1, tzinfo=UTC),
                                actor=awo)
    idea = pb.idea(m, title="Sprachcafé", email="ida@example.org", submitter_name="Ideen-Ida",
                   submitter_phone="0170 5555", submitter_address="Idastraße 9", event=event, workshop=w1,
                   measure=measure, decision_reason="Passt zum Konzept",
                   received_on=datetime.date(2025, 5, 3))
    idea.status_changes.update(changed_at=datetime.datetime(2025, 5, 3, 12, 0, tzinfo=UTC))
    IdeaStatusChange.objects.create(idea=idea, from_status="published", to_status="accepted", reason="Passt",
                                    changed_at=datetime.datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
    Idea.objects.filter(pk=idea.pk).update(status="accepted")
    Support.objects.create(idea=idea, email_hash="f" * 64, email="unterstuetzer@example.org")
    Comment.objects.create(idea=idea, author_name="Kommentar-Kai", email="kai@example.org", body="Gute Idee",
                           status="visible")
    group = WorkingGroup.objects.create(municipality=m, name="AK Sprache", field_key="sprache",
                                        valid_from=datetime.date(2020, 1, 1))
    group.members.set([verein, komm_in])
    group.meetings.set([event])
    DeclaredTie.objects.create(municipality=m, actor_a=verein, actor_b=komm_in, kind="referral", source="Vertrag")
    sozialamt = b.actor(m, "sozialamt", name="Sozialamt", kind="administration_department")
    officer = b.contact(sozialamt, "beauftragte", role="Integrationsbeauftragte", name="Verena Verborgen")
    IntegrationOfficer.objects.create(department=sozialamt, contact=officer, appointed_on=datetime.date(2015, 1, 1))
    Training.objects.create(department=sozialamt, held_on=datetime.date(2015, 3, 12), topic="Grundlagen",
                            completed=True, participants=14)
    return m


def _delete(m):
    Idea.objects.filter(municipality=m).delete()
    for measure in m.concepts.get().measures.all():
        measure.delete()
    m.delete()


def test_it_round_trips_events_ideas_network_and_results_through_an_empty_town(hilden):
    exported = export_municipality(hilden)
    _delete(hilden)

    import_document(exported)

    assert export_municipality(Municipality.objects.get(slug="hilden")) == exported
    assert list(Draft202012Validator(schema()).iter_errors(exported)) == []
    event, = exported["events"]
    assert event["organiser_actor"] == "kreis-me/komm-in" and event["guests_counted"] == 104
    assert [w["title"] for w in event["workshops"]] == ["Sprache", "Arbeit"]
    assert event["tallies"] == [{"category": "migration", "answer": "yes", "count": 30}]
    assert event["attending_actors"] == ["awo"] and event["fields"] == [{"concept": 1, "key": "sprache"}]
    idea, = exported["ideas"]
    assert (idea["event"], idea["workshop"], idea["status"]) == (event["uid"], 0, "accepted")
    assert [h["status"] for h in idea["status_history"]] == ["published", "accepted"]
    assert idea["measure"] == {"concept": 1, "external_id": "M-1"}
    assert exported["working_groups"][0]["members"] == ["kreis-me/komm-in", "verein"]
    assert exported["working_groups"][0]["meetings"] == [event["uid"]]
    assert exported["ties"] == [{"actor_a": "verein", "actor_b": "kreis-me/komm-in", "kind": "referral",
                                 "source": "Vertrag", "valid_from": None, "valid_to": None}]
    assert exported["measure_results"][0]["reach_by_target_group"] == {"frauen": 12}
    assert exported["integration_officers"] == [{
        "department": "sozialamt", "role": "Integrationsbeauftragte*r des Fachbereichs", "contact": "beauftragte",
        "appointed_on": "2015-01-01"}]
    assert exported["trainings"][0]["participants"] == 14
    assert exported["indicators"][0]["public"] is True
    assert next(a for a in exported["actors"] if a["external_id"] == "verein")["works_in"] == ["haan"]
    # Registrations are not carried: the imported event has every place free again.
    assert Registration.objects.count() == 0 and Event.objects.get().registrations.count() == 0


def test_its_own_export_coming_back_changes_nothing(hilden):
    exported = export_municipality(hilden)
    records = ChangeRecord.objects.count()

    summary = import_document(exported)

    assert not summary.changed and ChangeRecord.objects.count() == records
    assert Registration.objects.count() == 1 and Support.objects.count() == 1


def test_it_refuses_the_whole_document_and_names_each_bad_entry(hilden):
    exported = export_municipality(hilden)
    before = {model: model.objects.count() for model in (Event, Workshop, Idea, WorkingGroup, DeclaredTie)}
    bad = copy.deepcopy(exported)
    bad["events"][0]["title"] = "Neu"
    bad["events"][0]["fields"] = [{"concept": 1, "key": "kultur"}]
    bad["ideas"][0]["workshop"] = 5
    bad["ideas"][0]["event"] = "0b7e3cc0-3f7a-4a43-8d3a-000000000000"
    bad["ties"][0]["actor_b"] = "kreis-me/niemand"
    bad["working_groups"][0]["meetings"] = ["0b7e3cc0-3f7a-4a43-8d3a-000000000001"]
    bad["measure_results"][0]["measure"]["external_id"] = "M-9"
    bad["integration_officers"][0]["contact"] = "leitung"
    next(a for a in bad["actors"] if a["external_id"] == "verein")["works_in"] = ["ratingen"]
    bad["events"].append({**bad["events"][0], "uid": "keine-uuid"})

    with pytest.raises(ExchangeError) as caught:
        import_document(bad)

    assert caught.value.errors == [
        f"$.actors[{[a['external_id'] for a in bad['actors']].index('verein')}].works_in[0]: "
        "keine andere Stadt des Kreises in dieser Datenbank: 'ratingen' "
        "(zuerst ihr Dokument importieren)",
        "$.measure_results[0].measure: unbekannte Maßnahme 'M-9' in Konzeptversion 1",
        "$.events[1].uid: keine UUID: 'keine-uuid'",
        "$.events[0].fields[0]: unbekanntes Handlungsfeld 'kultur' in Konzeptversion 1",
        "$.ideas[0].event: unbekannte Veranstaltung '0b7e3cc0-3f7a-4a43-8d3a-000000000000'",
        "$.ideas[0].workshop: keine Arbeitsgruppe Nr. 5 dieser Veranstaltung",
        "$.working_groups[0].meetings[0]: unbekannte Veranstaltung '0b7e3cc0-3f7a-4a43-8d3a-000000000001'",
        "$.ties[0].actor_b: unbekannter Akteur 'kreis-me/niemand'",
        "$.integration_officers[0].contact: keine Ansprechperson 'leitung' dieses Fachbereichs",
    ]
    assert {model: model.objects.count() for model in before} == before
    assert Event.objects.get().title == "Integrationskonferenz"


def test_it_refuses_an_event_or_idea_another_municipality_holds(hilden):
    exported = export_municipality(hilden)
    exported["municipality"] = {"slug": "kopie", "name": "Kopie"}
    exported = {key: exported[key] for key in ("format", "municipality", "concepts", "fields_of_action", "events")}

    with pytest.raises(ExchangeError) as caught:
        import_document(exported)

    assert caught.value.errors == ["$.events[0].uid: gehört in dieser Datenbank zu einer anderen Kommune"]


def test_no_export_holds_registrants_idea_authors_supporters_commenters_or_unconsented_contacts(hilden):
    exported = export_municipality(hilden)
    text = json.dumps(exported, ensure_ascii=False)
    secrets = [*Registration.objects.values_list("token", "check_in_code").get(),
               *Idea.objects.values_list("token").get(), *Support.objects.values_list("token", "email_hash").get(),
               *Comment.objects.values_list("token", "body").get()]

    assert [value for value in PERSONAL + secrets if value in text] == []
    contacts = next(a for a in exported["actors"] if a["external_id"] == "verein")["contacts"]
    assert contacts == [
        {"key": "intern", "role": "Kasse", "publish": False},
        {"key": "leitung", "role": "Leitung", "name": "P. Öffentlich", "email": "p@verein.example", "phone": "",
         "consent_at": "2024-01-10T09:00:00+01:00", "consent_note": "", "publish": True}]


def test_it_still_reads_older_documents_with_unpublished_contacts_and_keeps_stored_names(hilden):
    exported = export_municipality(hilden)
    verein = next(a for a in exported["actors"] if a["external_id"] == "verein")

    import_document(exported)  # role only: the stored name stays
    assert ContactPerson.objects.get(key="intern").name == "Verena Verborgen"

    verein["contacts"][0].update(name="V. Neu", email="neu@verein.example", phone="0211 1")  # an older document
    import_document(exported)
    assert ContactPerson.objects.values_list("name", "email", "publish").get(key="intern") == (
        "V. Neu", "neu@verein.example", False)


def test_it_answers_any_value_anywhere_in_the_new_sections_with_problems_not_a_crash(hilden):
    from teilhabe.exchange.importer import validate_document

    from .test_exchange_robustness import paths, replaced

    exported = export_municipality(hilden)
    sections = ("events", "ideas", "working_groups", "ties", "measure_results", "integration_officers", "trainings")
    values, checked = [None, 7, "x", [{}]], 0
    # Every key of every entry, one of four values each (deeper places go through the same
    # code); each second key only, to keep the suite lean — the values take turns.
    places = [p for p in paths(exported) if (p[:1] in {(s,) for s in sections} and len(p) == 3) or "works_in" in p]
    for k, path in enumerate(places[::2]):
        problems = validate_document(replaced(exported, path, values[k % 4]))
        assert all(str(p).startswith("$") for p in problems), (path, problems)
        checked += 1
    assert checked > 25
