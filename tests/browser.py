"""Helpers for browser tests (real Chromium through Playwright, see tests/conftest.py).

    from tests.browser import assert_accessible, login

    @pytest.mark.browser
    def test_it_shows_the_offer(page, live_server, django_user_model):
        ...
        login(page, live_server, "koordination", "ein-langes-passwort")
        page.goto(live_server.url + "/backoffice/")
        assert_accessible(page)
"""
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent
AXE_PATH = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"

# Only these make a page fail: "minor" and "moderate" findings are too often matters of taste.
FAILING_IMPACTS = ("serious", "critical")

_axe_source = None


def base_url(live_server):
    """`live_server` fixture or a URL string, without a trailing slash."""
    return str(getattr(live_server, "url", live_server)).rstrip("/")


def login(page, live_server, username, password, *, next_url=None):
    """Logs in through our login page (/login/) as a person would, and fails if the
    login page is still shown afterwards."""
    url = base_url(live_server) + "/login/"
    if next_url:
        url += "?" + urlencode({"next": next_url})
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    if urlsplit(page.url).path == "/login/":
        raise AssertionError(f"login as {username!r} failed: the login page is still shown")


def _axe():
    global _axe_source
    if _axe_source is None:
        if not AXE_PATH.exists():
            raise AssertionError(
                f"{AXE_PATH.relative_to(REPO_DIR)} missing: run `bash scripts/setup --test` "
                "(installs axe-core from package-lock.json with npm)"
            )
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    return _axe_source


def inject_axe(page):
    """Loads axe-core into the current page. Our CSP (`script-src 'self'`) forbids inline
    scripts, so instead of a <script> tag the source goes in through the DevTools protocol,
    which CSP does not govern: the page under test keeps exactly the policy users get."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    session = page.context.new_cdp_session(page)
    try:
        result = session.send("Runtime.evaluate", {"expression": _axe(), "returnByValue": True})
    finally:
        session.detach()
    if "exceptionDetails" in result:
        raise AssertionError(f"axe-core could not be loaded: {result['exceptionDetails']}")


def run_axe(page, *, context=None, disable=()):
    """All of axe-core's violations on the current page (a list of axe result dicts).
    `context` is an axe context (CSS selector or {"include": ..., "exclude": ...});
    `disable` names rules to switch off, each with a comment in the test saying why."""
    inject_axe(page)
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in disable}}
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    return results["violations"]


def format_violations(violations, url=""):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(page, *, context=None, disable=()):
    """Runs axe-core on the current page and fails on any serious or critical violation,
    listing rule, impact, help text and the elements concerned."""
    failing = [
        violation
        for violation in run_axe(page, context=context, disable=disable)
        if violation["impact"] in FAILING_IMPACTS
    ]
    if failing:
        raise AssertionError(format_violations(failing, page.url))


def console_problems(page):
    """Errors the page reported so far (console errors, uncaught exceptions, CSP refusals)
    on a page made by the `page` or `new_page` fixture."""
    return list(getattr(page, "teilhabe_console_problems", []))


def assert_no_console_errors(page):
    problems = console_problems(page)
    if problems:
        raise AssertionError(f"the browser reported on {page.url}:\n" + "\n".join(problems))


def follow(page, locator):
    """Clicks a link or submit button and waits for the page it leads to. A bare click()
    returns before the navigation starts, so reading the page right after it may read the
    old page or an empty document while the new one loads."""
    with page.expect_navigation():
        locator.click()
