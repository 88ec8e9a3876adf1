"""axe-core over every public page type and the back office's main pages (issue 14).

    .venv/bin/python bench/axe_sweep.py [--only PATTERN] [--keep]

Loads the demo (`teilhabe demo`) into a fresh SQLite database in a temporary directory,
switches Herten's transparency page on, collects the static files and starts gunicorn on
loopback. Then Debian's Chromium (Playwright, launched as tests/conftest.py does) visits,
360 px wide, every public page type of Herten (the Kreis Mettmann for its home and the
course finder) in de, ar and de-ls (the language cookie, as the language menu sets it), and
the back office's main pages in Arabic as Herten's coordinator. Detail pages are found
by following the first matching link of their list page, so the sweep needs no knowledge
of the demo's keys. axe-core runs on each page (tests/browser.py, the suite's loader);
a screenshot of each goes to var/axe-sweep/<page>-<language>.png (not committed).

Prints a table page × language with the serious/critical violations (rule ids), then each
violation's elements, and whether any page is wider than the viewport. Exit code 1 if a
serious or critical violation remains. Not a test: it takes minutes.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
OUT = REPO / "var" / "axe-sweep"
TMP = Path(tempfile.mkdtemp(prefix="teilhabe-axe-sweep-"))
ENV = dict(os.environ, **{
    "DATABASE_URL": f"sqlite:///{TMP / 'sweep.sqlite3'}", "TEILHABE_VAR_DIR": str(TMP),
    "TEILHABE_CACHE_DIR": str(TMP / "cache"), "TEILHABE_LOG_LEVEL": "ERROR",
    "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
    "DJANGO_SETTINGS_MODULE": "teilhabe.settings", "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
})
os.environ.update(ENV)

from tests.browser import FAILING_IMPACTS, login, run_axe  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TOWN, KREIS = "herten", "kreis-mettmann"
COORDINATOR, PASSWORD = f"koordination-{TOWN}", "teilhabe-demo"
WIDTH = 360
T = f"/{TOWN}/"

# (name, path or (list page, link pattern)): a tuple means "follow the first link whose
# path matches the pattern on that page".
PUBLIC = [
    ("index", "/"),
    ("home", T),
    ("kreis-home", f"/{KREIS}/"),
    ("topic", (T, rf"^{T}topics/[^/]+/$")),
    ("welcome", T + "welcome/"),
    ("strategy", T + "strategy/"),
    ("concept", T + "concept/"),
    ("field", (T + "concept/", rf"^{T}fields/[^/]+/$")),
    ("goal", ("@field", rf"^{T}goals/[^/]+/$")),
    ("measure", ("@field", rf"^{T}measures/[^/]+/$")),
    ("offers", T + "offers/"),
    ("offer", (T + "offers/", rf"^{T}offers/[^/]+/$")),
    ("actors", T + "actors/"),
    ("actor", (T + "actors/", rf"^{T}actors/[^/]+/$")),
    ("contact", T + "contact/"),
    ("search-hits", T + "search/?q=Deutschkurs"),
    ("search-none", T + "search/?q=qqxxzzyy"),
    ("events", T + "events/"),
    ("event", (T + "events/", rf"^{T}events/\d+/$")),
    ("ideas", T + "ideas/"),
    ("idea", (T + "ideas/", rf"^{T}ideas/\d+/$")),
    ("idea-new", T + "ideas/new/"),
    ("courses", f"/{KREIS}/kurse/"),
    ("course", (f"/{KREIS}/kurse/", rf"^/{KREIS}/kurse/[^/]+/$")),
    ("council", T + "council/"),
    ("meetings", T + "council/meetings/"),
    ("meeting", (T + "council/meetings/", rf"^{T}council/meetings/\d+/$")),
    ("papers", T + "council/papers/"),
    ("paper", (T + "council/papers/", rf"^{T}council/papers/\d+/$")),
    ("news", T + "news/"),
    ("news-item", (T + "news/", rf"^{T}news/\d+/$")),
    ("accessibility", T + "accessibility/"),  # the BITV statement with the feedback form
    ("feedback-sent", T + "accessibility/sent/"),
    ("easy-language", T + "easy-language/"),
    ("sign-language", T + "sign-language/"),
    ("imprint", T + "imprint/"),
    ("privacy", T + "privacy/"),
    ("display", T + "display/"),
    ("open-data", T + "open-data/"),
    ("transparency", T + "transparency/"),
    ("not-found", T + "gibt-es-nicht/"),
]
B = f"/backoffice/{TOWN}/"
BACKOFFICE = [
    ("bo-home", "/backoffice/"),
    ("bo-municipality", B),
    ("bo-measures", B + "measures/"),
    ("bo-measure", (B + "measures/", rf"^{B}measures/\d+/$")),
    ("bo-measure-edit-error", "@edit-error"),
    ("bo-offers", B + "offers/"),
    ("bo-offer", (B + "offers/", rf"^{B}offers/\d+/$")),
    ("bo-actors", B + "actors/"),
    ("bo-concepts", B + "concepts/"),
    ("bo-translations", B + "translations/"),
    ("bo-settings", B + "settings/"),
    ("bo-council", B + "council/"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare():
    run = [str(BIN / "teilhabe")]
    subprocess.run(run + ["migrate", "--no-input", "-v", "0"], env=ENV, check=True, cwd=REPO)
    subprocess.run(run + ["demo", "--quiet"], env=ENV, check=True, cwd=REPO)
    subprocess.run(run + ["collectstatic", "--no-input", "-v", "0"], env=ENV, check=True, cwd=REPO)
    script = ("from teilhabe.municipalities.models import Municipality as M; "
              "from teilhabe.opendata.models import OpenDataSettings as O; "
              f"s = O.of(M.objects.get(slug={TOWN!r})); s.transparency_page = True; s.save()")
    subprocess.run(run + ["shell", "-c", script], env=ENV, check=True, cwd=REPO)


def start_server():
    port = free_port()
    log = open(TMP / "gunicorn.log", "wb")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--no-control-socket", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "4", "--worker-class", "gthread", "--timeout", "120", "teilhabe.wsgi:application"],
        env=ENV, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    raise SystemExit(f"gunicorn did not start; see {TMP / 'gunicorn.log'}")


def first_link(page, base, pattern):
    for href in page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))"):
        path = href.split("?")[0].split("#")[0]
        if path.startswith(base):
            path = path[len(base):]
        if re.match(pattern, path):
            return path
    return None


def resolve(page, base, pages, found):
    """Each page type's path (detail pages through their list page), found once in German."""
    for name, target in pages:
        if isinstance(target, str):
            found[name] = target
            continue
        source, pattern = target
        source = found.get(source[1:]) if source.startswith("@") else source
        if source is None:
            continue
        page.goto(base + source)
        path = first_link(page, base, pattern)
        if path:
            found[name] = path
        else:
            print(f"  no link matching {pattern} on {source}: {name} skipped", file=sys.stderr)


def edit_with_error(page, base):
    """The measure form sent with its first required text field emptied (the browser's own
    check switched off, as a user of an old browser would meet it)."""
    page.goto(base + B + "measures/new/")
    page.evaluate("""() => { for (const f of document.forms) f.noValidate = true;
        const field = document.querySelector('main form input[required][type=text], main form input[required]:not([type])');
        if (field) field.value = ''; }""")
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth") - WIDTH


def sweep(context, base, pages, found, language, results, only):
    page = context.new_page()
    for name, _target in pages:
        if only and not re.search(only, name):
            continue
        if name == "bo-measure-edit-error":
            edit_with_error(page, base)
        elif name in found:
            page.goto(base + found[name])
        else:
            results[(name, language)] = None
            continue
        page.wait_for_load_state("load")
        failing = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
        wide = overflow(page)
        page.screenshot(path=str(OUT / f"{name}-{language}.png"), full_page=True)
        results[(name, language)] = (failing, wide, page.url)
    page.close()


def report(results, pages, languages):
    print(f"\n| page | {' | '.join(languages)} |\n|---|{'---|' * len(languages)}")
    for name, _target in pages:
        cells = []
        for language in languages:
            result = results.get((name, language), "–")
            if result is None:
                cells.append("not found")
            elif result == "–":
                cells.append("–")
            else:
                failing, wide, _url = result
                cell = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in failing) or "ok"
                cells.append(cell + (f"; {wide} px too wide" if wide > 0 else ""))
        print(f"| {name} | {' | '.join(cells)} |")
    details = [(key, r) for key, r in results.items() if r and r[0]]
    for (name, language), (failing, _wide, url) in details:
        print(f"\n{name} [{language}] {url}")
        for v in failing:
            print(f"  {v['id']} [{v['impact']}] {v['help']}")
            for node in v["nodes"][:5]:
                print(f"    at {' '.join(map(str, node['target']))}: {(node.get('failureSummary') or '')[:300]!r}")
    return sum(len(r[0]) for _key, r in details)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="a regular expression: only page types whose name matches")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    prepare()
    print(f"demo loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)
    server, base = start_server()
    results, languages = {}, ["de", "ar", "de-ls"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            host = base.split("//")[1].split(":")[0]
            found = {}
            for language in languages:
                context = browser.new_context(viewport={"width": WIDTH, "height": 780})
                context.add_cookies([{"name": "django_language", "value": language, "domain": host, "path": "/"}])
                if not found:
                    resolve(context.new_page(), base, PUBLIC, found)
                sweep(context, base, PUBLIC, found, language, results, args.only)
                context.close()
            context = browser.new_context(viewport={"width": WIDTH, "height": 780})
            context.add_cookies([{"name": "django_language", "value": "ar", "domain": host, "path": "/"}])
            page = context.new_page()
            login(page, base, COORDINATOR, PASSWORD)
            resolve(page, base, BACKOFFICE, found)
            sweep(context, base, BACKOFFICE, found, "ar", results, args.only)
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(20)
        if not args.keep:
            shutil.rmtree(TMP, ignore_errors=True)
    print(f"\n{len(results)} pages in {time.monotonic() - started:.0f} s; screenshots in {OUT.relative_to(REPO)}/")
    count = report({k: v for k, v in results.items() if not k[0].startswith("bo-")}, PUBLIC, languages) + report(
        {k: v for k, v in results.items() if k[0].startswith("bo-")}, BACKOFFICE, ["ar"])
    print(f"\n{count} serious/critical violation(s)")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
