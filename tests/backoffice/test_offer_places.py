"""An offer's place and opening hours in the back office: coordinates entered or
geocoded on request, hours typed line by line, each mistake named; the transit planner's
address template in the settings."""
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.municipalities.models import ChangeRecord
from teilhabe.offers.models import Offer
from tests import builders as b
from tests.nominatim import HERTEN, nominatim  # noqa: F401 (fixture)


@pytest.fixture
def town(db):
    kreis = b.municipality("kreis-lindenau", kind="kreis")
    return b.municipality("lindenau", parent=kreis)


@pytest.fixture
def offer(town):
    return b.offer(town, b.actor(town, "familienzentrum"), "A-1", title="Elterncafé", street="Markt 3",
                   postcode="12345", city="Lindenau")


def u(town, name, *args):
    return reverse(f"backoffice:{name}", args=[town.slug, *args])


def form_data(offer, **changes):
    return {"title": offer.title, "provider": offer.provider_id, "street": offer.street, "postcode": offer.postcode,
            "city": offer.city, "is_published": "on", "closed_on_holidays": "on", **changes}


def test_a_coordinator_enters_coordinates_and_opening_hours(client, town, offer):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(u(town, "offer_edit", offer.pk), form_data(
        offer, latitude="51.5931", longitude="7.1407", opening_hours="Mo–Fr 09:00–12:00\ndi 14.00-16:00 Uhr",
        closing_days="24.12.2026, 2026-12-31"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == (Decimal("51.5931"), Decimal("7.1407"))
    assert offer.opening_hours[:3] == [{"day": "Mo", "opens": "09:00", "closes": "12:00"},
                                       {"day": "Tu", "opens": "09:00", "closes": "12:00"},
                                       {"day": "Tu", "opens": "14:00", "closes": "16:00"}]
    assert len(offer.opening_hours) == 6 and offer.closed_on_holidays and not offer.by_appointment
    assert offer.closing_days == ["2026-12-24", "2026-12-31"]
    # The form shows the rows back as lines, grouped by day.
    form = client.get(u(town, "offer_edit", offer.pk)).content.decode()
    assert "Mo 09:00–12:00\nDi 09:00–12:00, 14:00–16:00\nMi 09:00–12:00" in form
    assert "24.12.2026\n31.12.2026" in form


def test_it_names_each_wrong_field_and_line_and_saves_nothing(client, town, offer):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(u(town, "offer_edit", offer.pk), form_data(
        offer, latitude="91", longitude="sieben", opening_hours="Mo 09:00–12:00\nMo 11:00–13:00\nDi 16:00–14:00",
        closing_days="31.02.2026"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["latitude"] == ["Dieser Wert muss kleiner oder gleich 90 sein."]
    assert errors["longitude"] == ["Bitte eine Zahl eingeben."]
    assert errors["opening_hours"] == ["Zeile 2: 11:00–13:00 überschneidet sich mit 09:00–12:00 (Zeile 1).",
                                       "Zeile 3: „von“ (16:00) muss vor „bis“ (14:00) liegen."]
    assert errors["closing_days"] == ["Eintrag 1: „31.02.2026“ ist kein Datum wie 24.12.2026."]
    response = client.post(u(town, "offer_edit", offer.pk), form_data(offer, opening_hours="Woche 9 Uhr\nMontags 9-12"))
    assert response.context["form"].errors["opening_hours"] == [
        "Zeile 1: am Anfang ein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So) oder eine Spanne wie „Mo–Fr“.",
        "Zeile 2: Zeiten als „09:00–12:00“, mehrere durch Komma getrennt."]
    offer.refresh_from_db()
    assert offer.latitude is None and offer.opening_hours == []


def test_a_coordinator_has_the_address_geocoded_on_request(client, town, offer, nominatim):  # noqa: F811
    nominatim.answers["Markt 3, 12345 Lindenau"] = [HERTEN]
    coordinator = b.user(role="coordinator", municipality=town)
    client.force_login(coordinator)
    page = client.get(u(town, "offer", offer.pk)).content.decode()
    assert "Koordinaten aus der Anschrift ermitteln" in page
    assert nominatim.requests == []  # showing a page asks nobody
    response = client.post(u(town, "offer_geocode", offer.pk), follow=True)
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == (Decimal("51.593125"), Decimal("7.140732"))
    assert "Koordinaten aus der Anschrift übernommen: 51.593125, 7.140732" in response.content.decode()
    record = ChangeRecord.objects.filter(object_id=offer.pk, content_type__model="offer").latest("pk")
    assert record.user == coordinator and record.changes["latitude"] == [None, "51.593125"]


def test_a_failed_geocoding_says_why_and_changes_nothing(client, town, offer, nominatim):  # noqa: F811
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(u(town, "offer_geocode", offer.pk), follow=True)
    assert "Zu dieser Anschrift wurde nichts gefunden." in response.content.decode()
    offer.refresh_from_db()
    assert offer.latitude is None


def test_without_a_geocoder_there_is_no_button_and_no_request(client, town, offer, settings):
    settings.TEILHABE_GEOCODER_URL = ""
    client.force_login(b.user(role="coordinator", municipality=town))
    assert "Koordinaten aus der Anschrift ermitteln" not in client.get(u(town, "offer", offer.pk)).content.decode()
    response = client.post(u(town, "offer_geocode", offer.pk), follow=True)
    assert "Keine Geokodierung eingerichtet" in response.content.decode()


def test_only_who_may_edit_the_offer_may_have_it_geocoded(client, town, offer, nominatim):  # noqa: F811
    nominatim.answers["Markt 3, 12345 Lindenau"] = [HERTEN]
    people = b.personas(town, editors={"editor": b.actor(town), "own_editor": offer.provider})
    expected = {"coordinator": 302, "kreis_coordinator": 302, "own_editor": 302, "viewer": 403, "editor": 403,
                "outsider": 403, "other_coordinator": 403, "anonymous": 302}
    seen = {}
    for name, user in people.items():
        Offer.objects.filter(pk=offer.pk).update(latitude=None)
        client.logout()
        if user:
            client.force_login(user)
        response = client.post(u(town, "offer_geocode", offer.pk))
        seen[name] = response.status_code
        geocoded = Offer.objects.get(pk=offer.pk).latitude is not None
        assert geocoded == (name not in ("viewer", "editor", "outsider", "other_coordinator", "anonymous")), name
    assert seen == expected
    client.force_login(people["coordinator"])
    assert client.get(u(town, "offer_geocode", offer.pk)).status_code == 405


@pytest.mark.parametrize("template, error", [
    ("https://efa.example/trip?dest={lon}:{lat}:WGS84", None),
    ("https://efa.example/trip?name_destination={address}", None),
    ("ftp://efa.example/{lat}", "Die Adresse muss mit https:// oder http:// beginnen."),
    ("https://efa.example/trip?dest={latitude}", "Unbekannter Platzhalter {latitude}; erlaubt sind {lat}, {lon} und {address}."),
    ("https://efa.example/trip?dest={lat", "Geschweifte Klammern nur um {lat}, {lon} oder {address}."),
])
def test_the_transit_planner_template_is_checked_by_name(client, town, template, error):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(u(town, "settings"), {"name": town.name, "languages": [], "transit_planner_url": template})
    town.refresh_from_db()
    if error:
        assert response.context["form"].errors["transit_planner_url"] == [error]
        assert town.transit_planner_url == ""
    else:
        assert response.status_code == 302 and town.transit_planner_url == template
