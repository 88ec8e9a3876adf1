"""The network page in a real Chromium: picture and table alternative, axe-core, no CSP
complaints, filters through the GET form."""
import pytest

from teilhabe.network.models import WorkingGroup
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, login, follow

pytestmark = pytest.mark.browser

KINDS = ["association", "migrant_organisation", "religious_community", "welfare_organisation",
         "administration_department", "education_provider"]


@pytest.fixture
def town(transactional_db):
    m = b.municipality("netzburg")
    c = b.concept(m)
    fields = [b.field(c, "sprache", "Sprache"), b.field(c, "arbeit", "Arbeit")]
    b.district(m, "nord", "Nord")
    actors = [b.actor(m, f"akteur-{i}", name=f"Akteur {i:02d}", kind=KINDS[i % len(KINDS)]) for i in range(40)]
    for i in range(0, 36, 3):
        measure = b.measure(c, f"M-{i}", responsible=actors[i])
        measure.partner_actors.set(actors[i + 1:i + 4])
        measure.fields.set([fields[i % 2]])
    group = WorkingGroup.objects.create(municipality=m, name="AK Arbeit", field_key="arbeit")
    group.members.set(actors[::5])
    b.user("koordination", role="coordinator", municipality=m)
    return m


def test_it_draws_the_network_with_its_table_alternative(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/netzburg/")
    follow(page, page.get_by_role("link", name="Netzwerk"))
    assert page.get_by_role("heading", level=1).inner_text() == "Akteursnetzwerk Netzburg"
    drawing = page.get_by_role("img", name="Akteursnetzwerk Netzburg")
    assert drawing.is_visible()
    assert page.locator("svg.network-drawing circle").count() == 40
    assert page.locator("table.network-table tbody tr").count() == 40
    assert page.locator("table.network-table").get_by_role("rowheader", name="Akteur 39").is_visible()
    assert_accessible(page)
    assert_no_console_errors(page)
    page.get_by_label("Handlungsfeld").select_option("sprache")
    follow(page, page.get_by_role("button", name="Anzeigen"))
    assert "field=sprache" in page.url
    assert page.locator("table.network-table tbody tr").count() < 40
    assert_accessible(page)
    assert_no_console_errors(page)
    follow(page, page.get_by_role("link", name="Interkulturelle Öffnung der Verwaltung"))
    assert page.locator("table.opening-table tbody tr").count() == 6   # the six departments
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Schulung erfassen: Akteur 04"))
    assert_accessible(page)
    page.get_by_label("Datum").fill("2025-03-01")
    page.get_by_label("Thema").fill("Interkulturelle Kompetenz")
    page.get_by_label("abgeschlossen").check()
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "01.03.2025" in page.locator("table.opening-table").inner_text()
    assert_no_console_errors(page)


def test_it_adds_a_working_group_through_the_form(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/netzburg/network/")
    follow(page, page.get_by_role("link", name="Arbeitskreise und Kooperationen"))
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Neuer Arbeitskreis"))
    assert_accessible(page)
    page.get_by_label("Name").fill("AK Sprache")
    page.get_by_label("Handlungsfeld").select_option("sprache")
    page.get_by_label("Akteur 07").check()
    page.get_by_label("Akteur 08").check()
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_role("rowheader", name="AK Sprache").is_visible()
    assert set(WorkingGroup.objects.get(name="AK Sprache").members.values_list("name", flat=True)) == {
        "Akteur 07", "Akteur 08"}
    assert_no_console_errors(page)
