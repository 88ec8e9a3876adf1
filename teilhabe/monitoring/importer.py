"""Import of statistics: a long-format CSV (one row per value) becomes observations of
one or more indicators, through a column mapping. All-or-nothing: every problem is named
with its line (the header is line 1) and column, and nothing is written then.

The mapping (a JSON object; saved as ImportMapping.config or given as a file):

    {
      "columns": {"period": "jahr", "area": "raum_id", "area_label": "raum",
                  "category": null, "value": "zahl"},
      "delimiter": null,            # null: detected from the header (; , tab |)
      "decimal": null,              # null: detected from the values, see detect_decimal
      "missing": ["", "-", ".", "x", "…"],     # markers of a missing value (the default)
      "total_areas": ["000"],                  # area values that mean the whole municipality
      "unmatched_areas": "error",   # or "skip": rows of unknown areas are left out and reported
      "indicators": [
        {"indicator": "anteil-auslaender",             # key of an indicator of the municipality
         "where": {"zeile": "Ausländer"},               # the rows that carry its values
         "denominator": {"zeile": "Einwohner"},        # optional: value = factor × row ÷ denominator row
         "factor": 100}                                 # optional, default 1 (100 with a denominator)
      ]
    }

Without "where" every row is a value of the indicator. "area_label" (optional) only names
the area in messages. Prefer keys to names: in Köln the Stadtteil "Kalk" (802) and the
Stadtbezirk "Kalk" (008) share a name. Areas match a district's key or
name (case and surrounding blanks ignored), or the municipality's name or one of
total_areas (→ the whole municipality). Periods are years (2012) or months (2012-03).
Values: thousands separators (1.234.567 / 1,234,567 / 1 234 567 / 1'234) and decimal
commas are understood; missing-value markers leave the value out (counted in the summary).
Rows with the same indicator, period, area and category: the same value twice counts once
(reported); different values are an error naming both lines. An import replaces the
indicator's existing observations for the periods the file contains.

Each import leaves one ChangeRecord per indicator whose values it changed, in the
indicator's history: the file, the mapping and its rule for the indicator, the periods,
how many values were created, changed, unchanged and removed, and the first LISTED
changed or removed values with old → new — a summary, not a row per value.
"""
import codecs
import csv
import io
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from teilhabe.lib.html import quote
from teilhabe.lib.problems import ExchangeError, Problem, visible

from .models import PERIOD_RE, Indicator, Observation, touch_indicators

DEFAULT_MISSING = ["", "-", ".", "x", "X", "…", "...", "/"]
DELIMITERS = [";", ",", "\t", "|"]
FOUR_PLACES = Decimal("0.0001")
LIMIT = Decimal(10) ** 14          # max_digits 18, 4 decimal places
TOTAL = object()                    # area = the whole municipality
_GROUPED = {",": re.compile(r"^[+-]?\d{1,3}(,\d{3})+$"), ".": re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")}
_BLANKS = re.compile(r"(?<=\d)[ \u00a0\u202f'’](?=\d)")
BATCH = 5000
LISTED = 100                        # changed or removed values named in an import's record


def _location(line, column=None):
    if column is None:
        return _("Zeile %(line)s") % {"line": line}
    return _('Zeile %(line)s, Spalte "%(column)s"') % {"line": line, "column": visible(column)}


def _problem(message, line=None, column=None, location=None):
    return Problem((), message, location=location or _location(line, column))


@dataclass
class ImportSummary:
    delimiter: str
    decimal: str
    written: Counter = field(default_factory=Counter)      # indicator key → observations
    missing: int = 0                                        # values left out as missing
    duplicates: int = 0                                     # identical repeated rows
    unmatched_areas: Counter = field(default_factory=Counter)  # area → rows left out
    periods: set = field(default_factory=set)
    # indicator key → {"created": n, "changed": n, "unchanged": n, "removed": n}
    changes: dict = field(default_factory=dict)

    def __str__(self):
        lines = [_("%(n)s Messwerte importiert (Trennzeichen „%(delimiter)s“, Dezimalzeichen „%(decimal)s“).") % {
            "n": sum(self.written.values()), "delimiter": self.delimiter.replace("\t", "Tab"),
            "decimal": self.decimal}]
        for key, n in sorted(self.written.items()):
            counts = self.changes.get(key)
            lines.append(f"  {key}: {n}" + (" (" + _("%(created)s neu, %(changed)s geändert, %(unchanged)s "
                                                     "unverändert, %(removed)s entfernt") % counts + ")"
                                             if counts else ""))
        if self.missing:
            lines.append(_("%(n)s fehlende Werte ausgelassen.") % {"n": self.missing})
        if self.duplicates:
            lines.append(_("%(n)s doppelte Zeilen mit gleichem Wert einmal gezählt.") % {"n": self.duplicates})
        if self.unmatched_areas:
            lines.append(_("Nicht zugeordnete Gebiete (Zeilen ausgelassen): %(areas)s") % {
                "areas": ", ".join(f"{name} ({n})" for name, n in sorted(self.unmatched_areas.items()))})
        return "\n".join(lines)


def read_text(source):
    """Text of a str, bytes, file object or Path. UTF-8 (with or without BOM), UTF-16 with
    its BOM (Excel's "Unicode-Text"); files that are neither are read as Windows-1252,
    which is what German Excel writes."""
    if hasattr(source, "read"):
        source = source.read()
    elif isinstance(source, Path):
        source = source.read_bytes()
    if isinstance(source, bytes):
        if source.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return source.decode("utf-16")
            except UnicodeDecodeError:
                pass
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError:
            return source.decode("cp1252", errors="replace")
    return source.removeprefix("\ufeff")


def detect_delimiter(header_line):
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def detect_decimal(values):
    """The decimal separator of a file's values ("," or "."), or raises ExchangeError.
    A value with both separators decides by the later one (1.234,5 → ","); values with
    commas only are German decimals (1,5); values with dots only are decimals unless each
    is a run of dot-separated thousands and one has two of them (1.234.567)."""
    seen = {}   # kind → first line
    for line, raw in values:
        comma, dot = raw.rfind(","), raw.rfind(".")
        if comma >= 0 and dot >= 0:
            kind = "comma_last" if comma > dot else "dot_last"
        elif comma >= 0:
            kind = "comma"
        elif dot >= 0:
            kind = "dot_grouped" if _GROUPED["."].match(raw) else "dot"
        else:
            continue
        seen.setdefault(kind, line)
        if kind == "dot_grouped" and raw.count(".") > 1:
            seen.setdefault("dot_grouped_many", line)
    comma_says = [k for k in ("comma_last", "comma") if k in seen]
    dot_says = [k for k in ("dot_last", "dot") if k in seen]
    if comma_says and dot_says:
        a, b = seen[comma_says[0]], seen[dot_says[0]]
        raise ExchangeError([_problem(_("uneinheitliches Zahlenformat: Zeile %(a)s hat Dezimalkomma, Zeile %(b)s "
                                        "Dezimalpunkt; in der Zuordnung \"decimal\" angeben") % {"a": a, "b": b},
                                      location=_("Datei"))])
    if comma_says:
        return ","
    if dot_says:
        return "."
    if "dot_grouped_many" in seen:
        return ","
    return "." if "dot_grouped" in seen else ","


def parse_number(raw, decimal):
    """Decimal of a cell, or None when it is not a number."""
    text = _BLANKS.sub("", raw)
    thousands = "." if decimal == "," else ","
    if thousands in text:
        integer, _sep, fraction = text.partition(decimal)
        if not _GROUPED[thousands].match(integer):
            return None
        text = integer.replace(thousands, "") + (("." + fraction) if _sep else "")
    elif decimal == ",":
        text = text.replace(",", ".")
    if not re.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_mapping(config, municipality):
    """The mapping, completed with defaults, and the indicators it names; raises
    ExchangeError naming what is wrong in it."""
    problems = []

    def bad(where, message):
        problems.append(_problem(message, location=_("Zuordnung, %(where)s") % {"where": where}))

    if not isinstance(config, dict):
        raise ExchangeError([_problem(_("die Zuordnung muss ein JSON-Objekt sein"), location=_("Zuordnung"))])
    columns = config.get("columns")
    if not isinstance(columns, dict):
        bad("columns", _("fehlt oder ist kein Objekt"))
        columns = {}
    for role in ("period", "value"):
        if not isinstance(columns.get(role), str) or not columns.get(role):
            bad(f"columns.{role}", _("Spaltenname fehlt"))
    for role in ("area", "area_label", "category"):
        if columns.get(role) is not None and not isinstance(columns.get(role), str):
            bad(f"columns.{role}", _("Spaltenname oder null erwartet"))
    unknown = set(columns) - {"period", "area", "area_label", "category", "value"}
    if unknown:
        bad("columns", _("unbekannte Rolle(n): %(names)s") % {"names": ", ".join(sorted(unknown))})
    if config.get("delimiter") not in (None, *DELIMITERS):
        bad("delimiter", _("erlaubt sind ; , Tab | oder null"))
    if config.get("decimal") not in (None, ",", "."):
        bad("decimal", _("erlaubt sind \",\", \".\" oder null"))
    if config.get("unmatched_areas", "error") not in ("error", "skip"):
        bad("unmatched_areas", _("erlaubt sind \"error\" und \"skip\""))
    for name in ("missing", "total_areas"):
        value = config.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(name, _("Liste von Texten erwartet"))
    specs = config.get("indicators")
    if not isinstance(specs, list) or not specs:
        bad("indicators", _("mindestens ein Indikator erwartet"))
        specs = []
    indicators = {i.key: i for i in Indicator.objects.filter(municipality=municipality)}
    for n, spec in enumerate(specs):
        where = f"indicators[{n}]"
        if not isinstance(spec, dict):
            bad(where, _("Objekt erwartet"))
            continue
        if spec.get("indicator") not in indicators:
            bad(f"{where}.indicator", _("unbekannter Indikator '%(key)s' in %(municipality)s") % {
                "key": spec.get("indicator"), "municipality": municipality.name})
        for part in ("where", "denominator"):
            value = spec.get(part)
            if value is not None and (not isinstance(value, dict) or not value
                                      or not all(isinstance(v, (str, list)) for v in value.values())):
                bad(f"{where}.{part}", _("Objekt {Spalte: Wert oder Liste von Werten} erwartet"))
        factor = spec.get("factor")
        if factor is not None and (isinstance(factor, bool) or not isinstance(factor, (int, float, str))
                                   or parse_number(str(factor), ".") is None):
            bad(f"{where}.factor", _("Zahl erwartet"))
    if problems:
        raise ExchangeError(problems)
    return config, indicators


def _matcher(condition):
    """{column: value or [values]} → [(column, set of values)]"""
    return [(column, {value} if isinstance(value, str) else set(value)) for column, value in condition.items()]


def _area_lookup(municipality, total_areas):
    lookup = {}
    for district_id, key, name in municipality.districts.values_list("id", "key", "name"):
        lookup[key.strip().casefold()] = district_id
        lookup.setdefault(name.strip().casefold(), district_id)
    for name in [municipality.name, *total_areas]:
        lookup[name.strip().casefold()] = TOTAL
    return lookup


class _NoBar:
    """What the import updates when nobody watches. A tqdm, even a disabled one, starts
    tqdm's monitor thread, which lives on in the process (a web worker; the evaluation
    report's PDF does not fork while other threads run)."""

    def update(self, n=1):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _bar(progress, **options):
    return tqdm(file=sys.stderr, disable=None, **options) if progress else _NoBar()


def _insert(rows, bar):
    """Plain parameterised INSERTs: a million model instances through bulk_create cost
    more than parsing the whole file. The rows were checked above, so the database's
    own constraints are the only ones left, and they still hold."""
    meta = Observation._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in ("indicator", "period", "district", "category", "value")]
    sql = "INSERT INTO %s (%s) VALUES (%s)" % (quote(meta.db_table), ", ".join(quote(c) for c in columns),
                                                ", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            cursor.executemany(sql, batch)
            bar.update(len(batch))


def _compare(made, existing):
    """(created, changed, unchanged, {(period, district, category): (old, new)} of the
    changed ones, the first LISTED) for the rows about to replace `existing`, which is
    left holding the values the file does not bring again (removed)."""
    if not existing:   # the common case, a first import: nothing to compare row by row
        return len(made), 0, 0, {}
    created = changed = unchanged = 0
    listed = {}
    for _indicator, period, district, category, number in made:
        old = existing.pop((period, district, category), None)
        if old is None:
            created += 1
        elif old == number:
            unchanged += 1
        else:
            changed += 1
            if len(listed) < LISTED:
                listed[(period, district, category)] = (old, number)
    return created, changed, unchanged, listed


def _record_import(indicator, *, counts, listed, removed, periods, rule, user, via, file_name, mapping_name):
    """The indicator's ChangeRecord of one import (none when the import changed nothing)."""
    from .actions import area_label, plain_number, record_changes, value_label

    if not (counts["created"] or counts["changed"] or counts["removed"]):
        return None
    municipality = indicator.municipality
    for cell, old in removed.items():
        if len(listed) >= LISTED:
            break
        listed[cell] = (old, None)
    districts = {d.pk: d for d in municipality.districts.all()} if listed else {}
    before, after = {}, {
        "import_file": file_name, "import_mapping": mapping_name, "import_rule": rule,
        "import_periods": periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}",
        **{f"values_{name}": n for name, n in counts.items()}}
    for (period, district, category), (old, new) in sorted(listed.items(), key=lambda item: (
            item[0][0], item[0][1] is not None, districts[item[0][1]].key if item[0][1] else "", item[0][2])):
        label = value_label(period, area_label(municipality, districts.get(district)), category)
        before[label], after[label] = plain_number(old), plain_number(new)
    return record_changes(indicator, user=user, before=before, after=after, via=via)


def _nul_cells(row, header, line):
    """A NUL character in any cell is refused: PostgreSQL cannot store one, SQLite would."""
    return [_problem(_("enthält ein Nullzeichen"), line, header[at] if at < len(header) and header[at] else None)
            for at, cell in enumerate(row) if "\x00" in cell]


def builtin_mappings():
    """The mappings that come with teilhabe (teilhabe/monitoring/mappings/*.json): key → (name, config)."""
    found = {}
    for path in sorted((Path(__file__).parent / "mappings").glob("*.json")):
        config = json.loads(path.read_text(encoding="utf-8"))
        found[path.stem] = (config.get("name") or path.stem, config)
    return found

def import_statistics(source, *, municipality, mapping, progress=False, user=None, via="import", file_name=None,
                      mapping_name=""):
    """Import observations from CSV text, bytes, a file object or a Path. Returns the
    ImportSummary; raises ExchangeError, with nothing written, listing every problem.
    user, via, file_name (default: a Path's name) and mapping_name go into the history."""
    if file_name is None:
        file_name = source.name if isinstance(source, Path) else ""
    config, indicators = check_mapping(mapping, municipality)
    text = read_text(source)
    first_line = text.split("\n", 1)[0]
    delimiter = config.get("delimiter") or detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        raise ExchangeError([_problem(str(error), 1)]) from None
    if not any(header):
        raise ExchangeError([_problem(_("leere Datei; erwartet wird eine Kopfzeile mit den Spaltennamen"), 1)])
    if first_line.count("\x00") * 3 >= len(first_line) > 0:
        # A NUL between every other letter: UTF-16 without its BOM, not a NUL in a cell.
        raise ExchangeError([_problem(_("Kopfzeile voller Nullzeichen: die Datei ist wohl UTF-16 ohne "
                                        "Byte-Order-Mark; bitte als UTF-8 speichern"), 1)])
    if nul := _nul_cells(header, header, 1):
        raise ExchangeError(nul)
    index = {name: n for n, name in enumerate(header) if name}
    columns = config["columns"]
    specs = [dict(spec, where=_matcher(spec.get("where") or {}),
                  denominator=_matcher(spec["denominator"]) if spec.get("denominator") else None)
             for spec in config["indicators"]]
    needed = [c for c in columns.values() if c] + [c for s in specs for c, _v in s["where"] + (s["denominator"] or [])]
    missing_columns = [c for c in dict.fromkeys(needed) if c not in index]
    if missing_columns:
        raise ExchangeError([_problem(
            _("Spalte fehlt; gefunden: %(found)s (Trennzeichen „%(delimiter)s“ – falsches Trennzeichen?)") % {
                "found": ", ".join(quote(h) for h in header), "delimiter": delimiter.replace("\t", "Tab")}, 1, c)
            for c in missing_columns])

    period_at, value_at = index[columns["period"]], index[columns["value"]]
    area_at = index[columns["area"]] if columns.get("area") else None
    category_at = index[columns["category"]] if columns.get("category") else None
    label_at = index[columns["area_label"]] if columns.get("area_label") else None
    filters = []   # (spec number, "num"/"den", [(column index, values)])
    for n, spec in enumerate(specs):
        filters.append((n, "num", [(index[c], v) for c, v in spec["where"]]))
        if spec["denominator"]:
            filters.append((n, "den", [(index[c], v) for c, v in spec["denominator"]]))
    markers = {m.strip() for m in config.get("missing", DEFAULT_MISSING)}
    areas = _area_lookup(municipality, config.get("total_areas", []))
    skip_unmatched = config.get("unmatched_areas", "error") == "skip"
    width = len(header)
    problems, rows, unmatched, unmatched_first = [], [], Counter(), {}
    bar = _bar(progress, desc=_("Lesen"), unit=" Zeilen", delay=1.0, leave=False, dynamic_ncols=True)
    line = 1
    try:
        for line, row in enumerate(reader, start=2):
            bar.update()
            if not row or (len(row) == 1 and not row[0].strip()):
                continue   # blank line, typically at the end
            if nul := _nul_cells(row, header, line):
                problems.extend(nul)
                continue
            if len(row) != width:
                problems.append(_problem(_("%(n)s Felder statt %(width)s wie in der Kopfzeile") % {
                    "n": len(row), "width": width}, line))
                continue
            roles = [(n, role) for n, role, conditions in filters
                     if all(row[at].strip() in values for at, values in conditions)]
            if not roles:
                continue
            period = row[period_at].strip()
            if not PERIOD_RE.match(period):
                problems.append(_problem(_("„%(value)s“ ist kein Zeitraum (JJJJ oder JJJJ-MM)") % {"value": period},
                                         line, columns["period"]))
                continue
            district = TOTAL
            if area_at is not None:
                name = row[area_at].strip()
                district = areas.get(name.casefold())
                if district is None:
                    if label_at is not None and row[label_at].strip() != name:
                        name = f"{name} {row[label_at].strip()}"
                    unmatched[name] += 1
                    unmatched_first.setdefault(name, line)
                    continue
            category = row[category_at].strip() if category_at is not None else ""
            if len(category) > 80:
                problems.append(_problem(_("Kategorie länger als 80 Zeichen"), line, columns["category"]))
                continue
            rows.append((line, roles, period, None if district is TOTAL else district, category,
                         row[value_at].strip()))
    except csv.Error as error:
        problems.append(_problem(str(error), line + 1))
    finally:
        bar.close()
    if unmatched and not skip_unmatched:
        for name, n in sorted(unmatched.items(), key=lambda item: unmatched_first[item[0]]):
            problems.append(_problem(_("unbekanntes Gebiet „%(area)s“ (%(n)s Zeilen; erste hier) – als Stadtteil "
                                       "anlegen oder \"unmatched_areas\": \"skip\"") % {"area": name, "n": n},
                                     unmatched_first[name], columns["area"]))
    if problems:
        raise ExchangeError(problems)

    decimal = config.get("decimal") or detect_decimal(
        (line, raw) for line, _r, _p, _d, _c, raw in rows if raw not in markers)
    summary = ImportSummary(delimiter=delimiter, decimal=decimal, unmatched_areas=unmatched)
    # (spec, role) → {(period, district, category): (line, value or None)}
    values = {}
    value_column = columns["value"]
    for line, roles, period, district, category, raw in rows:
        if raw in markers:
            number = None
        else:
            number = parse_number(raw, decimal)
            if number is None:
                problems.append(_problem(_("„%(value)s“ ist keine Zahl") % {"value": raw}, line, value_column))
                continue
        for n, role in roles:
            target = values.setdefault((n, role), {})
            key = (period, district, category)
            if key in target:
                first_line, first = target[key]
                if first == number:
                    summary.duplicates += 1
                else:
                    problems.append(_problem(_("doppelter Wert für %(indicator)s, %(period)s – anders als in "
                                               "Zeile %(first)s") % {"indicator": specs[n]["indicator"],
                                                                      "period": period, "first": first_line},
                                             line, value_column))
                continue
            target[key] = (line, number)
    if problems:
        raise ExchangeError(problems)

    observations = {}   # indicator key → [Observation]
    rules = {}          # indicator key → its part of the mapping, for the history
    for n, spec in enumerate(specs):
        indicator = indicators[spec["indicator"]]
        rules.setdefault(indicator.key, []).append(
            {part: config["indicators"][n][part] for part in ("where", "denominator", "factor")
             if config["indicators"][n].get(part) is not None})
        numerators = values.get((n, "num"), {})
        denominators = values.get((n, "den"), {}) if spec["denominator"] else None
        factor = Decimal(str(spec.get("factor", 100 if denominators is not None else 1)).replace(",", "."))
        made = observations.setdefault(indicator.key, [])
        for (period, district, category), (line, number) in numerators.items():
            if number is not None and denominators is not None:
                if (period, district, category) not in denominators:
                    problems.append(_problem(_("kein Nenner für %(indicator)s in diesem Zeitraum und Gebiet") % {
                        "indicator": indicator.key}, line))
                    continue
                den_line, den = denominators[(period, district, category)]
                if den == 0:
                    problems.append(_problem(_("Nenner 0 für %(indicator)s") % {"indicator": indicator.key},
                                             den_line, value_column))
                    continue
                number = None if den is None else number / den
            if number is None:
                summary.missing += 1
                continue
            number = (number * factor).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
            if abs(number) >= LIMIT:
                problems.append(_problem(_("Wert zu groß"), line, value_column))
                continue
            problem = indicator.value_problem(number)
            if problem:
                problems.append(_problem(f"{indicator.key}: {problem}", line, value_column))
                continue
            made.append((indicator.pk, period, district, category, number))
    if problems:
        raise ExchangeError(problems)

    total = sum(len(rows) for rows in observations.values())
    with transaction.atomic(), _bar(progress, total=total, desc=_("Schreiben"), unit=" Werte", delay=1.0,
                                    leave=False, dynamic_ncols=True) as bar:
        for key, made in observations.items():
            indicator = indicators[key]
            periods = sorted({row[1] for row in made})
            summary.periods.update(periods)
            # Replace what the file brings anew, period by period (chunks: SQLite's variable
            # limit); what was there is read first, for the history.
            existing = {}
            for start in range(0, len(periods), 500):
                replaced = Observation.objects.filter(indicator=indicator, period__in=periods[start:start + 500])
                existing.update(((period, district, category), value) for period, district, category, value
                                in replaced.values_list("period", "district_id", "category", "value"))
                replaced.delete()
            _insert(made, bar)
            summary.written[key] = len(made)
            created, changed, unchanged, listed = _compare(made, existing)
            counts = summary.changes[key] = {"created": created, "changed": changed, "unchanged": unchanged,
                                             "removed": len(existing)}
            if created or changed or existing:
                touch_indicators([indicator.pk])
            if periods:
                rule = rules[key][0] if len(rules[key]) == 1 else rules[key]
                _record_import(indicator, counts=counts, listed=listed, removed=existing, periods=periods,
                               rule=rule, user=user, via=via, file_name=file_name, mapping_name=mapping_name)
    return summary
