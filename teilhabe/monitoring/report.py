"""The evaluation report of one year: everything the council reads, computed in a fixed
number of queries and rendered by one template (monitoring/report.html) as a web page, a
standalone HTML file or a PDF (WeasyPrint).

What it holds: title page; summary (goals by traffic light, measures by state, key
figures); per field of action its goals with attainment and method, its indicators with
charts and their values as tables, its measures with the results of the year; the reach
of target groups; the actor network in numbers; the coordinator's recommendations
(EvaluationReport).

The figures come from dashboard.field_summaries (the same numbers as the dashboard), "as
at the end of the year": indicator values up to the year (a year "2024" or its months
"2024-01"…"2024-12"), each measure's state from its dated status changes, the results
entered for the year or its months. The concept is the one in force that year
(concept_for). A measure in several fields of action is shown with its results once, in
its first field. The report itself is built for WeasyPrint's speed: tables and block
layout, one chart per indicator.
"""
import base64
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from teilhabe.strategy.models import Concept, Measure, current_concept

from . import dashboard
from .attainment import GREEN, NONE, RED, YELLOW, Attainment, indicator_attainment
from .charts import bar_chart, line_chart
from .models import EvaluationReport, Indicator, MeasureResult, MonitoringSettings, Observation

YEAR_RE = re.compile(r"^\d{4}$")
LIGHTS = (GREEN, YELLOW, RED, NONE)
# An indicator's chart and table show its last WINDOW periods up to the report's year:
# what a council reads, and a table that fits the width of an A4 page. All values stay
# in the back office (indicator page, CSV/XLSX).
WINDOW = 6
# Indicators per table of values by area (columns), so that it fits the width of A4.
AREA_COLUMNS = 5
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


def number(value):
    """A value for a table: German digits, thousands grouped, at most two decimals."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal("0.01"))
    places = 0 if value == value.to_integral() else 1 if value * 10 == (value * 10).to_integral() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


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

    @classmethod
    def of(cls, results):
        if not results:
            return None
        total = cls()
        for result in sorted(results, key=lambda r: r.period):
            total.activities += result.activities
            total.people += result.people_reached
            for key, n in (result.reach_by_target_group or {}).items():
                total.reach[key] = total.reach.get(key, 0) + n
            if result.target_group_reached:
                total.reached = result.target_group_reached    # the latest entry counts
            if not total.step or STEP_ORDER.index(result.step) > STEP_ORDER.index(total.step):
                total.step = result.step
            if result.outcome_notes.strip():
                total.notes.append(result.outcome_notes.strip())
            total.entries += 1
        return total

    @property
    def reached_label(self):
        return MeasureResult.Reached(self.reached).label if self.reached else ""

    @property
    def step_label(self):
        return MeasureResult.Step(self.step).label if self.step else ""

    @property
    def step_short(self):
        # The terms of the staircase as evaluators use them in German too.
        return {"output": _("Output"), "outcome": _("Outcome"), "impact": _("Impact")}.get(self.step, "")


@dataclass
class MeasureLine:
    measure: Measure
    status: str           # at the end of the year
    actor: str
    result: YearResult | None
    reach: list   # [(target group name, people)] with people > 0

    @property
    def state_label(self):
        return Measure.Status(self.status).label


@dataclass
class IndicatorBlock:
    indicator: Indicator
    attainment: object
    chart: str
    whole: dict           # period → value of the whole municipality in the window (the chart's data)
    earlier: int          # periods before the window (in the back office, not here)
    data: object          # dashboard.IndicatorData
    categories: int       # values by category, not shown
    anchor: str


@dataclass
class IndicatorTables:
    """The values of a group of indicators (a field's, or the context indicators) as two
    tables: their series for the whole municipality (the charts' data) and their values by
    area in the latest period with district values. Two tables per field instead of two per
    indicator: WeasyPrint's cost is per table cell, and the council compares across areas."""
    periods: list         # columns of the series table
    series: list          # [(block, [formatted value per period])]
    areas: list           # [([(block, period)], [(area, [formatted value per block])])], in slices of AREA_COLUMNS

    @classmethod
    def of(cls, blocks):
        periods = sorted({p for b in blocks for p in b.whole})[-WINDOW:]
        series = [(b, [number(b.whole[p]) if p in b.whole else "–" for p in periods]) for b in blocks if b.whole]
        with_areas = [b for b in blocks if b.data.latest_period and len(b.data.headers) > 1]
        areas = []
        for start in range(0, len(with_areas), AREA_COLUMNS):
            part = with_areas[start:start + AREA_COLUMNS]
            names, cells = [], {}
            for b in part:
                row = dict(b.data.rows)[b.data.latest_period]
                for name, value in zip(b.data.headers, row):
                    if name not in cells:
                        names.append(name)
                        cells[name] = {}
                    cells[name][b.indicator.pk] = value
            areas.append(([(b, b.data.latest_period) for b in part],
                          [(name, [number(cells[name].get(b.indicator.pk)) for b in part]) for name in names]))
        return cls(periods, series, areas)


@dataclass
class Section:
    summary: object       # dashboard.FieldSummary
    anchor: str
    indicators: list      # [IndicatorBlock]
    tables: IndicatorTables
    measures: list        # [MeasureLine]: the measures whose first field this is
    elsewhere: list       # [(title, name of the section where its results are)]

    @property
    def name(self):
        return self.summary.name

    @property
    def description(self):
        return self.summary.field.description if self.summary.field else ""

    @property
    def goals(self):
        return self.summary.goals

    @property
    def lights(self):
        return light_counts(a for _g, a in self.summary.goals)

    @property
    def noted(self):
        return [line for line in self.measures if line.result and line.result.notes]


def light_counts(attainments):
    counts = dict.fromkeys(LIGHTS, 0)
    for a in attainments:
        counts[a.light] += 1
    return counts


def _indicator_block(data, anchor, categories, municipality):
    """An indicator (dashboard.IndicatorData) as the report shows it: the whole
    municipality's series over the last WINDOW periods up to the year as a line chart; its
    values go into the group's IndicatorTables. All periods and areas stay in the back office."""
    whole = dict(data.series[0][1]) if data.series else {}
    periods = sorted(whole)[-WINDOW:]
    chart = ""
    if periods:
        indicator = data.indicator
        # No unit on the axis: it is in the heading, and every letter of SVG text costs
        # WeasyPrint a text layout of its own.
        chart = line_chart([(municipality.name, {p: whole[p] for p in periods})], title=indicator.name,
                           chart_id=f"{anchor}-line", height=240,
                           description=_("Verlauf %(first)s–%(last)s für %(name)s; die Werte stehen in der Tabelle "
                                         "der Indikatorwerte.") % {"first": periods[0], "last": periods[-1],
                                                                    "name": municipality.name})
    return IndicatorBlock(data.indicator, data.attainment, chart, {p: whole[p] for p in periods},
                          len(whole) - len(periods), data, categories, anchor)


def _context_indicators(municipality, linked, year, settings):
    """Indicators linked to no goal of the concept, as dashboard.IndicatorData."""
    indicators = list(Indicator.objects.filter(municipality=municipality).exclude(pk__in=linked))
    values = dashboard.indicator_values([i.pk for i in indicators], year=int(year))
    out = []
    for indicator in indicators:
        totals = [(period, value) for period, district_id, _k, _n, value in values.get(indicator.pk, [])
                  if district_id is None]
        if totals:
            attainment = indicator_attainment(indicator, settings=settings, actual=totals[-1][1],
                                              actual_period=totals[-1][0])
        elif indicator.baseline_value is None or indicator.target_value is None:
            # What indicator_attainment says, without its own query for a value.
            attainment = Attainment(None, NONE, _("Kein Ausgangs- oder Zielwert festgelegt."), "indicator")
        else:
            attainment = Attainment(None, NONE, _("Noch kein Messwert für die ganze Kommune."), "indicator")
        out.append(dashboard.indicator_data(indicator, attainment, values.get(indicator.pk, []), municipality))
    return out


def build_report(municipality, year):
    """Everything the template needs, as plain data, in a fixed number of queries."""
    year = parse_period(year)
    settings = MonitoringSettings.for_municipality(municipality)
    concept = concept_for(municipality, year)
    summaries = dashboard.field_summaries(municipality, concept, year=int(year))
    groups = list(municipality.target_groups.all())
    group_names = {g.key: g.name for g in groups}
    actors, aims = {}, {}
    if concept is not None:
        actors = dict(Measure.objects.filter(concept=concept, responsible_actor__isnull=False)
                      .values_list("pk", "responsible_actor__name"))
        for measure_id, key in Measure.target_groups.through.objects.filter(measure__concept=concept).values_list(
                "measure_id", "targetgroup__key"):
            aims.setdefault(measure_id, []).append(key)

    linked = {data.indicator.pk for s in summaries for data in s.indicators}
    context = _context_indicators(municipality, linked, year, settings)
    categories = dict(Observation.objects.filter(indicator__municipality=municipality, period__lte=f"{year}-12")
                      .exclude(category="").values("indicator").annotate(n=Count("id"))
                      .values_list("indicator", "n").order_by())

    # A measure in several fields is shown with its results once, in its first field;
    # the others name it.
    sections, placed, lines = [], {}, {}
    for s in summaries:
        anchor = f"feld-{s.key}"
        own, elsewhere = [], []
        for row in s.measures:
            pk = row.measure.pk
            if pk in placed:
                elsewhere.append((row.measure.title, placed[pk]))
                continue
            placed[pk] = s.name
            result = YearResult.of(row.results)
            tallies = result.reach if result else {}
            lines[pk] = MeasureLine(row.measure, row.status, actors.get(pk, ""), result,
                                    [(name, tallies[key]) for key, name in group_names.items() if tallies.get(key)])
            own.append(lines[pk])
        blocks = [_indicator_block(data, f"{anchor}-ind-{data.indicator.pk}", categories.get(data.indicator.pk, 0),
                                   municipality) for data in s.indicators]
        sections.append(Section(s, anchor, blocks, IndicatorTables.of(blocks), own, elsewhere))
    context_blocks = [_indicator_block(data, f"kontext-ind-{data.indicator.pk}",
                                       categories.get(data.indicator.pk, 0), municipality) for data in context]

    # Reach of target groups over all measures (each counted once).
    rows = {g.key: {"group": g, "people": 0, "aimed": 0, "reporting": 0, "yes": 0, "partly": 0, "no": 0}
            for g in groups}
    for pk, line in lines.items():
        for key, n in (line.result.reach if line.result else {}).items():
            if key in rows:
                rows[key]["people"] += n
        for key in aims.get(pk, []):
            row = rows[key]
            row["aimed"] += 1
            if line.result:
                row["reporting"] += 1
                if line.result.reached:
                    row[line.result.reached] += 1
    reach_rows = list(rows.values())
    reach_chart = ""
    if any(r["people"] for r in reach_rows):
        reach_chart = bar_chart([(r["group"].name, Decimal(r["people"])) for r in reach_rows], chart_id="reach-bars",
                                title=_("Erreichte Personen nach Zielgruppe %(year)s") % {"year": year},
                                description=_("Summe der Zählungen aller Maßnahmen; die Werte stehen in der Tabelle."))

    results = [line.result for line in lines.values() if line.result]
    state_counts = dict.fromkeys(dashboard.STATES, 0)
    for line in lines.values():
        state_counts[line.status] += 1
    goal_results = [a for s in summaries for _g, a in s.goals]
    return {
        "municipality": municipality, "year": year, "concept": concept, "settings": settings,
        "created": timezone.localdate(), "sections": sections, "context_indicators": context_blocks,
        "window": WINDOW, "context_tables": IndicatorTables.of(context_blocks),
        "goal_lights": light_counts(goal_results),
        "measure_states": [(Measure.Status(s).label, n) for s, n in state_counts.items()],
        "field_rows": [(section, section.lights, [c.count for c in section.summary.by_state],
                        section.summary.people_reached) for section in sections],
        "state_labels": [Measure.Status(s).label for s in dashboard.STATES],
        "figures": {
            "fields": len([s for s in summaries if s.field]), "goals": len(goal_results),
            "indicators": len(linked) + len(context), "measures": len(lines), "reporting": len(results),
            "activities": sum(r.activities for r in results), "people": sum(r.people for r in results),
        },
        "reach_rows": reach_rows, "reach_chart": reach_chart, "reach_total": sum(r["people"] for r in reach_rows),
        "network": network_figures(municipality, year),
        "written": EvaluationReport.objects.filter(municipality=municipality, period=year).first(),
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


def render_html(municipality, year, *, web=False, request=None, extra=None, images=False):
    """The report as an HTML document. web=True: for the back office (the stylesheet is
    linked, as the CSP forbids inline styles, and a bar with the download is shown);
    otherwise a standalone document with the stylesheet inside (a file, or the PDF)."""
    with translation.override("de"):
        context = build_report(municipality, year)
        if images:
            charts_as_images(context)
        context.update(web=web, inline_css=None if web else stylesheet(), **(extra or {}))
        return render_to_string("monitoring/report.html", context, request=request)


def _as_image(svg):
    """A chart as an <img> with the SVG as a data URI, named by the chart's title. For the
    PDF only: WeasyPrint then reads the SVG once as an image instead of also styling each
    of its elements as part of the HTML document (8 % of the PDF's work in the benchmark).
    Pages keep the inline SVG with its title and description."""
    if not svg:
        return svg
    title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
    data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    return mark_safe(f'<img src="data:image/svg+xml;base64,{data}" alt="{title.group(1) if title else ""}">')


def charts_as_images(context):
    for section in context["sections"]:
        for block in section.indicators:
            block.chart = _as_image(block.chart)
    for block in context["context_indicators"]:
        block.chart = _as_image(block.chart)
    context["reach_chart"] = _as_image(context["reach_chart"])


def render_pdf(municipality, year, *, workers=None):
    from . import pdf

    return pdf.render(render_html(municipality, year, images=True), municipality_name=municipality.name,
                      workers=workers)
