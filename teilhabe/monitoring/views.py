"""Read-only monitoring pages of the back office: for coordinators and viewers (the
council, evaluators); actor editors see the concept but not the monitoring."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from teilhabe.backoffice.views.common import base_context, require
from teilhabe.municipalities import access
from teilhabe.strategy.models import current_concept

from .attainment import goal_attainment, indicator_attainment
from .models import Indicator, MonitoringSettings, Observation


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(access.roles(request.user, municipality).reads_all)
    return municipality


@login_required
def indicator_list(request, slug):
    municipality = _municipality(request, slug)
    settings = MonitoringSettings.for_municipality(municipality)
    indicators = [(i, indicator_attainment(i, settings=settings))
                  for i in Indicator.objects.filter(municipality=municipality)]
    concept = current_concept(municipality)
    goals = []
    if concept:
        goals = [(g, goal_attainment(g, settings=settings))
                 for g in concept.goals.select_related("field").prefetch_related("indicators")]
    return render(request, "monitoring/indicator_list.html", base_context(
        request, municipality, section="monitoring", indicators=indicators, goals=goals, concept=concept,
        settings=settings))


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
    return render(request, "monitoring/indicator_detail.html", base_context(
        request, municipality, section="monitoring", indicator=indicator, headers=headers, rows=rows,
        attainment=indicator_attainment(indicator), goals=indicator.goals.all(),
        categories=Observation.objects.filter(indicator=indicator).exclude(category="").count()))
