"""A NUL character in a statistics file or mapping is refused on every database, naming
line and column; a deeply nested file ends in a message, never a traceback or a 500."""
import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from teilhabe.lib.problems import ExchangeError
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import ImportMapping, Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db

MAPPING = {"columns": {"period": "Jahr", "area": "Gebiet", "category": "Art", "value": "Wert"},
           "indicators": [{"indicator": "quote"}]}
NESTED = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def m():
    m = builders.municipality("musterstadt")
    builders.district(m, key="nord", name="Nord")
    Indicator.objects.create(municipality=m, key="quote", name="Quote")
    ImportMapping.objects.create(municipality=m, key="quote", name="Quote", config=MAPPING)
    return m


def test_it_refuses_a_nul_in_a_cell_naming_line_and_column(m):
    text = "Jahr;Gebiet;Art;Wert\n2020;Nord;;1\n2021;Nord;Fra\x00uen;2\n2022;No\x00rd;;3\n"
    with pytest.raises(ExchangeError) as error:
        import_statistics(text, municipality=m, mapping=MAPPING)
    assert error.value.errors == ['Zeile 3, Spalte "Art": enthält ein Nullzeichen',
                                  'Zeile 4, Spalte "Gebiet": enthält ein Nullzeichen']
    assert not Observation.objects.exists()


def test_it_refuses_a_nul_in_the_header(m):
    with pytest.raises(ExchangeError) as error:
        import_statistics("Jahr;Gebiet;Art;Wert;No\x00tiz\n2020;Nord;;1;\n", municipality=m, mapping=MAPPING)
    assert error.value.errors == ['Zeile 1, Spalte "No\\u0000tiz": enthält ein Nullzeichen']


@pytest.mark.parametrize("content, expected", [
    (json.dumps({**MAPPING, "missing": ["-", "\x00"]}), "Zuordnung nicht lesbar: $.missing[1]: enthält ein Nullzeichen"),
    (NESTED, "Zuordnung nicht lesbar: zu tief verschachtelt"),
    ("[" * 40 + "]" * 40, "Zuordnung nicht lesbar: $[0]"),
])
def test_the_command_refuses_such_a_mapping_file_with_exit_code_2(m, tmp_path, content, expected):
    (tmp_path / "daten.csv").write_text("Jahr;Gebiet;Art;Wert\n2020;Nord;;1\n", encoding="utf-8")
    (tmp_path / "zuordnung.json").write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import-statistics", str(tmp_path / "daten.csv"), municipality="musterstadt",
                     mapping=str(tmp_path / "zuordnung.json"), save_mapping="neu", quiet=True)
    assert error.value.returncode == 2 and str(error.value).startswith(expected)
    assert not Observation.objects.exists() and not ImportMapping.objects.filter(key="neu").exists()


@pytest.mark.parametrize("content, expected", [
    ("Jahr;Gebiet;Art;Wert\n2020;Nord;\x00;1\n", 'Zeile 2, Spalte "Art": enthält ein Nullzeichen'),
    (NESTED, "Zeile 1"),
])
def test_the_back_office_upload_names_the_problem(client, m, content, expected):
    client.force_login(builders.user(role="coordinator", municipality=m))
    response = client.post(reverse("monitoring:upload", args=["musterstadt"]), {
        "file": SimpleUploadedFile("daten.csv", content.encode(), content_type="text/csv"), "mapping": "quote"})
    assert response.status_code == 200
    assert expected in unescape(response.content.decode())
    assert not Observation.objects.exists()
