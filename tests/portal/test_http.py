"""Every public address, walked from the URL configuration (like tests/backoffice/test_http.py
for the back office): a page that only shows something refuses a POST with 405 and an
Allow header instead of answering it like a GET — also when the page is in the page cache
(portal/cache.py) — and private-link pages (/p/…) are kept by no browser or proxy."""
import pytest
from django.db import transaction
from django.utils import timezone
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teilhabe.municipalities.models import Municipality
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.participation.models import Comment, Registration, Support
from teilhabe.portal import cache as page_cache
from tests import builders as b
from tests.council import builders as cb
from tests.courses import builders as courses
from tests.news import builders as nb
from tests.participation import builders as pb

# Public addresses that take a POST: forms (GET shows them, POST sends them) and actions
# (POST only). Every other public address only shows something.
TAKES_POST = {
    "login", "logout", "password_reset", "password_reset_confirm", "set_language",
    "participation:event", "participation:idea_new", "participation:idea_support",
    "participation:idea_comment", "participation:comment_report",
    "participation:private_registration_cancel", "participation:private_registration_delete",
    "participation:private_idea_confirm", "participation:private_idea_delete",
    "participation:private_support", "participation:private_comment",
    "sitepages:accessibility", "sitepages:display",  # the feedback form, the Darstellung
}
NOT_PUBLIC = ("admin/", "backoffice/", "api/v1/", "oparl/v1/")  # walked by tests/backoffice and tests/api


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name, p


ROUTES = list(_walk(get_resolver().url_patterns))
PUBLIC = sorted({name for route, name, _ in ROUTES if not route.startswith(NOT_PUBLIC)})
READ_ONLY = [name for name in PUBLIC if name not in TAKES_POST]
API = sorted({name for route, name, _ in ROUTES if route.startswith("api/v1/")})


@pytest.fixture(scope="module")
def shared_world(module_db):
    """Made once for the module's ~90 tests (rolled back after the last; each test's writes
    end with the test). Its on-commit hooks (search index, page cache) run at once, as
    tests/portal/conftest.py has them run inside a test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
        return _build_world()


@pytest.fixture
def world(db, shared_world):
    # Each test starts with an empty page cache (tests/portal/conftest.py), which removed the
    # generations the world's saves made: every municipality has one again, as when the
    # world was made inside the test (a GET is stored, test_a_post_to_a_cached_page_…).
    for slug in Municipality.objects.values_list("slug", flat=True):
        page_cache.ensure_generation(slug)
    return shared_world


def _build_world():
    town = pb.town("stadt-http")
    concept = town.concepts.get()
    field = concept.fields.first()
    actor = b.actor(town, "verein")
    event = pb.event(town)
    idea = pb.idea(town)
    registration = Registration.objects.create(event=event, name="Amira Beispiel", email="amira@example.org",
                                               status="registered", consent_at=timezone.now())
    comment = Comment.objects.create(idea=idea, body="Gute Idee", email="kim@example.org",
                                     status=Comment.Status.VISIBLE)
    support = Support.objects.create(idea=idea, email_hash="x" * 64, email="kim@example.org")
    council = cb.world(town)
    kreis, towns = courses.kreis(towns=("hilden",))
    course = courses.course(kreis, towns["hilden"], courses.provider(kreis), "KURS-1")
    news = nb.item(town)
    picture = nb.picture(news, nb.image_bytes(size=(40, 30)))  # tiny: one quick variant
    attachment = nb.actions.attach_pdf(news, nb.upload(b"%PDF-1.4\n%%EOF\n", "x.pdf"), name="PDF")
    # The transparency page answers 404 until its coordinator switches it on.
    OpenDataSettings.objects.create(municipality=town, transparency_page=True)
    return {
        "slug": town.slug, "field": field.key, "goal": b.goal(concept, "ziel-1", field=field).key,
        "measure": b.measure(concept, "M-1", responsible=actor).external_id, "actor": actor.external_id,
        "offer": b.offer(town, actor, "A-1", field=field).external_id, "event": event.pk, "idea": idea.pk,
        "comment": comment.pk, "token_registration": registration.token, "token_idea": idea.token,
        "token_support": support.token, "token_comment": comment.token,
        "meeting": council.held.pk, "paper": council.paper.pk,
        # The course finder lives on the portals of a Kreis and its towns.
        "course_slug": kreis.slug, "course": course.external_id,
        "news_item": news.pk, "news_picture": picture.pk, "news_attachment": attachment.pk, "width": 40,
    }


def _address(world, name):
    """The address of a URL name with this world's objects, chosen by what the name says
    it shows (a value that names nothing where no object fits: the page answers 404)."""
    pattern = next(p for _, n, p in ROUTES if n == name)
    short = name.split(":")[-1]
    kwargs = {}
    for arg in pattern.pattern.converters:
        if arg == "slug":
            value = world["course_slug" if name.startswith("courses:") else "slug"]
        elif arg == "key":
            value = world[short if short in ("field", "goal") else "field"]
        elif arg == "external_id":
            value = world.get(short, "x")
        elif arg in ("pk", "width") and name.startswith("news:"):
            value = world["width" if arg == "width" else "news_" + short]
        elif arg == "pk" and name.startswith("council_portal:"):
            value = world[short]
        elif arg == "pk":
            value = world["idea" if short.startswith(("idea", "comment")) else "event"]
        elif arg == "comment_pk":
            value = world["comment"]
        elif arg == "token":  # private_registration_export → the registration's
            value = world.get("token_" + short.removeprefix("private_").split("_")[0], "x")
        else:
            value = "x"
        kwargs[arg] = value
    return reverse(name, kwargs=kwargs)


def test_it_walks_real_public_pages(client, world):
    # Not 404s: every page that only shows something is reached with a real object (a new
    # one needs its object in `world`), so the 405 below is the view's, not a lookup's.
    shown = {name: client.get(_address(world, name)).status_code for name in READ_ONLY}
    # /metrics is off unless TEILHABE_METRICS (404); tests/ops turns it on.
    # A town without a sign-language video has none to stream, nor its captions
    # (tests/portal/test_sitepages.py).
    expected = {"switch_language": 302, "ops:metrics": 404, "sitepages:sign_language_video": 404,
                "sitepages:sign_language_captions": 404}
    assert shown == {name: expected.get(name, 200) for name in READ_ONLY}


@pytest.mark.parametrize("name", READ_ONLY)
def test_it_refuses_a_post_to_a_page_that_only_shows(client, world, name):
    address = _address(world, name)
    get = client.get(address)
    response = client.post(address, {"name": "x"})
    assert response.status_code == 405, (name, response.status_code)
    assert {"GET", "HEAD"} <= set(response["Allow"].split(", ")) and "POST" not in response["Allow"]
    assert response.content == b""  # as in the back office: Django's bare 405
    # HEAD is answered like GET.
    assert client.head(address).status_code == get.status_code


def test_it_knows_every_public_address_that_takes_a_post():
    assert TAKES_POST <= set(PUBLIC)


@pytest.mark.parametrize("name", [n for n in PUBLIC if n.startswith("participation:private_")])
def test_it_keeps_no_private_link_page_in_a_cache(client, world, name):
    address = _address(world, name)
    for response in (client.get(address), client.post(address)):
        assert response["Cache-Control"] == "private, no-store", (name, response.status_code)
        assert response.status_code != 500


def test_it_keeps_no_answer_for_an_unknown_private_link_in_a_cache(client, world):
    response = client.get(reverse("participation:private_registration", args=["nicht-vorhanden"]))
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", [n for n in API if n != "api:not_found"])
def test_the_api_only_reads(client, world, name):
    pattern = next(p for _, n, p in ROUTES if n == name)
    address = reverse(name, kwargs={arg: world["slug"] if arg == "slug" else "x"
                                    for arg in pattern.pattern.converters})
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(address)
        assert response.status_code == 405, (name, method)
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"]["code"] == "method_not_allowed"


# --- the page cache ----------------------------------------------------------------------

CACHED = ["portal:offers", "portal:offer"]


@pytest.mark.parametrize("name", CACHED)
def test_a_post_to_a_cached_page_is_refused_and_stores_nothing(client, world, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    address = _address(world, name)

    def get():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        return response.content, len(queries)

    # The municipality has a generation: a GET now would be stored. A POST is refused
    # and stores nothing: the next GET is rendered …
    assert page_cache.generation(world["slug"]) is not None
    assert client.post(address).status_code == 405
    first, queries = get()
    assert queries > 0
    # … and stored: served without a query.
    page, queries = get()
    assert queries == 0 and page == first
    # A POST to the cached page is refused too, not answered with the copy, which stays.
    response = client.post(address)
    assert response.status_code == 405 and response.content == b""
    assert client.head(address).status_code == 200
    page, queries = get()
    assert queries == 0 and page == first
