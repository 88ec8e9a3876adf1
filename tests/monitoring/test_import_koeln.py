"""The real Köln population statistics (a slice in tests/data/koeln-bevoelkerung, CC BY,
Stadtverwaltung Köln) through the real mapping shipped with teilhabe."""
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import Observation
from tests import builders

pytestmark = pytest.mark.django_db

# A slice of the real file, shipped with the tests (tests/data/koeln-bevoelkerung/README.md).
KOELN_CSV = Path(__file__).resolve().parents[1] / "data" / "koeln-bevoelkerung" / "bevoelkerung.csv"
MAPPING = Path(__file__).resolve().parents[2] / "teilhabe" / "monitoring" / "mappings" / "koeln-bevoelkerung.json"
BEZIRKE = {"001": "Innenstadt", "002": "Rodenkirchen", "003": "Lindenthal", "004": "Ehrenfeld", "005": "Nippes",
           "006": "Chorweiler", "007": "Porz", "008": "Kalk", "009": "Mülheim"}


@pytest.fixture(scope="module")
def koeln_csv():
    # Fail, never skip: the real file is part of the test data.
    if not KOELN_CSV.is_file():
        pytest.fail(f"{KOELN_CSV} missing: the Köln statistics are test data", pytrace=False)
    return KOELN_CSV


@pytest.fixture
def koeln():
    m = builders.municipality("koeln")
    m.name = "Köln"
    m.save()
    for key, name in BEZIRKE.items():
        builders.district(m, key=key, name=name)
    adopt_catalogue(municipality=m, keys=["anteil-auslaender", "anteil-migrationshintergrund"])
    return m


def share(numerator, denominator):
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def value(m, key, period, district_key=None):
    return Observation.objects.get(indicator__municipality=m, indicator__key=key, period=period,
                                   district__key=district_key, category="").value


def test_it_imports_both_shares_for_every_stadtbezirk_and_year(koeln, koeln_csv):
    summary = import_statistics(koeln_csv, municipality=koeln, mapping=json.loads(MAPPING.read_text()))
    # 8 years × (9 Stadtbezirke + the whole city) for each of the two indicators
    assert summary.written == {"anteil-auslaender": 80, "anteil-migrationshintergrund": 80}
    assert summary.periods == {str(year) for year in range(2005, 2013)}
    assert summary.delimiter == "," and summary.decimal == "."
    # The 86 Stadtteile are not districts here: left out and reported, not half-matched.
    assert len(summary.unmatched_areas) == 86
    assert summary.unmatched_areas["101 Altstadt/Süd"] == 8 * 3
    assert Observation.objects.filter(indicator__municipality=koeln).count() == 160


def test_it_computes_the_values_the_file_holds(koeln, koeln_csv):
    import_statistics(koeln_csv, municipality=koeln, mapping=json.loads(MAPPING.read_text()))
    # Spot checks against rows of the file (numbers copied from bevoelkerung.csv):
    # 2012 Innenstadt: Ausländer 21712, mit Migrationshintergrund 37242, Einwohner 127827
    assert value(koeln, "anteil-auslaender", "2012", "001") == share(21712, 127827) == Decimal("16.9855")
    assert value(koeln, "anteil-migrationshintergrund", "2012", "001") == share(37242, 127827)
    # 2012 Chorweiler: 14892 and 36397 of 80895
    assert value(koeln, "anteil-auslaender", "2012", "006") == share(14892, 80895)
    assert value(koeln, "anteil-migrationshintergrund", "2012", "006") == share(36397, 80895)
    # 2005 Stadt Köln (the whole municipality): 175640 and 313386 of 1023101
    assert value(koeln, "anteil-auslaender", "2005") == share(175640, 1023101)
    assert value(koeln, "anteil-migrationshintergrund", "2005") == share(313386, 1023101)


def test_it_replaces_the_periods_when_imported_again(koeln, koeln_csv):
    mapping = json.loads(MAPPING.read_text())
    import_statistics(koeln_csv, municipality=koeln, mapping=mapping)
    import_statistics(koeln_csv, municipality=koeln, mapping=mapping)
    assert Observation.objects.filter(indicator__municipality=koeln).count() == 160


def test_it_does_not_mix_up_a_stadtteil_and_a_stadtbezirk_of_the_same_name(koeln, koeln_csv):
    # Kalk is Stadtbezirk 008 and Stadtteil 802: matched by name, both would claim the
    # district; the importer names the clash instead of picking one.
    from teilhabe.lib.problems import ExchangeError

    mapping = json.loads(MAPPING.read_text())
    mapping["columns"] = {"period": "jahr", "area": "raum", "value": "zahl"}
    mapping["total_areas"] = ["Stadt Köln"]
    with pytest.raises(ExchangeError) as error:
        import_statistics(koeln_csv, municipality=koeln, mapping=mapping)
    assert any("doppelter Wert für anteil-auslaender, 2012" in e for e in error.value.errors)
    assert not Observation.objects.exists()


def test_it_refuses_the_stadtteile_unless_told_to_skip_them(koeln, koeln_csv):
    from teilhabe.lib.problems import ExchangeError

    mapping = json.loads(MAPPING.read_text())
    mapping["unmatched_areas"] = "error"
    with pytest.raises(ExchangeError) as error:
        import_statistics(koeln_csv, municipality=koeln, mapping=mapping)
    assert len(error.value.errors) == 86
    assert error.value.errors[0].startswith('Zeile ') and "„101 Altstadt/Süd“ (24 Zeilen" in error.value.errors[0]
    assert not Observation.objects.exists()
