"""Downloads (CSV, XLSX) and the stacked bar chart of the dashboard, without the database."""
import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from teilhabe.monitoring.charts import LIGHT_COLOURS, stacked_bar_chart
from teilhabe.monitoring.downloads import DataTable, csv_bytes, csv_value, safe_text, table_response, xlsx_bytes


def test_it_keeps_text_from_running_as_a_formula():
    assert [safe_text(v) for v in ("=SUMME(A1)", "+49 30", "-x", "@a", "\tb", "Köln", "")] == [
        "'=SUMME(A1)", "'+49 30", "'-x", "'@a", "'\tb", "Köln", ""]


def test_it_writes_numbers_in_csv_with_a_decimal_comma_and_never_as_text():
    assert [csv_value(v) for v in (Decimal("-2.250"), Decimal("1E+2"), 7, 0.5, None, True)] == [
        "-2,25", "100", "7", "0,5", "", "True"]
    text = csv_bytes(["Gebiet", "Wert"], [["=Kalk", Decimal("48.08")], ["Nord; Süd", None]]).decode("utf-8")
    assert text.startswith("\ufeff") and text.splitlines() == ["\ufeffGebiet;Wert", "'=Kalk;48,08", '"Nord; Süd";']


def test_it_writes_xlsx_with_a_header_row_numbers_and_text_cells():
    data = xlsx_bytes(["Gebiet", "Wert", "Anzahl"], [["=Kalk", Decimal("48.08"), 3], ["Nord", None, -1]],
                      title="Anteil: Ausländer/innen [%] und noch viel mehr Text")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Anteil  Ausländer innen  %  und"[:31]
    assert [c.value for c in sheet[1]] == ["Gebiet", "Wert", "Anzahl"] and sheet["A1"].font.bold
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=Kalk", "s")
    assert sheet["B2"].value == 48.08 and sheet["B2"].data_type == "n"
    assert sheet["C3"].value == -1 and sheet["B3"].value is None


def test_it_names_the_download_file_safely():
    table = DataTable("k", "Titel", ["A"], [[1]])
    response = table_response(table, "csv", filename='herten/"böse" name')
    assert response["Content-Disposition"] == 'attachment; filename="herten-b-se-name.csv"'


def test_it_stacks_the_segments_of_each_bar_and_adds_a_legend():
    svg = stacked_bar_chart([("Herten", [2, 1, 1, 0]), ("Marl & Co", [0, 0, 0, 0])],
                            [("grün", LIGHT_COLOURS["green"]), ("gelb", LIGHT_COLOURS["yellow"]),
                             ("rot", LIGHT_COLOURS["red"]), ("nicht bewertbar", LIGHT_COLOURS["none"])],
                            title="Ziele", description="D", chart_id="z")
    assert 'role="img"' in svg and 'aria-labelledby="z-title z-desc"' in svg
    bars = re.findall(r'<rect x="([^"]+)" y="19" width="([^"]+)" height="16" fill="([^"]+)"', svg)
    # total 4 → scale 5; plot width 640 − 180 − 60 = 400: 2 → 160, 1 → 80, 1 → 80, side by side
    assert bars == [("180.0", "160.0", "#009e73"), ("340.0", "80.0", "#e69f00"), ("420.0", "80.0", "#d55e00")]
    assert "Marl &amp; Co" in svg and ">nicht bewertbar<" in svg and ">4<" in svg and ">0<" in svg
    assert stacked_bar_chart([], [], title="T", description="D") == ""
