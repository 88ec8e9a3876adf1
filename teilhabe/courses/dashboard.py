"""Figures for steering a Kreis's courses: waiting times, fill rates, a forecast of demand
against places, Kita coverage. Plain values for the back office's dashboard (and its CSV
and XLSX); every function takes the towns whose figures are wanted (rules.figure_towns).

Small groups: a group of fewer than SMALL waiting learners is shown as "fewer than 3",
without waiting times. A median of one or two learners is, give or take, their date of
registration, and in a small town with a rare need (childcare, evenings only) that is
enough to point at a person; viewers must see figures, never persons. Zero is shown: it
points at no one. Kita figures are counts of children per Kita and are shown as they are."""
import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from teilhabe.courses.models import (
    TIMES, Course, CourseType, KreisCourseSettings, Kita, Learner, TimeOfDay,
)

SMALL = 3
FORECAST_MONTHS = 6
INFLOW_DAYS = 90   # the recent inflow: registrations of the last three months, per month


def percentile(values, q):
    """The q-th percentile (0–100) of sorted values, interpolated linearly between the two
    nearest ranks (as numpy's default and statistics.quantiles(method="inclusive"))."""
    if not values:
        return None
    rank = (len(values) - 1) * Decimal(q) / 100
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    value = values[low] + (values[high] - values[low]) * (rank - low)
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP) if isinstance(value, Decimal) else Decimal(value)


@dataclass
class WaitGroup:
    """Waiting learners of one group; `small` hides count and times (fewer than SMALL)."""

    label: str
    days: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.days)

    @property
    def small(self):
        return 0 < self.count < SMALL

    def _percentile(self, q):
        return None if self.small else percentile(sorted(self.days), q)

    @property
    def median(self):
        return self._percentile(50)

    @property
    def p90(self):
        return self._percentile(90)

    def shown_count(self):
        return _("weniger als %(n)s") % {"n": SMALL} if self.small else self.count


def _times_label(times):
    if set(times) >= set(TIMES):
        return _("zu jeder Tageszeit")
    labels = dict(TimeOfDay.choices)
    return _("nur %(times)s") % {"times": _(" oder ").join(str(labels[t]) for t in TIMES if t in times)}


def waiting(kreis, towns, on_date):
    """Waiting learners of the towns (home town), their waiting days at on_date, by town,
    by course type (a learner who may take several types counts in each), by childcare
    and by the times of day they can attend."""
    towns = list(towns)
    by_town = {t.pk: WaitGroup(t.name) for t in towns}
    by_type = {value: WaitGroup(str(label)) for value, label in CourseType.choices}
    by_childcare = {True: WaitGroup(_("braucht Kinderbetreuung")), False: WaitGroup(_("ohne Kinderbetreuung"))}
    by_times = {}
    total = WaitGroup(_("alle Wartenden"))
    rows = (Learner.objects.waiting().filter(kreis=kreis, town__in=towns)
            .values_list("town_id", "registered_on", "types", "times", "needs_childcare"))
    for town_id, registered_on, types, times, childcare in rows:
        days = max(0, (on_date - registered_on).days)
        total.days.append(days)
        by_town[town_id].days.append(days)
        for t in dict.fromkeys(types):
            if t in by_type:
                by_type[t].days.append(days)
        by_childcare[bool(childcare)].days.append(days)
        key = tuple(t for t in TIMES if t in times)
        by_times.setdefault(key, WaitGroup(_times_label(key))).days.append(days)
    return {
        "total": total,
        "towns": sorted(by_town.values(), key=lambda g: g.label),
        "types": [g for g in by_type.values() if g.count],
        "childcare": [by_childcare[True], by_childcare[False]],
        "times": [by_times[k] for k in sorted(by_times, key=lambda k: (-len(k), [TIMES.index(t) for t in k]))],
    }


@dataclass
class CourseFill:
    course: Course
    placed: int
    taken: int          # booked outside the list + placed from it
    rate: Decimal       # per cent of capacity
    below_minimum: bool


def fill_rates(kreis, towns):
    """Courses of the towns not finished or cancelled, least filled first; `below_minimum`
    where fewer take part than the Kreis's minimum size."""
    minimum = KreisCourseSettings.of(kreis).minimum_size
    courses = (Course.objects.public().filter(kreis=kreis, town__in=list(towns)).with_places()
               .select_related("town", "provider"))
    rows = []
    for c in courses:
        taken = c.booked + c.placed
        rate = (Decimal(100) * taken / c.capacity).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(CourseFill(c, c.placed, taken, rate, taken < minimum))
    rows.sort(key=lambda r: (r.rate, r.course.starts_on, r.course.external_id))
    return minimum, rows


@dataclass
class ForecastMonth:
    month: datetime.date      # first day of the month
    waiting_before: Decimal   # on the list at the start (the first month: at on_date)
    inflow: Decimal
    places: int               # free places of courses starting in the month
    waiting_after: Decimal    # max(0, before + inflow − places)


def _month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def forecast(kreis, towns, on_date, months=FORECAST_MONTHS):
    """Month by month from on_date's month: learners waiting plus the recent monthly
    inflow (registrations of the last INFLOW_DAYS days, per 30 days) against the free
    places of courses that start in the month and may still be filled (planned or open).
    Returns (inflow per month, [ForecastMonth]). It counts places, not matches: whether a
    place suits a learner (type, town, time, childcare) is the allocation's business."""
    towns = list(towns)
    learners = Learner.objects.filter(kreis=kreis, town__in=towns)
    waiting_now = learners.waiting().count()
    recent = learners.filter(registered_on__gt=on_date - datetime.timedelta(days=INFLOW_DAYS),
                             registered_on__lte=on_date).count()
    inflow = (Decimal(recent) * 30 / INFLOW_DAYS).quantize(Decimal("0.1"), ROUND_HALF_UP)
    last = _month_end(_add_months(on_date.replace(day=1), months - 1))
    free = defaultdict(int)
    courses = (Course.objects.filter(kreis=kreis, town__in=towns, status__in=Course.ALLOCATABLE_STATUSES,
                                     starts_on__gte=on_date, starts_on__lte=last).with_places())
    for c in courses:
        free[(c.starts_on.year, c.starts_on.month)] += max(0, c.free)
    rows, before = [], Decimal(waiting_now)
    for k in range(months):
        month = _add_months(on_date.replace(day=1), k)
        places = free[(month.year, month.month)]
        after = max(Decimal(0), before + inflow - places)
        rows.append(ForecastMonth(month, before, inflow, places, after))
        before = after
    return inflow, rows


def _add_months(day, n):
    month = day.month - 1 + n
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


@dataclass
class Coverage:
    label: str
    needing: int = 0
    places: int = 0
    kitas: int = 0

    @property
    def rate(self):
        """Programme places per child needing support, in per cent (None without need)."""
        if not self.needing:
            return None
        return (Decimal(100) * self.places / self.needing).quantize(Decimal("0.1"), ROUND_HALF_UP)


def kita_coverage(towns):
    """Programme places against children needing language support, per town and per
    district (Kitas without a district under "ohne Stadtteil")."""
    by_town, by_district = {}, {}
    kitas = (Kita.objects.filter(municipality__in=list(towns)).select_related("municipality", "district")
             .annotate(programme_places=Sum("programmes__places")))
    for k in kitas:
        town = by_town.setdefault(k.municipality_id, Coverage(k.municipality.name))
        district_name = k.district.name if k.district_id else _("ohne Stadtteil")
        district = by_district.setdefault((k.municipality.name, district_name),
                                          Coverage(f"{k.municipality.name} – {district_name}"))
        for group in (town, district):
            group.needing += k.children_needing_support
            group.places += k.programme_places or 0
            group.kitas += 1
    return (sorted(by_town.values(), key=lambda c: c.label),
            [by_district[key] for key in sorted(by_district)])
