"""The monitoring dashboard in the back office: per field of action goals with traffic
lights, indicator charts, measures by state and the reach of target groups for a year; a
Kreis sees its towns side by side. Every chart comes with its data as a table and as
CSV/XLSX download. Coordinators and viewers (of the town or its Kreis) read it; actor
editors and everyone else are refused. The figures come from dashboard.py."""
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from teilhabe.backoffice.views.common import base_context, require
from teilhabe.monitoring import dashboard, rules
from teilhabe.monitoring.charts import LIGHT_COLOURS, MAX_SERIES, bar_chart, line_chart, stacked_bar_chart
from teilhabe.monitoring.downloads import FORMATS, DataTable, table_response
from teilhabe.municipalities import access
from teilhabe.strategy.models import Measure, current_concept


@dataclass
class Panel:
    """One chart (or none, for a table of its own) with its data table."""

    table: DataTable
    chart: str = ""
    note: str = ""
    cells: list = field(default_factory=list)   # rows of {"text", "class"} for the page
    heading: str = ""

    @property
    def key(self):
        return self.table.key


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Jahr"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, choices, initial=None):
        super().__init__(data, initial=initial)
        self.fields["year"].choices = [("", _("alle Jahre"))] + [(y, str(y)) for y in choices]


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    return municipality


def _text(value, css=""):
    if value is None:
        text = "–"
    elif isinstance(value, bool):
        text = _("ja") if value else _("nein")
    elif isinstance(value, (int, float)) or hasattr(value, "quantize"):
        text = floatformat(value, "-2g")   # 1.044.555,50
    else:
        text = str(value)
    return {"text": text, "class": css}


def _panel(key, caption, columns, rows, *, chart="", note="", classes=None, heading=""):
    classes = classes or {}
    cells = [[_text(v, classes.get((r, c), "")) for c, v in enumerate(row)] for r, row in enumerate(rows)]
    return Panel(DataTable(key, caption, [str(c) for c in columns], rows), chart, note, cells, heading)


def _unit(unit):
    return f" ({unit})" if unit else ""


def field_panels(summary, *, year):
    """The panels of one field of action: goals, indicators (series and areas), measures
    by state, reach of target groups. Keys are unique on the page and stable for downloads."""
    # Goals and measures without a field get a key no field can have ("feld-" + a key).
    key = f"feld-{summary.key}" if summary.field else "uebergreifend"
    year_text = str(year) if year else _("alle Jahre")
    goals = _panel(
        f"{key}-ziele", _("Ziele im Handlungsfeld „%(field)s“ mit Zielerreichung") % {"field": summary.name},
        [_("Ziel"), _("Zielerreichung (%)"), _("Ampel"), _("Methode")],
        [[goal.title, a.percent, a.light_label, a.method] for goal, a in summary.goals],
        classes={(r, 2): f"light light-{a.light}" for r, (_g, a) in enumerate(summary.goals)})
    indicators = []
    for data in summary.indicators:
        indicator = data.indicator
        unit = _unit(indicator.unit)
        series = _panel(
            f"{key}-indikator-{indicator.key}-verlauf",
            _("%(name)s nach Zeitraum und Gebiet%(unit)s") % {"name": indicator.name, "unit": unit},
            [_("Zeitraum"), *data.headers], [[period, *values] for period, values in data.rows],
            chart=line_chart(data.series, title=indicator.name, unit=indicator.unit,
                             chart_id=f"{key}-i{indicator.pk}-verlauf",
                             description=_("Verlauf nach Zeitraum für %(areas)s; die Werte stehen in der Tabelle.")
                             % {"areas": ", ".join(label for label, _v in data.series[:MAX_SERIES])}),
            note=(_("%(n)s weitere Gebiete nur in der Tabelle.") % {"n": len(data.series) - MAX_SERIES}
                  if len(data.series) > MAX_SERIES else ""))
        areas = None
        if data.latest_period:
            title = _("%(name)s %(period)s nach Gebiet") % {"name": indicator.name, "period": data.latest_period}
            areas = _panel(
                f"{key}-indikator-{indicator.key}-gebiete", title + unit, [_("Gebiet"), _("Wert") + unit],
                [[area, value] for area, value in data.comparison],
                chart=bar_chart(data.comparison, title=title, unit=indicator.unit,
                                chart_id=f"{key}-i{indicator.pk}-gebiete",
                                description=_("Gebiete nach Wert absteigend; die Werte stehen in der Tabelle.")))
        indicators.append((data, series, areas))
    state_title = _("Maßnahmen nach Stand im Handlungsfeld „%(field)s“ (%(year)s)") % {
        "field": summary.name, "year": _("Ende %(year)s") % {"year": year} if year else _("aktuell")}
    states = _panel(
        f"{key}-massnahmen", state_title, [_("Stand"), _("Anzahl der Maßnahmen")],
        [[s.label, s.count] for s in summary.by_state],
        chart=bar_chart([(s.label, s.count) for s in summary.by_state], title=state_title,
                        chart_id=f"{key}-massnahmen",
                        description=_("Anzahl der Maßnahmen je Stand; die Zahlen stehen in der Tabelle.")))
    reach_title = _("Erreichte Personen nach Zielgruppe im Handlungsfeld „%(field)s“ (%(year)s)") % {
        "field": summary.name, "year": year_text}
    reach = _panel(
        f"{key}-zielgruppen", reach_title,
        [_("Zielgruppe"), _("erreichte Personen"), _("angestrebt von Maßnahmen"),
         _("Ergebnisse dieser Maßnahmen"), _("Zielgruppe erreicht: ja"), _("teilweise"), _("nein"),
         _("ohne Angabe"), _("Bewertung")],
        [[r.name, r.people, r.intended, r.results, r.reported["yes"], r.reported["partly"], r.reported["no"],
          r.reported[""], r.verdict_label] for r in summary.reach],
        chart=bar_chart([(r.name, r.people) for r in summary.reach], title=reach_title,
                        chart_id=f"{key}-zielgruppen",
                        description=_("Erreichte Personen je Zielgruppe aus den Ergebnissen der Maßnahmen; "
                                      "die Zahlen stehen in der Tabelle.")) if summary.reach else "",
        classes={(r, 8): f"verdict verdict-{row.verdict}" for r, row in enumerate(summary.reach)})
    return {"key": key, "summary": summary, "goals": goals, "indicators": indicators, "states": states,
            "reach": reach}


def kreis_panels(comparison):
    towns = comparison.towns
    names = [t.name for t in towns]
    light_labels = [_("grün"), _("gelb"), _("rot"), _("nicht bewertbar")]
    lights_title = _("Ziele der Städte und Gemeinden nach Ampel")
    lights = _panel(
        "kreis-ziele", lights_title, [_("Kommune"), *light_labels, _("Ziele insgesamt")],
        [[town.name, *[counts[light] for light in dashboard.LIGHTS], sum(counts.values())]
         for town, counts in comparison.lights],
        chart=stacked_bar_chart(
            [(town.name, [counts[light] for light in dashboard.LIGHTS]) for town, counts in comparison.lights],
            list(zip(light_labels, [LIGHT_COLOURS[light] for light in dashboard.LIGHTS])), title=lights_title,
            chart_id="kreis-ziele",
            description=_("Je Kommune die Ziele ihres aktuellen Konzepts nach Ampel; die Zahlen stehen in der "
                          "Tabelle.")))
    state_labels = [str(label) for label in (Measure.Status(s).label for s in dashboard.STATES)]
    states_title = _("Maßnahmen der Städte und Gemeinden nach Stand")
    states = _panel(
        "kreis-massnahmen", states_title, [_("Kommune"), *state_labels, _("Maßnahmen insgesamt")],
        [[town.name, *[c.count for c in counts], total] for town, counts, total in comparison.states],
        chart=stacked_bar_chart(
            [(town.name, [c.count for c in counts]) for town, counts, _total in comparison.states],
            [(label, None) for label in state_labels], title=states_title, chart_id="kreis-massnahmen",
            description=_("Je Kommune die Maßnahmen ihres aktuellen Konzepts nach Stand; die Zahlen stehen in der "
                          "Tabelle.")))
    values = _panel(
        "kreis-indikatoren", _("Neuester Wert je Kommune für die ganze Kommune"),
        [_("Indikator"), _("Einheit"), *[c for name in names for c in (name, _("Zeitraum %(town)s") % {"town": name})]],
        [[name, unit, *[v for cell in cells for v in (cell or (None, None))[::-1]]]
         for _key, name, unit, cells in comparison.indicators])
    indicator_panels = []
    for key, name, unit, cells in comparison.indicators:
        bars = [(f"{town.name} ({cell[0]})", cell[1]) for town, cell in zip(towns, cells) if cell]
        if not bars:
            continue
        indicator_panels.append(_panel(
            f"kreis-indikator-{key}", _("%(name)s: neuester Wert je Kommune") % {"name": name} + _unit(unit),
            [_("Kommune"), _("Zeitraum"), _("Wert") + _unit(unit)],
            [[town.name, cell[0], cell[1]] for town, cell in zip(towns, cells) if cell],
            heading=name + _unit(unit),
            chart=bar_chart(bars, title=_("%(name)s: neuester Wert je Kommune") % {"name": name}, unit=unit,
                            chart_id=f"kreis-indikator-{key}",
                            description=_("Je Kommune der neueste Wert für die ganze Kommune, Zeitraum in "
                                          "Klammern; die Werte stehen in der Tabelle."))))
    return {"lights": lights, "states": states, "values": values, "indicators": indicator_panels}


def _dashboard(request, municipality):
    concept = current_concept(municipality)
    choices = dashboard.years(municipality, concept)
    # Without a choice: the latest year with values or results; "alle Jahre" is a choice.
    default = choices[0] if choices else None
    form = YearForm(request.GET if "year" in request.GET else None, choices=choices, initial={"year": default})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else default
    fields = [field_panels(s, year=year)
              for s in dashboard.field_summaries(municipality, concept, year=year)]
    kreis = None
    if municipality.kind == municipality.Kind.KREIS:
        kreis = kreis_panels(dashboard.kreis_comparison(municipality, year=year))
    return concept, form, year, fields, kreis


def _all_panels(fields, kreis):
    for f in fields:
        yield from (f["goals"], f["states"], f["reach"])
        for _data, series, areas in f["indicators"]:
            yield series
            if areas:
                yield areas
    if kreis:
        yield from (kreis["lights"], kreis["states"], kreis["values"], *kreis["indicators"])


@login_required
@require_safe
def dashboard_page(request, slug):
    municipality = _municipality(request, slug)
    concept, form, year, fields, kreis = _dashboard(request, municipality)
    query = f"?year={year}" if year else "?year="
    return render(request, "backoffice/monitoring/dashboard.html", base_context(
        request, municipality, section="monitoring", concept=concept, form=form, year=year, fields=fields,
        kreis=kreis, query=query, formats=FORMATS))


@login_required
@require_safe
def dashboard_data(request, slug, key, fmt):
    """One chart's data as CSV or XLSX, for the same year as the page."""
    municipality = _municipality(request, slug)
    if fmt not in FORMATS:
        raise Http404
    _concept, _form, year, fields, kreis = _dashboard(request, municipality)
    panel = next((p for p in _all_panels(fields, kreis) if p.key == key), None)
    if panel is None:
        raise Http404
    return table_response(panel.table, fmt, filename=f"{municipality.slug}-{key}-{year or 'alle-jahre'}")
