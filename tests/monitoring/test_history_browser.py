"""The history of an indicator's values and of a measure's results in a real Chromium,
checked by axe-core: the coordination enters and corrects a value and reads who changed
it from what to what on the indicator's page; a result's correction shows on its measure's
results page."""
import pytest

from teilhabe.monitoring.models import Indicator, MeasureResult
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    m = b.municipality("herten")
    m.name = "Herten"
    m.save()
    b.district(m, "01", "Herten-Nord")
    b.target_group(m, "eltern", de="Eltern")
    concept = b.concept(m)
    indicator = Indicator.objects.create(municipality=m, key="sprachfoerderung", name="Sprachförderquote", unit="%")
    measure = b.measure(concept, title="Elterncafé", status="running", responsible=b.actor(m))
    b.user("koordination", role="coordinator", municipality=m)
    return m, indicator, measure


def test_it_shows_who_changed_a_value_from_what_to_what_on_the_indicator_page(page, live_server, town):
    _m, indicator, _measure = town
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + f"/backoffice/herten/monitoring/{indicator.pk}/")
    follow(page, page.get_by_role("link", name="Werte erfassen"))
    page.get_by_label("Zeitraum").fill("2024")
    page.get_by_label("Herten (ganze Kommune) (%)").fill("12,5")
    page.get_by_label("Herten-Nord (%)").fill("14")
    follow(page, page.get_by_role("button", name="Speichern"))
    follow(page, page.get_by_role("link", name="2024 bearbeiten"))
    page.get_by_label("Herten-Nord (%)").fill("14,75")
    follow(page, page.get_by_role("button", name="Speichern"))

    history = page.get_by_role("region", name="Änderungsverlauf")
    entries = history.get_by_role("listitem")
    assert entries.count() == 2
    newest, first = entries.nth(0), entries.nth(1)
    assert "Werte geändert" in newest.inner_text() and "koordination" in newest.inner_text()
    row = newest.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Wert 2024 · Herten-Nord (01)"))
    assert [cell.inner_text() for cell in row.get_by_role("cell").all()] == ["14", "14,75"]
    assert "Werte erfasst" in first.inner_text()
    row = first.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Wert 2024 · Herten", exact=True))
    assert [cell.inner_text() for cell in row.get_by_role("cell").all()] == ["–", "12,5"]
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_shows_the_history_of_a_results_figures(page, live_server, town):
    _m, _indicator, measure = town
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + f"/backoffice/herten/monitoring/results/{measure.pk}/")
    follow(page, page.get_by_role("link", name="Ergebnis berichten"))
    page.get_by_label("Berichtszeitraum").fill("2024")
    page.get_by_label("erreichte Personen insgesamt").fill("40")
    page.get_by_label("davon Eltern").fill("25")
    follow(page, page.get_by_role("button", name="Speichern"))
    follow(page, page.get_by_role("link", name="bearbeiten 2024"))
    page.get_by_label("erreichte Personen insgesamt").fill("41")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert MeasureResult.objects.get().people_reached == 41
    history = page.get_by_role("region", name="Änderungsverlauf der Ergebnisse")
    newest = history.get_by_role("listitem").nth(0)
    assert "Ergebnis 2024 geändert" in newest.inner_text()
    row = newest.get_by_role("row").filter(has=page.get_by_role("rowheader", name="erreichte Personen"))
    assert [cell.inner_text() for cell in row.get_by_role("cell").all()] == ["40", "41"]
    assert_accessible(page)
    assert_no_console_errors(page)
