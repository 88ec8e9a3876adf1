"""The figures council reports are built on leave a trace: values of an indicator entered
in the form or imported, and results of measures, are in the change history with who,
when and old → new; nothing is recorded when nothing changed, an import writes one
summary per indicator, and whoever is refused a write today leaves no record either."""
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from teilhabe.monitoring.changes import indicator_history
from teilhabe.monitoring.importer import LISTED, import_statistics
from teilhabe.monitoring.models import ImportMapping, Indicator, MeasureResult, Observation
from teilhabe.municipalities import history
from teilhabe.municipalities.models import ChangeRecord
from tests import builders

pytestmark = pytest.mark.django_db

MAPPING = {"columns": {"period": "Jahr", "area": "Gebiet", "category": "Gruppe", "value": "Wert"},
           "indicators": [{"indicator": "quote", "where": {"Art": "Quote"}},
                          {"indicator": "anzahl", "where": {"Art": "Anzahl"}}]}


@pytest.fixture
def town():
    m = builders.municipality("herten")
    m.name = "Herten"
    m.save()
    north, south = builders.district(m, "01", "Nord"), builders.district(m, "02", "Süd")
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote", unit="je 1.000")
    return m, indicator, north, south


@pytest.fixture
def coordinator(town):
    return builders.user("koordination", role="coordinator", municipality=town[0])


def url(indicator, name="observations_new", *args, query=""):
    return reverse(f"monitoring:{name}", args=["herten", indicator.pk, *args]) + query


def records(obj):
    return list(ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                            object_id=obj.pk).order_by("id"))


# --- values entered in the form ------------------------------------------------------

def test_it_records_new_values_as_one_change_of_the_indicator(client, town, coordinator):
    _m, indicator, north, south = town
    client.force_login(coordinator)
    response = client.post(url(indicator), {"period": "2024", "total": "12,5", f"d{north.pk}": "1.234,5",
                                            f"d{south.pk}": ""})
    assert response.status_code == 302
    [record] = records(indicator)
    assert (record.user, record.action, record.via, record.municipality) == (coordinator, "update", "", town[0])
    assert record.changes == {"2024 · Herten": [None, "12.5"], "2024 · Nord (01)": [None, "1234.5"]}
    html = client.get(response["Location"]).content.decode()
    assert "Werte erfasst" in html and "koordination" in html
    assert "Wert 2024 · Nord (01)" in html and "1234,5" in html


def test_it_records_changed_and_cleared_values_but_not_the_unchanged_ones(client, town, coordinator):
    _m, indicator, north, south = town
    Observation.objects.create(indicator=indicator, period="2023", value=Decimal("10.25"))
    Observation.objects.create(indicator=indicator, period="2023", district=north, value=3)
    Observation.objects.create(indicator=indicator, period="2023", district=south, value=Decimal("4.5"))
    client.force_login(coordinator)
    assert client.post(url(indicator, "observations_edit", "2023"),
                       {"total": "11", f"d{north.pk}": "", f"d{south.pk}": "4,50"}).status_code == 302
    [record] = records(indicator)
    assert record.changes == {"2023 · Herten": ["10.25", "11"], "2023 · Nord (01)": ["3", None]}
    html = client.get(url(indicator, "indicator")).content.decode()
    assert "Werte geändert" in html and "10,25" in html


def test_it_names_the_category_of_a_value(client, town, coordinator):
    _m, indicator, north, _south = town
    client.force_login(coordinator)
    client.post(url(indicator), {"period": "2024-03", "category": "weiblich", f"d{north.pk}": "7"})
    assert records(indicator)[0].changes == {"2024-03 · Nord (01) · weiblich": [None, "7"]}


def test_it_records_nothing_when_the_values_stay_the_same(client, town, coordinator):
    _m, indicator, north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=Decimal("10.25"))
    Observation.objects.create(indicator=indicator, period="2023", district=north, value=3)
    client.force_login(coordinator)
    assert client.post(url(indicator, "observations_edit", "2023"),
                       {"total": "10,25", f"d{north.pk}": "3,0"}).status_code == 302
    assert records(indicator) == []


def test_it_records_the_values_of_a_deleted_period(client, town, coordinator):
    _m, indicator, north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=1)
    Observation.objects.create(indicator=indicator, period="2023", district=north, value=Decimal("2.5"))
    Observation.objects.create(indicator=indicator, period="2023", category="EU", value=3)
    client.force_login(coordinator)
    assert client.post(url(indicator, "observations_delete", "2023")).status_code == 302
    [record] = records(indicator)
    assert (record.user, record.changes) == (coordinator, {"2023 · Herten": ["1", None],
                                                           "2023 · Nord (01)": ["2.5", None]})
    assert "Werte gelöscht" in client.get(url(indicator, "indicator")).content.decode()


def test_it_shows_the_indicators_own_changes_by_their_labels_beside_the_values(client, town, coordinator):
    _m, indicator, _north, _south = town
    client.force_login(coordinator)
    client.post(url(indicator), {"period": "2024", "total": "5"})
    before = history.snapshot(indicator)
    indicator.baseline_value, indicator.baseline_period = Decimal("4"), "2024"
    indicator.save()
    history.record(indicator, user=coordinator, before=before)
    assert len(records(indicator)) == 2
    html = client.get(url(indicator, "indicator")).content.decode()
    assert '<th scope="row">Ausgangswert</th>' in html and '<th scope="row">Wert 2024 · Herten</th>' in html


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator"])
def test_it_records_nothing_for_those_who_may_not_enter_values(client, town, role):
    m, indicator, _north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=1)
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "actor_editor": lambda: builders.user(role="actor_editor", municipality=m, actor=builders.actor(m)),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            }[role]()
    client.force_login(user)
    for target in (url(indicator), url(indicator, "observations_edit", "2023"),
                   url(indicator, "observations_delete", "2023")):
        assert client.post(target, {"period": "2024", "total": "2"}).status_code == 403
    assert not ChangeRecord.objects.exists()
    assert Observation.objects.get().value == 1
    # Viewers (the council) read the indicator and its history; the others see neither.
    assert client.get(url(indicator, "indicator")).status_code == (200 if role == "viewer" else 403)


# --- the statistics import -----------------------------------------------------------

def csv(*rows):
    return "Art;Jahr;Gebiet;Gruppe;Wert\n" + "".join(";".join(row) + "\n" for row in rows)


@pytest.fixture
def two(town):
    m, quote, _north, _south = town
    count = Indicator.objects.create(municipality=m, key="anzahl", name="Anzahl")
    return m, quote, count


def test_it_writes_one_summary_per_indicator_for_an_import(two):
    m, quote, count = two
    text = csv(("Quote", "2020", "Nord", "", "1,5"), ("Quote", "2020", "Süd", "", "2"),
               ("Quote", "2021", "Herten", "", "3"), ("Anzahl", "2020", "Nord", "EU", "100"))
    summary = import_statistics(text, municipality=m, mapping=MAPPING, file_name="daten.csv", mapping_name="zahlen")
    assert summary.changes == {"quote": {"created": 3, "changed": 0, "unchanged": 0, "removed": 0},
                               "anzahl": {"created": 1, "changed": 0, "unchanged": 0, "removed": 0}}
    assert ChangeRecord.objects.count() == 2
    [record] = records(quote)
    assert (record.user, record.via, record.action) == (None, "import", "update")
    assert record.changes == {
        "import_file": [None, "daten.csv"], "import_mapping": [None, "zahlen"],
        "import_rule": [None, {"where": {"Art": "Quote"}}], "import_periods": [None, "2020–2021"],
        "values_created": [None, 3], "values_changed": [None, 0], "values_unchanged": [None, 0],
        "values_removed": [None, 0]}
    assert records(count)[0].changes["values_created"] == [None, 1]


def test_it_counts_and_names_what_a_second_import_changed(two):
    m, quote, count = two
    import_statistics(csv(("Quote", "2020", "Nord", "", "1,5"), ("Quote", "2020", "Süd", "", "2"),
                          ("Quote", "2020", "Herten", "", "3"), ("Anzahl", "2020", "Nord", "EU", "100")),
                      municipality=m, mapping=MAPPING)
    ChangeRecord.objects.all().delete()
    summary = import_statistics(csv(("Quote", "2020", "Nord", "", "1,5"), ("Quote", "2020", "Süd", "", "2,25"),
                                    ("Quote", "2021", "Nord", "", "4"), ("Anzahl", "2020", "Nord", "EU", "100")),
                                municipality=m, mapping=MAPPING)
    assert summary.changes["quote"] == {"created": 1, "changed": 1, "unchanged": 1, "removed": 1}
    # The count's values are all the same: no record for it.
    assert summary.changes["anzahl"] == {"created": 0, "changed": 0, "unchanged": 1, "removed": 0}
    assert records(count) == []
    [record] = records(quote)
    values = {name: change for name, change in record.changes.items() if " · " in name}
    assert values == {"2020 · Herten": ["3", None], "2020 · Süd (02)": ["2", "2.25"]}


def test_it_records_nothing_when_an_import_brings_the_same_values(two):
    m, _quote, _count = two
    text = csv(("Quote", "2020", "Nord", "", "1,5"), ("Anzahl", "2020", "Nord", "EU", "100"))
    import_statistics(text, municipality=m, mapping=MAPPING)
    assert ChangeRecord.objects.count() == 2
    import_statistics(text, municipality=m, mapping=MAPPING)
    assert ChangeRecord.objects.count() == 2


def test_it_names_only_the_first_changed_values_of_a_large_import(two):
    m, quote, _count = two
    rows = [("Quote", str(2000 + n // 2), "Nord" if n % 2 else "Süd", "", str(n)) for n in range(2 * LISTED)]
    import_statistics(csv(*rows), municipality=m, mapping=MAPPING)
    import_statistics(csv(*[(a, y, g, c, v + "1") for a, y, g, c, v in rows]), municipality=m, mapping=MAPPING)
    record = records(quote)[-1]
    assert record.changes["values_changed"] == [None, 2 * LISTED]
    assert sum(" · " in name for name in record.changes) == LISTED
    assert "2000 · Süd (02)" in record.changes
    assert indicator_history(quote)[0].listed_only == LISTED


def test_it_records_the_uploading_person_the_file_and_the_mapping(client, two, coordinator):
    m, quote, _count = two
    ImportMapping.objects.create(municipality=m, key="zahlen", name="Zahlen", config=MAPPING)
    client.force_login(coordinator)
    response = client.post(reverse("monitoring:upload", args=["herten"]), {
        "file": SimpleUploadedFile("statistik-2020.csv", csv(("Quote", "2020", "Nord", "", "1,5")).encode()),
        "mapping": "zahlen"})
    assert response.status_code == 200 and "Import abgeschlossen" in response.content.decode()
    [record] = records(quote)
    assert (record.user, record.changes["import_file"], record.changes["import_mapping"]) == (
        coordinator, [None, "statistik-2020.csv"], [None, "zahlen"])
    html = client.get(url(quote, "indicator")).content.decode()
    assert "Statistik importiert" in html and "Datei „statistik-2020.csv“, Zuordnung „zahlen“" in html
    assert "1 neu, 0 geändert, 0 unverändert, 0 entfernt." in html
    assert "{&quot;where&quot;: {&quot;Art&quot;: &quot;Quote&quot;}}" in html


def test_it_records_an_import_from_the_command(two, tmp_path, capsys):
    _m, quote, _count = two
    (tmp_path / "daten.csv").write_text(csv(("Quote", "2020", "Nord", "", "1,5")), encoding="utf-8")
    (tmp_path / "zuordnung.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="herten",
                 mapping=str(tmp_path / "zuordnung.json"), quiet=True)
    assert "quote: 1 (1 neu, 0 geändert, 0 unverändert, 0 entfernt)" in capsys.readouterr().out
    [record] = records(quote)
    assert (record.user, record.via, record.changes["import_file"], record.changes["import_mapping"]) == (
        None, "import", [None, "daten.csv"], [None, "zuordnung.json"])


def test_it_records_nothing_of_an_import_that_fails(two):
    m, _quote, _count = two
    with pytest.raises(Exception):
        import_statistics(csv(("Quote", "2020", "Nord", "", "1,5"), ("Quote", "2020", "Atlantis", "", "2")),
                          municipality=m, mapping=MAPPING)
    assert not ChangeRecord.objects.exists() and not Observation.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator"])
def test_it_records_nothing_for_those_who_may_not_upload(client, two, role):
    m, _quote, _count = two
    ImportMapping.objects.create(municipality=m, key="zahlen", config=MAPPING)
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "actor_editor": lambda: builders.user(role="actor_editor", municipality=m, actor=builders.actor(m)),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            }[role]()
    client.force_login(user)
    response = client.post(reverse("monitoring:upload", args=["herten"]), {
        "file": SimpleUploadedFile("x.csv", csv(("Quote", "2020", "Nord", "", "1,5")).encode()), "mapping": "zahlen"})
    assert response.status_code == 403
    assert not ChangeRecord.objects.exists() and not Observation.objects.exists()


# --- results of measures -------------------------------------------------------------

@pytest.fixture
def setting():
    m = builders.municipality("herten")
    builders.target_group(m, "eltern", de="Eltern")
    builders.target_group(m, "jugendliche", de="Jugendliche")
    actor, other = builders.actor(m, name="Familienzentrum"), builders.actor(m)
    measure = builders.measure(builders.concept(m), title="Elterncafé", status="running", responsible=actor)
    return m, actor, other, measure


def result_data(**over):
    data = {"period": "2024", "activities": "12", "people_reached": "40", "reach_eltern": "25",
            "reach_jugendliche": "", "target_group_reached": "partly", "step": "outcome",
            "outcome_notes": "Mehr Väter als erwartet."}
    data.update(over)
    return data


def result_url(measure, name="measure_result_new", *args):
    return reverse(f"monitoring:{name}", args=["herten", measure.pk, *args])


def test_it_records_a_reported_result_on_its_measure(client, setting):
    m, actor, _other, measure = setting
    user = builders.user("ehrenamt", role="actor_editor", municipality=m, actor=actor)
    client.force_login(user)
    assert client.post(result_url(measure), result_data()).status_code == 302
    [record] = records(measure)
    assert (record.user, record.action, record.municipality) == (user, "update", m)
    assert record.changes == {
        "2024 · activities": [None, 12], "2024 · people_reached": [None, 40],
        "2024 · target_group_reached": [None, "partly"], "2024 · step": [None, "outcome"],
        "2024 · outcome_notes": [None, "Mehr Väter als erwartet."], "2024 · reach · eltern": [None, 25]}
    html = client.get(result_url(measure, "measure_results")).content.decode()
    assert "Änderungsverlauf der Ergebnisse" in html and "Ergebnis 2024 berichtet" in html
    assert "davon Eltern" in html and "Wirkung bei den Teilnehmenden (Outcome)" in html and "ehrenamt" in html


def test_it_records_old_and_new_figures_of_an_edited_result(client, setting):
    m, _actor, _other, measure = setting
    user = builders.user("koordination", role="coordinator", municipality=m)
    client.force_login(user)
    client.post(result_url(measure), result_data())
    edit = result_url(measure, "measure_result_edit", "2024")
    assert client.post(edit, result_data(people_reached="41", reach_eltern="", reach_jugendliche="3",
                                         target_group_reached="yes")).status_code == 302
    record = records(measure)[-1]
    assert record.changes == {"2024 · people_reached": [40, 41], "2024 · target_group_reached": ["partly", "yes"],
                              "2024 · reach · eltern": [25, None], "2024 · reach · jugendliche": [None, 3]}
    html = client.get(edit).content.decode()
    assert "Änderungsverlauf des Ergebnisses 2024" in html and "Ergebnis 2024 geändert" in html
    assert "teilweise" in html and "davon Jugendliche" in html


def test_it_records_nothing_when_a_result_is_saved_unchanged(client, setting):
    m, _actor, _other, measure = setting
    client.force_login(builders.user(role="coordinator", municipality=m))
    client.post(result_url(measure), result_data())
    # Someone else saving the same figures changes nothing either.
    client.force_login(builders.user(role="coordinator", municipality=m))
    assert client.post(result_url(measure, "measure_result_edit", "2024"), result_data()).status_code == 302
    assert len(records(measure)) == 1


def test_it_records_the_figures_of_a_deleted_result(client, setting):
    m, _actor, _other, measure = setting
    user = builders.user(role="coordinator", municipality=m)
    client.force_login(user)
    client.post(result_url(measure), result_data(outcome_notes="", target_group_reached=""))
    assert client.post(result_url(measure, "measure_result_delete", "2024")).status_code == 302
    assert not MeasureResult.objects.exists()
    record = records(measure)[-1]
    assert (record.user, record.changes) == (user, {
        "2024 · activities": [12, None], "2024 · people_reached": [40, None], "2024 · step": ["outcome", None],
        "2024 · reach · eltern": [25, None]})
    assert "Ergebnis 2024 gelöscht" in client.get(result_url(measure, "measure_results")).content.decode()


def test_it_keeps_people_out_of_the_history_of_results(client, setting):
    m, actor, _other, measure = setting
    user = builders.user("ehrenamt", role="actor_editor", municipality=m, actor=actor)
    user.email, user.first_name = "ehrenamt@example.org", "Erika"
    user.save()
    client.force_login(user)
    client.post(result_url(measure), result_data())
    client.post(result_url(measure, "measure_result_edit", "2024"), result_data(people_reached="50"))
    text = json.dumps([r.changes for r in records(measure)], ensure_ascii=False)
    assert "entered_by" not in text and "ehrenamt" not in text and "Erika" not in text


@pytest.mark.parametrize("who", ["viewer", "other_actor", "other_coordinator"])
def test_it_records_nothing_for_those_who_may_not_report(client, setting, who):
    m, _actor, other, measure = setting
    MeasureResult.objects.create(measure=measure, period="2023", people_reached=5)
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "other_actor": lambda: builders.user(role="actor_editor", municipality=m, actor=other),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            }[who]()
    client.force_login(user)
    for target in (result_url(measure), result_url(measure, "measure_result_edit", "2023"),
                   result_url(measure, "measure_result_delete", "2023")):
        assert client.post(target, result_data(period="2023")).status_code == 403
    assert not ChangeRecord.objects.exists() and MeasureResult.objects.get().people_reached == 5
    # Viewers read the results and their history; the others do not see the measure at all.
    assert client.get(result_url(measure, "measure_results")).status_code == (200 if who == "viewer" else 403)
