"""Opening hours and closing days as lines of text in the offer form: no JavaScript,
quick to type, and each mistake is named with its line."""
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.offers.hours import DAYS, sorted_rows, validate_opening_hours

GERMAN_DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_NAMES = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
_LINE = re.compile(r"^\s*(?P<days>[A-Za-zäöü]+)\.?\s*(?:[-–]\s*(?P<last>[A-Za-zäöü]+)\.?)?\s*:?\s*(?P<times>.*)$")
_SPAN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*(?:Uhr)?\s*$")


def _day(text):
    """"Mo", "Montag", "montags" → 0; None for anything else."""
    text = text.lower()
    return next((i for i, name in enumerate(_NAMES) if len(text) >= 2 and name.startswith(text)), None)


def _time(hours, minutes):
    return f"{int(hours):02d}:{minutes}" if int(hours) < 24 and int(minutes) < 60 else None


class OpeningHoursField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            lines = {}
            for row in sorted_rows(value):
                lines.setdefault(row["day"], []).append(f"{row['opens']}–{row['closes']}")
            return "\n".join(f"{GERMAN_DAYS[DAYS.index(day)]} {', '.join(spans)}" for day, spans in lines.items())
        return value

    def to_python(self, value):
        rows, lines, errors = [], [], []
        for n, line in enumerate((value or "").splitlines(), 1):
            if not line.strip():
                continue
            match = _LINE.match(line)
            first = _day(match["days"]) if match else None
            last = _day(match["last"]) if match and match["last"] else first
            if first is None or last is None or last < first:
                errors.append(_("Zeile %(n)s: am Anfang ein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So) "
                                "oder eine Spanne wie „Mo–Fr“.") % {"n": n})
                continue
            spans = [s for s in match["times"].split(",") if s.strip()]
            parsed = [_SPAN.match(s) for s in spans]
            times = [(_time(m[1], m[2]), _time(m[3], m[4])) if m else (None, None) for m in parsed]
            if not spans or any(None in t for t in times):
                errors.append(_("Zeile %(n)s: Zeiten als „09:00–12:00“, mehrere durch Komma getrennt.") % {"n": n})
                continue
            for day in range(first, last + 1):
                for opens, closes in times:
                    rows.append({"day": DAYS[day], "opens": opens, "closes": closes})
                    lines.append(n)
        if errors:
            raise ValidationError(errors)
        validate_opening_hours(rows, lines)
        return sorted_rows(rows)


class ClosingDaysField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(datetime.date.fromisoformat(d).strftime("%d.%m.%Y") for d in value)
        return value

    def to_python(self, value):
        days, errors = set(), []
        for n, text in enumerate(re.split(r"[\n,;]", value or ""), 1):
            text = text.strip()
            if not text:
                continue
            for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
                try:
                    days.add(datetime.datetime.strptime(text, pattern).date().isoformat())
                    break
                except ValueError:
                    pass
            else:
                errors.append(_("Eintrag %(n)s: „%(value)s“ ist kein Datum wie 24.12.2026.") % {"n": n, "value": text})
        if errors:
            raise ValidationError(errors)
        return sorted(days)
