"""A chart's data as a download: CSV the way German Excel opens it (UTF-8 with BOM, ";",
decimal comma) and XLSX with real numbers, a header row and German column names.

    table = DataTable("field-sprache-states", _("Maßnahmen nach Stand"), [_("Stand"), _("Anzahl")],
                      [["geplant", 3], ["läuft", 2]])
    return table_response(table, "xlsx", filename="herten-sprache-massnahmen")

Text is formula-safe in both formats: a spreadsheet would run a CSV cell that starts like
a formula ("=", "+", "-", "@", tab, CR), so such text gets a leading apostrophe; in XLSX
such text is stored as a string cell, never as a formula. Numbers (int, Decimal, float)
are never altered: "-1,5" in CSV, −1.5 as a number in XLSX.
"""
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass
class DataTable:
    """A chart's data: `columns` are the German column names, each row a list of text,
    numbers or None (no value)."""

    key: str
    caption: str
    columns: list
    rows: list


def safe_text(value):
    """Text for a spreadsheet cell that no spreadsheet runs as a formula."""
    value = str(value)
    return "'" + value if value[:1] in FORMULA_START else value


def _is_number(value):
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def csv_value(value):
    if value is None:
        return ""
    if _is_number(value):
        if isinstance(value, float):
            value = Decimal(str(value))
        text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", ",")
    return safe_text(value)


def csv_bytes(columns, rows):
    out = io.StringIO()
    out.write("\ufeff")   # Excel reads UTF-8 correctly only with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe_text(c) for c in columns])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(columns, rows, *, title=""):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    # A sheet name has at most 31 characters and none of []:*?/\
    sheet.title = (re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Daten")[:31]
    widths = [len(str(c)) for c in columns]
    for n, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=n, value=str(name))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for n, value in enumerate(row, start=1):
            if value is None:
                continue
            if _is_number(value):
                sheet.cell(row=r, column=n, value=value)
            else:
                cell = sheet.cell(row=r, column=n, value=str(value))
                cell.data_type = "s"   # text that starts with "=" stays text
            widths[n - 1] = max(widths[n - 1], len(str(value)))
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = min(60, width + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "daten"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response


def csv_response(columns, rows, *, filename):
    """filename without extension."""
    return download(csv_bytes(columns, rows), "text/csv; charset=utf-8", filename + ".csv")


def xlsx_response(columns, rows, *, filename, title=""):
    return download(xlsx_bytes(columns, rows, title=title), XLSX_TYPE, filename + ".xlsx")


def table_response(table, fmt, *, filename):
    if fmt == "csv":
        return csv_response(table.columns, table.rows, filename=filename)
    if fmt == "xlsx":
        return xlsx_response(table.columns, table.rows, filename=filename, title=table.caption)
    raise Http404
