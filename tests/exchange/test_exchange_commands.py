"""`teilhabe import`, `teilhabe export`, `teilhabe import-offers`: output and exit codes."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from teilhabe.municipalities.models import Municipality
from teilhabe.offers.models import Offer

from .documents import db_state, minimal

pytestmark = pytest.mark.django_db

TEILHABE = str(Path(sys.executable).with_name("teilhabe"))


def run(*args, stdin=None):
    """call_command with stdout and stderr captured: (returncode, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def offers_doc():
    return minimal(actors=[{"external_id": "caritas", "name": "Caritas"}],
                   offers=[{"external_id": "L-1", "provider": "caritas", "title": {"de": "Deutschkurs"}}])


def test_it_imports_a_file_and_prints_a_summary(tmp_path):
    code, out, err = run("import", write(tmp_path, "doc.json", offers_doc()))

    assert code == 0
    assert "Angebote: 1 neu, 0 geändert, 0 unverändert" in out
    assert Offer.objects.get().title == "Deutschkurs"


def test_it_exits_with_2_and_lists_every_problem_of_an_invalid_document(tmp_path):
    doc = offers_doc()
    doc["offers"][0]["provider"] = "xyz"
    doc["offers"][0]["colour"] = "blau"
    before = db_state()

    code, out, err = run("import", write(tmp_path, "doc.json", doc))

    assert code == 2
    assert err.splitlines() == [
        "$.offers[0].colour: unbekannter Schlüssel",
        "$.offers[0].provider: unbekannter Akteur 'xyz'",
        "2 Problem(e) gefunden – nichts wurde importiert.",
    ]
    assert db_state() == before and out == ""


def test_it_exits_with_2_for_a_file_that_is_not_json(tmp_path):
    code, out, err = run("import", write(tmp_path, "doc.json", '{"format": "teilhabe-exchange/1",\n  oops}'))

    assert code == 2
    assert err.splitlines()[0] == "Zeile 2, Spalte 3: kein gültiges JSON (Expecting property name enclosed in double quotes)"


def test_it_exits_with_2_as_a_real_process_for_a_file_that_is_not_json(tmp_path):
    # The exit code the shell sees; the file is refused before the database is opened.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run([TEILHABE, "import", write(tmp_path, "doc.json", "kein json")],
                            capture_output=True, text=True, env=env, timeout=120)

    assert result.returncode == 2
    assert "Zeile 1, Spalte 1: kein gültiges JSON" in result.stderr


def test_it_exits_with_2_for_a_missing_file(tmp_path):
    code, out, err = run("import", str(tmp_path / "fehlt.json"))

    assert code == 2 and "Datei nicht lesbar" in err


def test_it_reads_the_document_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(offers_doc()).encode())))

    code, out, err = run("import", "-")

    assert code == 0 and Offer.objects.count() == 1


def test_it_only_checks_with_check(tmp_path):
    code, out, err = run("import", "--check", write(tmp_path, "doc.json", offers_doc()))

    assert code == 0 and "Keine Probleme gefunden." in out
    assert not Municipality.objects.exists()


def test_it_exports_a_municipality_as_json(tmp_path):
    run("import", write(tmp_path, "doc.json", offers_doc()))

    code, out, err = run("export", "lindenau")
    code_file, _out, _err = run("export", "lindenau", "--output", str(tmp_path / "out.json"))

    assert code == 0 and code_file == 0
    exported = json.loads(out)
    assert exported["format"] == "teilhabe-exchange/1"
    assert [o["external_id"] for o in exported["offers"]] == ["L-1"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == exported


def test_it_exits_with_2_when_exporting_an_unknown_municipality():
    code, out, err = run("export", "nirgendwo")

    assert code == 2 and "unbekannte Kommune 'nirgendwo'" in err


def test_it_imports_offers_from_csv(tmp_path):
    run("import", write(tmp_path, "doc.json", offers_doc()))
    path = tmp_path / "offers.csv"
    path.write_bytes("\ufeffexternal_id;title;provider;title_en\nL-2;Sprachcafé;caritas;Language café\n".encode())

    code, out, err = run("import-offers", str(path), "--municipality", "lindenau")

    assert code == 0 and "Angebote: 1 neu" in out
    assert Offer.objects.get(external_id="L-2").translations.get().title == "Language café"


def test_it_exits_with_2_for_a_bad_csv_line(tmp_path):
    run("import", write(tmp_path, "doc.json", offers_doc()))
    before = db_state()

    code, out, err = run("import-offers", write(tmp_path, "offers.csv", "external_id,title,provider\nL-2,Kurs,xyz\n"),
                         "--municipality", "lindenau")

    assert code == 2
    assert err.splitlines()[0] == "Zeile 2, Spalte \"provider\": unbekannter Akteur 'xyz'"
    assert db_state() == before
