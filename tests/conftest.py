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
"""
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


@pytest.fixture(autouse=True)
def no_login_failures_of_earlier_tests():
    # Failed log-ins are counted in the default cache (django-axes), which outlives a test:
    # without this, ten failures anywhere in the suite would lock out 127.0.0.1 for the rest.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media_in_a_temporary_directory(settings, tmp_path_factory):
    # Uploaded files (council papers, the demo's PDFs) never land in the worktree's var/.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


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


def pytest_collection_modifyitems(items):
    # A test that uses the browser is a browser test, marked or not: `-m "not browser"`
    # then really leaves out every test that needs Chromium.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


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
