"""Issue 14's done-when, in the suite: axe-core finds no serious or critical violation on
every public page type in German, Arabic and Leichte Sprache, and on the back office in
Arabic, each at 360 px and no wider. One town with one of everything (the API's world, a
Kreis, council, news, a course) shared by one walk per language: a test per page type
would cost a set-up and a flush each.

Which page is walked in which language follows what other browser tests check already
(listed beside each page), so each page type is axe-checked once per language in the
suite. TEILHABE_SCREENSHOTS=DIR keeps a screenshot of each page there."""
import os
import re
import time

import pytest

from teilhabe.municipalities.models import Municipality
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.participation import ratelimit
from teilhabe.participation.models import RateLimitCounter
from tests import builders as b
from tests.api.conftest import world  # noqa: F401  (the fixture)
from tests.api.public_kinds import add_public_kinds
from tests.browser import FAILING_IMPACTS, base_url, format_violations, login, run_axe
from tests.council import builders as council
from tests.courses import builders as courses
from tests.news import builders as news

pytestmark = pytest.mark.browser

WIDTH = 360
# Every public page type; {…} filled from the site's objects.
PUBLIC = {
    "index": "/", "home": "/herten/", "kreis": "/kreis-re/", "kreis offers": "/kreis-re/offers/",
    "topic": "/herten/topics/sprache/", "welcome folder": "/herten/welcome/",
    "strategy": "/herten/strategy/", "concept": "/herten/concept/", "field": "/herten/fields/sprache/",
    "goal": "/herten/goals/deutsch-lernen/", "measure": "/herten/measures/M-1/",
    "offers": "/herten/offers/", "offers found": "/herten/offers/?q=Deutschkurs",
    "offers none": "/herten/offers/?q=qqxxzzyy", "offer": "/herten/offers/A-1/",
    "actors": "/herten/actors/", "actor": "/herten/actors/vhs/", "contact": "/herten/contact/",
    "search": "/herten/search/?q=Sprache", "events": "/herten/events/", "event": "/herten/events/{event}/",
    "registration": "/p/r/{registration}/", "ideas": "/herten/ideas/", "idea form": "/herten/ideas/new/",
    "idea": "/herten/ideas/{idea}/", "idea status": "/p/i/{idea_token}/", "news": "/herten/news/",
    "news item": "/herten/news/{news}/", "council": "/herten/council/", "meetings": "/herten/council/meetings/",
    "meeting": "/herten/council/meetings/{meeting}/", "papers": "/herten/council/papers/",
    "paper": "/herten/council/papers/{paper}/", "courses": "/kreis-re/kurse/", "course": "/kreis-re/kurse/K-1/",
    "accessibility": "/herten/accessibility/", "feedback sent": "/herten/accessibility/sent/",
    "easy language": "/herten/easy-language/", "sign language": "/herten/sign-language/",
    "imprint": "/herten/imprint/", "privacy": "/herten/privacy/", "display": "/herten/display/",
    "transparency": "/herten/transparency/", "open data": "/herten/open-data/",
    "not found": "/herten/gibt-es-nicht/", "too many": "/herten/welcome/?language=de&topics=sprache",
}
STATUS = {"not found": 404, "too many": 429}
# Checked with axe by another browser test already (de: tests/portal/test_browser.py, the
# participation, news, council, course, footer, search and transparency tests; ar: the
# portal's, topics', news', council's, courses', concept path's, transparency's and footer
# tests; de-ls: tests/portal/test_easy_language_browser.py).
ELSEWHERE = {
    "de": {"index", "home", "kreis", "kreis offers", "strategy", "concept", "field", "goal", "measure", "offers",
           "offers found", "offers none", "offer", "actors", "actor", "contact", "events", "event",
           "registration", "ideas", "idea form", "idea", "idea status", "news", "news item", "council", "meetings",
           "meeting", "paper", "courses", "course", "accessibility", "easy language", "sign language",
           "imprint", "privacy", "display", "transparency", "not found"},
    "ar": {"home", "offers", "offer", "offers found", "topic", "welcome folder", "search", "news", "news item",
           "council", "meetings", "meeting", "paper", "courses", "course", "concept", "transparency",
           "open data", "accessibility", "imprint"},
    "de-ls": {"home", "offer"},
}
# The back office in Arabic, as the town's coordinator; tests/backoffice/test_browser.py
# checks the town's home, a measure and its form in Arabic already.
OFFICE = ["/backoffice/", "/backoffice/herten/concepts/", "/backoffice/herten/concepts/{concept}/",
          "/backoffice/herten/goals/{goal}/", "/backoffice/herten/measures/",
          "/backoffice/herten/offers/", "/backoffice/herten/offers/{offer}/",
          "/backoffice/herten/offers/{offer}/translations/ar/", "/backoffice/herten/actors/",
          "/backoffice/herten/actors/{actor}/", "/backoffice/herten/actors/{actor}/edit/",
          "/backoffice/herten/events/", "/backoffice/herten/events/{event}/",
          "/backoffice/herten/events/{event}/registrations/", "/backoffice/herten/ideas/",
          "/backoffice/herten/ideas/{idea}/", "/backoffice/herten/news/", "/backoffice/herten/news/{news}/",
          "/backoffice/herten/topics/", "/backoffice/herten/translations/",
          "/backoffice/herten/translations/measure/{measure}/?language=ar", "/backoffice/herten/settings/",
          "/backoffice/herten/network/", "/backoffice/herten/network/entries/",
          "/backoffice/herten/council/", "/backoffice/herten/council/meetings/{meeting}/",
          "/backoffice/herten/monitoring/", "/backoffice/herten/monitoring/{indicator}/"]


@pytest.fixture
def site(world):  # noqa: F811
    add_public_kinds(world)
    m = world.m
    kreis = b.municipality("kreis-re", kind="kreis")
    Municipality.objects.filter(pk=m.pk).update(parent=kreis)
    # This browser has made all the welcome folders it may this hour: the next answers 429.
    RateLimitCounter.objects.create(key=ratelimit.keyed_hash("welcome_folder:ip:127.0.0.1"), count=10**6,
                                    window_ends=int(time.time()) + 3600)
    opendata = OpenDataSettings.of(m)
    opendata.transparency_page = True
    opendata.save()
    c = council.world(m)
    courses.course(kreis, m, courses.provider(m, "traeger", name="Sprachschule"), "K-1")
    item = news.item(m)
    world.coordinator = b.user("koordination", role="coordinator", municipality=m)
    registration = world.conference.registrations.first()
    return {"event": world.conference.pk, "registration": registration.token, "idea": world.idea.pk,
            "idea_token": world.idea.token, "news": item.pk, "meeting": c.held.pk, "paper": c.paper.pk,
            "concept": world.current.pk, "goal": world.goal.pk, "offer": world.course.pk,
            "actor": world.provider.pk, "measure": world.measure.pk, "indicator": world.indicator.pk}


def walk(page, root, paths, keys, problems, language):
    for name, path in paths:
        response = page.goto(root + path.format(**keys))
        what = f"{name} ({language}, {path.format(**keys)})"
        if response.status != STATUS.get(name, 200):
            problems.append(f"{what}: HTTP {response.status}")
        if (page.locator("html").get_attribute("dir") == "rtl") != (language == "ar"):
            problems.append(f"{what}: not {'right to left' if language == 'ar' else 'left to right'}")
        failing = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
        if failing:
            problems.append(f"{what}: " + format_violations(failing, page.url))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"{what}: {width} px wide")
        if os.environ.get("TEILHABE_SCREENSHOTS"):
            slug = re.sub(r"\W+", "-", f"{language}-{name}")
            page.screenshot(path=os.path.join(os.environ["TEILHABE_SCREENSHOTS"], f"{slug}.png"), full_page=True)


def phone(new_page, live_server, language):
    page = new_page(viewport=(WIDTH, 740))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url(live_server)}])
    return page


def test_every_page_type_passes_axe_in_german_arabic_and_leichte_sprache(new_page, live_server, site):
    """One test, one set-up: the public pages in de, ar and de-ls, then the back office in ar."""
    root, problems = base_url(live_server), []
    for language in ("de", "ar", "de-ls"):
        paths = [(name, path) for name, path in PUBLIC.items() if name not in ELSEWHERE[language]]
        walk(phone(new_page, live_server, language), root, paths, site, problems, language)
    page = phone(new_page, live_server, "ar")
    login(page, live_server, "koordination", b.PASSWORD)
    walk(page, root, [(path, path) for path in OFFICE], site, problems, "ar")
    assert not problems, "\n".join(problems)
