"""Bad input to the statistics import: each case is either handled as documented in
teilhabe/monitoring/importer.py or named with its line, and nothing is half-imported."""
from decimal import Decimal

import pytest

from teilhabe.lib.problems import ExchangeError
from teilhabe.monitoring.importer import detect_decimal, import_statistics, parse_number
from teilhabe.monitoring.models import Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db

MAPPING = {
    "columns": {"period": "Jahr", "area": "Gebiet", "category": None, "value": "Wert"},
    "indicators": [{"indicator": "quote"}],
}


@pytest.fixture
def m():
    m = builders.municipality("musterstadt")
    builders.district(m, key="nord", name="Nord")
    builders.district(m, key="sued", name="Süd")
    Indicator.objects.create(municipality=m, key="quote", name="Quote")
    return m


def values(m):
    return {(o.period, o.district.key if o.district else None): o.value
            for o in Observation.objects.filter(indicator__municipality=m).select_related("district")}


def errors(m, text, mapping=MAPPING):
    with pytest.raises(ExchangeError) as error:
        import_statistics(text, municipality=m, mapping=mapping)
    assert not Observation.objects.exists()
    return error.value.errors


def test_it_reads_semicolons_decimal_commas_and_thousands_dots(m):
    text = "Jahr;Gebiet;Wert\n2020;Nord;1.234,5\n2020;süd;12,25\n2020;Musterstadt;1.000.000\n"
    summary = import_statistics(text, municipality=m, mapping=MAPPING)
    assert (summary.delimiter, summary.decimal) == (";", ",")
    assert values(m) == {("2020", "nord"): Decimal("1234.5"), ("2020", "sued"): Decimal("12.25"),
                         ("2020", None): Decimal("1000000")}


def test_it_reads_commas_as_thousands_when_dots_are_decimals(m):
    text = 'Jahr,Gebiet,Wert\n2020,nord,"1,234.5"\n2020,sued,7.5\n2021,sued,1 234\n'
    summary = import_statistics(text, municipality=m, mapping=MAPPING)
    assert summary.decimal == "."
    assert values(m) == {("2020", "nord"): Decimal("1234.5"), ("2020", "sued"): Decimal("7.5"),
                         ("2021", "sued"): Decimal("1234")}


def test_it_reads_tabs_and_months(m):
    import_statistics("Jahr\tGebiet\tWert\n2020-03\tNord\t5\n", municipality=m, mapping=MAPPING)
    assert values(m) == {("2020-03", "nord"): Decimal(5)}


def test_it_leaves_out_missing_value_markers_and_counts_them(m):
    text = "Jahr;Gebiet;Wert\n2020;Nord;-\n2020;Süd;.\n2021;Nord;\n2021;Süd;3\n"
    summary = import_statistics(text, municipality=m, mapping=MAPPING)
    assert summary.missing == 3
    assert values(m) == {("2021", "sued"): Decimal(3)}


def test_it_names_the_line_of_text_where_a_number_belongs(m):
    text = "Jahr;Gebiet;Wert\n2020;Nord;5\n2020;Süd;fünf\n2021;Nord;1.2.3,4,5\n"
    assert errors(m, text) == ['Zeile 3, Spalte "Wert": „fünf“ ist keine Zahl',
                               'Zeile 4, Spalte "Wert": „1.2.3,4,5“ ist keine Zahl']


def test_it_names_a_wrong_delimiter(m):
    mapping = dict(MAPPING, delimiter=",")
    found = errors(m, "Jahr;Gebiet;Wert\n2020;Nord;5\n", mapping)
    assert found[0].startswith('Zeile 1, Spalte "Jahr": Spalte fehlt; gefunden: „Jahr;Gebiet;Wert“')
    assert "falsches Trennzeichen" in found[0]
    assert len(found) == 3


def test_it_names_a_row_with_too_many_fields(m):
    assert errors(m, "Jahr;Gebiet;Wert\n2020;Nord;5\n2021;Nord;5;6\n") == [
        "Zeile 3: 4 Felder statt 3 wie in der Kopfzeile"]


def test_it_names_unknown_areas_with_their_first_line(m):
    text = "Jahr;Gebiet;Wert\n2020;Nord;5\n2020;West;6\n2021;West;7\n2021;Ost;8\n"
    assert errors(m, text) == [
        'Zeile 3, Spalte "Gebiet": unbekanntes Gebiet „West“ (2 Zeilen; erste hier) – als Stadtteil anlegen '
        'oder "unmatched_areas": "skip"',
        'Zeile 5, Spalte "Gebiet": unbekanntes Gebiet „Ost“ (1 Zeilen; erste hier) – als Stadtteil anlegen '
        'oder "unmatched_areas": "skip"']


def test_it_skips_unknown_areas_when_told_and_reports_them(m):
    text = "Jahr;Gebiet;Wert\n2020;Nord;5\n2020;West;6\n"
    summary = import_statistics(text, municipality=m, mapping=dict(MAPPING, unmatched_areas="skip"))
    assert summary.unmatched_areas == {"West": 1}
    assert "West (1)" in str(summary)
    assert values(m) == {("2020", "nord"): Decimal(5)}


def test_it_counts_an_identical_duplicate_once_and_refuses_a_conflicting_one(m):
    summary = import_statistics("Jahr;Gebiet;Wert\n2020;Nord;5\n2020;nord;5,0\n", municipality=m, mapping=MAPPING)
    assert summary.duplicates == 1 and summary.written == {"quote": 1}
    Observation.objects.all().delete()
    assert errors(m, "Jahr;Gebiet;Wert\n2020;Nord;5\n2020;Nord;6\n") == [
        'Zeile 3, Spalte "Wert": doppelter Wert für quote, 2020 – anders als in Zeile 2']


def test_it_names_a_period_that_is_no_year(m):
    assert errors(m, "Jahr;Gebiet;Wert\n31.12.2020;Nord;5\n") == [
        'Zeile 2, Spalte "Jahr": „31.12.2020“ ist kein Zeitraum (JJJJ oder JJJJ-MM)']


def test_it_refuses_mixed_decimal_styles(m):
    found = errors(m, "Jahr;Gebiet;Wert\n2020;Nord;1,5\n2020;Süd;1.5\n")
    assert found == ['Datei: uneinheitliches Zahlenformat: Zeile 2 hat Dezimalkomma, Zeile 3 Dezimalpunkt; '
                     'in der Zuordnung "decimal" angeben']


def test_it_keeps_existing_values_when_an_import_fails(m):
    import_statistics("Jahr;Gebiet;Wert\n2020;Nord;5\n", municipality=m, mapping=MAPPING)
    with pytest.raises(ExchangeError):
        import_statistics("Jahr;Gebiet;Wert\n2020;Nord;6\n2020;Süd;x7\n", municipality=m, mapping=MAPPING)
    assert values(m) == {("2020", "nord"): Decimal(5)}


def test_it_computes_shares_and_names_missing_or_zero_denominators(m):
    mapping = dict(MAPPING, columns={"period": "Jahr", "area": "Gebiet", "value": "Wert", "category": "Art"},
                   indicators=[{"indicator": "quote", "where": {"Art": "Ausländer"},
                                "denominator": {"Art": "Einwohner"}}])
    mapping["columns"]["category"] = None
    ok = "Jahr;Gebiet;Art;Wert\n2020;Nord;Ausländer;25\n2020;Nord;Einwohner;200\n2020;Süd;Ausländer;1\n2020;Süd;Einwohner;3\n"
    import_statistics(ok, municipality=m, mapping=mapping)
    assert values(m) == {("2020", "nord"): Decimal("12.5"), ("2020", "sued"): Decimal("33.3333")}
    Observation.objects.all().delete()
    bad = "Jahr;Gebiet;Art;Wert\n2020;Nord;Ausländer;25\n2020;Süd;Ausländer;1\n2020;Süd;Einwohner;0\n"
    assert errors(m, bad, mapping) == ["Zeile 2: kein Nenner für quote in diesem Zeitraum und Gebiet",
                                       'Zeile 4, Spalte "Wert": Nenner 0 für quote']


def test_it_names_what_is_wrong_in_the_mapping(m):
    mapping = {"columns": {"period": "Jahr", "wert": "Wert"}, "decimal": ";", "indicators": [{"indicator": "gibts-nicht"}]}
    assert errors(m, "Jahr;Wert\n2020;5\n", mapping) == [
        "Zuordnung, columns.value: Spaltenname fehlt",
        "Zuordnung, columns: unbekannte Rolle(n): wert",
        'Zuordnung, decimal: erlaubt sind ",", "." oder null',
        "Zuordnung, indicators[0].indicator: unbekannter Indikator 'gibts-nicht' in Musterstadt"]


def test_it_reads_windows_1252_files(m):
    import_statistics("Jahr;Gebiet;Wert\n2020;Süd;1,5\n".encode("cp1252"), municipality=m, mapping=MAPPING)
    assert values(m) == {("2020", "sued"): Decimal("1.5")}


@pytest.mark.parametrize("raw, decimal, expected", [
    ("1.234,5", ",", Decimal("1234.5")), ("1,234.5", ".", Decimal("1234.5")), ("-3,5", ",", Decimal("-3.5")),
    ("1 234 567", ",", Decimal(1234567)), ("1'234", ".", Decimal(1234)), ("12.34", ",", None),
    ("1,2345", ".", None), ("abc", ",", None), ("1e5", ".", None), ("", ".", None),
])
def test_it_parses_numbers_strictly(raw, decimal, expected):
    assert parse_number(raw, decimal) == expected


def test_it_detects_the_decimal_separator():
    assert detect_decimal([(2, "1.234.567"), (3, "12")]) == ","
    assert detect_decimal([(2, "1.234"), (3, "12")]) == "."
    assert detect_decimal([(2, "1,5")]) == ","
    assert detect_decimal([(2, "1,234.5"), (3, "7")]) == "."
