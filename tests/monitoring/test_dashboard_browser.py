"""The dashboard in a real Chromium, checked by axe-core: the council's viewer goes from
the monitoring page to the dashboard, picks a year without JavaScript, sees charts and
tables, and downloads a chart's data; the Kreis sees its towns side by side."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login

pytestmark = pytest.mark.browser


@pytest.fixture
def towns(transactional_db):
    kreis = b.municipality("kreis-re", kind="kreis")
    kreis.name = "Kreis Recklinghausen"
    kreis.save()
    result = {}
    for slug, name, values, statuses in (("herten", "Herten", {"2021": "12", "2023": "15.5"}, ["running", "planned"]),
                                         ("marl", "Marl", {"2022": "21.25"}, ["established"])):
        m = b.municipality(slug, parent=kreis)
        m.name = name
        m.save()
        eltern = b.target_group(m, "eltern", de="Eltern")
        c = b.concept(m)
        field = b.field(c, "sprache", "Sprache und Bildung")
        goal = b.goal(c, "g1", field=field, title="Mehr Kinder in der Kita")
        nord = b.district(m, "nord", "Nord")
        indicator = Indicator.objects.create(municipality=m, key="kita", name="Kita-Quote", unit="%",
                                             baseline_value=10, baseline_period="2020", target_value=20,
                                             target_period="2025")
        indicator.goals.add(goal)
        for period, value in values.items():
            Observation.objects.create(indicator=indicator, period=period, value=Decimal(value))
            Observation.objects.create(indicator=indicator, period=period, value=Decimal(value) + 3, district=nord)
        for n, status in enumerate(statuses):
            measure = b.measure(c, f"M-{n}", title=f"Sprachcafé {n}", status=status)
            measure.fields.add(field)
            measure.goals.add(goal)
            measure.target_groups.add(eltern)
            MeasureResult.objects.create(measure=measure, period="2023", activities=4, people_reached=30,
                                         reach_by_target_group={"eltern": 18 + n}, target_group_reached="yes")
        result[slug] = m
    b.user("rat", role="viewer", municipality=result["herten"])
    b.user("kreistag", role="viewer", municipality=kreis)
    return result


def test_it_leads_a_viewer_to_the_dashboard_and_a_download(page, live_server, towns):
    login(page, live_server, "rat", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/herten/monitoring/")
    follow(page, page.get_by_role("link", name="Dashboard", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "Monitoring-Dashboard"
    assert page.get_by_role("heading", level=2, name="Sprache und Bildung").is_visible()
    charts = page.locator("svg[role=img]")
    assert charts.count() == 4   # series, areas, measures by state, reach
    for n in range(charts.count()):
        assert charts.nth(n).is_visible()
    states = page.get_by_role("table", name="Maßnahmen nach Stand im Handlungsfeld „Sprache und Bildung“ (Ende 2023)")
    assert states.is_visible()
    assert states.get_by_role("row", name="läuft 1").is_visible()
    reach = page.get_by_role("table", name="Erreichte Personen nach Zielgruppe im Handlungsfeld „Sprache und Bildung“ (2023)")
    # 18 + 19 parents in 2023
    assert reach.get_by_role("row").nth(1).get_by_role("cell").first.inner_text() == "37"
    assert_accessible(page)
    assert_no_console_errors(page)

    # The year filter works without JavaScript: a GET form.
    page.get_by_label("Jahr", exact=True).select_option("2021")
    follow(page, page.get_by_role("button", name="Anzeigen"))
    assert "year=2021" in page.url
    series = page.get_by_role("table", name="Kita-Quote nach Zeitraum und Gebiet (%)")
    assert series.get_by_role("row").count() == 2   # header and 2021: values up to 2021 only

    with page.expect_download() as info:
        page.locator("#feld-sprache-massnahmen").get_by_role("link", name="XLSX").click()
    download = info.value
    assert download.suggested_filename == "herten-feld-sprache-massnahmen-2021.xlsx"
    rows = list(load_workbook(io.BytesIO(open(download.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[0] == ("Stand", "Anzahl der Maßnahmen")
    assert ("läuft", 1) in rows and ("geplant", 1) in rows
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_shows_the_kreis_its_towns_side_by_side(page, live_server, towns):
    login(page, live_server, "kreistag", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/kreis-re/monitoring/dashboard/")
    assert page.get_by_role("heading", level=2, name="Die Städte und Gemeinden im Vergleich").is_visible()
    states = page.get_by_role("table", name="Maßnahmen der Städte und Gemeinden nach Stand")
    assert states.get_by_role("row", name="Herten 1 1 0 0 0 2").is_visible()
    assert states.get_by_role("row", name="Marl 0 0 0 1 0 1").is_visible()
    values = page.get_by_role("table", name="Kita-Quote: neuester Wert je Kommune (%)")
    assert values.get_by_role("row", name="Marl 2022 21,25").is_visible()
    assert page.get_by_role("img", name="Maßnahmen der Städte und Gemeinden nach Stand").is_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.locator("#kreis-indikator-kita").get_by_role("link", name="CSV").click()
    text = open(info.value.path(), encoding="utf-8-sig").read().splitlines()
    assert text == ["Kommune;Zeitraum;Wert (%)", "Herten;2023;15,5", "Marl;2022;21,25"]
    assert_no_console_errors(page)
