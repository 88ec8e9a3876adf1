"""The council's back office in a real Chromium: a coordinator makes a meeting and gives it
an agenda item dealing with a paper, sees its deadlines, invites the members by e-mail
and sets the council part's deadlines; every page on the way axe-clean."""
import datetime

import pytest

from teilhabe.council import actions
from teilhabe.council.models import AgendaItem, MeetingMail, Membership, Organization, Paper, Person
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    m = b.municipality("ratsburg")
    actions.open_council(m, name="Stadt Ratsburg", invitation_days=7, papers_days=3)
    irat = Organization.objects.create(municipality=m, kind="integration_council", name="Integrationsrat")
    member = Person.objects.create(municipality=m, given_name="Mira", family_name="Mitglied",
                                   email="mira@beispiel.example")
    Membership.objects.create(person=member, organization=irat)
    Paper.objects.create(municipality=m, name="Sprachcafés", reference="2025/007", date=datetime.date(2025, 1, 9),
                         kind="motion", is_published=True)
    b.user("koordination", role="coordinator", municipality=m)
    return m


def test_a_coordinator_makes_a_meeting_with_an_agenda_item(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/ratsburg/")
    follow(page, page.get_by_role("link", name="Rat", exact=True))
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Sitzungen"))
    follow(page, page.get_by_role("link", name="Neue Sitzung"))
    assert_accessible(page)
    page.get_by_label("Gremium").select_option(label="Integrationsrat")
    page.get_by_label("Bezeichnung").fill("1. Sitzung des Integrationsrats")
    page.get_by_label("Beginn").fill("2025-03-04T17:00")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_role("heading", level=1).inner_text() == "1. Sitzung des Integrationsrats"
    follow(page, page.get_by_role("link", name="Neuer Tagesordnungspunkt"))
    page.get_by_label("Nummer").fill("1")
    page.get_by_label("Thema").fill("Sprachcafés in den Stadtteilen")
    page.get_by_label("behandelte Vorlage").select_option(label="2025/007 Sprachcafés")
    follow(page, page.get_by_role("button", name="Speichern"))
    agenda = page.get_by_role("table", name="Tagesordnung")
    assert "Sprachcafés in den Stadtteilen" in agenda.inner_text() and "2025/007" in agenda.inner_text()
    # the meeting lay in the past and no invitation went out: a warning
    assert "Frist versäumt: noch nicht erledigt" in page.get_by_role("list").filter(has_text="Einladung: bis").inner_text()
    follow(page, page.get_by_role("button", name="Einladung an die Mitglieder senden"))
    assert "Die Einladung geht an 1 Mitglied." in page.locator(".messages").inner_text()
    mails = page.get_by_role("table", name="E-Mails zur Sitzung").inner_text()
    assert "Mira Mitglied" in mails and "noch nicht" in mails
    assert_accessible(page)
    assert_no_console_errors(page)
    assert AgendaItem.objects.get().consultation.paper.reference == "2025/007"
    assert MeetingMail.objects.get().person == member_of(town)
    follow(page, page.get_by_role("link", name="Gremien und Personen"))
    follow(page, page.get_by_role("link", name="Einstellungen bearbeiten"))
    assert_accessible(page)
    page.get_by_label("Einladungsfrist (Tage vor der Sitzung)").fill("10")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "10 Tage vor der Sitzung" in page.content()


def member_of(town):
    return Person.objects.get(municipality=town)
