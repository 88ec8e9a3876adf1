"""Search words are limited at the form (maxlength) with a friendly note in the visitor's
language, and the server as the demo and docs/operations.md run it takes a request line as
long as the longest search the forms allow (no raw "URI Too Long" from gunicorn)."""
import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.utils import translation

from teilhabe.portal.views import MAX_QUERY
from tests import builders as b

REPO_DIR = Path(__file__).resolve().parents[2]
LONG_ARABIC = "ابحث عن دورة لغة ألمانية للأمهات قريبة من البيت " * 21  # about 1,000 characters


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "ar"))
    b.concept(town)
    provider = b.actor(town, "verein")
    b.offer(town, provider, "O-1", title="Deutschkurs für Mütter")
    return town


@pytest.mark.parametrize("path", ["/lindenau/offers/", "/lindenau/search/"])
@pytest.mark.parametrize("lang", ["ar", "de", "en", "tr", "uk", "ru", "fa"])
def test_it_cuts_an_overlong_search_with_a_note_in_the_visitors_language(client, town, path, lang):
    assert len(LONG_ARABIC) > 1000
    response = client.get(path, {"q": LONG_ARABIC}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(lang):
        note = translation.gettext("Ihr Suchbegriff war zu lang. Wir suchen nach den ersten %(n)s Zeichen.") % {
            "n": MAX_QUERY}
    assert note in html
    if lang != "de":
        assert "Ihr Suchbegriff war zu lang" not in html  # translated, not German
    assert LONG_ARABIC[:MAX_QUERY].strip() in html and LONG_ARABIC[:MAX_QUERY + 5] not in html


def test_it_says_nothing_about_a_search_of_allowed_length(client, town):
    html = client.get("/lindenau/offers/", {"q": LONG_ARABIC[:MAX_QUERY]}).content.decode()
    assert "zu lang" not in html


@pytest.mark.parametrize("path", ["/lindenau/", "/lindenau/offers/", "/lindenau/search/?q=kurs", "/lindenau/contact/",
                                  "/lindenau/events/", "/lindenau/ideas/"])
def test_it_limits_every_search_box_at_the_form(client, town, path):
    html = client.get(path).content.decode()
    boxes = re.findall(r'<input type="search"[^>]*>', html)
    assert boxes
    for box in boxes:
        assert f'maxlength="{MAX_QUERY}"' in box, box


def gunicorn_options(text):
    """The options after `gunicorn teilhabe.wsgi` in a shell script or a systemd unit."""
    command = re.search(r"gunicorn\"? teilhabe\.wsgi((?:[^\n]*\\\n)*[^\n]*)", text).group(1)
    return shlex.split(command.replace("\\\n", " "))


def longest_request_line():
    """The language switch on an offer search with the longest query the form allows, in
    characters of four UTF-8 bytes (12 percent-encoded), with every filter set."""
    query = "😀" * MAX_QUERY
    page = "/kreis-mettmann-langer-name/offers/?" + urlencode(
        {"q": query, "field": "interkulturelle-oeffnung-der-verwaltung", "district": "nord-west-innenstadt",
         "target_group": "gefluechtete-frauen", "language": "ckb", "page": "12"})
    switch = "/i18n/language/?" + urlencode({"next": page, "language": "ar"})
    return f"GET {switch} HTTP/1.1", switch


@pytest.mark.parametrize("source", ["scripts/demo", "docs/operations.md"])
def test_it_runs_gunicorn_with_room_for_the_longest_search(source):
    options = gunicorn_options((REPO_DIR / source).read_text(encoding="utf-8"))
    assert "--limit-request-line" in options, f"{source} leaves gunicorn at its default of 4094 bytes"
    limit = int(options[options.index("--limit-request-line") + 1])
    line, _path = longest_request_line()
    assert len(line) > 4094  # more than gunicorn's default, so the option matters
    assert limit == 0 or len(line) <= limit


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_it_answers_the_longest_search_through_gunicorn_as_the_demo_runs_it(tmp_path):
    """The real server with the demo's options: the language switch with the longest allowed
    search in `next` reaches teilhabe (a redirect), not gunicorn's "URI Too Long"."""
    options = gunicorn_options((REPO_DIR / "scripts/demo").read_text(encoding="utf-8"))
    port = free_port()
    options[options.index("--bind") + 1] = f"127.0.0.1:{port}"
    options[options.index("--workers") + 1] = "1"
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "TEILHABE_SECRET_KEY": "test-only-" + "x" * 40}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "teilhabe.wsgi", *options],
                              cwd=REPO_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _line, path = longest_request_line()
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                break
            except ConnectionRefusedError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.status == 302, f"{response.status} {response.reason}"
        # Django follows no `next` longer than 2,048 characters: back to the page, without the search.
        assert response.getheader("Location") == "/kreis-mettmann-langer-name/offers/"
    finally:
        server.terminate()
        server.wait(timeout=10)
