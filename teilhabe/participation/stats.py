"""Anonymous attendance figures. Self-descriptions exist only as counts per event and
answer; any group smaller than 5 is shown as "< 5", and when that would leave exactly
one hidden group in a question whose total is shown, the next smallest group is hidden
too, so that it cannot be worked out by subtraction."""
from django.db import models
from django.utils.translation import gettext as _

from .models import AttendanceTally, ParticipationSettings, Registration

SMALL = 5
ANSWERS = [AttendanceTally.Answer.YES, AttendanceTally.Answer.NO, AttendanceTally.Answer.NONE]


def small(n):
    """A count for display: "< 5" for 0–4 (0 too, or its absence would tell)."""
    if n is None:
        return "–"
    return "< 5" if n < SMALL else str(n)


def question(counts):
    """counts: {answer: n} → (total display, [(answer, label, display, percent or None)])."""
    total = sum(counts.values())
    hidden = {a for a in ANSWERS if counts.get(a, 0) < SMALL}
    if total < SMALL:
        hidden = set(ANSWERS)
    elif len(hidden) == 1:
        rest = sorted((a for a in ANSWERS if a not in hidden), key=lambda a: counts.get(a, 0))
        hidden.add(rest[0])
    rows = []
    for answer in ANSWERS:
        n = counts.get(answer, 0)
        shown = answer not in hidden
        rows.append({"answer": answer, "label": AttendanceTally.Answer(answer).label,
                     "display": str(n) if shown else "< 5",
                     "percent": round(100 * n / total) if shown and total else None})
    return small(total), rows


def event_report(event):
    """Everything the attendance report shows, already anonymised."""
    counts = {}
    for tally in event.tallies.all():
        counts.setdefault(tally.category, {})[tally.answer] = tally.count
    registrations = event.registrations.aggregate(
        registered=models.Count("pk", filter=models.Q(status=Registration.Status.REGISTERED)),
        waiting=models.Count("pk", filter=models.Q(status=Registration.Status.WAITING)),
        checked_in=models.Count("pk", filter=models.Q(checked_in_at__isnull=False)),
    )
    categories = []
    for key, label in ParticipationSettings.for_municipality(event.municipality).all_categories():
        total, rows = question(counts.get(key, {}))
        categories.append({"key": key, "label": label, "total": total, "rows": rows,
                           "answered": bool(counts.get(key))})
    guests = event.guests_counted or registrations["checked_in"] or None
    return {"registrations": registrations, "guests": guests, "guests_display": small(guests) if guests else "–",
            "categories": categories, "has_figures": bool(guests) or any(c["answered"] for c in categories)}


def report_csv_rows(event):
    report = event_report(event)
    yield [_("Veranstaltung"), _("Frage"), _("Antwort"), _("Anzahl"), _("Anteil (%)")]
    yield [str(event), _("Gäste"), "", report["guests_display"], ""]
    for c in report["categories"]:
        for row in c["rows"]:
            yield [str(event), c["label"], str(row["label"]), row["display"],
                   "" if row["percent"] is None else str(row["percent"])]
        yield [str(event), c["label"], _("Selbstauskünfte insgesamt"), c["total"], ""]
