"""The evaluation report of one year: everything the council reads, computed in a fixed
number of queries and rendered by one template (monitoring/report.html) as a web page, a
standalone HTML file or a PDF (WeasyPrint).

What it holds: title page; summary (goals by traffic light, measures by state, key
figures); per field of action its goals with attainment and method, its indicators with
charts and their values as tables, its measures with the results of the year; the reach
of target groups; the actor network in numbers; the coordinator's recommendations
(EvaluationReport).

"As at the end of the year": indicator values up to the year (a year "2024" or its months
"2024-01"…"2024-12"), the state of each measure from its dated status changes, and the
results entered for the year or its months. The concept is the one in force that year.
"""
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.strategy.models import Concept, Measure, MeasureStatusChange, current_concept

from .attainment import NONE, GREEN, RED, YELLOW, goal_attainment, indicator_attainment
from .charts import MAX_SERIES, bar_chart, line_chart
from .models import EvaluationReport, Indicator, MeasureResult, MonitoringSettings, Observation

YEAR_RE = re.compile(r"^\d{4}$")
LIGHTS = (GREEN, YELLOW, RED, NONE)
# Columns of a values table: more areas than this are split into further tables, so that
# a table fits the width of an A4 page.
AREAS_PER_TABLE = 8
STEP_ORDER = [s.value for s in MeasureResult.Step]
CSS_PATH = "monitoring/report.css"


class ReportError(ValueError):
    """Bad input for a report (unknown municipality, a period that is no year)."""


def parse_period(text):
    """A report is for one calendar year, written YYYY."""
    text = str(text or "").strip()
    if not YEAR_RE.match(text) or not 1900 <= int(text) <= 2999:
        raise ReportError(_("Berichtszeitraum „%(period)s“ ist kein Jahr (JJJJ, z. B. 2024).") % {"period": text})
    return text


def concept_for(municipality, year):
    """The concept in force in the year: one whose term covers it (adopted before
    superseded before draft, then the newest), else the current concept."""
    year = int(year)
    rank = {Concept.Status.ADOPTED: 0, Concept.Status.SUPERSEDED: 1, Concept.Status.DRAFT: 2}
    covering = [c for c in Concept.objects.filter(municipality=municipality)
                if c.period_start and c.period_start <= year <= (c.period_end or c.period_start + 100)]
    if covering:
        return min(covering, key=lambda c: (rank.get(c.status, 3), -c.version))
    return current_concept(municipality)


def in_year(period, year):
    return period == year or period.startswith(year + "-")


# --- small summaries other pages may reuse (the dashboard) ----------------------------

def measure_states(states):
    """{status: count} for an iterable of states, every status present, in life-cycle order."""
    counts = {status: 0 for status in Measure.Status.values}
    for state in states:
        counts[state] = counts.get(state, 0) + 1
    return counts


def states_at(measures, year):
    """{measure pk: status at the end of the year}: the last dated status change up to
    31 December; a measure without changes keeps its current status, one whose changes
    all come later was still in the state it left first (planned when it was new)."""
    end = datetime.date(int(year), 12, 31)
    changes = {}
    for measure_id, from_status, to_status, changed_on in MeasureStatusChange.objects.filter(
            measure__in=[m.pk for m in measures]).order_by("changed_on", "id").values_list(
            "measure_id", "from_status", "to_status", "changed_on"):
        changes.setdefault(measure_id, []).append((from_status, to_status, changed_on))
    states = {}
    for m in measures:
        history = changes.get(m.pk)
        if not history:
            states[m.pk] = m.status
            continue
        done = [to for _f, to, on in history if on <= end]
        states[m.pk] = done[-1] if done else (history[0][0] or Measure.Status.PLANNED)
    return states


def reach_by_target_group(results, target_groups):
    """[(target group, people reached)] summed over the results' tallies, in the order of
    the municipality's target groups; tallies of groups no longer defined are left out."""
    totals = {}
    for result in results:
        for key, n in (result.reach_by_target_group or {}).items():
            totals[key] = totals.get(key, 0) + n
    return [(group, totals.get(group.key, 0)) for group in target_groups]


# --- the report's parts ---------------------------------------------------------------

@dataclass
class YearResult:
    """The results of one measure in the year: a yearly entry and monthly ones summed."""
    activities: int = 0
    people: int = 0
    reach: dict = field(default_factory=dict)
    reached: str = ""
    step: str = ""
    notes: list = field(default_factory=list)
    entries: int = 0

    def add(self, result):
        self.activities += result.activities
        self.people += result.people_reached
        for key, n in (result.reach_by_target_group or {}).items():
            self.reach[key] = self.reach.get(key, 0) + n
        if result.target_group_reached:
            self.reached = result.target_group_reached    # the latest entry counts
        if not self.step or STEP_ORDER.index(result.step) > STEP_ORDER.index(self.step):
            self.step = result.step
        if result.outcome_notes.strip():
            self.notes.append(result.outcome_notes.strip())
        self.entries += 1

    @property
    def reached_label(self):
        return MeasureResult.Reached(self.reached).label if self.reached else ""

    @property
    def step_label(self):
        return MeasureResult.Step(self.step).label if self.step else ""


@dataclass
class MeasureRow:
    measure: Measure
    state: str
    result: YearResult | None
    reach: list   # [(target group name, n)] with n > 0

    @property
    def state_label(self):
        return Measure.Status(self.state).label


@dataclass
class IndicatorBlock:
    indicator: Indicator
    attainment: object
    chart: str
    comparison_chart: str
    comparison_period: str
    tables: list          # [(headers, rows)], rows: [(period, [value or None])]
    left_out: int         # areas only in the table, not in the line chart
    categories: int       # values by category, not shown
    anchor: str


@dataclass
class FieldSection:
    anchor: str
    name: str
    description: str
    goals: list = field(default_factory=list)        # [(goal, attainment, [indicator names])]
    indicators: list = field(default_factory=list)   # [IndicatorBlock]
    measures: list = field(default_factory=list)     # [MeasureRow]

    @property
    def lights(self):
        return light_counts(a for _g, a, _n in self.goals)

    @property
    def states(self):
        return measure_states(row.state for row in self.measures)

    @property
    def noted(self):
        return [row for row in self.measures if row.result and row.result.notes]

    @property
    def people(self):
        return sum(row.result.people for row in self.measures if row.result)


def light_counts(attainments):
    counts = dict.fromkeys(LIGHTS, 0)
    for a in attainments:
        counts[a.light] += 1
    return counts


def _observations(indicators, year):
    """{indicator pk: {(period, district pk or None): value}} up to the end of the year,
    whole categories only, in one query."""
    cells = {}
    for indicator_id, period, district_id, value in Observation.objects.filter(
            indicator__in=[i.pk for i in indicators], category="", period__lte=f"{year}-12").values_list(
            "indicator_id", "period", "district_id", "value").order_by():
        cells.setdefault(indicator_id, {})[(period, district_id)] = value
    return cells


def _indicator_block(indicator, attainment, cells, districts, municipality, year, anchor, categories):
    used = sorted({d for _p, d in cells if d is not None}, key=lambda pk: (districts[pk].key, districts[pk].name))
    columns = [None] + used
    headers = [districts[pk].name if pk else municipality.name for pk in columns]
    periods = sorted({p for p, _d in cells})
    rows = [(period, [cells.get((period, column)) for column in columns]) for period in periods]
    tables = []
    for start in range(0, len(columns), AREAS_PER_TABLE):
        tables.append((headers[start:start + AREAS_PER_TABLE],
                       [(period, values[start:start + AREAS_PER_TABLE]) for period, values in rows]))
    series = [(header, {p: cells[(p, column)] for p in periods if (p, column) in cells})
              for header, column in zip(headers, columns)]
    series = [s for s in series if s[1]]
    chart = ""
    if series:
        chart = line_chart(series, title=indicator.name, unit=indicator.unit, chart_id=f"{anchor}-line",
                           description=_("Verlauf nach Zeitraum für %(areas)s; die Werte stehen in der Tabelle.")
                           % {"areas": ", ".join(label for label, _v in series[:MAX_SERIES])})
    # District comparison in the latest period of the year that has district values.
    latest = max((p for p, d in cells if d is not None and in_year(p, year)), default=None)
    comparison = ""
    if latest:
        bars = sorted(((header, cells[(latest, column)]) for header, column in zip(headers, columns)
                       if (latest, column) in cells), key=lambda bar: -bar[1])
        comparison = bar_chart(bars, title=_("%(name)s %(period)s nach Gebiet") % {
            "name": indicator.name, "period": latest}, unit=indicator.unit, chart_id=f"{anchor}-bars",
            description=_("Gebiete nach Wert absteigend; die Werte stehen in der Tabelle."))
    return IndicatorBlock(indicator, attainment, chart, comparison, latest or "", tables,
                          max(0, len(series) - MAX_SERIES), categories, anchor)


def build_report(municipality, year):
    """Everything the template needs, as plain data."""
    year = parse_period(year)
    settings = MonitoringSettings.for_municipality(municipality)
    concept = concept_for(municipality, year)
    districts = {d.pk: d for d in municipality.districts.all()}
    target_groups = list(municipality.target_groups.all())
    group_names = {g.key: g.name for g in target_groups}

    indicators = list(Indicator.objects.filter(municipality=municipality).prefetch_related("goals"))
    cells = _observations(indicators, year)
    categories = dict(Observation.objects.filter(indicator__in=[i.pk for i in indicators], period__lte=f"{year}-12")
                      .exclude(category="").values("indicator").annotate(n=Count("id")).values_list("indicator", "n")
                      .order_by())
    attainments = {}
    for indicator in indicators:
        totals = sorted((p, v) for (p, d), v in cells.get(indicator.pk, {}).items() if d is None)
        period, value = totals[-1] if totals else (None, None)
        attainments[indicator.pk] = indicator_attainment(indicator, settings=settings, actual=value,
                                                         actual_period=period)

    fields, goals, measures = [], [], []
    if concept is not None:
        fields = list(concept.fields.all())
        goals = list(concept.goals.select_related("field", "carried__from_goal__concept")
                     .prefetch_related("indicators"))
        measures = list(concept.measures.select_related("responsible_actor")
                        .prefetch_related("fields", "target_groups").order_by("title", "pk"))
    states = states_at(measures, year)
    goal_states = {}
    for goal_id, measure_id in Measure.goals.through.objects.filter(
            goal__in=[g.pk for g in goals]).values_list("goal_id", "measure_id"):
        if measure_id in states:
            goal_states.setdefault(goal_id, []).append(states[measure_id])
    goal_results = {g.pk: goal_attainment(g, settings=settings, known=attainments,
                                          statuses=goal_states.get(g.pk, [])) for g in goals}

    year_results = {}
    results = [r for r in MeasureResult.objects.filter(
        measure__in=[m.pk for m in measures], period__gte=year, period__lte=f"{year}-12").order_by("period", "pk")]
    for r in results:
        year_results.setdefault(r.measure_id, YearResult()).add(r)

    def measure_row(m):
        result = year_results.get(m.pk)
        tallies = result.reach if result else {}
        reach = [(name, tallies[key]) for key, name in group_names.items() if tallies.get(key)]
        return MeasureRow(m, states[m.pk], result, reach)

    rows = {m.pk: measure_row(m) for m in measures}

    # Per field of action; goals without a field, measures without one and indicators
    # linked to no goal of the concept get sections of their own.
    concept_goal_ids = {g.pk for g in goals}
    sections = []
    by_field = {f.pk: FieldSection(f"feld-{f.key}", f.name, f.description) for f in fields}
    rest = FieldSection("uebergreifend", _("Übergreifend und ohne Handlungsfeld"), "")
    for g in goals:
        section = by_field.get(g.field_id, rest)
        section.goals.append((g, goal_results[g.pk], [i.name for i in g.indicators.all()]))
    for m in measures:
        keys = [f.pk for f in m.fields.all() if f.pk in by_field]
        for pk in keys or [None]:
            by_field.get(pk, rest).measures.append(rows[m.pk])
    for section_key, section in [*by_field.items(), (None, rest)]:
        seen = []
        for g, _a, _n in section.goals:
            seen.extend(i for i in g.indicators.all() if i.pk not in {s.pk for s in seen})
        section.indicators = [_indicator_block(i, attainments[i.pk], cells.get(i.pk, {}), districts, municipality,
                                               year, f"{section.anchor}-ind-{i.pk}", categories.get(i.pk, 0))
                              for i in sorted(seen, key=lambda i: (i.position, i.name))]
        sections.append(section)
    unlinked = [i for i in indicators if not any(g.pk in concept_goal_ids for g in i.goals.all())]
    context_indicators = [_indicator_block(i, attainments[i.pk], cells.get(i.pk, {}), districts, municipality,
                                           year, f"kontext-ind-{i.pk}", categories.get(i.pk, 0))
                          for i in unlinked]
    if not (rest.goals or rest.measures):
        sections.remove(rest)

    reach = reach_by_target_group(results, target_groups)
    aimed = {g.pk: [0, 0, {"yes": 0, "partly": 0, "no": 0}] for g in target_groups}
    for m in measures:
        result = year_results.get(m.pk)
        for g in m.target_groups.all():
            if g.pk in aimed:
                aimed[g.pk][0] += 1
                if result:
                    aimed[g.pk][1] += 1
                    if result.reached:
                        aimed[g.pk][2][result.reached] += 1
    reach_rows = [(g, n, *aimed[g.pk]) for g, n in reach]
    reach_chart = ""
    if any(n for _g, n in reach):
        reach_chart = bar_chart([(g.name, Decimal(n)) for g, n in reach], chart_id="reach-bars",
                                title=_("Erreichte Personen nach Zielgruppe %(year)s") % {"year": year},
                                description=_("Summe der Zählungen aller Maßnahmen; die Werte stehen in der Tabelle."))

    written = EvaluationReport.objects.filter(municipality=municipality, period=year).first()
    all_goal_results = list(goal_results.values())
    return {
        "municipality": municipality, "year": year, "concept": concept, "settings": settings,
        "created": timezone.localdate(), "sections": sections, "context_indicators": context_indicators,
        "goal_lights": light_counts(all_goal_results), "indicator_lights": light_counts(attainments.values()),
        "measure_states": [(Measure.Status(s).label, n) for s, n in measure_states(states.values()).items()],
        "field_rows": [(s, s.lights, [n for n in s.states.values()], s.people) for s in sections],
        "state_labels": Measure.Status.labels,
        "figures": {
            "fields": len(fields), "goals": len(goals), "indicators": len(indicators),
            "measures": len(measures), "reporting": len(year_results),
            "activities": sum(r.activities for r in year_results.values()),
            "people": sum(r.people for r in year_results.values()),
        },
        "reach_rows": reach_rows, "reach_chart": reach_chart, "reach_total": sum(n for _g, n in reach),
        "network": network_figures(municipality, year),
        "written": written,
    }


def network_figures(municipality, year):
    """The actor network of the year in numbers (teilhabe.network), or None without actors."""
    from teilhabe.network import analysis
    from teilhabe.network.ties import load_network, year_period

    data = load_network(municipality, year_period(int(year)))
    if not data.actors:
        return None
    graph = analysis.build_graph(data)
    figures = analysis.analyse(graph)
    cover = analysis.coverage(municipality, data)
    names = figures.names
    return {
        "actors": figures.actors, "ties": figures.ties, "density": figures.density,
        "components": figures.component_count, "largest": figures.components[0] if figures.components else 0,
        "isolated": [names[pk] for pk in figures.isolated], "brokers": [names[pk] for pk in figures.brokers],
        "gaps": {kind: [row for row in rows if row.gap] for kind, rows in cover.items()},
        "coverage": cover,
    }


# --- rendering --------------------------------------------------------------------------

def stylesheet():
    return Path(finders.find(CSS_PATH)).read_text(encoding="utf-8")


def render_html(municipality, year, *, web=False, request=None, extra=None):
    """The report as an HTML document. web=True: for the back office (the stylesheet is
    linked, as the CSP forbids inline styles, and a bar with the download is shown);
    otherwise a standalone document with the stylesheet inside (a file, or the PDF)."""
    with translation.override("de"):
        context = build_report(municipality, year)
        context.update(web=web, inline_css=None if web else stylesheet(), **(extra or {}))
        return render_to_string("monitoring/report.html", context, request=request)


def render_pdf(municipality, year):
    from weasyprint import HTML

    html = render_html(municipality, year)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
