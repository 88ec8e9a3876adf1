"""Whole public pages are cached for anonymous visitors (portal/cache.py), never beyond a
change of what they show, never with one visitor's CSRF token, never for staff."""
import pytest
from django.conf import settings
from django.urls import reverse

from teilhabe.offers.models import Offer
from teilhabe.portal import cache

from .test_pages import town  # noqa: F401  (fixture)

DIRECTORY = "/lindenau/offers/"


@pytest.fixture
def state_at_once(monkeypatch):
    """The municipality's state is otherwise looked up at most every STATE_SECONDS."""
    monkeypatch.setattr(cache, "STATE_SECONDS", 0)


def test_it_serves_the_directory_from_the_cache_until_an_offer_changes(client, town, state_at_once):
    assert "Elterncafé" in client.get(DIRECTORY).content.decode()
    # A write that bypasses the model (no signal, no new modification time) stays unseen …
    Offer.objects.filter(external_id="O-1").update(title="Stiller Titel")
    assert "Elterncafé" in client.get(DIRECTORY).content.decode()
    # … an edit through the model is seen at once.
    offer = Offer.objects.get(external_id="O-1")
    offer.title = "Elternfrühstück"
    offer.save()
    page = client.get(DIRECTORY).content.decode()
    assert "Elternfrühstück" in page and "Elterncafé" not in page


def test_it_sees_a_changed_contact_detail_that_the_search_index_does_not_hold(client, town, state_at_once):
    assert "Markt 1" in client.get("/lindenau/offers/O-1/").content.decode()
    offer = Offer.objects.get(external_id="O-1")
    offer.street = "Kirchplatz 9"
    offer.save()
    assert "Kirchplatz 9" in client.get("/lindenau/offers/O-1/").content.decode()


def test_it_never_serves_cached_pages_to_people_logged_in(client, town, django_user_model):
    client.get(DIRECTORY)
    Offer.objects.filter(external_id="O-1").update(title="Stiller Titel")
    client.force_login(django_user_model.objects.create_user("staff", password="x"))
    assert "Stiller Titel" in client.get(DIRECTORY).content.decode()


def test_it_keeps_one_copy_per_language(client, town):
    assert 'lang="de"' in client.get(DIRECTORY).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(DIRECTORY).content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="ar"' in client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="de"' in client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_it_puts_no_csrf_token_or_cookie_on_the_public_pages(client, town):
    for _ in range(2):  # rendered, then from the cache
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
