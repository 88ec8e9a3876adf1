"""The transparency page (only when the coordination switched it on; else 404) and the
open data page. The public part of the monitoring dashboard: goal lights from public
indicators and public measures, measures by status, the reach of target groups, the
network's figures over published actors — nothing internal (monitoring/public.py,
network/public.py). Plain tables, no script."""
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from teilhabe.monitoring import public as monitoring
from teilhabe.network import public as network
from teilhabe.opendata.datasets import DATASETS
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.strategy.models import Goal

from ..cache import public_page
from . import context, get_municipality, public_concept


@require_safe
@public_page
def transparency(request, slug):
    municipality = get_municipality(slug)
    if not OpenDataSettings.of(municipality).transparency_page:
        raise Http404
    concept = public_concept(municipality)
    goals, states, reach = [], [], []
    if concept is not None:
        rows = list(monitoring.goals_with_public_indicators(
            Goal.objects.filter(concept=concept).select_related("field", "concept").order_by("position", "pk")))
        judged = monitoring.goal_attainments(municipality, rows)
        goals = [(g, judged[g.pk]) for g in rows]
        states = monitoring.measures_by_status(concept)
        reach = monitoring.reach(municipality, concept)
    return render(request, "portal/transparency.html", context(
        municipality, goals=goals, states=states, reach=reach, network=network.figures(municipality)))


@require_safe
@public_page
def open_data(request, slug):
    municipality = get_municipality(slug)
    return render(request, "portal/open_data.html", context(
        municipality, settings=OpenDataSettings.of(municipality),
        datasets=[(name, d, d.modified(municipality)) for name, d in DATASETS.items()]))
