"""A NUL character anywhere in an imported document or CSV file is refused on every
database, naming where it is (SQLite would store it, PostgreSQL refuses it), and a
document nested too deep ends in exit code 2 with one line, not a traceback."""
import json
import os
import subprocess

import pytest

from teilhabe.exchange.csv_offers import import_offers_csv
from teilhabe.exchange.importer import import_document
from teilhabe.exchange.validate import ExchangeError

MAX_DEPTH = 32

from .documents import contract_example, db_state, minimal
from .test_exchange_commands import TEILHABE, offers_doc, run, write

pytestmark = pytest.mark.django_db


def problems(doc):
    before = db_state()
    with pytest.raises(ExchangeError) as error:
        import_document(doc)
    assert db_state() == before
    return error.value.errors


def test_it_refuses_a_nul_in_a_string_naming_its_path():
    doc = offers_doc()
    doc["offers"][0]["title"]["de"] = "Deutsch\x00kurs"
    doc["actors"][0]["name"] = "\x00"

    assert problems(doc) == ["$.actors[0].name: enthält ein Nullzeichen",
                             "$.offers[0].title.de: enthält ein Nullzeichen"]


def test_it_refuses_a_nul_in_a_key_and_in_a_list_and_shows_it_escaped():
    doc = offers_doc()
    doc["offers"][0]["title"]["e\x00n"] = "German course"
    doc["offers"][0]["languages"] = ["de", "a\x00r"]

    found = problems(doc)
    assert "$.offers[0].title['e\\u0000n']: Schlüssel enthält ein Nullzeichen" in found
    assert "$.offers[0].languages[1]: enthält ein Nullzeichen" in found
    assert not any("\x00" in line for line in found)


def test_it_refuses_a_nul_in_the_municipality_before_it_looks_it_up():
    # The slug is looked up in the database: PostgreSQL cannot even compare it.
    doc = minimal()
    doc["municipality"]["slug"] = "linden\x00au"
    assert problems(doc) == ["$.municipality.slug: enthält ein Nullzeichen"]


def test_it_finds_nothing_to_refuse_in_the_full_example():
    doc = contract_example()
    doc["municipality"]["parent"] = None
    assert import_document(doc).created("offers") == 1


def test_the_import_command_exits_with_2_naming_the_path(tmp_path):
    doc = offers_doc()
    doc["offers"][0]["place"] = {"street": "Markt\x00straße 5"}
    before = db_state()

    code, out, err = run("import", write(tmp_path, "doc.json", doc))

    assert code == 2
    assert err.splitlines() == ["$.offers[0].place.street: enthält ein Nullzeichen",
                                "1 Problem(e) gefunden – nichts wurde importiert."]
    assert db_state() == before


def test_it_refuses_a_nul_in_a_csv_cell_naming_line_and_column(tmp_path):
    import_document(offers_doc())
    before = db_state()
    text = ("external_id;title;provider;street;districts;published\n"
            "L-2;Kurs;caritas;;;ja\n"
            "L-3;Sprach\x00café;caritas;Markt 1\x00;;ja\n"
            "L-4;Kurs;caritas;;a\x00;j\x00\n")

    with pytest.raises(ExchangeError) as error:
        import_offers_csv(text, municipality="lindenau")

    found = error.value.errors
    assert 'Zeile 3, Spalte "title": enthält ein Nullzeichen' in found
    assert 'Zeile 3, Spalte "street": enthält ein Nullzeichen' in found
    assert 'Zeile 4, Spalte "districts": enthält ein Nullzeichen' in found
    assert 'Zeile 4, Spalte "published": \'j\\u0000\' ist weder ja noch nein' in found
    assert not any("\x00" in line for line in found)
    assert db_state() == before


def test_it_refuses_a_nul_in_a_csv_header():
    import_document(offers_doc())
    with pytest.raises(ExchangeError) as error:
        import_offers_csv("external_id,title,provider,co\x00st\nL-2,Kurs,caritas,\n", municipality="lindenau")
    assert error.value.errors == ['Zeile 1, Spalte "co\\u0000st": unbekannte Spalte']


def test_the_import_offers_command_exits_with_2(tmp_path):
    run("import", write(tmp_path, "doc.json", offers_doc()))
    before = db_state()

    code, out, err = run("import-offers", write(tmp_path, "o.csv", "external_id,title,provider\nL-2,K\x00,caritas\n"),
                         "--municipality", "lindenau")

    assert code == 2
    assert err.splitlines()[0] == 'Zeile 2, Spalte "title": enthält ein Nullzeichen'
    assert db_state() == before


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_a_deeply_nested_document_is_refused_with_one_line(tmp_path, depth):
    code, out, err = run("import", write(tmp_path, "doc.json", nested(depth)))

    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2 and "zu tief verschachtelt (mehr als 32 Ebenen)" in lines[0]


def test_a_deeply_nested_value_inside_a_document_is_refused():
    doc = offers_doc()
    doc["offers"][0]["title"] = {"de": json.loads(nested(500))}

    found = problems(doc)
    assert len(found) == 1 and found[0].endswith(": zu tief verschachtelt (mehr als 32 Ebenen)")
    assert found[0].startswith("$.offers[0].title.de[0][0]")


def test_a_deeply_nested_document_as_a_real_process_gives_no_traceback(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    for command in (["import"], ["import", "--check"]):
        result = subprocess.run([TEILHABE, *command, write(tmp_path, "doc.json", nested(100_000))],
                                capture_output=True, text=True, env=env, timeout=120)

        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0] == "Datei: zu tief verschachtelt (mehr als 32 Ebenen)"
