"""In a real Chromium: a resident registers for an organisation from the list, another
names theirs as free text, staff take over the suggested actor, and after the event the
network page lists the conference as the source of the tie; axe-core on every page."""
import datetime

import pytest
from django.utils import timezone

from teilhabe.participation.models import Registration
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login

from . import builders as pb

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {}
    m = pb.town("lindenhof")
    b.user("koordination", role="coordinator", municipality=m)
    b.actor(m, "caritas", name="Caritasverband Lindenhof", kind="welfare_organisation")
    b.actor(m, "moschee", name="Moscheeverein Nord", kind="religious_community")
    return m


def register(page, name, email, *, actor=None, organisation=""):
    page.get_by_label("Name:", exact=True).fill(name)
    page.get_by_label("E-Mail").fill(email)
    if actor:
        page.get_by_label("Ich komme für (Organisation)").select_option(label=actor)
    page.get_by_label("Organisation (freiwillig)").fill(organisation)
    page.get_by_label("Ich bin einverstanden").check()
    follow(page, page.locator("form.form button[type=submit]"))


def test_it_registers_for_an_organisation_and_shows_the_tie_after_the_event(new_page, live_server, town):
    event = pb.event(town, title="Integrationskonferenz Lindenhof", capacity=20)
    url = base_url(live_server)
    resident = new_page()
    resident.goto(url + f"/lindenhof/events/{event.pk}/")
    assert_accessible(resident)
    # A forged choice is refused with a message that names the field.
    resident.evaluate("""() => { const s = document.querySelector('select[name=actor]');
        const o = document.createElement('option'); o.value = '999999'; o.text = 'gefälscht'; s.append(o); }""")
    register(resident, "Ada Beispiel", "ada@example.org", actor="gefälscht")
    assert "Ich komme für (Organisation)" in resident.locator(".form-errors").inner_text()
    assert_accessible(resident)
    register(resident, "Ada Beispiel", "ada@example.org", actor="Caritasverband Lindenhof")
    assert "Sie sind angemeldet" in resident.locator(".messages").inner_text()
    register(resident, "Ben Beispiel", "ben@example.org", organisation="moscheeverein nord")
    ada, ben = Registration.objects.order_by("id")
    assert (ada.actor.name, ben.actor) == ("Caritasverband Lindenhof", None)

    staff = new_page()
    login(staff, live_server, "koordination", b.PASSWORD)
    staff.goto(url + f"/backoffice/lindenhof/events/{event.pk}/registrations/")
    assert_accessible(staff)
    assert staff.get_by_label("Akteur für Ben Beispiel").input_value() == str(
        town.actors.get(external_id="moschee").pk)   # suggested from the free text
    row = staff.locator("tr", has_text="Ben Beispiel")
    follow(staff, row.get_by_role("button", name="Vorschlag übernehmen"))
    assert "Zugeordnet: Ben Beispiel – Moscheeverein Nord" in staff.locator(".messages").inner_text()
    ben.refresh_from_db()
    assert ben.actor.name == "Moscheeverein Nord"
    assert_accessible(staff)

    # The conference took place.
    starts = timezone.now() - datetime.timedelta(days=1)
    type(event).objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    staff.goto(url + "/backoffice/lindenhof/network/")
    label = f"Integrationskonferenz Lindenhof ({timezone.localtime(starts):%d.%m.%Y})"
    row = staff.locator("table.network-table tbody tr").filter(
        has=staff.get_by_role("rowheader", name="Moscheeverein Nord"))
    assert f"Caritasverband Lindenhof (gemeinsame Veranstaltung „{label}“)" in row.inner_text()
    assert_accessible(staff)
    staff.goto(url + f"/backoffice/lindenhof/events/{event.pk}/")
    assert "Moscheeverein Nord" in staff.locator(".attending-actors").inner_text()
    assert_accessible(staff)
    assert_no_console_errors(resident)
    assert_no_console_errors(staff)
