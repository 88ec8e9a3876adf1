"""Offers from a spreadsheet (CSV), for people who keep their offers in Excel or
LibreOffice. Each row becomes an offer of the exchange format and goes through the same
checks and the same write as `teilhabe import`; problems name the line (the header is
line 1) and the column. The columns are described in docs/exchange-format.md."""
import csv
import io
import re
from pathlib import Path

from django.utils.translation import gettext as _

from teilhabe.municipalities.models import Language, Municipality
from teilhabe.offers.models import TRANSLATED_FIELDS

from .importer import _Import
from .validate import FORMAT, ExchangeError, Problem, visible

COLUMNS = [
    "external_id", "title", "description", "field_of_action", "provider", "measure",
    "target_groups", "districts", "languages", "place_name", "street", "postcode", "city",
    "schedule", "cost", "accessibility", "contact_name", "contact_email", "contact_phone",
    "website", "published",
]
REQUIRED = ["external_id", "title", "provider"]
LIST_COLUMNS = {"target_groups", "districts", "languages"}
NULLABLE_REFERENCES = {"field_of_action", "measure"}
NESTED = {
    "place_name": ("place", "name"), "street": ("place", "street"), "postcode": ("place", "postcode"),
    "city": ("place", "city"), "contact_name": ("contact", "name"), "contact_email": ("contact", "email"),
    "contact_phone": ("contact", "phone"),
}
COLUMN_OF = {path: column for column, path in NESTED.items()}
TRUE = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
FALSE = {"nein", "n", "no", "false", "falsch", "0"}
_OFFER_PATH = re.compile(r"\$\.offers\[(\d+)\]")
_TRANSLATED_COLUMN = re.compile(r"^(%s)_(.+)$" % "|".join(TRANSLATED_FIELDS))


def _location(line, column=None):
    if column is None:
        return _("Zeile %(line)s") % {"line": line}
    return _('Zeile %(line)s, Spalte "%(column)s"') % {"line": line, "column": visible(column)}


def _read_text(source):
    if hasattr(source, "read"):
        source = source.read()
    elif isinstance(source, Path):
        source = source.read_bytes()
    if isinstance(source, bytes):
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExchangeError([Problem((), _(
                "Die Datei ist nicht in UTF-8 gespeichert; in Excel als „CSV UTF-8“ speichern."),
                location=_("Datei"))]) from None
    return source.removeprefix("\ufeff")


def _column_for(rest):
    """Document path inside an offer → the CSV column it came from."""
    if not rest:
        return None
    head = rest[0]
    if head in TRANSLATED_FIELDS:
        code = rest[1] if len(rest) > 1 else "de"
        return head if code == "de" else f"{head}_{code}"
    if head in ("place", "contact") and len(rest) > 1:
        return COLUMN_OF.get((head, rest[1]), head)
    return head


def import_offers_csv(source, *, municipality, via="import", progress=False, user=None):
    """Import offers from CSV text, bytes, a file object or a Path into an existing
    municipality (a Municipality or its slug). Returns the ImportSummary; raises
    ExchangeError, with nothing written, listing every problem by line and column."""
    if not isinstance(municipality, Municipality):
        slug = municipality
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise ExchangeError([Problem((), _("unbekannte Kommune '%(key)s'") % {"key": slug},
                                         location="--municipality")])
    text = _read_text(source)
    problems, offers, lines = [], [], []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ExchangeError([Problem((), str(error), location=_location(1))]) from None
    if not header or not any(cell.strip() for cell in header):
        raise ExchangeError([Problem((), _("leere Datei; erwartet wird eine Kopfzeile mit den Spaltennamen"),
                                     location=_location(1))])
    header = [cell.strip() for cell in header]
    languages = set(Language.objects.values_list("code", flat=True))
    columns = {}   # index → column name
    for index, name in enumerate(header):
        if not name:
            continue  # an empty column spreadsheets like to add; its cells must be empty
        match = _TRANSLATED_COLUMN.match(name)
        if name in columns.values():
            problems.append(Problem((), _("Spalte doppelt"), location=_location(1, name)))
        elif match and match.group(2) == "de":
            problems.append(Problem((), _('unbekannte Spalte; der deutsche Text steht in "%(column)s"') % {
                "column": match.group(1)}, location=_location(1, name)))
        elif match and match.group(2) not in languages:
            problems.append(Problem((), _("unbekannte Sprache '%(key)s'") % {"key": match.group(2)},
                                    location=_location(1, name)))
        elif name not in COLUMNS and not match:
            problems.append(Problem((), _("unbekannte Spalte"), location=_location(1, name)))
        columns[index] = name
    for name in REQUIRED:
        if name not in columns.values():
            problems.append(Problem((), _("Pflichtspalte fehlt"), location=_location(1, name)))
    if problems:
        # Without the right columns the rows cannot be read: fix the header first.
        raise ExchangeError(problems)
    line_of = {}   # problem found while reading a row → its line

    previous_end = 1
    try:
        for row in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {}
            for index, value in enumerate(row):
                value = value.strip()
                if index in columns:
                    cells[columns[index]] = value
                elif value:
                    problem = Problem((), _("Wert in einer Spalte ohne Überschrift (Spalte %(n)s)") % {
                        "n": index + 1}, location=_location(line))
                    problems.append(problem)
                    line_of[problem] = line
            offer = _offer(cells, line, problems, line_of)
            offers.append(offer)
            lines.append(line)
    except csv.Error as error:
        problem = Problem((), str(error), location=_location(reader.line_num))
        problems.append(problem)
        line_of[problem] = reader.line_num

    data = {"format": FORMAT, "municipality": {"slug": municipality.slug, "name": municipality.name},
            "offers": offers}
    try:
        return _Import(data, via=via, user=user, progress=progress, problems=problems).run()
    except ExchangeError as error:
        raise ExchangeError(_by_line(error.problems, lines, line_of)) from None


def _offer(cells, line, problems, line_of):
    offer = {}
    for name, value in cells.items():
        match = _TRANSLATED_COLUMN.match(name)
        if match:
            if value:  # an empty translation cell leaves the translation alone
                offer.setdefault(match.group(1), {})[match.group(2)] = value
        elif name in TRANSLATED_FIELDS:
            offer.setdefault(name, {})["de"] = value
        elif name in LIST_COLUMNS:
            offer[name] = list(dict.fromkeys(item.strip() for item in value.split(";") if item.strip()))
        elif name in NULLABLE_REFERENCES:
            offer[name] = value or None
        elif name in NESTED:
            group, key = NESTED[name]
            offer.setdefault(group, {})[key] = value
        elif name == "published":
            if value.lower() in TRUE:
                offer["published"] = True
            elif value.lower() in FALSE:
                offer["published"] = False
            elif value:
                problem = Problem((), _("'%(value)s' ist weder ja noch nein") % {"value": visible(value)},
                                  location=_location(line, name))
                problems.append(problem)
                line_of[problem] = line
        else:
            offer[name] = value
    return offer


def _by_line(problems, lines, line_of):
    """Document paths → CSV line and column, sorted by line."""
    located = []
    for problem in problems:
        path = problem.path
        if not problem.location and len(path) >= 2 and path[0] == "offers" and isinstance(path[1], int):
            line = lines[path[1]]
            column = _column_for(path[2:])
            # "doppelt; schon in $.offers[0]" → "… schon in Zeile 2"
            message = _OFFER_PATH.sub(lambda match: _location(lines[int(match.group(1))]), problem.message)
            located.append((line, Problem(path, message, location=_location(line, column))))
        else:
            located.append((line_of.get(problem, 0), problem))
    located.sort(key=lambda pair: pair[0])
    return [problem for _line, problem in located]
