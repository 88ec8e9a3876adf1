"""Private links never reach the log: every line through the log handler has the secret
part of a private path masked (Django's request and security loggers, gunicorn's), and a
refused request is one line, not a traceback. Captured from the real handler on real
requests."""
import io
import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from teilhabe.lib.logfilter import mask
from teilhabe.participation.models import Registration
from tests import builders as b
from tests.participation import builders as pb


@pytest.fixture
def log():
    """What the configured handler (LOGGING's console) writes during the test."""
    # pytest's own capturing handlers are subclasses; LOGGING's console is the plain class.
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    # Swapped directly, not with setStream(), which flushes the old stream first: in a full
    # run the handler may still hold a stream pytest's capturing has closed since.
    old, handler.stream = handler.stream, stream
    yield stream
    handler.stream = old


@pytest.fixture
def registration(db):
    m = pb.town()
    return Registration.objects.create(event=pb.event(m), name="Ada Lovelace", email="ada@example.org",
                                       status="registered", consent_at=timezone.now())


def test_it_masks_the_token_of_a_method_not_allowed(client, registration, log):
    assert client.get(f"/p/r/{registration.token}/cancel/").status_code == 405
    lines = log.getvalue().splitlines()
    assert lines == ["Method Not Allowed (GET): /p/r/***/cancel/"]


def test_it_masks_the_token_of_a_csrf_refusal_in_one_line(registration, log):
    response = Client(enforce_csrf_checks=True).post(f"/p/r/{registration.token}/delete/")
    assert response.status_code == 403
    assert log.getvalue().splitlines() == ["Forbidden (CSRF cookie not set.): /p/r/***/delete/"]
    assert Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.parametrize("path", ["/p/i/{t}/", "/p/s/{t}/", "/p/c/{t}/", "/p/r/{t}/export.json",
                                  "/password/set/MQ/{t}/"])
def test_it_masks_unknown_private_links(client, db, log, path):
    token = "u8Yp1XgS0vTq-geheim_Zz"
    client.get(path.format(t=token))
    text = log.getvalue()
    assert token not in text
    if "password" not in path:  # an unknown reset link is redirected, not logged
        assert "/***/" in text


def test_it_logs_a_refused_request_as_one_line_without_traceback(client, db, log):
    town = b.municipality("herten")
    client.force_login(b.user(role="viewer", municipality=town))
    response = client.post("/backoffice/herten/offers/new/")
    assert response.status_code == 403
    lines = log.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Forbidden (Permission denied): /backoffice/herten/")
    assert "Traceback" not in log.getvalue()


def test_it_masks_gunicorn_lines_too(log):
    logging.getLogger("gunicorn.error").error("Error handling request %s", "/p/r/AbC123-secret/delete/")
    logging.getLogger("gunicorn.access").info('127.0.0.1 "GET /p/i/AbC123-secret/ HTTP/1.1" 200')
    assert log.getvalue().splitlines() == ["Error handling request /p/r/***/delete/",
                                           '127.0.0.1 "GET /p/i/***/ HTTP/1.1" 200']


def test_it_masks_the_text_of_a_traceback_of_a_server_error(log):
    try:
        raise ValueError("no row for /p/c/AbC123-secret/")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: %s", "/p/c/AbC123-secret/",
                                                      extra={"status_code": 500})
    text = log.getvalue()
    assert "Traceback" in text and "AbC123-secret" not in text and "no row for /p/c/***/" in text


def _routes(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.pattern.converters


def test_it_masks_every_address_that_carries_a_token():
    import re

    secret = "Zz9-Token_Geheim"
    with_token = [(route, conv) for route, conv in _routes(get_resolver().url_patterns) if "token" in conv]
    assert len(with_token) >= 11
    for route, _conv in with_token:
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: secret if m.group(1) == "token" else "MQ", route)
        assert secret not in mask(f"GET {path} 200"), route


def test_it_masks_what_a_real_gunicorn_writes(tmp_path):
    """gunicorn's own handlers are replaced by LOGGING's in each worker: its access log (off
    in production, on here to see it) and Django's lines reach standard error masked."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path)}
    server = subprocess.Popen([str(gunicorn), "teilhabe.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--no-control-socket", "--error-logfile", "-", "--access-logfile", "-"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    secret = "Gunicorn-Geheim-42"
    try:
        deadline = time.monotonic() + 60
        codes = []
        for method, path in [("GET", f"/p/r/{secret}/cancel/"), ("POST", f"/p/r/{secret}/delete/")]:
            while True:
                try:
                    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method),
                                           timeout=10)
                except urllib.error.HTTPError as error:
                    codes.append(error.code)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.3)
        assert codes == [405, 403]
        time.sleep(0.5)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert secret not in output
    assert "Method Not Allowed (GET): /p/r/***/cancel/" in output
    assert "Forbidden (CSRF cookie not set.): /p/r/***/delete/" in output
    assert '"POST /p/r/***/delete/ HTTP/1.1" 403' in output
