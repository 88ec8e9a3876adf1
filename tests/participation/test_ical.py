"""The iCalendar feed and single-event files: RFC 5545 as a strict parser and our own
checks of the wire format (CRLF, folding at 75 octets, escaping, required properties)."""
import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.participation import ical

from . import builders as pb

pytestmark = pytest.mark.django_db


def check_wire_format(raw):
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), max(len(line) for line in lines)
    for line in lines:
        line.decode("utf-8")  # folding never splits a character


def unfolded(raw):
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_it_serves_a_valid_feed_with_timezone_and_required_properties(client):
    m = pb.town("herne")
    pb.event(m, title="2. Integrationskonferenz; Herne, Pluto\\Süd " + "ä" * 60,
             description="Zeile 1\nZeile 2, mit Komma; und Semikolon")
    response = client.get("/herne/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    check_wire_format(raw)
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    (tz,) = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Berlin"
    (vevent,) = cal.walk("VEVENT")
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert prop in vevent, prop
    assert str(vevent["SUMMARY"]).startswith("2. Integrationskonferenz; Herne, Pluto\\Süd")
    assert str(vevent["DESCRIPTION"]) == "Zeile 1\nZeile 2, mit Komma; und Semikolon"
    assert vevent["DTSTART"].dt.tzinfo is not None and str(vevent["DTSTART"].params["TZID"]) == "Europe/Berlin"
    lines = unfolded(raw)
    assert any(line.startswith("SUMMARY:2. Integrationskonferenz\\; Herne\\, Pluto\\\\Süd") for line in lines)
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)


def test_it_keeps_past_events_for_a_year_and_hides_internal_ones(client):
    m = pb.town("herten")
    now = timezone.now()
    pb.event(m, title="Vor elf Monaten", starts_at=now - datetime.timedelta(days=330))
    pb.event(m, title="Vor zwei Jahren", starts_at=now - datetime.timedelta(days=730))
    pb.event(m, title="Intern", is_public=False)
    pb.event(m, title="Bald")
    cal = icalendar.Calendar.from_ical(client.get("/herten/events.ics").content)
    titles = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert titles == ["Bald", "Vor elf Monaten"]


def test_it_gives_each_event_a_stable_uid_and_local_times(client):
    m = pb.town("herne")
    berlin = ical.BERLIN
    event = pb.event(m, title="Konferenz", starts_at=datetime.datetime(2030, 11, 17, 14, tzinfo=berlin),
                     ends_at=datetime.datetime(2030, 11, 17, 18, tzinfo=berlin))
    first = client.get(reverse("participation:event_ics", args=["herne", event.pk])).content
    second = client.get(reverse("participation:event_ics", args=["herne", event.pk])).content
    assert first == second
    lines = unfolded(first)
    assert f"UID:{event.uid}@testserver" in lines
    assert "DTSTART;TZID=Europe/Berlin:20301117T140000" in lines
    vevent = icalendar.Calendar.from_ical(first).walk("VEVENT")[0]
    assert vevent["DTSTART"].dt == datetime.datetime(2030, 11, 17, 14, tzinfo=berlin)


def test_it_folds_without_splitting_characters():
    line = "SUMMARY:" + "ü" * 100
    folded = ical.fold(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(p) <= 75 for p in parts) and all(p.startswith(b" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line
