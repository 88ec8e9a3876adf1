"""Whole public pages are cached for anonymous visitors (portal/cache.py) in a cache all
processes share, never beyond a change of what they show, never with one visitor's CSRF
token, never for staff; search pages never reach the disk; the worker renders a changed
municipality's directory again so that the next visitor gets a cached page."""
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.actors.models import Actor
from teilhabe.jobs import run_pending
from teilhabe.jobs.models import Job
from teilhabe.municipalities.models import District, Language, Municipality
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.portal import cache
from teilhabe.search import engine
from teilhabe.strategy.models import FieldOfAction
from tests import builders as b

from .test_pages import town  # noqa: F401  (fixture)

DIRECTORY = "/lindenau/offers/"


def served(client, path=DIRECTORY, **extra):
    """(page text, number of queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_it_serves_a_page_asked_for_before_without_a_database_query(client, town):
    first, rendered_queries = served(client)  # renders and stores
    again, queries = served(client)
    assert rendered_queries > 5 and queries == 0
    assert again == first


def test_it_shares_the_pages_between_processes(client, town):
    served(client)
    served(client)
    # Another process: no memory of its own, the same cache directory.
    caches["local"].clear()
    engine.clear_cache()
    _page, queries = served(client)
    assert queries == 0


def test_it_shows_a_changed_offer_at_once(client, town):
    served(client)
    assert "Elterncafé" in served(client)[0]
    # A write that bypasses the models (no signal) stays unseen until the page expires …
    Offer.objects.filter(external_id="O-1").update(title="Stiller Titel")
    assert "Elterncafé" in served(client)[0]
    # … an edit through the model is seen at once.
    offer = Offer.objects.get(external_id="O-1")
    offer.title = "Elternfrühstück"
    offer.save()
    page = served(client)[0]
    assert "Elternfrühstück" in page and "Elterncafé" not in page


def test_it_sees_a_changed_contact_detail_that_the_search_index_does_not_hold(client, town):
    for _ in range(2):
        assert "Markt 1" in client.get("/lindenau/offers/O-1/").content.decode()
    offer = Offer.objects.get(external_id="O-1")
    offer.street = "Kirchplatz 9"
    offer.save()
    assert "Kirchplatz 9" in client.get("/lindenau/offers/O-1/").content.decode()


def test_it_sees_a_changed_translation(client, town):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    served(client)
    assert "مقهى الأهل" in served(client)[0]
    translation = OfferTranslation.objects.get(offer__external_id="O-1")
    translation.title = "لقاء الأهل"
    translation.save()
    page = served(client)[0]
    assert "لقاء الأهل" in page and "مقهى الأهل" not in page


def test_it_sees_a_renamed_provider_field_and_district_and_the_municipality_itself(client, town):
    district = District.objects.create(municipality=town, key="nord", name="Nordviertel")
    Offer.objects.get(external_id="O-1").districts.add(district)
    changes = [
        (Actor.objects.get(external_id="familienzentrum"), "name", "Haus der Familie"),
        (FieldOfAction.objects.get(key="sprache"), "names", {"de": "Deutsch lernen"}),
        (District.objects.get(key="nord"), "name", "Oberstadt"),
        (Municipality.objects.get(slug="lindenau"), "name", "Lindenau an der Aue"),
    ]
    for obj, name, value in changes:
        served(client)
        served(client)
        setattr(obj, name, value)
        obj.save()
        shown = value["de"] if isinstance(value, dict) else value
        assert shown in served(client)[0], name


def test_it_drops_a_deleted_district_from_the_filters(client, town):
    district = District.objects.create(municipality=town, key="sued", name="Südviertel")
    Offer.objects.get(external_id="O-1").districts.add(district)
    served(client)
    assert "Südviertel" in served(client)[0]
    district.delete()
    assert "Südviertel" not in served(client)[0]


def test_it_shows_a_new_offer_and_hides_an_unpublished_one(client, town):
    served(client)
    served(client)
    provider = Actor.objects.get(external_id="familienzentrum")
    b.offer(town, provider, "O-2", title="Nähcafé")
    assert "Nähcafé" in served(client)[0]
    Offer.objects.filter(external_id="O-2").first().delete()
    offer = Offer.objects.get(external_id="O-1")
    offer.is_published = False
    offer.save()
    page = served(client)[0]
    assert "Nähcafé" not in page and "Elterncafé" not in page


def test_it_never_serves_cached_pages_to_people_logged_in(client, town, django_user_model):
    served(client)
    served(client)
    Offer.objects.filter(external_id="O-1").update(title="Stiller Titel")
    client.force_login(django_user_model.objects.create_user("staff", password="x"))
    page, queries = served(client)
    assert "Stiller Titel" in page and queries > 0


def test_it_keeps_one_copy_per_language(client, town):
    for _ in range(2):
        assert 'lang="de"' in client.get(DIRECTORY).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for _ in range(2):
        assert '<html lang="ar" dir="rtl">' in client.get(DIRECTORY).content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="ar"' in client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="de"' in client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_it_never_writes_a_search_to_the_shared_cache(client, town, tmp_path, settings):
    served(client)
    before = set(caches["default"]._list_cache_files())
    for _ in range(2):
        served(client, DIRECTORY + "?q=Elterncafe")
    assert set(caches["default"]._list_cache_files()) == before
    _page, queries = served(client, DIRECTORY + "?q=Elterncafe")
    assert queries == 0  # from this process's memory


def test_it_has_the_worker_render_a_changed_directory_for_the_next_visitor(client, town):
    Job.objects.all().delete()
    offer = Offer.objects.get(external_id="O-1")
    offer.title = "Elternfrühstück"
    offer.save()
    jobs = Job.objects.filter(name="portal.warm")
    assert [j.payload for j in jobs] == [{"slug": "lindenau"}]  # one for the whole change
    Job.objects.filter(name="portal.warm").update(run_after=offer.modified_at)
    Job.objects.exclude(name="portal.warm").delete()  # embeddings would renew it again
    run_pending()
    assert not engine.is_loaded(town.pk)  # the worker does not keep the index
    page, queries = served(client)
    assert queries == 0 and "Elternfrühstück" in page
    arabic, queries = served(client, HTTP_ACCEPT_LANGUAGE="ar")
    assert queries == 0 and '<html lang="ar"' in arabic
    # Only the municipality's languages: English it offers, Turkish not.
    assert served(client, HTTP_ACCEPT_LANGUAGE="en")[1] == 0
    assert served(client, HTTP_ACCEPT_LANGUAGE="tr")[1] > 0


def test_it_renders_nothing_for_an_unknown_municipality(db):
    assert cache.warm("nirgendwo") == 0
    assert cache.generation("nirgendwo") is None


def test_it_caches_nothing_when_turned_off(client, town, settings):
    settings.TEILHABE_PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        _page, queries = served(client)
        assert queries > 0


def test_it_renews_the_generation_when_a_language_is_renamed(client, town):
    served(client)
    before = cache.generation("lindenau")
    language = Language.objects.get(code="ar")
    language.save()
    assert cache.generation("lindenau") not in (None, before)


def test_it_puts_no_csrf_token_or_cookie_on_the_public_pages(client, town):
    for _ in range(3):  # rendered, then from the cache
        response = client.get(DIRECTORY)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert settings.CSRF_COOKIE_NAME not in response.cookies
        assert "Cookie" in response["Vary"] and "Accept-Language" in response["Vary"]


def test_it_switches_the_language_with_a_get_form(client, town):
    response = client.get(reverse("switch_language"), {"language": "ar", "next": DIRECTORY})
    assert response.status_code == 302 and response["Location"] == DIRECTORY
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert '<html lang="ar"' in client.get(DIRECTORY).content.decode()


def test_it_refuses_a_foreign_target_and_an_unknown_language(client, town):
    response = client.get(reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.post(reverse("switch_language"), {"language": "ar"}).status_code == 405


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    caches["default"].clear()
    caches["local"].clear()
    engine.clear_cache()


def test_it_keeps_offer_pages_apart_per_host_for_their_absolute_urls(client, town, settings):
    settings.ALLOWED_HOSTS = ["lindenau.example", "www.lindenau.example"]
    for host in ("lindenau.example", "www.lindenau.example"):
        for _ in range(2):
            page = client.get("/lindenau/offers/O-1/", HTTP_HOST=host).content.decode()
            assert f'"@id": "http://{host}/lindenau/offers/O-1/"' in page


def test_it_keys_the_generation_of_any_typed_slug_within_the_cache_key_limit(db):
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert cache.generation("x" * 300) is None
        assert cache.ensure_generation("ü" * 300)


def test_it_renders_the_page_for_a_visitor_with_a_message_waiting(client, town):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    served(client)
    served(client)
    # A visitor without a session whose message waits in the cookie (CookieStorage).
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "Angemeldet!")])
    page, queries = served(client)
    assert "Angemeldet!" in page and queries > 0
