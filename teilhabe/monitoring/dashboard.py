"""Figures of the monitoring dashboard, as plain functions (no requests, no HTML), so
that the dashboard pages and the evaluation report (report.py) show the same numbers.

    field_summaries(municipality, concept, *, year=None) -> list[FieldSummary]
        One FieldSummary per field of action of `concept` in its order, and a last one
        with field=None ("übergreifend") when goals or measures have no field. Each has:
        .field, .key, .name
        .goals        [(Goal, Attainment)]: attainment as in attainment.py, judged with
                      the latest whole-municipality value up to the end of `year` and the
                      measures' states at the end of `year`
        .indicators   [IndicatorData] of the field's goals: .indicator, .attainment,
                      .headers (area names: the municipality, then districts), .rows
                      [(period, [value or None per header])], .series (for
                      charts.line_chart), .latest_period and .comparison [(area, value)]
                      (the latest period with district values, highest first)
        .measures     [MeasureRow]: .measure, .status (at the end of `year`), .status_label,
                      .results (the MeasureResults of the year)
        .by_state     [StateCount(status, label, count)], all five states in life-cycle
                      order (stopped last), zeros included; .measure_count their sum
        .reach        [ReachRow] per target group of the municipality that was tallied or
                      is intended by a measure of the field: .key, .name, .people (sum of
                      MeasureResult.reach_by_target_group), .intended (measures naming it
                      as target group), .reported {"yes"|"partly"|"no"|"": number of
                      results of those measures saying whether their intended target group
                      was reached}, .verdict ("reached" | "not_reached" | "no_results" |
                      "not_intended") and .verdict_label
        .results_count, .activities, .people_reached, .unassigned (people reached
        not tallied by target group), .reported (the same dict over all the
        field's results)
    kreis_comparison(kreis, *, year=None) -> KreisComparison
        .towns; .indicators [(key, name, unit, [(period, value) or None per town])]
        (latest whole-town value per indicator key, up to `year`); .states
        [(town, [StateCount], total)] (measures of each town's current concept);
        .lights [(town, {"green": n, "yellow": n, "red": n, "none": n})] (goals of each
        town's current concept). Empty for a town.
    indicator_values(indicator_ids, *, year=None) -> {id: [(period, district id, district
        key, district name, value)]} and indicator_data(indicator, attainment, values,
        municipality) -> IndicatorData: the table, series and area comparison of one
        indicator (the indicator page's shape).
    years(municipality, concept) -> [int], newest first: the years of measure results
        and observations (a Kreis: its towns' too), for a year filter.
    results_in_year(queryset, year) -> the MeasureResults of reporting periods in `year`
        ("2024" and "2024-01" … "2024-12"); all periods when year is None.

`year` None means: all reporting periods, the latest values and the current states.
With a year, "the state at the end of the year": an indicator's values up to that year,
a measure's state from its status history (the last change on or before 31 December;
a measure whose history begins later did not exist yet and is left out; a measure
without history counts with its current state), and the results of that year.

Every function runs a fixed number of queries, however many fields, goals, indicators,
measures or towns there are.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from teilhabe.municipalities.models import TargetGroup
from teilhabe.strategy.models import Concept, Goal, Measure, MeasureStatusChange

from .attainment import GREEN, NONE, RED, YELLOW, Attainment, goal_attainment, indicator_attainment
from .models import Indicator, MeasureResult, MonitoringSettings, Observation

# Life-cycle order for tables and charts, stopped last.
STATES = [Measure.Status.PLANNED, Measure.Status.RUNNING, Measure.Status.IMPLEMENTED,
          Measure.Status.ESTABLISHED, Measure.Status.STOPPED]
LIGHTS = [GREEN, YELLOW, RED, NONE]
REACHED = [MeasureResult.Reached.YES, MeasureResult.Reached.PARTLY, MeasureResult.Reached.NO]


@dataclass
class StateCount:
    status: str
    label: str
    count: int


@dataclass
class IndicatorData:
    indicator: object
    attainment: Attainment
    headers: list
    rows: list
    series: list
    latest_period: str | None
    comparison: list


@dataclass
class MeasureRow:
    measure: object
    status: str
    results: list = field(default_factory=list)

    @property
    def status_label(self):
        return Measure.Status(self.status).label


@dataclass
class ReachRow:
    key: str
    name: str
    people: int = 0
    intended: int = 0
    reported: dict = field(default_factory=lambda: {"yes": 0, "partly": 0, "no": 0, "": 0})
    results: int = 0   # results of the measures intending this group

    @property
    def verdict(self):
        if not self.intended:
            return "not_intended"
        if not self.results:
            return "no_results"
        return "reached" if self.people > 0 else "not_reached"

    @property
    def verdict_label(self):
        return {"reached": _("erreicht"), "not_reached": _("nicht erreicht"),
                "no_results": _("keine Ergebnisse"), "not_intended": _("nicht angestrebt")}[self.verdict]


@dataclass
class FieldSummary:
    field: object            # FieldOfAction, or None for goals and measures without a field
    goals: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    by_state: list = field(default_factory=list)
    reach: list = field(default_factory=list)
    results_count: int = 0
    activities: int = 0
    people_reached: int = 0
    unassigned: int = 0
    reported: dict = field(default_factory=lambda: {"yes": 0, "partly": 0, "no": 0, "": 0})

    @property
    def key(self):
        return self.field.key if self.field else "uebergreifend"

    @property
    def name(self):
        return self.field.name if self.field else _("Übergreifend (ohne Handlungsfeld)")

    @property
    def measure_count(self):
        return sum(s.count for s in self.by_state)


@dataclass
class KreisComparison:
    towns: list
    indicators: list
    states: list
    lights: list


def results_in_year(queryset, year):
    if year is None:
        return queryset
    return queryset.filter(Q(period=str(year)) | Q(period__startswith=f"{year}-"))


def _period_limit(year):
    # Periods are "YYYY" or "YYYY-MM"; as text, everything of a year sorts at or below "YYYY-12".
    return f"{year}-12"


def _states_at(measure_ids, current, year):
    """{measure id: state}; see the module docstring for `year`. `current` maps every
    measure id to its current state."""
    if year is None:
        return dict(current)
    end = datetime.date(year, 12, 31)
    with_history, states = set(), {}
    for measure_id, changed_on, to_status in (MeasureStatusChange.objects.filter(measure__in=measure_ids)
                                              .order_by("measure_id", "changed_on", "id")
                                              .values_list("measure_id", "changed_on", "to_status")):
        with_history.add(measure_id)
        if changed_on <= end:
            states[measure_id] = to_status
    for measure_id, status in current.items():
        if measure_id not in with_history:
            states[measure_id] = status
    return states


def _state_counts(statuses):
    counts = {s: 0 for s in STATES}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return [StateCount(s, Measure.Status(s).label, counts[s]) for s in STATES]


def _judge(indicators, goals, settings_of, latest, statuses_by_goal):
    """Attainments of indicators and goals from values already fetched. settings_of:
    municipality id → MonitoringSettings; latest: indicator id → (period, value)."""
    results = {}
    for indicator in indicators:
        settings = settings_of(indicator.municipality_id)
        period, value = latest.get(indicator.pk, (None, None))
        if value is not None:
            results[indicator.pk] = indicator_attainment(indicator, settings=settings, actual=value,
                                                         actual_period=period)
        elif indicator.baseline_value is None or indicator.target_value is None:
            # The same outcome indicator_attainment gives, without its query for a value.
            results[indicator.pk] = Attainment(None, NONE, _("Kein Ausgangs- oder Zielwert festgelegt."),
                                               "indicator")
        else:
            results[indicator.pk] = Attainment(None, NONE, _("Noch kein Messwert für die ganze Kommune."),
                                               "indicator")
    goal_results = {}
    for goal in goals:
        goal_results[goal.pk] = goal_attainment(goal, settings=settings_of(goal.concept.municipality_id),
                                                known=results, statuses=statuses_by_goal.get(goal.pk, []))
    return results, goal_results


def _settings_for(municipalities):
    stored = {s.municipality_id: s for s in MonitoringSettings.objects.filter(municipality__in=municipalities)}
    return lambda pk: stored.get(pk) or MonitoringSettings(municipality_id=pk)


def indicator_values(indicator_ids, *, year=None):
    """{indicator id: [(period, district id, district key, district name, value)]} of the
    values without category (district id None: the whole municipality), in period order,
    up to the end of `year`. One query; tuples, not model instances, for speed."""
    values = Observation.objects.filter(indicator__in=list(indicator_ids), category="")
    if year is not None:
        values = values.filter(period__lte=_period_limit(year))
    out = {}
    for indicator_id, *row in values.order_by("indicator_id", "period").values_list(
            "indicator_id", "period", "district_id", "district__key", "district__name", "value"):
        out.setdefault(indicator_id, []).append(tuple(row))
    return out


def indicator_data(indicator, attainment, values, municipality):
    """An indicator's values (as from indicator_values) as a table of periods × areas (the
    municipality first, then districts by key), the series for charts.line_chart and the
    area comparison of the latest period with district values."""
    districts, cells = {}, {}
    for period, district_id, district_key, district_name, value in values:
        if district_id:
            districts[district_id] = (district_key, district_name)
        cells[(period, district_id)] = value
    columns = [None] + sorted(districts, key=lambda pk: districts[pk])
    periods = sorted({period for period, _d in cells})
    rows = [(period, [cells.get((period, column)) for column in columns]) for period in periods]
    headers = [districts[pk][1] if pk else municipality.name for pk in columns]
    series = [(header, {period: cells[(period, column)] for period in periods if (period, column) in cells})
              for header, column in zip(headers, columns)]
    latest = next((period for period, values in reversed(rows) if any(v is not None for v in values[1:])), None)
    comparison = []
    if latest:
        comparison = sorted(((header, cells[(latest, column)]) for header, column in zip(headers, columns)
                             if (latest, column) in cells), key=lambda bar: -bar[1])
    return IndicatorData(indicator, attainment, headers, rows, series, latest, comparison)


def field_summaries(municipality, concept, *, year=None):
    """See the module docstring. concept: a Concept of `municipality` (usually
    strategy.models.current_concept(municipality)), or None → []."""
    if concept is None:
        return []
    fields = list(concept.fields.all())
    goals = list(concept.goals.select_related("carried__from_goal__concept", "concept")
                 .prefetch_related("indicators"))
    indicators = {}
    for goal in goals:
        for indicator in goal.indicators.all():
            indicators[indicator.pk] = indicator
    by_indicator = indicator_values(indicators, year=year)
    latest = {}
    for indicator_id, values in by_indicator.items():
        totals = [(period, value) for period, district_id, _k, _n, value in values if district_id is None]
        if totals:
            latest[indicator_id] = totals[-1]   # in period order: the last one is the latest

    measures = list(Measure.objects.filter(concept=concept).only("id", "title", "external_id", "status",
                                                                 "concept_id"))
    current = {m.pk: m.status for m in measures}
    states = _states_at(list(current), current, year)
    measure_fields, measure_groups, statuses_by_goal = {}, {}, {}
    for measure_id, field_id in Measure.fields.through.objects.filter(measure__concept=concept).values_list(
            "measure_id", "fieldofaction_id"):
        measure_fields.setdefault(measure_id, []).append(field_id)
    for measure_id, group_id in Measure.target_groups.through.objects.filter(
            measure__concept=concept).values_list("measure_id", "targetgroup_id"):
        measure_groups.setdefault(measure_id, set()).add(group_id)
    for measure_id, goal_id in Measure.goals.through.objects.filter(measure__concept=concept).values_list(
            "measure_id", "goal_id"):
        if measure_id in states:
            statuses_by_goal.setdefault(goal_id, []).append(states[measure_id])
    results_by_measure = {}
    for result in results_in_year(MeasureResult.objects.filter(measure__concept=concept), year).order_by(
            "measure_id", "period"):
        results_by_measure.setdefault(result.measure_id, []).append(result)
    groups = list(TargetGroup.objects.filter(municipality=municipality))
    group_keys = {g.pk: g.key for g in groups}

    indicator_results, goal_results = _judge(list(indicators.values()), goals, _settings_for([municipality]),
                                             latest, statuses_by_goal)

    summaries = {f.pk: FieldSummary(f) for f in fields}
    loose = FieldSummary(None)
    for goal in goals:
        summaries.get(goal.field_id, loose).goals.append((goal, goal_results[goal.pk]))
    tables = {}   # an indicator of goals in several fields is tabulated once
    for summary in [*summaries.values(), loose]:
        seen = []
        for goal, _a in summary.goals:
            seen.extend(i for i in goal.indicators.all() if i not in seen)
        for i in seen:
            if i.pk not in tables:
                tables[i.pk] = indicator_data(i, indicator_results[i.pk], by_indicator.get(i.pk, []), municipality)
        summary.indicators = [tables[i.pk] for i in sorted(seen, key=lambda i: (i.position, i.name))]
    for measure in measures:
        if measure.pk not in states:
            continue
        row = MeasureRow(measure, states[measure.pk], results_by_measure.get(measure.pk, []))
        for field_id in measure_fields.get(measure.pk) or [None]:
            summaries.get(field_id, loose).measures.append(row)
    for summary in [*summaries.values(), loose]:
        summary.by_state = _state_counts(row.status for row in summary.measures)
        reach = {g.key: ReachRow(g.key, g.name) for g in groups}
        for row in summary.measures:
            intended = {group_keys[pk] for pk in measure_groups.get(row.measure.pk, ()) if pk in group_keys}
            for key in intended:
                reach[key].intended += 1
            for result in row.results:
                summary.results_count += 1
                summary.activities += result.activities
                summary.people_reached += result.people_reached
                summary.reported[result.target_group_reached] += 1
                tallied = 0
                for key, people in (result.reach_by_target_group or {}).items():
                    if key in reach:
                        reach[key].people += people
                        tallied += people
                summary.unassigned += max(0, result.people_reached - tallied)
                for key in intended:
                    reach[key].results += 1
                    reach[key].reported[result.target_group_reached] += 1
        summary.reach = [r for r in reach.values() if r.people or r.intended]
    out = [summaries[f.pk] for f in fields]
    if loose.goals or loose.measures:
        out.append(loose)
    return out


def years(municipality, concept):
    """The years of measure results (of `concept`) and observations (of the
    municipality's indicators), newest first; a Kreis adds those of its towns."""
    found = set()
    results = MeasureResult.objects.filter(measure__concept=concept) if concept else MeasureResult.objects.none()
    observations = Observation.objects.filter(indicator__municipality=municipality)
    if municipality.kind == municipality.Kind.KREIS:
        results = results | MeasureResult.objects.filter(measure__concept__municipality__parent=municipality)
        observations = Observation.objects.filter(Q(indicator__municipality=municipality)
                                                  | Q(indicator__municipality__parent=municipality))
    found.update(p[:4] for p in results.values_list("period", flat=True).distinct())
    found.update(p[:4] for p in observations.values_list("period", flat=True).distinct())
    return sorted((int(y) for y in found), reverse=True)


def _current_concepts(towns):
    """{town id: its current concept} in one query (strategy.models.current_concept for many)."""
    chosen = {}
    for concept in Concept.objects.filter(municipality__in=towns).order_by("municipality_id", "-version"):
        best = chosen.get(concept.municipality_id)
        if best is None or (concept.status == Concept.Status.ADOPTED and best.status != Concept.Status.ADOPTED):
            chosen[concept.municipality_id] = concept
    return chosen


def kreis_comparison(kreis, *, year=None):
    """A Kreis's towns side by side; see the module docstring."""
    if kreis.kind != kreis.Kind.KREIS:
        return KreisComparison([], [], [], [])
    towns = list(kreis.towns.order_by("name"))
    names = {}
    for indicator in Indicator.objects.filter(municipality__in=towns).order_by("position", "name"):
        names.setdefault(indicator.key, (indicator.name, indicator.unit))
    observations = Observation.objects.filter(indicator__municipality__in=towns, district__isnull=True,
                                              category="")
    if year is not None:
        observations = observations.filter(period__lte=_period_limit(year))
    by_key, latest = {}, {}
    for indicator_id, town_id, key, period, value in observations.order_by("indicator_id", "period").values_list(
            "indicator_id", "indicator__municipality_id", "indicator__key", "period", "value"):
        by_key[(town_id, key)] = (period, value)   # ascending: the last one wins
        latest[indicator_id] = (period, value)
    indicator_rows = [(key, name, unit, [by_key.get((town.pk, key)) for town in towns])
                      for key, (name, unit) in names.items()]

    concepts = _current_concepts(towns)
    concept_ids = [c.pk for c in concepts.values()]
    measures = dict(Measure.objects.filter(concept__in=concept_ids).values_list("id", "status"))
    town_of = dict(Measure.objects.filter(concept__in=concept_ids).values_list("id", "concept__municipality_id"))
    states = _states_at(list(measures), measures, year)
    per_town = {}
    for measure_id, status in states.items():
        per_town.setdefault(town_of[measure_id], []).append(status)
    state_rows = []
    for town in towns:
        counts = _state_counts(per_town.get(town.pk, []))
        state_rows.append((town, counts, sum(c.count for c in counts)))

    goals = list(Goal.objects.filter(concept__in=concept_ids)
                 .select_related("concept").prefetch_related("indicators"))
    statuses_by_goal = {}
    for measure_id, goal_id in Measure.goals.through.objects.filter(measure__concept__in=concept_ids).values_list(
            "measure_id", "goal_id"):
        if measure_id in states:
            statuses_by_goal.setdefault(goal_id, []).append(states[measure_id])
    linked = {i.pk: i for goal in goals for i in goal.indicators.all()}
    _results, goal_results = _judge(list(linked.values()), goals, _settings_for(towns), latest, statuses_by_goal)
    lights = {town.pk: {light: 0 for light in LIGHTS} for town in towns}
    for goal in goals:
        lights[goal.concept.municipality_id][goal_results[goal.pk].light] += 1
    return KreisComparison(towns, indicator_rows, state_rows, [(town, lights[town.pk]) for town in towns])


__all__ = ["field_summaries", "kreis_comparison", "indicator_data", "indicator_values", "years", "results_in_year", "FieldSummary", "IndicatorData",
           "MeasureRow", "ReachRow", "StateCount", "KreisComparison", "STATES", "LIGHTS"]
