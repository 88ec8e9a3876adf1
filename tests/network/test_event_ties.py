""""Same event" ties: the actors present at a conference, a working-group meeting or an
information event are tied, with the event and its date as the source; cancellations,
the waiting list, absent people and future events do not count; the ties outlive the
registrations' personal data."""
import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.network import analysis
from teilhabe.network.models import WorkingGroup
from teilhabe.network.ties import load_network, year_period
from teilhabe.participation import actions
from teilhabe.participation.models import Event, Registration
from tests import builders as b

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def town(db):
    m = b.municipality("treffpunkt")
    b.concept(m)
    a = {name: b.actor(m, name.lower(), name=name) for name in ("VHS", "Caritas", "Moschee", "Sportverein")}
    return {"m": m, "a": a}


def event(town, title="Integrationskonferenz", when=datetime(2024, 11, 16, 14), kind="conference"):
    starts = when.replace(tzinfo=BERLIN)
    return Event.objects.create(municipality=town["m"], title=title, kind=kind, starts_at=starts,
                                ends_at=starts + timedelta(hours=4))


def register(e, actor, *, status="registered", checked_in=False):
    n = Registration.objects.count() + 1
    return Registration.objects.create(
        event=e, actor=actor, name=f"Person {n}", email=f"p{n}@example.org", status=status,
        consent_at=timezone.now(), check_in_code=f"X{n:05d}", checked_in_at=timezone.now() if checked_in else None)


def pair(town, x, y):
    return tuple(sorted((town["a"][x].pk, town["a"][y].pk)))


def event_ties(data):
    return {k: t for k, t in data.ties.items() if any(s.kind == "event" for s in t.sources)}


def test_it_ties_two_actors_at_the_same_conference_with_the_event_as_source(town):
    e = event(town)
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"])
    register(e, None)   # a person without organisation
    data = load_network(town["m"])
    assert list(event_ties(data)) == [pair(town, "VHS", "Caritas")]
    (source,) = data.ties[pair(town, "VHS", "Caritas")].sources
    assert (source.kind, str(source.kind_label), source.label) == (
        "event", "gemeinsame Veranstaltung", "Integrationskonferenz (16.11.2024)")
    assert (source.start, source.end) == (date(2024, 11, 16), date(2024, 11, 16))


def test_it_makes_one_tie_of_two_people_of_the_same_organisations(town):
    e = event(town)
    for _ in range(2):
        register(e, town["a"]["VHS"])
        register(e, town["a"]["Caritas"])
    data = load_network(town["m"])
    assert len(data.ties) == 1 and len(data.ties[pair(town, "VHS", "Caritas")].sources) == 1


def test_it_leaves_out_cancelled_and_waiting_registrations(town):
    e = event(town)
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"], status="cancelled")
    register(e, town["a"]["Moschee"], status="waiting")
    assert load_network(town["m"]).ties == {}
    register(e, town["a"]["Sportverein"])
    assert list(load_network(town["m"]).ties) == [pair(town, "VHS", "Sportverein")]


def test_it_counts_only_the_checked_in_once_the_event_recorded_check_ins(town):
    e = event(town)
    register(e, town["a"]["VHS"], checked_in=True)
    register(e, town["a"]["Caritas"], checked_in=True)
    register(e, town["a"]["Moschee"])               # registered, not come
    assert list(load_network(town["m"]).ties) == [pair(town, "VHS", "Caritas")]


def test_it_ties_the_actors_present_at_a_working_group_meeting(town):
    group = WorkingGroup.objects.create(municipality=town["m"], name="AK Sprache", field_key="sprache")
    group.members.set([town["a"]["VHS"]])
    meeting = event(town, title="Sitzung AK Sprache", kind="working_group", when=datetime(2025, 3, 4, 10))
    group.meetings.add(meeting)
    register(meeting, town["a"]["VHS"], checked_in=True)
    register(meeting, town["a"]["Moschee"], checked_in=True)   # a guest
    tie = load_network(town["m"]).ties[pair(town, "VHS", "Moschee")]
    assert [s.label for s in tie.sources] == ["Sitzung AK Sprache (04.03.2025)"]


def test_it_joins_the_event_to_the_other_sources_of_a_tie(town):
    from teilhabe.network.models import DeclaredTie

    DeclaredTie.objects.create(municipality=town["m"], actor_a=town["a"]["VHS"], actor_b=town["a"]["Caritas"])
    e = event(town)
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"])
    tie = load_network(town["m"]).ties[pair(town, "VHS", "Caritas")]
    assert sorted(s.kind for s in tie.sources) == ["declared", "event"]
    graph = analysis.build_graph(load_network(town["m"]))
    assert graph.edges[pair(town, "VHS", "Caritas")]["weight"] == 2


def test_it_keeps_event_ties_to_the_events_year(town):
    e = event(town, when=datetime(2024, 11, 16, 14))
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"])
    assert set(load_network(town["m"], year_period(2024)).ties) == {pair(town, "VHS", "Caritas")}
    assert load_network(town["m"], year_period(2023)).ties == {}
    assert load_network(town["m"], year_period(2025)).ties == {}


def test_it_ignores_events_that_have_not_begun(town):
    e = event(town, when=(timezone.now() + timedelta(days=10)).astimezone(BERLIN).replace(tzinfo=None))
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"])
    assert load_network(town["m"]).ties == {}


def test_it_ignores_another_towns_events(town):
    other = {"m": b.municipality("woanders")}
    e = event(other)
    register(e, b.actor(other["m"], "x"))
    register(e, b.actor(other["m"], "y"))
    assert load_network(town["m"]).ties == {}


def test_it_keeps_the_tie_after_the_retention_job_and_drops_it_when_a_person_deletes(town):
    old = event(town, when=datetime(2020, 5, 5, 18))
    register(old, town["a"]["VHS"], checked_in=True)
    register(old, town["a"]["Caritas"], checked_in=True)
    recent = event(town, title="Infoabend", when=(timezone.now() - timedelta(days=2)).astimezone(BERLIN)
                   .replace(tzinfo=None), kind="information")
    register(recent, town["a"]["Moschee"])
    ada = register(recent, town["a"]["Sportverein"])
    assert set(event_ties(load_network(town["m"]))) == {pair(town, "VHS", "Caritas"), pair(town, "Moschee",
                                                                                          "Sportverein")}
    actions.purge_personal_data()
    assert not Registration.objects.filter(event=old).exclude(actor=None).exists()
    actions.anonymise_registration(registration=ada)
    assert set(event_ties(load_network(town["m"]))) == {pair(town, "VHS", "Caritas")}


def test_it_lists_the_event_as_source_on_the_page_and_in_the_csv(client, town):
    e = event(town)
    register(e, town["a"]["VHS"])
    register(e, town["a"]["Caritas"])
    client.force_login(b.user(role="viewer", municipality=town["m"]))
    html = client.get(reverse("network:network", args=["treffpunkt"])).content.decode()
    assert "<bdi>Caritas</bdi> (gemeinsame Veranstaltung „<bdi>Integrationskonferenz (16.11.2024)</bdi>“)" in html
    assert "gemeinsam besuchten Veranstaltungen" in html
    rows = list(csv.reader(io.StringIO(client.get(reverse("network:export_csv", args=["treffpunkt"])).content
                                       .decode())))
    assert rows[1][2:] == ["gemeinsame Veranstaltung", "Integrationskonferenz (16.11.2024)", "2024-11-16",
                           "2024-11-16"]
