"""An event's place: coordinates entered in the back office (range-checked, named by
field) and route links on its public page — links only."""
import re

import pytest
from django.urls import reverse

from tests import builders as b
from tests.participation import builders as pb


@pytest.fixture
def town(db):
    town = pb.town("lindenau")
    town.transit_planner_url = "https://efa.example/trip?name_destination={lon}:{lat}:WGS84"
    town.save()
    return town


def test_the_event_page_links_route_planning_to_the_coordinates(client, town):
    event = pb.event(town, street="Markt 1", postcode="12345", city="Lindenau",
                     latitude="51.593100", longitude="7.140700")
    html = client.get(reverse("participation:event", args=[town.slug, event.pk])).content.decode()
    assert 'href="https://www.openstreetmap.org/directions?to=51.593100%2C7.140700"' in html
    assert 'href="https://efa.example/trip?name_destination=7.140700:51.593100:WGS84"' in html
    assert not re.search(r'(src|srcset)="(https?:)?//', html)
    plain = pb.event(town, street="", city="Lindenau")  # no street, no coordinates: no destination
    assert "Anfahrt" not in client.get(reverse("participation:event", args=[town.slug, plain.pk])).content.decode()


def test_the_event_form_names_coordinates_out_of_range(client, town):
    event = pb.event(town)
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(reverse("participation_backoffice:event_edit", args=[town.slug, event.pk]), {
        "kind": "conference", "title": event.title, "starts_at": "2030-05-01T10:00", "latitude": "12",
        "longitude": "181", "registration_open": "on", "is_public": "on"})
    assert response.context["form"].errors["longitude"] == ["Dieser Wert muss kleiner oder gleich 180 sein."]
    assert "latitude" not in response.context["form"].errors
    event.refresh_from_db()
    assert event.longitude is None
