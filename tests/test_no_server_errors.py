"""House rule 3 across the whole site: whatever a visitor types — into a form, a query string or
the address itself — the answer is never a 500.

The world is the demo (three towns and a Kreis, with concepts, offers, events, ideas, a network
and monitoring), loaded once for this module inside a transaction that is rolled back at the
end; every test runs in a savepoint inside it. Every URL pattern of the site is requested:

- GET with its real parameters (objects of the demo town) as anonymous visitor, coordinator,
  actor editor and viewer; with junk in each parameter in turn (unknown ids, ids too large for
  the database, NUL bytes, overlong strings) and with odd query strings as the persona who gets
  furthest (the coordinator in the back office, else a visitor); the API's parameters one by
  one, where a 400 must be JSON naming the parameter; a Kreis's pages as its coordinator;
- POST with an empty body as every persona, and with garbage in every field of the form that
  posts there (found on the page or the page above it: letters in numbers, 10,000 characters,
  NUL bytes, forged ids of another municipality, 2024-02-30, 20-digit numbers; all text fields
  broken while the rest is plausible; each other field broken alone) as the persona who gets
  furthest, and a few of those as the actor editor.

One test per URL pattern and method; a test collects every 500 (persona, path, parameters
and the exception) into one message. A 500 that sits in another team's file is listed in
KNOWN with its reason (and the proposed fix in notes/EXCHANGE.md, "no-500 findings"): such a
case is a strict xfail that only passes as expected while exactly those requests fail
(none at the moment: see the findings in notes/EXCHANGE.md).
"""
import copy
import dataclasses
import html.parser
import re
import traceback

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import connection, transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

SLUG = "herten"          # the demo town with the most of everything
OTHER = "herne"          # ids of this town are forged into herten's forms
KREIS = "kreis-mettmann"
KREIS_COORDINATOR = "koordination-kreis-mettmann"  # a Kreis's pages compare its towns
PERSONAS = {             # persona → demo login (teilhabe/demo/users.py)
    "anonymous": None,
    "coordinator": "koordination-herten",
    "actor_editor": "verein-herten",
    "viewer": "rat-herten",
}

LONG = "ä" * 10_000
NUL = "a\x00b"
HUGE_INT = "99999999999999999999"   # beyond a 64-bit integer

# Odd query strings, sent to every page. Junk of one kind is sent together: a page that reads
# none of these parameters costs one request per line, not one per parameter.
FILTERS = ("field", "district", "target_group", "language", "lang", "kind", "status", "year", "period",
           "key", "sort", "o", "next", "fmt")
QUERIES = [
    "page=-1&year=-1&limit=-5&offset=-1&p=-1",
    "page=abc&year=abc&period=x&sort=nonexistent&field=nonexistent&district=nonexistent&lang=xx"
    "&modified_since=garbage&limit=abc&offset=abc&o=abc&p=abc&target_group=x&language=x&kind=x&status=x",
    f"page={HUGE_INT}&year=99999&period=99999-99&limit={HUGE_INT}&offset={HUGE_INT}"
    f"&modified_since=2024-02-30&p={HUGE_INT}",
    "q=" + "x" * 2000 + "&" + "&".join(f"{f}={'y' * 2000}" for f in FILTERS),
    "q=%00&" + "&".join(f"{f}=%00" for f in FILTERS) + "&modified_since=%00&page=%00",
    # <script>, Arabic, a right-to-left mark and an emoji
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%E2%80%8F%F0%9F%98%80"
    "&year=%3Cscript%3E&field=%F0%9F%98%80",
    "q=a&q=b&page=1&page=2&year=2020&year=2021&field=a&field=b",
]
# The API answers bad parameters with 400 and JSON naming the parameter: one at a time.
API_QUERIES = ["field=nonexistent", "district=%00", "lang=xx", "modified_since=garbage", "limit=-5",
               "offset=abc", f"limit={HUGE_INT}", "modified_since=2024-02-30", "page=abc", "q=%00"]


# --- the world ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo, loaded once and rolled back after the module's last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # The search index and page cache refresh after each commit; nothing commits here:
            # the load's hooks run once after it, as after the command's real commit.
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("demo", "--quiet")
            w = World()
            # Deferred foreign keys checked once, not again in every test (tests/conftest.py).
            connection.check_constraints()
            # One client per persona for the whole module: each new client loads the
            # middleware again (WhiteNoise scans every static file).
            w.clients = {persona: client_for(w, persona) for persona in [*PERSONAS, "kreis"]}
            # Their session cookies: each test starts from these (see `clients`).
            w.cookies = {persona: copy.deepcopy(client.cookies) for persona, client in w.clients.items()}
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            for cache in ("default", "local"):
                caches[cache].clear()


class World:
    """Real values for URL parameters, and the demo logins."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        from teilhabe.municipalities.models import Municipality

        self.users = {name: get_user_model().objects.get(username=username)
                      for name, username in {**PERSONAS, "kreis": KREIS_COORDINATOR}.items() if username}
        self.m = Municipality.objects.get(slug=SLUG)
        self.other = Municipality.objects.get(slug=OTHER)
        self._values = {}
        self._add_what_the_demo_lacks()

    def _add_what_the_demo_lacks(self):
        """An upcoming event open for registration with a workshop, and an idea with a
        visible comment and a support: the public forms and private links to fill."""
        import hashlib

        from teilhabe.participation.models import Comment, Support, Workshop
        from tests.participation import builders as pb

        self.event = pb.event(self.m, title="Integrationskonferenz", days=30)
        Workshop.objects.create(event=self.event, title="Tisch Sprache")
        self.idea = pb.idea(self.m, title="Mehr Sprachcafés")
        self.comment = Comment.objects.create(idea=self.idea, body="Gute Idee", status=Comment.Status.VISIBLE)
        Support.objects.create(idea=self.idea, email_hash=hashlib.sha256(b"x").hexdigest(),
                               confirmed_at=self.idea.created_at)

    def values(self, name):
        """{kwarg: real value} for URL pattern `name` (None for a kwarg not known)."""
        if name not in self._values:
            self._values[name] = real_values(self, name)
        return self._values[name]


def _first(queryset, attr="pk"):
    obj = queryset.order_by("pk").first()
    return None if obj is None else str(getattr(obj, attr))


def real_values(w, name):
    from teilhabe.actors.models import Actor, ContactPerson
    from teilhabe.monitoring.models import EvaluationReport, Indicator, MeasureResult
    from teilhabe.municipalities.models import District, Membership, TargetGroup
    from teilhabe.network.models import DeclaredTie, WorkingGroup
    from teilhabe.offers.models import Offer
    from teilhabe.participation.models import Comment, Event, Idea, Registration, Support, Workshop
    from teilhabe.strategy.models import current_concept
    from teilhabe.strategy.models import FieldOfAction, Goal, GuidelineSection, Measure

    m = w.m
    concept = current_concept(m)
    app, _, short = name.rpartition(":")
    v = {"slug": SLUG}
    # The back office's event has registrations; the public one is open for them.
    event = Event.objects.filter(municipality=m, registrations__isnull=False).order_by("pk").first() \
        if app == "participation_backoffice" else w.event
    idea = w.idea
    indicator = Indicator.objects.filter(municipality=m, observations__isnull=False).order_by("pk").first()
    result = MeasureResult.objects.filter(measure__concept__municipality=m).order_by("pk").first()
    offer = Offer.objects.filter(municipality=m, translations__isnull=False).order_by("pk").first()
    if app == "backoffice":
        v["pk"] = {
            "district": lambda: _first(District.objects.filter(municipality=m)),
            "target_group": lambda: _first(TargetGroup.objects.filter(municipality=m)),
            "member": lambda: _first(Membership.objects.filter(municipality=m, role="viewer")),
            "concept": lambda: str(concept.pk),
            "guideline": lambda: _first(GuidelineSection.objects.filter(concept=concept)),
            "field": lambda: _first(FieldOfAction.objects.filter(concept=concept)),
            "goal": lambda: _first(Goal.objects.filter(concept=concept)),
            "measure": lambda: _first(Measure.objects.filter(concept=concept)),
            "actor": lambda: _first(Actor.objects.filter(municipality=m)),
            "contact": lambda: _first(ContactPerson.objects.filter(actor__municipality=m)),
            "offer": lambda: str(offer.pk),
            "translation": lambda: str(offer.pk),
        }.get(short.split("_")[0] if not short.startswith("target_group") else "target_group", lambda: None)()
        v["concept_pk"] = str(concept.pk)
        contact = ContactPerson.objects.filter(actor__municipality=m).order_by("pk").first()
        v["actor_pk"] = str(contact.actor_id)
        if short.startswith("contact"):
            v["pk"] = str(contact.pk)
        v["language"] = offer.translations.order_by("pk").first().language.code
    elif app == "network":
        v["pk"] = {
            "group": lambda: _first(WorkingGroup.objects.filter(municipality=m)),
            "tie": lambda: _first(DeclaredTie.objects.filter(municipality=m)),
        }.get(short.split("_")[0], lambda: _first(Actor.objects.filter(municipality=m, kind="administration_department")))()
    elif app == "monitoring":
        if short.startswith("measure_result"):
            v["pk"], v["period"] = str(result.measure_id), result.period
        else:
            obs = indicator.observations.order_by("pk").first()
            v["pk"], v["period"] = str(indicator.pk), obs.period
        v["year"] = (EvaluationReport.objects.filter(municipality=m).values_list("period", flat=True).first()
                     or obs_year(indicator))
        v["key"], v["fmt"] = dashboard_key(w), "csv"
    elif app == "participation_backoffice":
        v["pk"] = str(idea.pk) if short.startswith("idea") else str(event.pk)
        v["event_pk"] = str(event.pk)
        v["registration_pk"] = _first(Registration.objects.filter(event=event))
        v["pk"] = {
            "workshop_edit": lambda: _first(Workshop.objects.filter(event=w.event)),
            "comment_hide": lambda: _first(Comment.objects.filter(idea__municipality=m)),
            "comment_show": lambda: _first(Comment.objects.filter(idea__municipality=m)),
        }.get(short, lambda: v["pk"])()
        if short == "workshop_edit":
            workshop = Workshop.objects.get(pk=v["pk"])
            v["event_pk"] = str(workshop.event_id)
    elif app == "participation":
        v["pk"] = str(idea.pk) if "idea" in short or "comment" in short else str(event.pk)
        v["comment_pk"] = _first(Comment.objects.filter(idea=idea))
        model = {"registration": Registration, "idea": Idea, "support": Support, "comment": Comment}
        for kind, cls in model.items():
            if short.startswith(f"private_{kind}"):
                v["token"] = _first(cls.objects.filter(**{"event__municipality" if cls is Registration
                                                          else "municipality" if cls is Idea
                                                          else "idea__municipality": m}), "token")
    elif app == "portal" or app == "api":
        field = FieldOfAction.objects.filter(concept=concept).order_by("pk").first()
        goal = Goal.objects.filter(concept=concept).order_by("pk").first()
        measure = Measure.objects.filter(concept=concept, is_public=True).order_by("pk").first()
        v["key"] = field.key if short.startswith("field") else goal.key
        v["external_id"] = {
            "measure": measure.external_id,
            "offer": Offer.objects.filter(municipality=m, is_published=True).order_by("pk").first().external_id,
            "actor": Actor.objects.filter(municipality=m, is_published=True).order_by("pk").first().external_id,
        }.get(short, None)
    elif app == "oparl":
        from teilhabe.council.models import File, Meeting

        meeting = Meeting.objects.filter(municipality=m).order_by("pk").first()
        v.update(municipality_id=str(m.pk), kind="meeting", name="meetings", pk=str(meeting.pk))
        if short.startswith("file"):
            v["pk"] = _first(File.objects.filter(meeting=meeting))
        elif short == "organization_objects":
            v["pk"] = str(meeting.organization_id)
    elif app == "council_office":
        from teilhabe.council.models import AgendaItem, File, Person

        item = AgendaItem.objects.filter(meeting__municipality=m, consultation__isnull=False).order_by("pk").first()
        consultation = item.consultation
        person = Person.objects.filter(municipality=m, memberships__isnull=False).order_by("pk").first()
        v["kind"] = {"file_upload": "meeting"}.get(short, "file")
        v.update(meeting_pk=str(item.meeting_id), paper_pk=str(consultation.paper_id), person_pk=str(person.pk))
        v["pk"] = {
            "term": lambda: _first(m.legislative_terms.all()), "location": lambda: _first(m.council_locations.all()),
            "organization": lambda: _first(m.council_organizations.all()), "person": lambda: str(person.pk),
            "consent": lambda: str(person.pk), "membership": lambda: _first(person.memberships.all()),
            "agenda": lambda: str(item.pk) if short == "agenda_item_edit" else str(item.meeting_id),
            "paper": lambda: str(consultation.paper_id), "consultation": lambda: str(consultation.pk),
            "delete": lambda: _first(File.objects.filter(municipality=m)),
        }.get(short.split("_")[0], lambda: str(item.meeting_id))()
    elif name == "password_reset_confirm":
        v.update(uidb64="MQ", token="set-password")
    elif app == "admin":
        v.update(object_id="1", content_type_id="1", id="1", app_label="auth")
    return v


def obs_year(indicator):
    return indicator.observations.order_by("-period").first().period[:4]


def dashboard_key(w):
    body = client_for(w, "coordinator").get(f"/backoffice/{SLUG}/monitoring/dashboard/").content.decode()
    found = re.search(r"/monitoring/dashboard/data/([^/]+)/csv/", body)
    return found.group(1) if found else "x"


class QuickClient(Client):
    """Django's test client without the copy of every template context it keeps for
    assertions (a third of the time here); an exception still becomes a 500 with exc_info."""

    def request(self, **request):
        environ = self._base_environ(**request)
        uid = f"request-exception-{id(request)}"
        self.exc_info = None
        got_request_exception.connect(self.store_exc_info, dispatch_uid=uid)
        try:
            response = self.handler(environ)
        finally:
            got_request_exception.disconnect(dispatch_uid=uid)
        response.exc_info = self.exc_info
        self.exc_info = None
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


def client_for(w, persona):
    client = QuickClient(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")
    if persona != "anonymous":
        client.force_login(w.users[persona])
    return client


# --- the URL patterns -----------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Route:
    name: str
    converters: tuple   # ((kwarg, converter class name), ...)
    methods: tuple

    def __str__(self):
        return self.name


def routes():
    found = {}

    def walk(resolver, namespaces, converters):
        for p in resolver.url_patterns:
            conv = converters + tuple((k, type(c).__name__) for k, c in p.pattern.converters.items())
            if isinstance(p, URLResolver):
                walk(p, namespaces + ([p.namespace] if p.namespace else []), conv)
            elif isinstance(p, URLPattern) and p.name:
                name = ":".join(namespaces + [p.name])
                if isinstance(p.pattern.regex.pattern, str) and "(?P<" in p.pattern.regex.pattern \
                        and not p.pattern.converters:
                    # A regex pattern (admin app list): its group is a string.
                    conv = conv + tuple((g, "StringConverter") for g in p.pattern.regex.groupindex)
                found.setdefault(name, Route(name, conv, ()))

    walk(get_resolver(), [], ())
    return sorted(found.values(), key=lambda r: r.name)


ROUTES = routes()


def junk_for(converter):
    if converter == "IntConverter":
        return ["999999", HUGE_INT]
    if converter == "SlugConverter":
        return ["gibt-es-nicht"]
    return ["x", "\x00", "ü" * 300]


def paths(w, route):
    """(label, path) for the real parameters and for junk in each parameter in turn."""
    values = w.values(route.name)
    real = {k: values.get(k) or junk_for(c)[0] for k, c in route.converters}
    out = [("real", reverse(route.name, kwargs=real))]
    for kwarg, converter in route.converters:
        for junk in junk_for(converter):
            try:
                out.append((f"{kwarg}={junk[:12]!r}", reverse(route.name, kwargs={**real, kwarg: junk})))
            except Exception:  # noqa: BLE001 - the pattern does not take this junk: nothing to request
                pass
    return out


# --- forms on a page ------------------------------------------------------------------------

class FormFields(html.parser.HTMLParser):
    """The fields of the page's forms that POST, per form action:
    action → {name: (input type, [values offered])}."""

    def __init__(self):
        super().__init__()
        self.forms = {}
        self.fields = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            post = (a.get("method") or "").lower() == "post"
            self.fields = self.forms.setdefault(a.get("action") or "", {}) if post else None
        elif self.fields is None:
            return
        elif tag in ("input", "textarea", "select") and a.get("name") and a["name"] not in SKIPPED_FIELDS:
            kind = a.get("type", "text") if tag == "input" else tag
            entry = self.fields.setdefault(a["name"], (kind, []))
            if tag == "input" and a.get("value") is not None:
                entry[1].append(a["value"])
            if tag == "select":
                self.select = a["name"]
        elif tag == "option" and self.select and a.get("value"):
            self.fields[self.select][1].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self.select = None


# The CSRF token is skipped by the test client; the honeypot of the public forms turns any
# filled-in form into a silent "thank you", so it stays empty.
SKIPPED_FIELDS = {"csrfmiddlewaretoken", "homepage"}


def form_fields(body, action=""):
    """The fields of the forms on the page that post to `action` ("" = the page itself)."""
    parser = FormFields()
    parser.feed(body)
    fields = dict(parser.forms.get("", {})) if not action else {}
    if action:
        fields.update(parser.forms.get(action, {}))
    return fields


def fields_for(client, path):
    """The form that posts to `path`: on the page itself, or else on the page one level up
    (a check-in button on the list of registrations, a comment form on the idea's page)."""
    page = client.get(path)
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        fields = form_fields(page.content.decode(errors="replace"))
        fields.update(form_fields(page.content.decode(errors="replace"), path))
        if fields:
            return fields
    parent = path.rstrip("/").rsplit("/", 1)[0] + "/"
    for up in (parent, parent.rstrip("/").rsplit("/", 1)[0] + "/"):
        page = client.get(up)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            fields = form_fields(page.content.decode(errors="replace"), path)
            if fields:
                return fields
    return {}


TEXT_KINDS = ("text", "textarea", "hidden", "search", "email", "url", "tel", "password")


def garbage_bodies(fields, forged_id):
    """POST bodies: empty; each kind of garbage in every field at once; every text field NUL
    or overlong while the other fields hold what the page offers (so that the form gets as far
    as the database); and garbage of its type in each other field alone."""
    def plausible(kind, offered):
        return offered[:1] or (["1"] if kind in ("checkbox", "radio", "select") else ["x"])

    def typed(kind):
        return {"number": "abc", "date": "2024-02-30", "datetime-local": "2024-02-30T25:61",
                "time": "25:61", "file": "not a file"}.get(kind, forged_id)

    bodies = [("empty", {})]
    if not fields:
        return bodies
    base = {n: plausible(k, o) for n, (k, o) in fields.items()}
    texts = [n for n, (k, _) in fields.items() if k in TEXT_KINDS]
    bodies += [
        ("long", {n: LONG for n in fields}),
        ("nul", {n: NUL for n in fields}),
        ("letters", {n: "abc" for n in fields}),
        ("huge-int", {n: HUGE_INT for n in fields}),
        ("negative", {n: "-1" for n in fields}),
        ("forged-ids", {n: [forged_id, "999999"] for n in fields}),
        ("bad-date", {n: "2024-02-30" for n in fields}),
        ("texts-nul", {**base, **{n: NUL for n in texts}}),
        ("texts-long", {**base, **{n: LONG for n in texts}}),
    ]
    for name, (kind, _) in fields.items():
        if kind not in TEXT_KINDS:
            bodies.append((f"{name}=garbage", {**base, name: typed(kind)}))
    return bodies


def forged_id(w):
    """The id of an object of another municipality (a Herne actor)."""
    from teilhabe.actors.models import Actor

    return str(Actor.objects.filter(municipality=w.other).order_by("pk").first().pk)


# --- running and reporting ------------------------------------------------------------------

class Failures:
    def __init__(self):
        self.lines = []
        self.keys = set()

    def check(self, response, persona, method, path, label):
        if response.status_code < 500:
            return response
        exc = getattr(response, "exc_info", None)
        cause = "".join(traceback.format_exception_only(exc[0], exc[1])).strip() if exc else ""
        where = ""
        if exc:
            frames = traceback.extract_tb(exc[2])
            ours = [f for f in frames if "/teilhabe/" in f.filename and "site-packages" not in f.filename]
            where = "".join(f" at {f.filename.rsplit('/teilhabe/', 1)[1]}:{f.lineno} ({f.name})"
                            for f in ours[-2:])
            if frames and frames[-1] not in ours:
                where += f" … {frames[-1].filename.rsplit('/', 1)[1]}:{frames[-1].lineno}"
        self.keys.add((persona, method, label))
        self.lines.append(f"{response.status_code} {method} {path[:160]} as {persona} [{label}]: "
                          f"{cause[:300]}{where}")
        return response


class KnownServerError(AssertionError):
    """Only the 500s listed in KNOWN for this case happened."""


# (route name, method) → (reason, {label substrings that fail}); see notes/EXCHANGE.md.
KNOWN = {}


def cases(method):
    for route in ROUTES:
        if re.match(r"admin:(?!auth_user_|municipalities_membership_)\w+_\w+_(changelist|add|history|delete|change)$",
                    route.name):
            continue  # Django's admin, for superusers only: two of its models stand for all
        marks = []
        if (route.name, method) in KNOWN:
            reason, _ = KNOWN[(route.name, method)]
            marks.append(pytest.mark.xfail(strict=True, raises=KnownServerError, reason=reason))
        if method == "POST" and route.name.startswith("admin:"):
            continue
        yield pytest.param(route, id=route.name, marks=marks)


def conclude(failures, route, method):
    if not failures.lines:
        return
    message = f"{len(failures.lines)} server error(s):\n" + "\n".join(failures.lines[:40])
    known = KNOWN.get((route.name, method))
    if known and all(any(part in " ".join(key) for part in known[1]) for key in failures.keys):
        raise KnownServerError(message)
    raise AssertionError(message)


@pytest.fixture
def clients(world):
    """The module's clients with the sessions they were logged in with at the module's start.
    An earlier test may have posted to /logout/ or changed its session: its writes were rolled
    back with it, so the session rows of the start are there again and only the cookies are
    reset (a new log-in per persona and test cost a tenth of the module's time)."""
    for persona, client in world.clients.items():
        client.cookies = copy.deepcopy(world.cookies[persona])
    with translation.override("de"):
        yield world.clients


# Pages that take seconds each (a PDF): GET as the coordinator, and junk in the address.
EXPENSIVE = {"monitoring:report_pdf", "council_office:invitation", "council_office:minutes"}


def main_persona(route):
    """Who gets furthest on this page: the coordinator in the back office, else a visitor."""
    backoffice = ("backoffice:", "network:", "monitoring:", "participation_backoffice:", "admin:", "council_office:")
    return "coordinator" if route.name.startswith(backoffice) else "anonymous"


@pytest.mark.parametrize("route", list(cases("GET")))
def test_it_answers_every_get_without_a_server_error(world, route, clients):
    failures = Failures()
    main = clients[main_persona(route)]
    for label, path in paths(world, route):
        if label != "real":
            failures.check(main.get(path), main_persona(route), "GET", path, label)
            continue
        for persona, client in clients.items():
            if route.name in EXPENSIVE and persona != "coordinator":
                continue
            failures.check(client.get(path), persona, "GET", path, label)
        for query in QUERIES if route.name not in EXPENSIVE else ():
            url = f"{path}?{query}"
            failures.check(main.get(url), main_persona(route), "GET", url, query[:40])
        if route.name.startswith("api:"):
            for query in API_QUERIES:
                url = f"{path}?{query}"
                response = failures.check(main.get(url), "anonymous", "GET", url, query)
                if response.status_code == 400:
                    parameter = query.split("=")[0]
                    assert response["Content-Type"].startswith("application/json"), url
                    assert parameter in response.content.decode(), (url, response.content[:300])
    conclude(failures, route, "GET")


@pytest.mark.parametrize("route", [r for r in cases("GET") if [k for k, _ in r.values[0].converters] == ["slug"]])
def test_it_answers_the_kreis_pages_without_a_server_error(world, route, clients):
    """The pages of the Kreis (its towns side by side) as its coordinator and as a visitor."""
    failures = Failures()
    path = reverse(route.name, kwargs={"slug": KREIS})
    for persona in ("kreis", "anonymous"):
        failures.check(clients[persona].get(path), persona, "GET", path, "kreis")
    persona = "kreis" if main_persona(route) == "coordinator" else "anonymous"
    for query in QUERIES[:3] if route.name not in EXPENSIVE else ():
        failures.check(clients[persona].get(f"{path}?{query}"), persona, "GET", f"{path}?{query}", query[:40])
    conclude(failures, route, "GET")


@pytest.mark.parametrize("route", list(cases("POST")))
def test_it_answers_every_post_without_a_server_error(world, route, clients):
    failures = Failures()
    forged = forged_id(world)
    for label, path in paths(world, route):
        if label != "real":
            persona = main_persona(route)
            failures.check(clients[persona].post(path, {}), persona, "POST", path, f"empty {label}")
            continue
        for persona, client in clients.items():
            if route.name in EXPENSIVE:
                continue
            # Beside the main persona, an actor editor fills in the forms of their own
            # actor; the others only send an empty body (they are turned away).
            fill = persona in (main_persona(route), "actor_editor")
            bodies = garbage_bodies(fields_for(client, path) if fill else {}, forged)
            if persona != main_persona(route):
                bodies = [b for b in bodies if b[0] in ("empty", "texts-nul", "forged-ids")]
            for body_label, data in bodies:
                failures.check(client.post(path, data), persona, "POST", path, body_label)
    conclude(failures, route, "POST")


def test_it_reaches_the_forms_it_fills(world, clients):
    """The sweep is only worth something if the personas are logged in and the forms are
    found: the coordinator's offer form and a visitor's idea form have their fields."""
    offer = reverse("backoffice:offer_edit", kwargs=real_kwargs(world, "backoffice:offer_edit"))
    fields = form_fields(clients["coordinator"].get(offer).content.decode())
    assert {"title", "provider", "target_groups"} <= set(fields)
    idea = reverse("participation:idea_new", kwargs={"slug": SLUG})
    assert "title" in form_fields(clients["anonymous"].get(idea).content.decode())
    assert clients["viewer"].get(offer).status_code == 403
    assert len(ROUTES) > 150


def real_kwargs(w, name):
    route = next(r for r in ROUTES if r.name == name)
    return {k: w.values(name)[k] for k, _ in route.converters}
