import json

import pytest
from django.core.management import CommandError, call_command

from teilhabe.monitoring.models import ImportMapping, Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db

MAPPING = {"columns": {"period": "Jahr", "area": "Gebiet", "value": "Wert"}, "indicators": [{"indicator": "quote"}]}


@pytest.fixture
def m():
    m = builders.municipality("musterstadt")
    builders.district(m, key="nord", name="Nord")
    Indicator.objects.create(municipality=m, key="quote", name="Quote")
    return m


def test_it_imports_with_a_mapping_file_and_saves_it_for_next_time(m, tmp_path, capsys):
    (tmp_path / "daten.csv").write_text("Jahr;Gebiet;Wert\n2020;Nord;1,5\n", encoding="utf-8")
    (tmp_path / "zuordnung.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="musterstadt",
                 mapping=str(tmp_path / "zuordnung.json"), save_mapping="bevoelkerung", quiet=True)
    assert "1 Messwerte importiert" in capsys.readouterr().out
    assert ImportMapping.objects.get(municipality=m, key="bevoelkerung").config == MAPPING
    (tmp_path / "daten.csv").write_text("Jahr;Gebiet;Wert\n2020;Nord;2,5\n", encoding="utf-8")
    call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="musterstadt",
                 mapping="bevoelkerung", quiet=True)
    assert [str(o.value) for o in Observation.objects.all()] == ["2.5000"]


def test_it_exits_with_2_and_the_lines_on_bad_input(m, tmp_path, capsys):
    (tmp_path / "daten.csv").write_text("Jahr;Gebiet;Wert\n2020;Nord;viel\n", encoding="utf-8")
    (tmp_path / "zuordnung.json").write_text(json.dumps(MAPPING), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="musterstadt",
                     mapping=str(tmp_path / "zuordnung.json"), save_mapping="x", quiet=True)
    assert error.value.returncode == 2
    assert 'Zeile 2, Spalte "Wert": „viel“ ist keine Zahl' in capsys.readouterr().err
    assert not Observation.objects.exists() and not ImportMapping.objects.exists()


def test_it_refuses_an_unknown_mapping_or_municipality(m, tmp_path):
    (tmp_path / "daten.csv").write_text("Jahr;Gebiet;Wert\n", encoding="utf-8")
    with pytest.raises(CommandError, match="weder eine Datei"):
        call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="musterstadt", mapping="nix")
    with pytest.raises(CommandError, match="unbekannte Kommune"):
        call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="nirgendwo", mapping="nix")
