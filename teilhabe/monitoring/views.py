"""Read-only monitoring pages of the back office: for coordinators and viewers (the
council, evaluators); actor editors see the concept but not the monitoring."""
import csv
import io

from django.contrib.auth.decorators import login_required
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.backoffice.views.common import base_context, require, save_form
from teilhabe.municipalities import access
from teilhabe.strategy.models import current_concept

from .actions import adopt_catalogue
from .attainment import indicator_attainment, overview
from .charts import MAX_SERIES, bar_chart, line_chart
from .forms import ThresholdsForm
from .models import Indicator, MonitoringSettings, Observation


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(access.roles(request.user, municipality).reads_all)
    return municipality


@login_required
def indicator_list(request, slug):
    municipality = _municipality(request, slug)
    indicators = list(Indicator.objects.filter(municipality=municipality))
    concept = current_concept(municipality)
    goals = list(concept.goals.select_related("field", "carried__from_goal__concept")
                 .prefetch_related("indicators")) if concept else []
    settings, results, goal_results = overview(municipality, indicators, goals)
    indicators = [(i, results[i.pk]) for i in indicators]
    goals = [(g, goal_results[g.pk]) for g in goals]
    towns, comparison = _kreis_comparison(municipality)
    return render(request, "monitoring/indicator_list.html", base_context(
        request, municipality, section="monitoring", indicators=indicators, goals=goals, concept=concept,
        settings=settings, towns=towns, comparison=comparison))


def _kreis_comparison(municipality):
    """For a Kreis: its towns side by side, one row per indicator key any town has, with
    each town's latest whole-town value. Coordinators and viewers of a Kreis read its towns."""
    if municipality.kind != municipality.Kind.KREIS:
        return [], []
    towns = list(municipality.towns.order_by("name"))
    latest, names = {}, {}
    for indicator in Indicator.objects.filter(municipality__in=towns).order_by("position", "name"):
        names.setdefault(indicator.key, (indicator.name, indicator.unit))
    for town_id, key, period, value in (Observation.objects.filter(
            indicator__municipality__in=towns, district__isnull=True, category="")
            .order_by("indicator__municipality_id", "indicator__key", "-period")
            .values_list("indicator__municipality_id", "indicator__key", "period", "value")):
        latest.setdefault((town_id, key), (period, value))
    rows = [(name, unit, [latest.get((town.pk, key)) for town in towns]) for key, (name, unit) in names.items()]
    return towns, rows


@login_required
def indicator_detail(request, slug, pk):
    municipality = _municipality(request, slug)
    indicator = access.get_for_view(request, municipality,
                                    Indicator.objects.filter(municipality=municipality), pk)
    observations = Observation.objects.filter(indicator=indicator, category="").select_related("district")
    # A table: a row per period, a column for the whole municipality and one per district
    # that has values.
    districts, cells = {}, {}
    for o in observations:
        if o.district_id:
            districts[o.district_id] = o.district
        cells[(o.period, o.district_id)] = o.value
    columns = [None] + sorted(districts, key=lambda pk: (districts[pk].key, districts[pk].name))
    periods = sorted({period for period, _d in cells})
    rows = [(period, [cells.get((period, column)) for column in columns]) for period in periods]
    headers = [districts[pk].name if pk else municipality.name for pk in columns]
    series = [(header, {period: cells[(period, column)] for period in periods if (period, column) in cells})
              for header, column in zip(headers, columns)]
    chart = line_chart(series, title=indicator.name, unit=indicator.unit, chart_id=f"indicator-{indicator.pk}",
                       description=_("Verlauf nach Zeitraum für %(areas)s; die Werte stehen in der Tabelle.") % {
                           "areas": ", ".join(label for label, _v in series[:MAX_SERIES])})
    # District comparison in the latest period that has district values.
    latest = next((period for period, values in reversed(rows) if any(v is not None for v in values[1:])), None)
    comparison = []
    if latest:
        comparison = sorted(((header, cells[(latest, column)]) for header, column in zip(headers, columns)
                             if (latest, column) in cells), key=lambda bar: -bar[1])
    comparison_chart = bar_chart(
        comparison, title=_("%(name)s %(period)s nach Gebiet") % {"name": indicator.name, "period": latest},
        unit=indicator.unit, chart_id=f"indicator-{indicator.pk}-areas",
        description=_("Gebiete nach Wert absteigend; die Werte stehen in der Tabelle."))
    return render(request, "monitoring/indicator_detail.html", base_context(
        request, municipality, section="monitoring", indicator=indicator, headers=headers, rows=rows,
        chart=chart, comparison_chart=comparison_chart, latest=latest, chart_left_out=max(0, len(series) - MAX_SERIES),
        attainment=indicator_attainment(indicator), goals=indicator.goals.all(),
        categories=Observation.objects.filter(indicator=indicator).exclude(category="").count()))


@login_required
def indicator_csv(request, slug, pk):
    """All values of an indicator, categories included, as CSV (UTF-8 with BOM and ";",
    which German Excel opens as it is)."""
    municipality = _municipality(request, slug)
    indicator = access.get_for_view(request, municipality,
                                    Indicator.objects.filter(municipality=municipality), pk)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Zeitraum"), _("Gebietsschlüssel"), _("Gebiet"), _("Kategorie"), _("Wert")])
    for o in Observation.objects.filter(indicator=indicator).select_related("district").order_by(
            "period", "district__key", "category"):
        writer.writerow([o.period, o.district.key if o.district else "", o.district.name if o.district
                         else municipality.name, o.category, format(o.value.normalize(), "f").replace(".", ",")])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{municipality.slug}-{indicator.key}.csv"'
    return response


def _managed(request, slug):
    municipality = access.get_municipality(request, slug)
    require(access.roles(request.user, municipality).manages)
    return municipality


@login_required
def thresholds(request, slug):
    municipality = _managed(request, slug)
    form = ThresholdsForm(request.POST or None, instance=MonitoringSettings.for_municipality(municipality))
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("monitoring:indicators", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="monitoring", form=form, title=_("Ampel der Zielerreichung")))


@login_required
@require_POST
def catalogue_adopt(request, slug):
    municipality = _managed(request, slug)
    created = adopt_catalogue(municipality=municipality)
    messages.success(request, _("%(n)s Indikatoren aus dem Katalog übernommen.") % {"n": len(created)})
    return redirect("monitoring:indicators", slug)
