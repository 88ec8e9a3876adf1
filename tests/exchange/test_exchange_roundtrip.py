"""export → import → export gives the same document."""
import datetime
import io
import json
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from teilhabe.actors.models import ContactPerson
from teilhabe.exchange.exporter import export_municipality, write_document
from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.exchange.validate import schema
from teilhabe.monitoring.models import Indicator, Observation
from teilhabe.municipalities.models import ChangeRecord, Language, Municipality
from teilhabe.offers.models import OfferTranslation
from teilhabe.strategy import actions
from teilhabe.strategy.models import GuidelineSection, Measure
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def herne():
    """A municipality with a bit of everything, made the way the back office makes it."""
    kreis = builders.municipality("kreis-re", kind="kreis")
    m = builders.municipality("herne", parent=kreis, languages=("de", "en", "ar", "tr"))
    m.office_name, m.office_email = "Kommunales Integrationszentrum", "ki@herne.example"
    m.transit_planner_url = "https://efa.example/trip?name_destination={lon}:{lat}:WGS84"
    m.save()
    nord, sued = builders.district(m, "nord"), builders.district(m, "sued")
    frauen = builders.target_group(m, "frauen", de="Frauen", en="Women")
    vaeter = builders.target_group(m, "vaeter", de="Väter")
    v1 = builders.concept(m, version=1, title="Gesamtkonzept 2013", period_start=2013, period_end=2018,
                          summary="Sechs Handlungsfelder.")
    GuidelineSection.objects.create(concept=v1, position=0, title="I Verständnis", body="<p>Teilhabe</p>")
    GuidelineSection.objects.create(concept=v1, position=1, title="II Grundsätze", body="<ul><li>a</li></ul>")
    arbeit, bildung = builders.field(v1, "arbeit", "Ausbildung und Arbeit"), builders.field(v1, "bildung")
    goal = builders.goal(v1, "g-arbeit", field=arbeit, title="Mehr Ausbildung")
    builders.goal(v1, "g-praktika", field=arbeit, parent=goal, kind="operational", title="Praktika")
    awo, ditib = builders.actor(m, "awo", name="AWO Herne"), builders.actor(m, "ditib", name="DITIB")
    awo.districts.set([nord])
    awo.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    builders.contact(awo, "leitung", role="Leitung", name="A. Beispiel", email="a@awo.example",
                     consent_at=datetime.datetime(2024, 1, 10, 8, 0, tzinfo=datetime.UTC), publish=True)
    builders.contact(awo, "buero", role="Büro", consent_note="")
    measure = builders.measure(v1, "M-001", title="Vätergruppen", responsible=awo, budget="12000.00",
                               start_date=datetime.date(2014, 8, 1), funding_source="Land")
    measure.partner_actors.set([ditib])
    measure.target_groups.set([vaeter])
    measure.districts.set([sued])
    measure.fields.set([bildung])
    measure.goals.set([goal])
    actions.change_measure_status(measure=measure, to_status="running", user=None,
                                  changed_on=datetime.date(2015, 1, 15), note="Start")
    builders.measure(v1, "M-002", title="Intern", is_public=False)
    v2 = actions.start_new_version(concept=v1, user=None, title="Fortschreibung 2019")
    actions.adopt_concept(concept=v2, user=None, adopted_on=datetime.date(2019, 11, 17),
                          adopted_by="Rat der Stadt Herne")
    offer = builders.offer(m, awo, "A-1", title="Deutschkurs", field=v2.fields.get(key="arbeit"),
                           description="Für Frauen",
                           schedule="montags", place_name="Pluto", website="https://awo.example/kurs",
                           latitude="51.538012", longitude="-7.223000", by_appointment=True, closed_on_holidays=False,
                           opening_hours=[{"day": "Mo", "opens": "09:00", "closes": "12:00"},
                                          {"day": "Mo", "opens": "13:00", "closes": "15:30"}],
                           closing_days=["2026-12-24"])
    offer.target_groups.set([frauen])
    offer.districts.set([nord, sued])
    offer.languages.set(m.languages.filter(code__in=["de", "ar"]))
    for code, title in (("en", "German course"), ("ar", "دورة ألمانية")):
        OfferTranslation.objects.create(offer=offer, language=m.languages.get(code=code), title=title,
                                        description="", source_revision=offer.text_revision)
    offer.title = "Deutschkurs für Frauen"  # the translations are now outdated
    offer.save()
    OfferTranslation.objects.filter(language__code="ar").update(source_revision=offer.text_revision)
    builders.offer(m, ditib, "A-2", title="Hausaufgabenhilfe", is_published=False)
    quote = Indicator.objects.create(
        municipality=m, key="quote", name="Ausbildungsquote", unit="%", breakdowns=["district"],
        baseline_value="41.5", baseline_period="2013", target_value="50", target_period="2025", position=0)
    quote.goals.set([goal, v2.goals.get(key="g-arbeit")])
    for period, district, value in (("2013", None, "41.5"), ("2013", nord, "38.25"), ("2019-06", None, "44.125")):
        Observation.objects.create(indicator=quote, period=period, district=district, value=value)
    Indicator.objects.create(municipality=m, key="saldo", name="Wanderungssaldo", direction="lower", position=1)
    return m


def test_it_round_trips_through_an_empty_municipality(herne):
    exported = export_municipality(herne)
    exported["municipality"]["slug"] = "herne-kopie"

    import_document(exported)
    again = export_municipality(Municipality.objects.get(slug="herne-kopie"))

    assert again == exported
    assert len(exported["concepts"]) == 2 and exported["concepts"][1]["predecessor"] == 1
    offer = next(o for o in exported["offers"] if o["external_id"] == "A-1")
    assert offer["outdated_translations"] == ["en"] and offer["title"]["ar"] == "دورة ألمانية"
    assert (offer["place"]["latitude"], offer["place"]["longitude"]) == (51.538012, -7.223)
    assert offer["opening_hours"] == {"hours": [{"day": "Mo", "opens": "09:00", "closes": "12:00"},
                                                {"day": "Mo", "opens": "13:00", "closes": "15:30"}],
                                      "by_appointment": True, "closed_on_holidays": False,
                                      "closing_days": ["2026-12-24"]}
    assert exported["municipality"]["transit_planner_url"].endswith("{lon}:{lat}:WGS84")
    assert any(f["predecessor"] == "arbeit" for f in exported["fields_of_action"])
    assert any(g["parent"] == "g-arbeit" and g["concept"] == 2 for g in exported["goals"])
    measure = next(x for x in exported["measures"] if x["external_id"] == "M-001" and x["concept"] == 2)
    assert measure["predecessor"] == "M-001" and measure["partner_actors"] == ["ditib"]
    assert [c["key"] for c in next(a for a in exported["actors"] if a["external_id"] == "awo")["contacts"]] == [
        "buero", "leitung"]
    assert exported["indicators"][0] == {
        "key": "quote", "name": "Ausbildungsquote", "definition": "", "unit": "%", "numerator": "",
        "denominator": "", "source": "", "direction": "higher", "breakdowns": ["district"],
        "goals": [{"concept": 1, "key": "g-arbeit"}, {"concept": 2, "key": "g-arbeit"}],
        "baseline_value": "41.5000", "baseline_period": "2013", "target_value": "50.0000", "target_period": "2025",
        "catalogue_key": "", "position": 0, "public": False,
        "values": [{"period": "2013", "district": None, "category": "", "value": "41.5000"},
                   {"period": "2013", "district": "nord", "category": "", "value": "38.2500"},
                   {"period": "2019-06", "district": None, "category": "", "value": "44.1250"}]}
    assert exported["indicators"][1]["values"] == []


def test_it_round_trips_after_the_municipality_was_deleted(herne):
    exported = export_municipality(herne)
    Measure.objects.filter(concept__municipality=herne).delete()
    herne.offers.all().delete()
    herne.delete()

    import_document(exported)

    assert export_municipality(Municipality.objects.get(slug="herne")) == exported
    assert ContactPerson.objects.get(key="leitung").publish


def test_it_changes_nothing_when_its_own_export_comes_back(herne):
    exported = export_municipality(herne)
    records = ChangeRecord.objects.count()

    summary = import_document(exported)

    assert not summary.changed
    assert ChangeRecord.objects.count() == records
    assert export_municipality(herne) == exported


def test_it_exports_documents_that_fit_the_schema_and_survive_json(herne):
    exported = export_municipality(herne)

    assert list(Draft202012Validator(schema()).iter_errors(exported)) == []
    assert json.loads(json.dumps(exported)) == exported



def test_it_replaces_an_indicators_values_and_names_each_bad_one(herne):
    exported = export_municipality(herne)
    values = exported["indicators"][0]["values"]
    values[1]["value"] = "39"
    del values[2]

    import_document(exported)

    assert sorted(Observation.objects.filter(indicator__key="quote").values_list("period", "value")) == [
        ("2013", Decimal("39")), ("2013", Decimal("41.5"))]
    exported["indicators"][0]["values"] = [{"period": "2013", "district": "west", "value": "1"},
                                           {"period": "13", "value": "1"}, {"period": "2014", "value": "101"},
                                           {"period": "2015", "value": "x"}]
    exported["indicators"][0]["goals"].append({"concept": 2, "key": "g-7"})
    with pytest.raises(ExchangeError) as caught:
        import_document(exported)
    assert caught.value.errors == [
        "$.indicators[0].goals[2]: unbekanntes Ziel 'g-7' in Version 2",
        "$.indicators[0].values[0].district: unbekannter Stadtteil 'west'",
        "$.indicators[0].values[1].period: Jahr (JJJJ) oder Monat (JJJJ-MM).",
        "$.indicators[0].values[2].value: Ein Anteil liegt zwischen 0 und 100 % (hier 101).",
        "$.indicators[0].values[3].value: keine Zahl mit höchstens 4 Nachkommastellen: x",
    ]
    assert Observation.objects.filter(indicator__key="quote").count() == 2


def test_its_streamed_text_is_the_json_of_the_document(herne):
    for m in (herne, builders.municipality("leer")):
        out = io.StringIO()
        write_document(m, out)
        assert out.getvalue() == json.dumps(export_municipality(m), ensure_ascii=False, indent=2) + "\n"
