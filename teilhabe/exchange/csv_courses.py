"""Courses from a spreadsheet (CSV), for providers who plan their courses in Excel or
LibreOffice. Each row becomes a course of the exchange format (docs/exchange-format.md,
"Course steering") and goes through the same checks and the same write as `teilhabe
import`: all or nothing, upsert by external_id within the Kreis, problems by line (the
header is line 1) and column. Column names in English (as in the format) or German;
values as in the format or as the back office shows them ("vormittags", "01.02.2027")."""
import csv
import datetime
import io
import re

from django.utils.translation import gettext as _

from teilhabe.courses.models import Course, CourseType, TimeOfDay

from .course_sections import provider_reference
from .csv_offers import FALSE, TRUE, _location, _read_text
from .importer import _Import
from .validate import FORMAT, ExchangeError, Problem, visible

# Column → the names accepted in the header (compared without case).
COLUMNS = {
    "external_id": ("external_id", "kurs-id", "kursnummer", "externe id"),
    "provider": ("provider", "träger", "kursträger"),
    "type": ("type", "kursart"),
    "town": ("town", "ort", "stadt"),
    "district": ("district", "stadtteil"),
    "place": ("place", "kursort", "anschrift"),
    "starts_on": ("starts_on", "beginn"),
    "ends_on": ("ends_on", "ende"),
    "time_of_day": ("time_of_day", "tageszeit"),
    "hours": ("hours", "unterrichtseinheiten"),
    "capacity": ("capacity", "plätze"),
    "booked": ("booked", "anderweitig belegt"),
    "childcare": ("childcare", "kinderbetreuung"),
    "accessibility": ("accessibility", "barrierefreiheit"),
    "registration": ("registration", "anmeldung"),
    "status": ("status",),
}
REQUIRED = ["external_id", "type", "town", "starts_on", "capacity", "time_of_day"]
INTEGERS = {"hours", "capacity", "booked"}
DATES = {"starts_on", "ends_on"}
CHOICES = {"type": CourseType.choices, "time_of_day": TimeOfDay.choices, "status": Course.Status.choices}
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_COURSE_PATH = re.compile(r"\$\.courses\[(\d+)\]")


def _column_names():
    return {alias: column for column, aliases in COLUMNS.items() for alias in aliases}


def import_courses_csv(source, *, kreis, providers=None, via="import", user=None, check=False):
    """Import courses from CSV (text, bytes or a file object) into `kreis`. `providers`: the
    actors the uploader may give courses for (None: any, for the Kreis's coordinators);
    with exactly one, the provider column may be left out. `check`: do everything, then
    roll back (a preview). Returns the ImportSummary; raises ExchangeError, with nothing
    written, listing every problem by line and column."""
    text = _read_text(source)
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
    names, problems, columns, shown = _column_names(), [], {}, {}
    for index, cell in enumerate(header):
        cell = cell.strip()
        if not cell:
            continue
        column = names.get(cell.lower())
        if column is None:
            problems.append(Problem((), _("unbekannte Spalte"), location=_location(1, cell)))
        elif column in columns.values():
            problems.append(Problem((), _("Spalte doppelt"), location=_location(1, cell)))
        else:
            columns[index], shown[column] = column, cell
    required = REQUIRED + (["provider"] if providers is None or len(providers) != 1 else [])
    for column in required:
        if column not in columns.values():
            problems.append(Problem((), _("Pflichtspalte fehlt"), location=_location(1, column)))
    if problems:
        raise ExchangeError(problems)

    allowed = None if providers is None else {provider_reference(a, kreis): a for a in providers}
    if allowed is not None:
        allowed.update({a.external_id: a for a in providers})
    towns = {t.name.lower(): t.slug for t in kreis.towns.all()}
    rows, lines, line_of, previous_end = [], [], {}, 1

    unreadable = set()   # (line, column) of cells already reported: no second problem there

    def problem(line, column, message):
        p = Problem((), message, location=_location(line, shown.get(column, column)))
        problems.append(p)
        line_of[p] = line
        unreadable.add((line, column))

    try:
        for row in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            course = {}
            for index, value in enumerate(row):
                value = value.strip()
                if index not in columns:
                    if value:
                        problem(line, None, _("Wert in einer Spalte ohne Überschrift (Spalte %(n)s)") % {"n": index + 1})
                    continue
                column = columns[index]
                converted = _value(column, value, towns, lambda message, c=column: problem(line, c, message))
                if converted is not _SKIP:
                    course[column] = converted
            if allowed is not None:
                _own_provider(course, allowed, providers, kreis, lambda m: problem(line, "provider", m))
            rows.append(course)
            lines.append(line)
    except csv.Error as error:
        p = Problem((), str(error), location=_location(reader.line_num))
        problems.append(p)
        line_of[p] = reader.line_num
    if allowed is not None:
        _not_others(kreis, rows, lines, providers, problem)

    data = {"format": FORMAT, "municipality": {"slug": kreis.slug, "name": kreis.name}, "courses": rows}
    try:
        return _Import(data, via=via, user=user, progress=False, problems=problems).run(preview=check)
    except ExchangeError as error:
        raise ExchangeError(_by_line(error.problems, lines, line_of, shown, unreadable)) from None


_SKIP = object()


def _value(column, value, towns, report):
    """A cell as the format has it; _SKIP for an empty cell (the stored value stays)."""
    if not value:
        return None if column in ("district", "ends_on") else _SKIP
    if column in INTEGERS:
        try:
            return int(value)
        except ValueError:
            report(_("'%(value)s' ist keine ganze Zahl") % {"value": visible(value)})
            return _SKIP
    if column in DATES:
        match = _GERMAN_DATE.match(value)
        if match:
            day, month, year = map(int, match.groups())
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                pass
        return value   # the importer names a date it cannot read
    if column == "childcare":
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        report(_("'%(value)s' ist weder ja noch nein") % {"value": visible(value)})
        return _SKIP
    if column in CHOICES:
        by_label = {str(label).lower(): code for code, label in CHOICES[column]}
        return by_label.get(value.lower(), value)
    if column == "town":
        return towns.get(value.lower(), value)
    return value


def _own_provider(course, allowed, providers, kreis, report):
    """An uploader who is not the Kreis's coordinator gives courses of their own actor only."""
    given = course.get("provider")
    if given is None and len(providers) == 1:
        course["provider"] = provider_reference(providers[0], kreis)
    elif given is not None and given not in allowed:
        report(_("nur Kurse des eigenen Trägers: %(own)s") % {
            "own": ", ".join(sorted(provider_reference(a, kreis) for a in providers))})
    elif given is not None:
        course["provider"] = provider_reference(allowed[given], kreis)


def _not_others(kreis, rows, lines, providers, problem):
    ids = {row.get("external_id"): line for row, line in zip(rows, lines) if isinstance(row.get("external_id"), str)}
    others = (Course.objects.filter(kreis=kreis, external_id__in=list(ids))
              .exclude(provider__in=providers).values_list("external_id", flat=True))
    for external_id in others:
        problem(ids[external_id], "external_id", _("Kurs '%(key)s' gehört einem anderen Träger") % {
            "key": external_id})


def _by_line(problems, lines, line_of, shown, unreadable):
    located = []
    for problem in problems:
        path = problem.path
        if not problem.location and len(path) >= 2 and path[0] == "courses" and isinstance(path[1], int):
            line = lines[path[1]]
            column = path[2] if len(path) > 2 else None
            if (line, column) in unreadable:
                continue   # "keine ganze Zahl" said it; "Pflichtangabe fehlt" would say it again
            message = _COURSE_PATH.sub(lambda m: _location(lines[int(m.group(1))]), problem.message)
            located.append((line, Problem(path, message, location=_location(line, shown.get(column, column)))))
        else:
            located.append((line_of.get(problem, 0), problem))
    located.sort(key=lambda pair: pair[0])
    return [problem for _line, problem in located]
