"""The dashboard pages and their downloads: exact figures on the page, CSV and XLSX read
back, who may read them, and a fixed number of queries."""
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def herten():
    kreis = b.municipality("kreis-re", kind="kreis")
    m = b.municipality("herten", parent=kreis)
    m.name = "Herten"
    m.save()
    eltern = b.target_group(m, "eltern", de="Eltern")
    b.target_group(m, "jugendliche", de="=Jugendliche")   # a name a spreadsheet would run
    c = b.concept(m)
    sprache = b.field(c, "sprache", "Sprache")
    goal = b.goal(c, "g-sprache", field=sprache, title="Deutsch für alle")
    nord = b.district(m, "nord", "Nord")
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Kita-Quote", unit="%", baseline_value=10,
                                         baseline_period="2018", target_value=20, target_period="2024")
    indicator.goals.add(goal)
    for period, value, district in (("2018", "10", None), ("2022", "17.5", None), ("2022", "-2.25", nord)):
        Observation.objects.create(indicator=indicator, period=period, value=Decimal(value), district=district)
    for n, status in enumerate(["running", "running", "established", "planned"]):
        measure = b.measure(c, f"M-{n}", status=status)
        measure.fields.add(sprache)
        measure.target_groups.add(eltern)
        if n < 2:
            MeasureResult.objects.create(measure=measure, period="2023", activities=3, people_reached=20,
                                         reach_by_target_group={"eltern": 7 + n, "jugendliche": 2},
                                         target_group_reached="yes" if n else "partly")
    MeasureResult.objects.create(measure=measure, period="2021", people_reached=50,
                                 reach_by_target_group={"eltern": 50}, target_group_reached="no")
    return m


def get(client, user, name, *args, **query):
    client.force_login(user)
    url = reverse(name, args=args)
    return client.get(url, query) if query else client.get(url)


def cells(html, caption):
    """The rows of the table with this caption, as lists of cell texts."""
    start = html.index(f"<caption>{caption}</caption>")
    table = html[start:html.index("</table>", start)]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_it_shows_a_field_with_goals_measures_by_state_and_reach(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    response = get(client, viewer, "monitoring:dashboard", "herten")
    assert response.status_code == 200
    html = response.content.decode()
    # The latest year with results or values is chosen: 2023
    assert 'option value="2023" selected' in html
    assert cells(html, "Maßnahmen nach Stand im Handlungsfeld „Sprache“ (Ende 2023)")[1:] == [
        ["geplant", "1"], ["läuft", "2"], ["umgesetzt", "0"], ["etabliert", "1"], ["eingestellt", "0"]]
    reach = cells(html, "Erreichte Personen nach Zielgruppe im Handlungsfeld „Sprache“ (2023)")
    # eltern 7 + 8, intended by 4 measures, 2 results (partly, yes); =Jugendliche 2 + 2, not intended
    assert reach[1] == ["Eltern", "15", "4", "2", "1", "1", "0", "0", "erreicht"]
    assert reach[2] == ["=Jugendliche", "4", "0", "0", "0", "0", "0", "0", "nicht angestrebt"]
    goals = cells(html, "Ziele im Handlungsfeld „Sprache“ mit Zielerreichung")
    # (17.5 − 10) ÷ (20 − 10) = 75 % → green
    assert goals[1][:3] == ["Deutsch für alle", "75", "grün"]
    assert 'class="light light-green"' in html
    series = cells(html, "Kita-Quote nach Zeitraum und Gebiet (%)")
    assert series == [["Zeitraum", "Herten", "Nord"], ["2018", "10", "–"], ["2022", "17,50", "-2,25"]]
    # every chart is an image with a title and a description
    assert html.count('role="img"') == 4 and html.count("<desc ") == 4
    assert "2 Ergebnisse von Maßnahmen: 6 Aktivitäten, 40 erreichte Personen, davon 21 keiner Zielgruppe" in html


def test_it_shows_all_years_when_asked(client, herten):
    html = get(client, b.user(role="coordinator", municipality=herten), "monitoring:dashboard", "herten",
               year="").content.decode()
    assert cells(html, "Erreichte Personen nach Zielgruppe im Handlungsfeld „Sprache“ (alle Jahre)")[1][1] == "65"
    # an unknown year is named and the default is used
    html = get(client, b.user(role="viewer", municipality=herten), "monitoring:dashboard", "herten",
               year="1999").content.decode()
    assert "1999 ist keine gültige Auswahl" in html and "(2023)" in html


def test_it_gives_a_charts_data_as_csv(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    response = get(client, viewer, "monitoring:dashboard_data", "herten", "feld-sprache-zielgruppen", "csv",
                   year="2023")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="herten-feld-sprache-zielgruppen-2023.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Zielgruppe;erreichte Personen;angestrebt von Maßnahmen;")
    assert lines[1] == "Eltern;15;4;2;1;1;0;0;erreicht"
    # formula-safe: the name starting with "=" gets an apostrophe
    assert lines[2].startswith("'=Jugendliche;4;")
    series = get(client, viewer, "monitoring:dashboard_data", "herten", "feld-sprache-indikator-quote-verlauf",
                 "csv", year="2023").content.decode("utf-8-sig").splitlines()
    # a negative number is a number, not a formula; decimal comma
    assert series == ["Zeitraum;Herten;Nord", "2018;10;", "2022;17,5;-2,25"]


def test_it_gives_a_charts_data_as_xlsx_with_numbers(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    response = get(client, viewer, "monitoring:dashboard_data", "herten", "feld-sprache-massnahmen", "xlsx",
                   year="2023")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Stand", "Anzahl der Maßnahmen")
    assert rows[1:] == [("geplant", 1), ("läuft", 2), ("umgesetzt", 0), ("etabliert", 1), ("eingestellt", 0)]
    sheet = load_workbook(io.BytesIO(get(client, viewer, "monitoring:dashboard_data", "herten",
                                         "feld-sprache-zielgruppen", "xlsx", year="2023").content)).active
    assert sheet["A3"].value == "=Jugendliche" and sheet["A3"].data_type == "s"
    assert sheet["B2"].value == 15 and isinstance(sheet["B2"].value, int)
    series = list(load_workbook(io.BytesIO(get(client, viewer, "monitoring:dashboard_data", "herten",
                                               "feld-sprache-indikator-quote-verlauf", "xlsx",
                                               year="2023").content)).active.iter_rows(values_only=True))
    assert series == [("Zeitraum", "Herten", "Nord"), ("2018", 10, None), ("2022", 17.5, -2.25)]


def test_it_refuses_unknown_tables_and_formats(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    assert get(client, viewer, "monitoring:dashboard_data", "herten", "feld-sprache-massnahmen", "pdf").status_code == 404
    assert get(client, viewer, "monitoring:dashboard_data", "herten", "gibt-es-nicht", "csv").status_code == 404


def test_it_gives_the_indicator_values_as_xlsx(client, herten):
    indicator = Indicator.objects.get(municipality=herten, key="quote")
    viewer = b.user(role="viewer", municipality=herten)
    html = get(client, viewer, "monitoring:indicator", "herten", indicator.pk).content.decode()
    assert reverse("monitoring:indicator_xlsx", args=["herten", indicator.pk]) in html
    response = get(client, viewer, "monitoring:indicator_xlsx", "herten", indicator.pk)
    assert response.status_code == 200 and 'filename="herten-quote.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("Zeitraum", "Gebietsschlüssel", "Gebiet", "Kategorie", "Wert"),
                    ("2018", None, "Herten", None, 10), ("2022", None, "Herten", None, 17.5),
                    ("2022", "nord", "Nord", None, -2.25)]
    csv_lines = get(client, viewer, "monitoring:indicator_csv", "herten", indicator.pk).content.decode(
        "utf-8-sig").splitlines()
    assert csv_lines[-1] == "2022;nord;Nord;;-2,25"


@pytest.mark.parametrize("who", ["coordinator", "viewer", "kreis_coordinator", "kreis_viewer"])
def test_it_lets_coordinators_and_viewers_of_the_town_and_its_kreis_read(client, herten, who):
    role, where = (who.split("_")[1], herten.parent) if who.startswith("kreis") else (who, herten)
    user = b.user(role=role, municipality=where)
    assert get(client, user, "monitoring:dashboard", "herten").status_code == 200
    assert get(client, user, "monitoring:dashboard_data", "herten", "feld-sprache-massnahmen", "xlsx").status_code == 200
    # the link from the monitoring page
    html = get(client, user, "monitoring:indicators", "herten").content.decode()
    assert reverse("monitoring:dashboard", args=["herten"]) in html


@pytest.mark.parametrize("who", ["actor_editor", "other_coordinator", "other_viewer", "nobody"])
def test_it_refuses_everyone_else(client, herten, who):
    user = {"actor_editor": lambda: b.user(role="actor_editor", municipality=herten, actor=b.actor(herten)),
            "other_coordinator": lambda: b.user(role="coordinator", municipality=b.municipality("marl")),
            "other_viewer": lambda: b.user(role="viewer", municipality=b.municipality("marl")),
            "nobody": lambda: b.user()}[who]()
    indicator = Indicator.objects.get(municipality=herten, key="quote")
    for name, args in (("monitoring:dashboard", ["herten"]),
                       ("monitoring:dashboard_data", ["herten", "feld-sprache-massnahmen", "csv"]),
                       ("monitoring:dashboard_data", ["herten", "feld-sprache-zielgruppen", "xlsx"]),
                       ("monitoring:indicator_xlsx", ["herten", indicator.pk])):
        response = get(client, user, name, *args)
        assert response.status_code in (403, 404), (name, response.status_code)
        assert b"Eltern" not in response.content and b"PK\x03\x04" not in response.content[:4]


def test_it_refuses_a_kreis_page_to_a_towns_viewer(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    assert get(client, viewer, "monitoring:dashboard", "kreis-re").status_code == 403
    assert get(client, viewer, "monitoring:dashboard_data", "kreis-re", "kreis-massnahmen", "csv").status_code == 403


def test_it_shows_a_kreis_its_towns_side_by_side(client, herten):
    kreis = herten.parent
    marl = b.municipality("marl", parent=kreis)
    c = b.concept(marl)
    goal = b.goal(c)
    for status in ("implemented", "stopped"):
        b.measure(c, status=status).goals.add(goal)
    i = Indicator.objects.create(municipality=marl, key="quote", name="Kita-Quote", unit="%")
    Observation.objects.create(indicator=i, period="2020", value=Decimal("30.5"))
    viewer = b.user(role="viewer", municipality=kreis)
    html = get(client, viewer, "monitoring:dashboard", "kreis-re", year="2023").content.decode()
    assert cells(html, "Maßnahmen der Städte und Gemeinden nach Stand") == [
        ["Kommune", "geplant", "läuft", "umgesetzt", "etabliert", "eingestellt", "Maßnahmen insgesamt"],
        ["Herten", "1", "2", "0", "1", "0", "4"], ["Marl", "0", "0", "1", "0", "1", "2"]]
    # Herten's goal is green (75 %); Marl's goal by its measures: implemented 100 %, stopped left out
    assert cells(html, "Ziele der Städte und Gemeinden nach Ampel")[1:] == [
        ["Herten", "1", "0", "0", "0", "1"], ["Marl", "1", "0", "0", "0", "1"]]
    assert cells(html, "Kita-Quote: neuester Wert je Kommune (%)")[1:] == [
        ["Herten", "2022", "17,50"], ["Marl", "2020", "30,50"]]
    assert ">Marl (2020)<" in html and ">30,5 %<" in html
    rows = list(load_workbook(io.BytesIO(get(client, viewer, "monitoring:dashboard_data", "kreis-re",
                                             "kreis-indikatoren", "xlsx", year="2023").content))
                .active.iter_rows(values_only=True))
    assert rows == [("Indikator", "Einheit", "Herten", "Zeitraum Herten", "Marl", "Zeitraum Marl"),
                    ("Kita-Quote", "%", 17.5, "2022", 30.5, "2020")]


def test_it_renders_in_the_same_number_of_queries_however_many_fields_and_measures(client, herten):
    viewer = b.user(role="viewer", municipality=herten)
    url = reverse("monitoring:dashboard", args=["herten"])
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": "2023"}).status_code == 200
    c = herten.concepts.get()
    for n in range(5):
        f = b.field(c)
        goal = b.goal(c, field=f)
        i = Indicator.objects.create(municipality=herten, key=f"i-{n}", name=f"I {n}")
        i.goals.add(goal)
        Observation.objects.create(indicator=i, period="2023", value=n)
        for _k in range(3):
            measure = b.measure(c, status="running")
            measure.fields.add(f)
            measure.goals.add(goal)
            measure.target_groups.set(herten.target_groups.all())
            MeasureResult.objects.create(measure=measure, period="2023", people_reached=4,
                                         reach_by_target_group={"eltern": 1})
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"year": "2023"}).content.decode()
    assert html.count("<h2 id=\"feld-") == 6
    assert len(many) == len(few)


def test_it_shows_measures_without_a_field_in_a_block_of_their_own(client, herten):
    c = herten.concepts.get()
    b.measure(c, "M-frei", status="implemented")
    viewer = b.user(role="viewer", municipality=herten)
    html = get(client, viewer, "monitoring:dashboard", "herten").content.decode()
    assert '<h2 id="uebergreifend">Übergreifend (ohne Handlungsfeld)</h2>' in html
    assert cells(html, "Maßnahmen nach Stand im Handlungsfeld „Übergreifend (ohne Handlungsfeld)“ (Ende 2023)")[3] == [
        "umgesetzt", "1"]
    rows = get(client, viewer, "monitoring:dashboard_data", "herten", "uebergreifend-massnahmen", "csv")
    assert "umgesetzt;1" in rows.content.decode("utf-8-sig").splitlines()
