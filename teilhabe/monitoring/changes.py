"""The change history of indicators and measure results as the monitoring pages show it.
actions.py and importer.py write the records (through municipalities.history); here the
names they keep become labels in the reader's language and numbers German again."""
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from teilhabe.municipalities import history

from .actions import RESULT_FIELDS, SEPARATOR
from .models import PERIOD_RE, Indicator, MeasureResult

IMPORT_KEYS = ("import_file", "import_mapping", "import_rule", "import_periods", "values_created",
               "values_changed", "values_unchanged", "values_removed")


def german_decimal(value):
    """A Decimal as a German form (and the history) shows it: 12,5 (no trailing zeros, no grouping)."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


@dataclass
class Entry:
    record: object                      # the ChangeRecord: at, user, via
    title: str
    rows: list = field(default_factory=list)     # (label, old, new) as shown
    summary: dict = None                # an import: IMPORT_KEYS without their prefix
    listed_only: int = 0                # an import that changed more values than it names


def _number(value):
    """A value the history keeps as "12.5" shown as "12,5"; anything else as it is."""
    if isinstance(value, str):
        try:
            return german_decimal(Decimal(value))
        except InvalidOperation:
            return value
    return value


def _title(rows, created, changed, deleted):
    if all(old is None for _l, old, _n in rows):
        return created
    if all(new is None for _l, _o, new in rows):
        return deleted
    return changed


def indicator_history(indicator):
    """Entries of an indicator's history: its own fields by their labels, the values entered
    in the form or imported as "Wert 2012 · Kalk (008)", an import with its summary."""
    names = {f.name for f in Indicator._meta.get_fields() if hasattr(f, "verbose_name")}
    entries = []
    for record in history.history_for(indicator):
        changes = dict(record.changes)
        summary = None
        if "values_created" in changes:
            summary = {name.split("_", 1)[1]: changes.pop(name, [None, None])[1] for name in IMPORT_KEYS}
            summary["rule"] = json.dumps(summary["rule"], ensure_ascii=False) if summary["rule"] else ""
        fields, values = [], []
        for name, (old, new) in changes.items():
            if history.is_secret(Indicator, name):
                continue
            if name in names:
                fields.append((history.label(Indicator, name), *(history.value(Indicator, name, v) for v in (old, new))))
            else:
                values.append((_("Wert %(cell)s") % {"cell": name}, _number(old), _number(new)))
        if summary is not None:
            title = _("Statistik importiert")
        elif values and not fields:
            title = _title(values, _("Werte erfasst"), _("Werte geändert"), _("Werte gelöscht"))
        else:
            title = record.get_action_display()
        entry = Entry(record, title, fields + values, summary)
        if summary:
            entry.listed_only = len(values) if len(values) < (summary["changed"] or 0) + (summary["removed"] or 0) \
                else 0
        entries.append(entry)
    return entries


def _result_name(name):
    """(period, field or ("reach", target group key)) of a name in a measure's history, or None."""
    parts = name.split(SEPARATOR)
    if len(parts) == 2 and PERIOD_RE.match(parts[0]) and parts[1] in RESULT_FIELDS:
        return parts[0], parts[1]
    if len(parts) == 3 and PERIOD_RE.match(parts[0]) and parts[1] == "reach":
        return parts[0], ("reach", parts[2])
    return None


def _choice(choices, value):
    if value in (None, ""):
        return None
    return str(choices.get(value, value)) if choices else value


def result_history(measure, period=None):
    """Entries of a measure's history that are about its results (of one period, if
    given): one result reported, changed or deleted per entry, counts and choices labelled."""
    groups = {g.key: g.name for g in measure.concept.municipality.target_groups.all()}
    labels = {name: str(MeasureResult._meta.get_field(name).verbose_name) for name in RESULT_FIELDS}
    choices = {"target_group_reached": dict(MeasureResult.Reached.choices), "step": dict(MeasureResult.Step.choices)}
    entries = []
    for record in history.history_for(measure):
        rows, periods = [], set()
        for name, (old, new) in record.changes.items():
            parsed = _result_name(name)
            if parsed is None:
                continue
            result_period, what = parsed
            periods.add(result_period)
            if isinstance(what, tuple):
                label = _("davon %(group)s") % {"group": groups.get(what[1], what[1])}
            else:
                label = labels[what]
            rows.append((label, what, old, new))
        if not rows or (period is not None and period not in periods):
            continue
        shown = ", ".join(sorted(periods))
        # Reported: nothing was there before; deleted: nothing is there after ("" is a value).
        title = _title([(label, old, new) for label, _w, old, new in rows],
                       _("Ergebnis %(period)s berichtet") % {"period": shown},
                       _("Ergebnis %(period)s geändert") % {"period": shown},
                       _("Ergebnis %(period)s gelöscht") % {"period": shown})
        entries.append(Entry(record, title, [
            (label, *(_choice(choices.get(what), v) for v in (old, new))) for label, what, old, new in rows]))
    return entries
