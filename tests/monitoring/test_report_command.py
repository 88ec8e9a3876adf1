"""`teilhabe report SLUG --period YYYY --format pdf|html --output FILE`: the file, the
exit codes and the messages."""
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from pypdf import PdfReader

from tests.monitoring.report_data import lindenau

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return lindenau()


def run(*args):
    """The command's exit code: 0 when it returns, else its CommandError's returncode (what
    `teilhabe report` exits with; test_it_exits_with_2_in_the_console checks that path)."""
    try:
        call_command("report", *args)
    except CommandError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return error.returncode
    return 0


def test_it_writes_the_pdf(data, tmp_path, capsys):
    target = tmp_path / "bericht.pdf"
    assert run("lindenau", "--period", "2024", "--format", "pdf", "--output", str(target)) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert "Sprachförderung" in "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Evaluationsbericht 2024 für Lindenau geschrieben" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["bericht.pdf"]   # no temporary file left


def test_it_writes_a_standalone_html_file(data, tmp_path):
    target = tmp_path / "bericht.html"
    assert run("lindenau", "--period", "2024", "--format", "html", "--output", str(target)) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    # The stylesheet is inside: the file works without the server.
    assert "<style>" in html and "DejaVu Sans" in html and "<link rel=\"stylesheet\"" not in html


@pytest.mark.parametrize("args, message", [
    (["nirgendwo", "--period", "2024"], "unbekannte Kommune 'nirgendwo'"),
    (["lindenau", "--period", "24"], "Berichtszeitraum „24“ ist kein Jahr"),
    (["lindenau", "--period", "2024-05"], "Berichtszeitraum „2024-05“ ist kein Jahr"),
    (["lindenau", "--period", "2024", "--format", "docx"], "unbekanntes Format 'docx': erlaubt sind pdf und html"),
])
def test_it_refuses_bad_input_with_exit_code_2(data, tmp_path, capsys, args, message):
    target = tmp_path / "bericht.pdf"
    assert run(*args, "--output", str(target)) == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_it_refuses_an_output_it_cannot_write(data, tmp_path, capsys):
    assert run("lindenau", "--period", "2024", "--output", str(tmp_path / "fehlt" / "bericht.pdf")) == 2
    assert "gibt es nicht" in capsys.readouterr().err
    assert run("lindenau", "--period", "2024", "--output", str(tmp_path)) == 2
    assert "ist ein Verzeichnis" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_it_needs_period_and_output(capsys):
    # The argument parser refuses before anything is read.
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["teilhabe", "report", "lindenau", "--output", "x.pdf"]).execute()
    assert exit.value.code == 2
    assert "--period" in capsys.readouterr().err


def test_it_exits_with_2_in_the_console(tmp_path):
    """The real console command in its own process, on its own SQLite database."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "TEILHABE_VAR_DIR": str(tmp_path / "var")}
    teilhabe = [sys.executable, "-m", "teilhabe"]
    # The municipalities' tables are all an unknown slug is looked up in: migrating the
    # whole project here cost most of a minute.
    subprocess.run([*teilhabe, "migrate", "municipalities", "--verbosity", "0"], env=env, check=True, timeout=300)
    done = subprocess.run([*teilhabe, "report", "nirgendwo", "--period", "2024", "--output",
                           str(tmp_path / "b.pdf")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "unbekannte Kommune 'nirgendwo'" in done.stderr
    assert not (tmp_path / "b.pdf").exists()
