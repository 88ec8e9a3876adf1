"""Shared test set-up. Django comes from pytest-django (settings named in pyproject.toml, the
database from DATABASE_URL: `bash scripts/test` runs everything on SQLite and on PostgreSQL).

Browser tests drive Debian's Chromium through Playwright's sync API:

    @pytest.mark.browser
    def test_it_...(page, live_server): ...          # 1280×800, German
    def test_it_...(new_page, live_server):
        page = new_page(viewport=(390, 844))         # a phone
        page = new_page(locale="ar")                 # Accept-Language: ar

App data is made by the app tests themselves, with tests/builders.py; the personas the
permission matrices ask (coordinator, Kreis coordinator, viewer, actor editor, outsider,
another town's coordinator, anonymous) by `builders.personas(town)`.

Tests that read the demo data ask for `demo_module`: `teilhabe demo` loaded once per module
(seconds per load), each test's own changes rolled back with the test.
"""
import contextlib
import os
import re
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
# Test modules import their helpers as `tests.browser`, whatever pytest's import mode.
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

# Playwright's sync API keeps an asyncio event loop in the test thread; Django would then
# refuse database access from tests (SynchronousOnlyOperation). Nothing here is async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TEILHABE_CHROMIUM", "/usr/bin/chromium")
# The background-networking flags keep Chromium from calling out: this machine's network
# is closed, and such calls only slow it down and fill the log.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ARTIFACTS_DIR = REPO_DIR / "test-results"


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    # Django's default PBKDF2 takes most of a second per password on these machines, and
    # nearly every test makes a person with a password: tests hash with MD5 instead.
    # override_settings (not assignment) so that the cached list of hashers is reset.
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def media_in_a_temporary_directory(tmp_path_factory):
    # Uploaded files go to a directory of the test run, never into the worktree's var/.
    from django.conf import settings
    from django.test.utils import override_settings

    if os.environ.get("TEILHABE_S3_BUCKET"):
        pytest.fail("TEILHABE_S3_BUCKET is set: tests would write into that bucket; unset it "
                    "(the S3 tests make their own, fixture s3_storage)", pytrace=False)
    default = {"BACKEND": "django.core.files.storage.FileSystemStorage",
               "OPTIONS": {"location": str(tmp_path_factory.mktemp("media"))}}

    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server on loopback (moto's server mode, a process of its own):
    its endpoint URL. Buckets are made by the tests (`s3_storage`)."""
    import socket
    import subprocess
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto_server did not start: {server.communicate()[1][-2000:]}", pytrace=False)
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


S3_ENVIRONMENT = {"TEILHABE_S3_ACCESS_KEY_ID": "teilhabe-test", "TEILHABE_S3_SECRET_ACCESS_KEY": "teilhabe-test",
                  "TEILHABE_S3_REGION": "us-east-1", "TEILHABE_S3_ADDRESSING_STYLE": "path"}


@pytest.fixture(scope="module")
def s3_bucket(s3_server):
    """A new, empty bucket of `s3_server` for the teilhabe processes a test module starts
    (tests/ops/test_two_nodes.py): the TEILHABE_S3_* variables that name it."""
    import uuid

    import boto3

    environment = {**S3_ENVIRONMENT, "TEILHABE_S3_BUCKET": f"teilhabe-{uuid.uuid4().hex[:12]}",
                   "TEILHABE_S3_ENDPOINT_URL": s3_server, "TEILHABE_S3_PREFIX": "media/"}
    boto3.client("s3", endpoint_url=s3_server, region_name=S3_ENVIRONMENT["TEILHABE_S3_REGION"],
                 aws_access_key_id=S3_ENVIRONMENT["TEILHABE_S3_ACCESS_KEY_ID"],
                 aws_secret_access_key=S3_ENVIRONMENT["TEILHABE_S3_SECRET_ACCESS_KEY"],
                 ).create_bucket(Bucket=environment["TEILHABE_S3_BUCKET"])
    return environment


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    """The default storage in a new, empty bucket of `s3_server`, configured through the
    TEILHABE_S3_* variables as in production. Gives `.storage` (Django's default storage),
    `.objects()` (the keys really in the bucket, asked of the server) and `.environment`
    (the variables, for teilhabe processes started by the test)."""
    import types
    import uuid

    from django.core.files.storage import default_storage

    from teilhabe.lib.storage import default_storage_from_env

    environment = {**S3_ENVIRONMENT, "TEILHABE_S3_BUCKET": f"teilhabe-{uuid.uuid4().hex[:12]}",
                   "TEILHABE_S3_ENDPOINT_URL": s3_server, "TEILHABE_S3_PREFIX": "media/"}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env(REPO_DIR)}
    client = default_storage.connection.meta.client
    bucket = environment["TEILHABE_S3_BUCKET"]
    client.create_bucket(Bucket=bucket)

    def objects():
        return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))

    return types.SimpleNamespace(storage=default_storage, objects=objects, environment=environment, bucket=bucket)


@pytest.fixture(autouse=True)
def german_at_the_start():
    # A test that activates a language (translation.activate) must not leave it to the next.
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture(autouse=True)
def no_login_failures_of_earlier_tests():
    # Failed log-ins are counted in the default cache (django-axes), which outlives a test:
    # without this, ten failures anywhere in the suite would lock out 127.0.0.1 for the rest.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser():
    # Fail, never skip: a browser suite that silently does not run is a defect.
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: browser tests need Debian's chromium "
            "(`bash scripts/setup --test` as root installs it)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(trylast=True)  # after pytest has grouped the items by their fixtures
def pytest_collection_modifyitems(items):
    # A test that uses the browser is a browser test, marked or not: `-m "not browser"`
    # then really leaves out every test that needs Chromium.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    # The demo of a module (demo_module) stays loaded from its first test that asks for it to
    # the module's last test: the module's other tests, which expect an empty database, run
    # first. Only within each run of one module's consecutive tests: pytest-django has already
    # put the transactional tests last (their flush empties tables that migrations filled,
    # such as the languages), and that order must hold.
    ordered, run = [], []
    for item in items:
        if run and item.nodeid.split("::")[0] != run[0].nodeid.split("::")[0]:
            ordered += sorted(run, key=_uses_module_demo)
            run = []
        run.append(item)
    items[:] = ordered + sorted(run, key=_uses_module_demo)


def _uses_module_demo(item):
    return any(name in getattr(item, "fixturenames", ()) for name in DEMO_MODULE_FIXTURES)


DEMO_MODULE_FIXTURES = ("demo_module", "demo_module_committing", "module_db")


@contextlib.contextmanager
def _demo_rolled_back(django_db_blocker, *, run_on_commit_at_once):
    # `teilhabe demo` costs seconds; tests that only read it (or change it in their own
    # savepoint: pytest-django's per-test transaction nests inside this one) share one load.
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import TestCase

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # The load's on-commit hooks run once after it, as after the command's real commit:
            # run at each save instead, the search index rebuilt a town's site documents once
            # per actor saved (Herne's network alone: 96 times).
            with TestCase.captureOnCommitCallbacks(execute=run_on_commit_at_once):
                call_command("demo", "--quiet")
            # PostgreSQL checks deferred foreign keys at each test's end (Django's TestCase) and
            # re-checks in every test the load's as well, because rolling back the test's
            # savepoint un-fires them: checked once here, in the outer transaction, they are done.
            connection.check_constraints()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            for cache in ("default", "local"):
                caches[cache].clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around the module's tests that ask for it, rolled back after the last of
    them: what a module-scoped fixture that asks for it makes is made once and shared (each
    test's own writes still end with the test, which needs django_db). Ordered like
    demo_module, and like it not for tests that commit."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """`teilhabe demo`, loaded once for the module's tests that ask for it and rolled back
    after the last of them; each test's own writes end with the test. On-commit hooks of the
    load never run, as with a load inside the test. The module's tests that do not ask for it
    run before it is loaded (pytest_collection_modifyitems). Not for tests that commit
    (transactional_db, live_server): their flush would empty the shared transaction."""
    with _demo_rolled_back(django_db_blocker, run_on_commit_at_once=False):
        yield


@pytest.fixture(scope="module")
def demo_module_committing(django_db_setup, django_db_blocker):
    """demo_module, but the load's on-commit hooks (search index, page cache) run once after
    it, as they would after a real commit."""
    with _demo_rolled_back(django_db_blocker, run_on_commit_at_once=True):
        yield


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Remember the outcome of each phase, so that page fixtures can keep a screenshot
    # of a failed test.
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict]()


def _note_console(page, problems):
    def on_console(message):
        # Failed loads are noted with their address by on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response):
        # A stylesheet, script or image that fails to load; the page itself may be a
        # deliberate 403/404, and Chromium asks for /favicon.ico on its own.
        request = response.request
        if (response.status >= 400 and request.resource_type != "document"
                and not response.url.endswith("/favicon.ico")):
            problems.append(f"HTTP {response.status}: {request.method} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))


@pytest.fixture
def new_page(browser, request):
    """Factory: `new_page(viewport=(w, h), locale="de-DE", **context_options)` opens a page
    in a fresh browser context (own cookies, own storage). The page sees our real CSP."""
    contexts = []
    pages = []

    def make(*, viewport=(1280, 800), locale="de-DE", **options):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale=locale, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.teilhabe_console_problems = []
        _note_console(page, page.teilhabe_console_problems)
        pages.append(page)
        return page

    yield make

    reports = request.node.stash.get(_reports_key, {})
    if any(report.failed for report in reports.values()):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for number, page in enumerate(pages):
            try:
                path = ARTIFACTS_DIR / f"{name}-{number}.png"
                page.screenshot(path=path, full_page=True)
                print(f"screenshot of {page.url}: {path}")
            except Exception as error:  # the page may have crashed; the failure matters more
                print(f"no screenshot of page {number}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh browser context, 1280×800, German (Accept-Language de-DE)."""
    return new_page()
