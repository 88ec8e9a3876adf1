"""The entry forms in a real Chromium, checked by axe-core: the coordination enters the
values of a period (with a typo first), an actor's volunteer reports a measure's result."""
import pytest

from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    m = b.municipality("herten")
    b.district(m, "01", "Herten-Nord")
    b.district(m, "02", "Herten-Süd")
    b.target_group(m, "eltern", de="Eltern")
    b.target_group(m, "jugendliche", de="Jugendliche")
    concept = b.concept(m)
    goal = b.goal(concept, title="Sprache früh fördern")
    indicator = Indicator.objects.create(municipality=m, key="sprachfoerderung", name="Sprachförderquote", unit="%")
    indicator.goals.add(goal)
    actor = b.actor(m, name="Familienzentrum Nord")
    measure = b.measure(concept, title="Elterncafé", status="running", responsible=actor)
    b.user("koordination", role="coordinator", municipality=m)
    b.user("ehrenamt", role="actor_editor", municipality=m, actor=actor)
    return m, indicator, measure


def test_it_lets_the_coordination_enter_values_of_a_period(page, live_server, town):
    _m, indicator, _measure = town
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/herten/monitoring/")
    follow(page, page.get_by_role("link", name="Sprachförderquote").first)
    follow(page, page.get_by_role("link", name="Werte erfassen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Werte erfassen"
    assert_accessible(page)
    page.get_by_label("Zeitraum").fill("2024")
    page.get_by_label("Herten (ganze Kommune) (%)").fill("12,5")
    page.get_by_label("Herten-Nord (%)").fill("zwölf")
    follow(page, page.get_by_role("button", name="Speichern"))
    alert = page.get_by_role("alert")
    assert "Herten-Nord (%): „zwölf“ ist keine Zahl." in alert.inner_text()
    assert not Observation.objects.exists()
    assert_accessible(page)
    page.get_by_label("Herten-Nord (%)").fill("14,25")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "2 Werte für 2024 gespeichert." in page.content()
    row = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("rowheader", name="2024"))
    assert row.get_by_role("cell").nth(0).inner_text() == "12,50"
    assert row.get_by_role("cell").nth(1).inner_text() == "14,25"
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_lets_an_actors_volunteer_report_a_result(page, live_server, town):
    _m, _indicator, measure = town
    login(page, live_server, "ehrenamt", b.PASSWORD)
    page.goto(base_url(live_server) + f"/backoffice/herten/measures/{measure.pk}/")
    follow(page, page.get_by_role("link", name="Meine Maßnahmen: Ergebnisse berichten"))
    assert_accessible(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Elterncafé"))
    follow(page, row.get_by_role("link", name="Ergebnis berichten"))
    assert_accessible(page)
    page.get_by_label("Berichtszeitraum").fill("2024")
    page.get_by_label("durchgeführte Aktivitäten").fill("12")
    page.get_by_label("erreichte Personen insgesamt").fill("40")
    page.get_by_label("davon Eltern").fill("45")
    page.get_by_label("beabsichtigte Zielgruppe erreicht").select_option(label="teilweise")
    page.get_by_label("erreichte Stufe").select_option("outcome")
    page.get_by_label("Ergebnisse und Wirkungen").fill("Mehr Väter als erwartet.")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "Die Zielgruppen zusammen (45) sind mehr als die erreichten Personen." in page.get_by_role(
        "alert").inner_text()
    assert not MeasureResult.objects.exists()
    assert_accessible(page)
    page.get_by_label("davon Eltern").fill("25")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "Ergebnis für 2024 gespeichert." in page.content()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2024"))
    assert "Eltern: 25" in row.inner_text() and "teilweise" in row.inner_text()
    assert MeasureResult.objects.get().people_reached == 40
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_shows_the_indicator_form_and_the_upload_accessibly(page, live_server, town, tmp_path):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/herten/monitoring/")
    follow(page, page.get_by_role("link", name="Neuer Indikator"))
    page.get_by_label("Name").fill("Kita-Quote")
    page.get_by_label("Schlüssel").fill("kita-quote")
    page.get_by_label("Ausgangswert").fill("1.234")
    page.get_by_label("Ausgangszeitraum").fill("2020")
    page.get_by_label("Sprache früh fördern").check()
    follow(page, page.get_by_role("button", name="Speichern"))
    assert "mehrdeutig" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Ausgangswert").fill("1,234")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kita-Quote"
    page.goto(base_url(live_server) + "/backoffice/herten/monitoring/")
    follow(page, page.get_by_role("link", name="Statistik hochladen"))
    broken = tmp_path / "statistik.csv"
    broken.write_text("jahr;raum;wert\n2024;Herten;fünf\n", encoding="utf-8")
    page.get_by_label("CSV-Datei").set_input_files(broken)
    page.get_by_label("Spaltenzuordnung").select_option(index=1)
    follow(page, page.get_by_role("button", name="Hochladen und importieren"))
    assert "Nichts importiert" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    assert_no_console_errors(page)
