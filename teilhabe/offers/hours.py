"""Opening hours as data: rows of weekday and from/to (several a day), "by appointment
only", closed on the public holidays of the municipality's Land, special closing days.
Checked here (validators of the offer's fields, so forms and imports refuse the same
rows with the same messages), evaluated here ("open now"), shown by the faces.

Public holidays come from `holidays` (python-holidays): kept up to date every few weeks,
it knows each Land's own days (Fronleichnam in NRW, Reformationstag in the north, …) and
moving feasts, with no network at run time."""
import datetime
import re

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Keys as OpenStreetMap's opening_hours writes them; the index is date.weekday().
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# The first two digits of the Amtlicher Gemeindeschlüssel name the Land.
LAND_BY_AGS = {"01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP",
               "08": "BW", "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN",
               "15": "ST", "16": "TH"}


def parse_time(text):
    return datetime.time.fromisoformat(text)


def validate_opening_hours(rows, lines=None):
    """A list of {"day": "Mo", "opens": "09:00", "closes": "12:00"}; opening before
    closing, no two rows of a day overlapping. Messages name the row (1-based), or
    lines[i] where a form made several rows of one line."""
    if not isinstance(rows, list):
        raise ValidationError(_("Öffnungszeiten müssen eine Liste sein."))
    errors, by_day = [], {}
    for i, row in enumerate(rows):
        n = lines[i] if lines else i + 1
        if not isinstance(row, dict) or set(row) != {"day", "opens", "closes"}:
            errors.append(_("Zeile %(n)s: Tag, „von“ und „bis“ angeben.") % {"n": n})
            continue
        if row["day"] not in DAYS:
            errors.append(_("Zeile %(n)s: unbekannter Wochentag „%(day)s“.") % {"n": n, "day": row["day"]})
            continue
        bad = [key for key in ("opens", "closes") if not isinstance(row[key], str) or not _TIME.match(row[key])]
        if bad:
            errors.append(_("Zeile %(n)s: Uhrzeit als HH:MM angeben, z. B. 09:30.") % {"n": n})
            continue
        if row["opens"] >= row["closes"]:
            errors.append(_("Zeile %(n)s: „von“ (%(opens)s) muss vor „bis“ (%(closes)s) liegen.")
                          % {"n": n, "opens": row["opens"], "closes": row["closes"]})
            continue
        for m, other in by_day.get(row["day"], []):
            if row["opens"] < other["closes"] and other["opens"] < row["closes"]:
                errors.append(_("Zeile %(n)s: %(opens)s–%(closes)s überschneidet sich mit %(other)s (Zeile %(m)s).")
                              % {"n": n, "m": m, "opens": row["opens"], "closes": row["closes"],
                                 "other": f"{other['opens']}–{other['closes']}"})
        by_day.setdefault(row["day"], []).append((n, row))
    if errors:
        raise ValidationError(errors)


def validate_closing_days(days):
    """A list of dates as YYYY-MM-DD."""
    if not isinstance(days, list):
        raise ValidationError(_("Schließtage müssen eine Liste sein."))
    for n, day in enumerate(days, 1):
        try:
            datetime.date.fromisoformat(day)
        except (TypeError, ValueError):
            raise ValidationError(_("Zeile %(n)s: kein Datum („%(value)s“).") % {"n": n, "value": day}) from None


def sorted_rows(rows):
    return sorted(rows, key=lambda r: (DAYS.index(r["day"]), r["opens"]))


def land(municipality):
    """The Land's code ("NW"), from the AGS; None when the AGS is not given."""
    return LAND_BY_AGS.get((municipality.ags or "")[:2])


def is_holiday(day, land_code):
    """A public holiday in that Land (or, without a Land, a nationwide one)."""
    return day in holidays.country_holidays("DE", subdiv=land_code, years=day.year)


class OpenState:
    """Open or closed at `at`; `until` the closing time of the current row, `reason`
    "holiday" or "closing_day" when a special day closes it."""

    def __init__(self, is_open, at, until=None, reason=""):
        self.is_open, self.at, self.until, self.reason = is_open, at, until, reason


def open_state(offer, at, land_code):
    """OpenState at the aware or naive local datetime `at`, or None where "open now" does
    not apply: no hours given, or by appointment only."""
    if not offer.opening_hours or offer.by_appointment:
        return None
    today = at.date()
    if today.isoformat() in offer.closing_days:
        return OpenState(False, at, reason="closing_day")
    if offer.closed_on_holidays and is_holiday(today, land_code):
        return OpenState(False, at, reason="holiday")
    now = at.strftime("%H:%M")
    for row in offer.opening_hours:
        if row["day"] == DAYS[today.weekday()] and row["opens"] <= now < row["closes"]:
            return OpenState(True, at, until=parse_time(row["closes"]))
    return OpenState(False, at)
