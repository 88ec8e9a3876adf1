"""The public part of monitoring, shared by the API, the open data and the transparency
page: only indicators the coordination made public (Indicator.is_public), and goal
attainment judged from those and from public measures alone — an internal figure must not
show through a goal's light either. A goal whose indicators are all internal is judged by
its public measures, as a goal without indicators is."""
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from teilhabe.strategy.models import Measure

from .attainment import NONE, Attainment, goal_attainment, indicator_attainment
from .models import Indicator, MonitoringSettings, Observation


def indicators(municipality):
    return Indicator.objects.filter(municipality=municipality, is_public=True)


def latest_totals(indicator_ids):
    """{indicator id: (period, value)}: the latest whole-municipality value, one query."""
    latest = {}
    for indicator_id, period, value in (Observation.objects.filter(
            indicator__in=list(indicator_ids), district__isnull=True, category="")
            .order_by("indicator_id", "-period").values_list("indicator_id", "period", "value")):
        latest.setdefault(indicator_id, (period, value))
    return latest


def indicator_attainments(municipality, rows):
    """{indicator pk: Attainment} for public indicators `rows`, with {pk: (period, value)}."""
    settings = MonitoringSettings.for_municipality(municipality)
    latest = latest_totals(i.pk for i in rows)
    out = {}
    for i in rows:
        period, value = latest.get(i.pk, (None, None))
        if value is None:
            # What indicator_attainment says then, without its query for a value.
            out[i.pk] = Attainment(None, NONE, _("Kein Ausgangs- oder Zielwert festgelegt.")
                                   if i.baseline_value is None or i.target_value is None
                                   else _("Noch kein Messwert für die ganze Kommune."), "indicator")
        else:
            out[i.pk] = indicator_attainment(i, settings=settings, actual=value, actual_period=period)
    return out, latest


def goals_with_public_indicators(goals):
    """The goals queryset with `indicators` prefetched: only the public ones."""
    return goals.prefetch_related(Prefetch("indicators", queryset=Indicator.objects.filter(is_public=True)))


def goal_attainments(municipality, goals):
    """{goal pk: Attainment} of `goals` (from goals_with_public_indicators), from public
    indicators and public measures only."""
    goals = list(goals)
    settings = MonitoringSettings.for_municipality(municipality)
    linked = {i.pk: i for g in goals for i in g.indicators.all()}
    known, _latest = indicator_attainments(municipality, list(linked.values()))
    statuses = {}
    for goal_id, status in Measure.goals.through.objects.filter(
            goal__in=[g.pk for g in goals], measure__in=Measure.objects.public()).values_list(
            "goal_id", "measure__status"):
        statuses.setdefault(goal_id, []).append(status)
    return {g.pk: goal_attainment(g, settings=settings, known=known, statuses=statuses.get(g.pk, []))
            for g in goals}


def measures_by_status(concept):
    """[StateCount] of the concept's public measures, every state in life-cycle order."""
    from .dashboard import _state_counts

    return _state_counts(Measure.objects.public().filter(concept=concept).values_list("status", flat=True))


def reach(municipality, concept):
    """[(target group, people reached, public measures intending it)] from the results of
    the concept's public measures (anonymous tallies), groups with neither left out."""
    from teilhabe.municipalities.models import TargetGroup

    from .models import MeasureResult

    measures = Measure.objects.public().filter(concept=concept)
    people, intended = {}, {}
    for tally in MeasureResult.objects.filter(measure__in=measures).values_list("reach_by_target_group", flat=True):
        for key, n in (tally or {}).items():
            if isinstance(n, int):
                people[key] = people.get(key, 0) + n
    for group_id in Measure.target_groups.through.objects.filter(measure__in=measures).values_list(
            "targetgroup_id", flat=True):
        intended[group_id] = intended.get(group_id, 0) + 1
    return [(g, people.get(g.key, 0), intended.get(g.pk, 0))
            for g in TargetGroup.objects.filter(municipality=municipality)
            if people.get(g.key) or intended.get(g.pk)]
