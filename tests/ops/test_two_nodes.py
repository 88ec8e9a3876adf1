"""Two app nodes — two gunicorn processes, each with its own TEILHABE_VAR_DIR (so its own
file cache and media directory would be of no help), one database, one Redis
(TEILHABE_CACHE_URL), one S3 bucket (TEILHABE_S3_*, a real S3 server on loopback) — behave
as one site: a page cached on node B shows a change saved through node A at once; wrong
passwords spread over both nodes are throttled together; a file uploaded through A is
served by B; with Redis stopped both keep answering, and both use it again once it is
back. Runs on the suite's database (SQLite file or PostgreSQL), committed
(transactional_db) so that the nodes see it."""
import http.cookiejar
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import urllib3
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from teilhabe.lib import cache as shared
from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.models import StatisticsFile
from teilhabe.offers.models import Offer
from tests import builders as b
from tests.monitoring.test_upload import koeln_slice

from .redis import RedisServer, free_port

LOGIN_FAILURE_LIMIT = 4  # each failed log-in costs a node a real password hash


def database_url(settings_dict):
    """The URL of the test database this process uses, for the nodes."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = urllib.parse.quote(settings_dict["USER"] or "")
    password = urllib.parse.quote(settings_dict["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"


class Node:
    def __init__(self, name, directory, env):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / f"{name}.log"
        self.var_dir = directory / name
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [str(gunicorn), "teilhabe.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                 "--no-control-socket", "--error-logfile", "-"],
                env={**env, "TEILHABE_VAR_DIR": str(self.var_dir)},
                stdout=log, stderr=subprocess.STDOUT)

    def wait_until_up(self, deadline):
        while True:
            try:
                urllib.request.urlopen(self.url + "/login/", timeout=5)
                return
            except OSError:
                assert self.process.poll() is None, f"node {self.name} ended:\n{self.log()}"
                assert time.monotonic() < deadline, f"node {self.name} did not start:\n{self.log()}"
                time.sleep(0.2)

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
        self.process.wait(timeout=30)


class Visitor:
    """One browser's cookies, on whichever node it asks (cookies do not tell ports apart)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, node, path, data=None, *, files=None, decode=True):
        """GET, or POST `data` (form fields; with `files`, name → (filename, bytes), as
        multipart/form-data); the status and the body, as text unless `decode` is False."""
        headers = {}
        if files:
            data, headers["Content-Type"] = urllib3.encode_multipart_formdata(
                {"csrfmiddlewaretoken": self._csrf(), **data, **files})
        elif data is not None:
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": self._csrf(), **data}).encode()
        try:
            with self.opener.open(urllib.request.Request(node.url + path, data, headers), timeout=30) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        return status, body.decode() if decode else body

    def _csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def log_in(self, node, username, password):
        assert self.request(node, "/login/")[0] == 200  # the CSRF cookie
        return self.request(node, "/login/", {"username": username, "password": password})[0]


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nodes(django_db_setup, redis, s3_bucket, tmp_path_factory):
    directory = tmp_path_factory.mktemp("nodes")
    env = {key: value for key, value in os.environ.items() if key not in (
        "TEILHABE_CACHE_DIR", "TEILHABE_VAR_DIR", "TEILHABE_MEDIA_DIR", "DATABASE_URL", "TEILHABE_CACHE_URL")}
    env.update(s3_bucket)
    env.update(DATABASE_URL=database_url(connection.settings_dict), TEILHABE_CACHE_URL=redis.url,
               TEILHABE_SECRET_KEY="zwei-knoten-ein-schluessel-" + "x" * 30,
               TEILHABE_LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT))
    started = [Node(name, directory, env) for name in ("a", "b")]
    try:
        deadline = time.monotonic() + 60
        for node in started:
            node.wait_until_up(deadline)
        yield started
    finally:
        for node in started:
            node.stop()


@pytest.fixture(autouse=True)
def empty_redis(redis):
    redis.client().flushdb()


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau")
    offer = b.offer(town, b.actor(town), "O-1", title="Elterncafé")
    # The nodes check passwords with the production hasher, not the tests' MD5.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        b.user("koordination", role="coordinator", municipality=town)
    return town, offer


def cached_pages(redis):
    return [key for key in redis.client().scan_iter("*portal-page:*") if b":gen:" not in key]


def test_a_page_cached_on_one_node_shows_a_change_saved_through_the_other_at_once(nodes, town, redis):
    a, b_ = nodes
    town, offer = town
    page = f"/lindenau/offers/{offer.external_id}/"
    anonymous = Visitor()
    for _ in range(3):  # renders, stores, serves from the cache
        status, text = anonymous.request(b_, page)
        assert status == 200 and "Elterncafé" in text

    staff = Visitor()
    assert staff.log_in(a, "koordination", b.PASSWORD) == 200
    status, _text = staff.request(a, f"/backoffice/lindenau/offers/{offer.pk}/edit/", {
        "title": "Elternfrühstück", "provider": offer.provider_id, "is_published": "on"})
    assert status == 200 and Offer.objects.get(pk=offer.pk).title == "Elternfrühstück"

    status, text = anonymous.request(b_, page)
    assert status == 200 and "Elternfrühstück" in text and "Elterncafé" not in text
    anonymous.request(b_, page)
    assert cached_pages(redis), "node B kept its pages elsewhere"


def test_wrong_passwords_spread_over_both_nodes_are_counted_together(nodes, town):
    a, b_ = nodes
    guesser = Visitor()
    tries = [guesser.log_in(node, "koordination", "falsch-geraten") for node in (a, b_, a, b_)]
    # The fourth failure locks the account, on both nodes, even for the right password.
    assert tries == [200] * (LOGIN_FAILURE_LIMIT - 1) + [429]
    assert Visitor().log_in(a, "koordination", b.PASSWORD) == 429
    assert Visitor().log_in(b_, "koordination", b.PASSWORD) == 429


def test_a_file_uploaded_through_one_node_is_served_by_the_other(nodes, transactional_db, s3_bucket):
    a, b_ = nodes
    koeln = b.municipality("koeln")
    b.district(koeln, key="001", name="Innenstadt")
    adopt_catalogue(municipality=koeln)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        b.user("statistik", role="coordinator", municipality=koeln)
    content = koeln_slice("2012").encode()

    staff = Visitor()
    assert staff.log_in(a, "statistik", b.PASSWORD) == 200
    status, text = staff.request(a, reverse("monitoring:upload", args=["koeln"]), {
        "mapping": "builtin:koeln-bevoelkerung"}, files={"file": ("Bevölkerung 2012.csv", content, "text/csv")})
    assert status == 200 and "Import abgeschlossen" in text, text
    kept = StatisticsFile.objects.get()

    status, served = staff.request(b_, reverse("monitoring:statistics_file", args=["koeln", kept.pk]), decode=False)
    assert status == 200 and served == content
    status, text = Visitor().request(b_, "/readyz")  # its HEAD of the bucket, from a real node
    assert status == 200 and '"storage": "ok"' in text, text
    assert not any(path.is_file() for node in nodes for path in (node.var_dir / "media").rglob("*"))


def test_both_nodes_keep_answering_without_redis_and_use_it_again_when_it_is_back(nodes, town, redis):
    a, b_ = nodes
    town, offer = town
    page = f"/lindenau/offers/{offer.external_id}/"
    visitor = Visitor()
    for node in nodes:
        assert visitor.request(node, page)[0] == 200
    redis.stop()
    try:
        for node in nodes:
            for _ in range(3):
                status, text = visitor.request(node, page)
                assert status == 200 and "Elterncafé" in text
            assert visitor.log_in(node, "koordination", "falsch-geraten") == 200
    finally:
        redis.start()
    time.sleep(shared.RETRY_AFTER + 0.2)  # the nodes rest a moment after a failure
    for node in nodes:
        for _ in range(2):  # the municipality's generation again, then the page
            assert visitor.request(node, page)[0] == 200
    assert cached_pages(redis)
    for node in nodes:
        log = node.log()
        assert log.count("shared cache unreachable, serving without it") == 1, log
        assert log.count("shared cache reachable again") == 1, log
        assert "Traceback" not in log, log
