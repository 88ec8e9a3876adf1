"""The evaluation report's content: read back from the PDF (pypdf) and from the HTML."""
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from teilhabe.monitoring.report import ReportError, build_report, concept_for, parse_period, render_html, render_pdf
from tests import builders as b
from tests.monitoring.report_data import ARABIC_ACTOR, lindenau

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return lindenau()


def pdf_pages(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_it_writes_a_pdf_whose_text_has_umlauts_and_arabic(data):
    pdf = render_pdf(data["m"], "2024")
    assert pdf.startswith(b"%PDF")
    # Table cells wrap lines: compare with whitespace runs made single spaces.
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    assert "Evaluationsbericht 2024" in text
    for word in ("Sprachförderung", "Bildung und Übergänge", "Übergangscoaching", "Größere Nachfrage", "Südstadt",
                 "Ältere Menschen", "Maßnahmen"):
        assert word in text, word
    # Pango shapes the Arabic and WeasyPrint maps the glyphs back to the characters in
    # logical order.
    assert ARABIC_ACTOR in text


def test_it_puts_title_page_contents_and_a_page_per_chapter_with_numbers(data):
    pages = pdf_pages(render_pdf(data["m"], "2024"))
    assert "Evaluationsbericht 2024" in pages[0] and "Integrationskonzept Lindenau, Version 1" in pages[0]
    assert "Seite" not in pages[0]    # no header or footer on the title page
    assert pages[1].startswith("Inhalt")
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"Seite {number} von {total}" in page
    starts = {page.split("\n")[0] for page in pages}
    for chapter in ("Zusammenfassung", "Bildung und Übergänge", "Sprachförderung", "Weitere Indikatoren",
                    "Erreichte Zielgruppen", "Das Akteursnetzwerk in Zahlen", "Empfehlungen", "Methode"):
        assert chapter in starts, chapter
    # The running header names the municipality and the chapter (the chapter's name comes
    # from the part, the municipality's from the overlay: either may be read first).
    chapter_page = next(page for page in pages[2:] if page.startswith("Sprachförderung"))
    assert re.search(r"(Lindenau\s*Sprachförderung|Sprachförderung\s*Lindenau)\s*Seite \d+ von", chapter_page)


def test_it_draws_the_indicator_chart_into_the_pdf(data):
    pages = pdf_pages(render_pdf(data["m"], "2024"))
    page = next(p for p in pages if "Anteil der Frauen in Sprachkursen (%)" in p)
    # The axes of the chart (values 10–17.5 → 0 to 20; 2020–2024) are text in the PDF.
    lines = page.split("\n")
    for tick in ("0", "5", "10", "15", "20", "2020", "2022", "2024"):
        assert tick in lines, tick


def test_it_shows_goals_indicators_and_measures_per_field_in_the_html(data):
    html = render_html(data["m"], "2024")
    assert html.count("<svg") == 3   # one chart per indicator with values, one of the reach
    assert 'role="img"' in html and "<title" in html
    # goal with an indicator: (17.5 − 10) ÷ (20 − 10) = 75 % → green with the method
    assert "75,0 %" in html and "light-green" in html and "Ausgangswert 10 [2020]" in html
    # goal without indicators: by its measure, running at the end of 2024 → 50 %
    assert "50,0 %" in html and "Ohne Indikatoren nach dem Stand der 1 Maßnahmen" in html
    # the chart's data and the areas as tables, values in German notation
    assert '<table class="data values">' in html and "17,5" in html
    assert '<table class="data areas">' in html and "<th scope=\"row\">Südstadt</th><td>21</td>" in html
    # categories are counted, not shown
    assert "Dazu 1 Wert nach Kategorien" in html
    # measures with state at the end of the year and the year's results
    assert "Sprachcafé für Mütter; <bdi>" + ARABIC_ACTOR + "</bdi>" in html   # isolated from the Latin text
    assert "40 Aktivitäten, 120 Personen; Frauen 80; erreicht: ja; Outcome" in html
    # the coaching: two monthly entries summed, the 2023 entry left out; established only in 2025
    assert "11 Aktivitäten, 22 Personen; Jugendliche 22; erreicht: teilweise; Output" in html
    assert "999" not in html
    assert "Übergangscoaching; <bdi>AWO Ortsverein Lindenau</bdi></th>\n        <td>läuft</td>" in html


def test_it_takes_the_state_and_values_of_the_year_asked_for(data):
    html = render_html(data["m"], "2025")
    assert "Übergangscoaching; <bdi>AWO Ortsverein Lindenau</bdi></th>\n        <td>etabliert</td>" in html
    assert "keine Ergebnisse für 2025" in html
    assert "19</td>" in html   # the 2025 value is in the window now


def test_it_sums_up_goals_measures_reach_and_network(data):
    report = build_report(data["m"], "2024")
    assert report["goal_lights"] == {"green": 1, "yellow": 1, "red": 0, "none": 0}
    assert dict(report["measure_states"])["läuft"] == 2
    assert report["figures"] | {} == {"fields": 2, "goals": 2, "indicators": 2, "measures": 2, "reporting": 2,
                                      "activities": 51, "people": 142}
    reach = {row["group"].key: row for row in report["reach_rows"]}
    assert (reach["frauen"]["people"], reach["frauen"]["aimed"], reach["frauen"]["yes"]) == (80, 1, 1)
    assert (reach["jugendliche"]["people"], reach["jugendliche"]["partly"]) == (22, 1)
    assert reach["aeltere"]["people"] == 0
    network = report["network"]
    # the café ties its responsible actor to its partner; the chess club has no tie
    assert (network["actors"], network["ties"], network["components"]) == (3, 1, 2)
    assert network["isolated"] == ["Schachclub Südstadt"]


def test_it_prints_the_coordinators_text_sanitised(data):
    html = render_html(data["m"], "2024")
    assert "Ein gutes Jahr für die Sprachförderung." in html
    assert "<p>Sprachcafés in der Südstadt ausbauen.</p>" in html
    assert "<script" not in html and "alert(1)" not in html


def test_it_says_what_is_missing_for_a_municipality_without_data():
    m = b.municipality("leerstadt")
    html = render_html(m, "2024")
    assert "noch kein Konzept" in html
    assert "Es sind noch keine Akteure erfasst" in html
    assert "noch keine Empfehlungen geschrieben" in html
    assert render_pdf(m, "2024").startswith(b"%PDF")


def test_it_takes_the_concept_in_force_in_the_year():
    m = b.municipality()
    old = b.concept(m, status="superseded", period_start=2015, period_end=2019, title="Alt")
    new = b.concept(m, status="adopted", period_start=2020, period_end=2025, title="Neu")
    assert concept_for(m, "2017") == old
    assert concept_for(m, "2021") == new
    assert concept_for(m, "2030") == new   # none covers it: the current one


@pytest.mark.parametrize("period", ["24", "2024-05", "abcd", "", "0999", "20245"])
def test_it_refuses_a_period_that_is_no_year(period):
    with pytest.raises(ReportError, match="kein Jahr"):
        parse_period(period)


def test_it_needs_the_same_number_of_queries_however_many_measures(data):
    def count():
        with CaptureQueriesContext(connection) as queries:
            render_html(data["m"], "2024")
        return len(queries)

    before = count()
    concept = data["cafe"].concept
    field = concept.fields.get(key="sprache")
    for n in range(15):
        measure = b.measure(concept, status="running", responsible=data["awo"])
        measure.fields.add(field)
    assert count() == before
