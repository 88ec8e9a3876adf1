from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from teilhabe.municipalities import access
from teilhabe.municipalities.models import ChangeRecord
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
    r = access.roles(request.user, municipality)
    concept = current_concept(municipality)
    status_counts = {}
    if concept:
        measures = concept.measures.all()
        if not r.reads_all:
            measures = measures.filter(responsible_actor__in=r.actor_ids)
        for status in measures.values_list("status", flat=True):
            status_counts[status] = status_counts.get(status, 0) + 1
    context = base_context(
        request, municipality, concept=concept,
        status_counts=[(label, status_counts.get(value, 0)) for value, label in Measure.Status.choices],
        own_actors=municipality.actors.filter(pk__in=r.actor_ids),
        counts={"actors": municipality.actors.count(), "offers": municipality.offers.count()},
        towns=municipality.towns.all() if municipality.kind == "kreis" else [],
        recent=(ChangeRecord.objects.filter(municipality=municipality).select_related("user", "content_type")[:15]
                if r.reads_all else []),
    )
    return render(request, "backoffice/municipality.html", context)
