"""Getting there on an offer's page: route links to OpenStreetMap and the municipality's
transit planner (links only, nothing loaded from them), opening hours in the reader's
language with "open now" that the page cache never serves stale, and schema.org data."""
import json
import re
import time

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from teilhabe.offers.hours import DAYS
from teilhabe.portal.cache import public_page
from tests import builders as b

ALL_DAY = [{"day": day, "opens": "00:00", "closes": "23:59"} for day in DAYS]


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    town.ags = "05562016"
    town.transit_planner_url = "https://efa.example/trip?type_destination=coord&name_destination={lon}:{lat}:WGS84"
    town.save()
    provider = b.actor(town, "familienzentrum", name="Familienzentrum")
    b.offer(town, provider, "O-1", title="Elterncafé", place_name="Familienzentrum", street="Markt 1",
            postcode="12345", city="Lindenau", latitude="51.593100", longitude="7.140700",
            opening_hours=[{"day": "Mo", "opens": "09:00", "closes": "12:00"},
                           {"day": "Mo", "opens": "14:00", "closes": "16:30"},
                           {"day": "Th", "opens": "10:00", "closes": "12:00"}],
            closing_days=["2999-12-24", "2000-01-03"])
    b.offer(town, provider, "O-2", title="Beratung", street="Markt 2", postcode="12345", city="Lindenau",
            by_appointment=True)
    b.offer(town, provider, "O-3", title="Treffpunkt", city="Lindenau")
    return town


def page(client, external_id, language="de"):
    response = client.get(reverse("portal:offer", args=["lindenau", external_id]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_it_links_route_planning_to_the_coordinates_and_loads_nothing_from_there(client, town):
    html = page(client, "O-1")
    assert 'href="https://www.openstreetmap.org/directions?to=51.593100%2C7.140700"' in html
    assert ('href="https://efa.example/trip?type_destination=coord&amp;name_destination=7.140700:51.593100:WGS84"'
            in html)
    # No map tiles, no scripts, no images from anyone else: only links.
    assert not re.search(r'(src|srcset)="(https?:)?//', html)


def test_without_coordinates_it_routes_to_the_address_or_not_at_all(client, town):
    html = page(client, "O-2")
    assert 'href="https://www.openstreetmap.org/directions?to=Markt+2%2C+12345+Lindenau"' in html
    assert "efa.example" not in html  # the planner wants coordinates the offer lacks
    town.transit_planner_url = "https://efa.example/trip?name_destination={address}"
    town.save()
    assert 'href="https://efa.example/trip?name_destination=Markt%202%2C%2012345%20Lindenau"' in page(client, "O-2")
    html = page(client, "O-3")  # a town name alone is no destination
    assert "openstreetmap.org" not in html and "efa.example" not in html and "Anfahrt" not in html


def test_it_shows_the_opening_hours_in_the_readers_language(client, town):
    german = page(client, "O-1")
    assert ('<th scope="row">Montag</th><td><span class="nowrap"><bdi>09:00</bdi>–<bdi>12:00</bdi></span>, '
            '<span class="nowrap"><bdi>14:00</bdi>–<bdi>16:30</bdi></span></td>') in german
    assert "<th scope=\"row\">Donnerstag</th>" in german and "An Feiertagen geschlossen." in german
    assert "Außerdem geschlossen am: <bdi>24.12.2999</bdi>" in german and "2000" not in german.split("Außerdem")[1]
    arabic = page(client, "O-1", "ar")
    assert "<th scope=\"row\">الاثنين</th>" in arabic and "<th scope=\"row\">الخميس</th>" in arabic
    english = page(client, "O-1", "en")
    assert '<th scope="row">Monday</th><td><span class="nowrap"><bdi>09:00</bdi>–<bdi>12:00</bdi>' in english
    assert "<bdi>9:00 ص</bdi>–<bdi>12:00 م</bdi>" in arabic  # Django's Arabic time format
    assert "Nur nach Vereinbarung." in page(client, "O-2")
    assert "Öffnungszeiten" not in page(client, "O-3")


def test_it_says_whether_it_is_open_now_and_for_which_time(client, town):
    offer = town.offers.get(external_id="O-1")
    offer.opening_hours, offer.closed_on_holidays, offer.closing_days = ALL_DAY, False, []
    offer.save()
    now = timezone.localtime()
    html = page(client, "O-1")
    if now.strftime("%H:%M") < "23:59":
        assert "<strong>Jetzt geöffnet</strong>, bis 23:59" in html
    assert f"(Stand: {now:%H}:" in html
    offer.opening_hours = [{"day": DAYS[(now.weekday() + 1) % 7], "opens": "09:00", "closes": "10:00"}]
    offer.save()
    assert "<strong>Jetzt geschlossen</strong>" in page(client, "O-1")
    assert "Jetzt ge" not in page(client, "O-2")  # by appointment only: no "open now"


def test_a_cached_page_serves_only_the_time_slot_it_was_rendered_in(db, settings):
    """The offer page is cached per quarter hour (changes_every); here per second."""
    settings.TEILHABE_PAGE_CACHE_SECONDS = 3600
    town = b.municipality("lindenau")
    rendered = []

    def view(request, slug):
        rendered.append(request.path)
        return HttpResponse("jetzt geöffnet")

    def get(cached_view, path):
        request = RequestFactory().get(path)
        request._messages = CookieStorage(request)
        cached_view(request, town.slug)

    per_second, per_ever = public_page(changes_every=1)(view), public_page(changes_every=10**10)(view)
    get(per_ever, "/start/")  # gives the town a generation: from now on pages are kept
    time.sleep(1.01 - time.time() % 1)  # at the start of a second
    for _ in range(3):
        get(per_second, "/second/")
        get(per_ever, "/ever/")
    assert rendered == ["/start/", "/second/", "/ever/"]
    time.sleep(1.01 - time.time() % 1)  # the next second
    get(per_second, "/second/")
    get(per_ever, "/ever/")
    assert rendered == ["/start/", "/second/", "/ever/", "/second/"]


def test_json_ld_gives_the_place_with_address_coordinates_and_opening_hours(client, town):
    data = json_ld(page(client, "O-1"))
    place = data["location"]
    assert place == data["availableChannel"]["serviceLocation"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.5931, "longitude": 7.1407}
    assert place["openingHoursSpecification"][:2] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday", "opens": "09:00",
         "closes": "12:00"},
        {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday", "opens": "14:00",
         "closes": "16:30"}]
    assert {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": "2999-12-24",
            "validThrough": "2999-12-24"} in place["openingHoursSpecification"]
    assert "geo" not in json_ld(page(client, "O-2"))["location"]
