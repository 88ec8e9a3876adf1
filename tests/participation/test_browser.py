"""Participation in a real Chromium: registering until full and moving up from the
waiting list; a web idea accepted, turned into a measure and shown on the submitter's
status page; a letter idea entered by staff; axe-core on every new page."""
import re

import pytest
from django.core import mail

from teilhabe.jobs import run_pending
from teilhabe.participation.models import Idea, Registration
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, login, follow

from . import builders as pb

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {}
    m = pb.town("lindenau")
    b.user("koordination", role="coordinator", municipality=m)
    return m


def private_link(live_server, outbox_index=-1):
    path = re.search(r"https?://[^/\s]+(/p/\S+)", mail.outbox[outbox_index].body).group(1)
    return base_url(live_server) + path


def register(page, name, email):
    page.get_by_label("Name:", exact=True).fill(name)
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("ja", exact=True).first.check()
    page.get_by_label("Ich bin einverstanden").check()
    follow(page, page.locator("form.form button[type=submit]"))


def test_it_registers_until_full_and_moves_up_after_a_cancellation(page, live_server, town):
    event = pb.event(town, title="Integrationskonferenz Lindenau", capacity=2)
    pb.event(town, title="Frühere Konferenz", days=-20)
    url = base_url(live_server)
    page.goto(url + "/lindenau/events/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Integrationskonferenz Lindenau"))
    assert_accessible(page)
    register(page, "Ada Beispiel", "ada@example.org")
    assert "Sie sind angemeldet" in page.locator(".messages").inner_text()
    register(page, "Ben Beispiel", "ben@example.org")
    assert "freie Plätze" in page.content() and "Warteliste" in page.locator("#register-heading").inner_text()
    register(page, "Cem Beispiel", "cem@example.org")
    assert "Warteliste" in page.locator(".messages").inner_text()
    assert list(event.registrations.values_list("status", flat=True).order_by("id")) == [
        "registered", "registered", "waiting"]
    run_pending()
    ada_link = private_link(live_server, 0)
    page.goto(ada_link)
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Abmelden"))
    assert "abgemeldet" in page.locator(".registration-status").inner_text()
    run_pending()
    assert Registration.objects.get(email="cem@example.org").status == "registered"
    assert any("Ein Platz ist frei" in m.subject and m.to == ["cem@example.org"] for m in mail.outbox)
    cem = [m for m in mail.outbox if "Ein Platz ist frei" in m.subject][0]
    page.goto(base_url(live_server) + re.search(r"https?://[^/\s]+(/p/\S+)", cem.body).group(1))
    assert "angemeldet" in page.locator(".registration-status").inner_text()
    page.goto(url + "/lindenau/events/")
    follow(page, page.get_by_role("link", name="Frühere Konferenz"))
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_takes_a_web_idea_to_a_measure_shown_on_the_status_page(new_page, live_server, town):
    url = base_url(live_server)
    resident = new_page()
    resident.goto(url + "/lindenau/ideas/")
    assert_accessible(resident)
    follow(resident, resident.get_by_role("link", name="Eine Idee einreichen"))
    assert_accessible(resident)
    follow(resident, resident.locator("form.form button[type=submit]"))
    assert resident.locator(".form-errors").is_visible()
    assert_accessible(resident)
    resident.get_by_label("Ihre Idee in einem Satz").fill("Stadtrundfahrten mit Migranten")
    resident.get_by_label("Beschreibung:", exact=True).fill("Neue Nachbarn zeigen ihre Stadt.")
    resident.get_by_label("Handlungsfeld").select_option(label="Sprachförderung")
    resident.get_by_label("E-Mail:", exact=True).fill("idee@example.org")
    resident.get_by_label("Ich bin einverstanden").check()
    follow(resident, resident.locator("form.form button[type=submit]"))
    resident.wait_for_url("**/ideas/sent/")
    assert_accessible(resident)
    run_pending()
    status_page = private_link(live_server)
    resident.goto(status_page)
    assert_accessible(resident)
    follow(resident, resident.get_by_role("button", name="Idee bestätigen"))
    assert "veröffentlicht" in resident.locator(".idea-status").inner_text()
    idea = Idea.objects.get()
    resident.goto(url + f"/lindenau/ideas/{idea.pk}/")
    assert_accessible(resident)

    staff = new_page()
    login(staff, live_server, "koordination", b.PASSWORD)
    staff.goto(url + "/backoffice/lindenau/ideas/")
    assert_accessible(staff)
    follow(staff, staff.get_by_role("link", name="Stadtrundfahrten mit Migranten"))
    assert_accessible(staff)
    form = staff.locator("form.status-form")
    form.get_by_label("neuer Status").select_option(label="angenommen")
    form.get_by_label("Begründung").fill("Großer Zuspruch; wir planen die erste Fahrt.")
    follow(staff, form.get_by_role("button", name="Status ändern"))
    follow(staff, staff.get_by_role("link", name="Zur Maßnahme machen"))
    assert_accessible(staff)
    staff.get_by_label("Externe ID der neuen Maßnahme").fill("M-STADTRUNDFAHRT")
    follow(staff, staff.get_by_role("button", name="Speichern"))
    idea.refresh_from_db()
    assert idea.status == "accepted" and idea.measure.external_id == "M-STADTRUNDFAHRT"
    follow(staff, staff.get_by_role("link", name="Stadtrundfahrten mit Migranten").first)
    assert "Aus diesen Ideen entstanden" in staff.content()

    run_pending()
    resident.goto(status_page)
    text = resident.locator("main").inner_text()
    assert "angenommen" in text and "Daraus wurde eine Maßnahme" in text and "Großer Zuspruch" in text
    assert_accessible(resident)
    follow(resident, resident.get_by_role("link", name="Stadtrundfahrten mit Migranten"))
    assert "Aus diesen Ideen entstanden" in resident.content()
    assert_no_console_errors(resident)
    assert_no_console_errors(staff)


def test_it_lets_staff_enter_a_letter_idea(page, live_server, town):
    event = pb.event(town, title="Konferenz", capacity=10)
    url = base_url(live_server)
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(url + "/backoffice/lindenau/ideas/new/")
    assert_accessible(page)
    page.get_by_label("Titel:", exact=True).fill("Sprachpatenschaften für Eltern")
    page.get_by_label("Beschreibung:", exact=True).fill("Per Brief vom 12. Januar.")
    page.get_by_label("Handlungsfeld").select_option(label="Sprachförderung")
    page.get_by_label("Eingangsweg").select_option(label="Brief")
    page.get_by_label("eingegangen am").fill("2024-01-12")
    page.get_by_label("Rückmeldung").select_option(label="per Brief")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.locator(".form-errors").is_visible()
    assert "Anschrift" in page.locator(".form-errors").inner_text()
    page.get_by_label("Postanschrift").fill("Musterweg 1\n12345 Lindenau")
    page.get_by_label("Die Person hat eingewilligt").check()
    follow(page, page.get_by_role("button", name="Speichern"))
    page.wait_for_url("**/ideas/*/")
    idea = Idea.objects.get()
    assert (idea.channel, idea.transcribed_by.username, str(idea.received_on)) == ("letter", "koordination", "2024-01-12")
    assert "per Brief" in page.content()
    assert_accessible(page)
    for path in ("/backoffice/lindenau/events/", f"/backoffice/lindenau/events/{event.pk}/",
                 f"/backoffice/lindenau/events/{event.pk}/registrations/",
                 f"/backoffice/lindenau/events/{event.pk}/attendance/", "/backoffice/lindenau/events/settings/",
                 "/backoffice/lindenau/events/mail/", "/backoffice/lindenau/events/new/"):
        page.goto(url + path)
        assert_accessible(page)
    assert_no_console_errors(page)
