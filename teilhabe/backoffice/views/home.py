from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from teilhabe.actors import rules as actor_rules
from teilhabe.municipalities import access
from teilhabe.municipalities.models import ChangeRecord
from teilhabe.strategy import rules as strategy_rules
from teilhabe.strategy.models import Measure, current_concept

from .common import base_context


@login_required
@require_safe
def home(request):
    municipalities = access.municipalities_for(request.user).select_related("parent").order_by("name")
    return render(request, "backoffice/home.html", {
        "municipalities": municipalities, "demo_data": any(m.is_demo for m in municipalities)})


@login_required
@require_safe
def municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    concept = current_concept(municipality)
    status_counts = {}
    if concept:
        measures = strategy_rules.listed_measures(request.user, municipality, concept.measures.all())
        for status in measures.values_list("status", flat=True):
            status_counts[status] = status_counts.get(status, 0) + 1
    context = base_context(
        request, municipality, concept=concept,
        status_counts=[(label, status_counts.get(value, 0)) for value, label in Measure.Status.choices],
        own_actors=actor_rules.editors_own(request.user, municipality),
        counts={"actors": municipality.actors.count(), "offers": municipality.offers.count()},
        towns=municipality.towns.all() if municipality.kind == "kreis" else [],
        recent=(ChangeRecord.objects.filter(municipality=municipality).select_related("user", "content_type")[:15]
                if access.reads_all(request.user, municipality) else []),
    )
    return render(request, "backoffice/municipality.html", context)
