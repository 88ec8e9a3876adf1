"""Goal attainment, with the method stated next to every figure.

For one indicator: attainment = (actual − baseline) / (target − baseline), clipped to
0–100 %. "actual" is the value of the latest period for the whole municipality (no
district, no category). When target == baseline the target is a level to hold: 100 % if
the actual value is at least as good as the target (in the indicator's direction), else
0 %. A target on the wrong side of the baseline (a rise when lower is better) cannot be
judged. A goal with indicators gets the mean of its indicators' attainments; a goal
without indicators is judged by its measures: planned 0, running 50, implemented and
established 100 %, stopped measures left out. Traffic light: ≥ green_from green,
≥ yellow_from yellow, else red (MonitoringSettings, defaults 75 / 40).
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from teilhabe.strategy.models import Measure

from .models import MonitoringSettings, Observation

GREEN, YELLOW, RED, NONE = "green", "yellow", "red", "none"
HUNDRED = Decimal(100)
MEASURE_SCORES = {
    Measure.Status.PLANNED: Decimal(0),
    Measure.Status.RUNNING: Decimal(50),
    Measure.Status.IMPLEMENTED: HUNDRED,
    Measure.Status.ESTABLISHED: HUNDRED,
}


@dataclass
class Attainment:
    percent: Decimal | None     # 0–100, one decimal place; None when it cannot be judged
    light: str                  # green / yellow / red / none
    method: str                 # how the figure came about, in words, for the page
    basis: str = "none"         # indicators / indicator / measures / none
    actual: Decimal | None = None
    actual_period: str = ""
    parts: list = field(default_factory=list)

    @property
    def light_label(self):
        return {GREEN: _("grün"), YELLOW: _("gelb"), RED: _("rot"), NONE: _("nicht bewertbar")}[self.light]


def _round(value):
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _fmt(value):
    # German number format for the method text: 12,5
    value = Decimal(str(value))
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
    return text.replace(".", ",")


def light_for(percent, settings):
    if percent is None:
        return NONE
    if percent >= settings.green_from:
        return GREEN
    if percent >= settings.yellow_from:
        return YELLOW
    return RED


def latest_total(indicator):
    """(period, value) of the latest whole-municipality observation, or (None, None)."""
    row = (Observation.objects.filter(indicator=indicator, district__isnull=True, category="")
           .order_by("-period").values_list("period", "value").first())
    return row or (None, None)


def indicator_attainment(indicator, *, settings=None, actual=None, actual_period=None):
    settings = settings or MonitoringSettings.for_municipality(indicator.municipality)
    if actual is None:
        actual_period, actual = latest_total(indicator)
    baseline, target = indicator.baseline_value, indicator.target_value
    baseline, target = (None if v is None else Decimal(str(v)) for v in (baseline, target))
    lower = indicator.direction == indicator.Direction.LOWER
    if baseline is None or target is None:
        return Attainment(None, NONE, _("Kein Ausgangs- oder Zielwert festgelegt."), "indicator",
                          actual, actual_period or "")
    if actual is None:
        return Attainment(None, NONE, _("Noch kein Messwert für die ganze Kommune."), "indicator")
    values = {"actual": _fmt(actual), "actual_period": actual_period, "baseline": _fmt(baseline),
              "baseline_period": indicator.baseline_period, "target": _fmt(target),
              "target_period": indicator.target_period}
    if target == baseline:
        reached = actual <= target if lower else actual >= target
        percent = HUNDRED if reached else Decimal(0)
        method = _("Zielwert %(target)s (%(target_period)s) gleich Ausgangswert: zu halten. "
                   "Ist %(actual)s (%(actual_period)s) → %(result)s.") % {
            **values, "result": _("gehalten") if reached else _("nicht gehalten")}
        return Attainment(percent, light_for(percent, settings), method, "indicator", actual, actual_period)
    if (target < baseline) != lower:
        method = (_("Zielwert %(target)s liegt auf der falschen Seite des Ausgangswerts %(baseline)s "
                    "(%(direction)s): nicht bewertbar.")
                  % {**values, "direction": indicator.get_direction_display()})
        return Attainment(None, NONE, method, "indicator", actual, actual_period)
    raw = (actual - baseline) / (target - baseline) * HUNDRED
    percent = _round(min(HUNDRED, max(Decimal(0), raw)))
    method = _("(Ist %(actual)s [%(actual_period)s] − Ausgangswert %(baseline)s [%(baseline_period)s]) ÷ "
               "(Zielwert %(target)s [%(target_period)s] − Ausgangswert %(baseline)s), "
               "begrenzt auf 0–100 %%") % values
    if raw != percent:
        method += " " + _("(ungerundet %(raw)s %%)") % {"raw": _fmt(_round(raw))}
    return Attainment(percent, light_for(percent, settings), method + ".", "indicator", actual, actual_period)


def goal_attainment(goal, *, settings=None, known=None, statuses=None):
    """known: {indicator pk: Attainment} already computed; statuses: the goal's measures'
    states, when already fetched (see overview)."""
    settings = settings or MonitoringSettings.for_municipality(goal.concept.municipality)
    indicators = list(goal.indicators.all())
    known = known or {}
    if indicators:
        parts = [(indicator, known.get(indicator.pk) or indicator_attainment(indicator, settings=settings))
                 for indicator in indicators]
        judged = [a.percent for _i, a in parts if a.percent is not None]
        if not judged:
            return Attainment(None, NONE, _("Keiner der %(n)s Indikatoren hat Ausgangswert, Zielwert und "
                                            "Messwert.") % {"n": len(parts)}, "indicators", parts=parts)
        percent = _round(sum(judged) / len(judged))
        method = _("Mittelwert der Zielerreichung von %(judged)s von %(n)s Indikatoren.") % {
            "judged": len(judged), "n": len(parts)}
        return Attainment(percent, light_for(percent, settings), method, "indicators", parts=parts)
    if statuses is None:
        statuses = list(goal.measures.values_list("status", flat=True))
    scored = [MEASURE_SCORES[s] for s in statuses if s in MEASURE_SCORES]
    if not scored:
        return Attainment(None, NONE, _("Weder Indikatoren noch laufende oder geplante Maßnahmen."), "none")
    percent = _round(sum(scored) / len(scored))
    method = _("Ohne Indikatoren nach dem Stand der %(n)s Maßnahmen: geplant 0 %%, läuft 50 %%, "
               "umgesetzt oder etabliert 100 %%, Mittelwert; %(stopped)s eingestellte nicht gezählt.") % {
        "n": len(scored), "stopped": len(statuses) - len(scored)}
    return Attainment(percent, light_for(percent, settings), method, "measures")


def overview(municipality, indicators, goals):
    """Attainment of many indicators and goals in a fixed number of queries: the latest
    whole-municipality values and the measures' states are fetched once."""
    settings = MonitoringSettings.for_municipality(municipality)
    latest = {}
    for indicator_id, period, value in (Observation.objects.filter(
            indicator__in=[i.pk for i in indicators], district__isnull=True, category="")
            .order_by("indicator_id", "-period").values_list("indicator_id", "period", "value")):
        latest.setdefault(indicator_id, (period, value))
    results = {}
    for indicator in indicators:
        period, value = latest.get(indicator.pk, (None, None))
        results[indicator.pk] = indicator_attainment(indicator, settings=settings, actual=value, actual_period=period)
    statuses = {}
    for goal_id, status in Measure.goals.through.objects.filter(goal__in=[g.pk for g in goals]).values_list(
            "goal_id", "measure__status"):
        statuses.setdefault(goal_id, []).append(status)
    goal_results = {}
    for goal in goals:
        missing = [i for i in goal.indicators.all() if i.pk not in results]
        for indicator in missing:   # an indicator of another municipality cannot be linked, but be safe
            results[indicator.pk] = indicator_attainment(indicator, settings=settings)
        goal_results[goal.pk] = goal_attainment(goal, settings=settings, known=results,
                                                statuses=statuses.get(goal.pk, []))
    return settings, results, goal_results
