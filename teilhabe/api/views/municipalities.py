"""Municipalities: the entry point of the API."""
from django.db.models import Prefetch

from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import Concept

from .. import params, public, serialize
from ..http import Payload, api_view


@api_view(params=(*params.PAGINATION_PARAMS, "kind", "lang"))
def municipality_list(request):
    ctx = serialize.Context(request, params.language(request))
    kind = params.choice(request, "kind", set(Municipality.Kind.values))
    qs = Municipality.objects.select_related("parent").order_by("name", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    page = params.Page(request)
    rows = page.slice(qs.prefetch_related("languages"))
    return Payload(page.envelope(qs.count(), [serialize.municipality(ctx, m) for m in rows]))


@api_view(params=("lang",))
def municipality_detail(request, slug):
    ctx = serialize.Context(request, params.language(request))
    m = public.municipality(slug, Municipality.objects.prefetch_related(
        "languages", "districts", "target_groups",
        Prefetch("concepts", queryset=Concept.objects.public().order_by("-version"),
                 to_attr="public_concepts"),
    ))
    newest = serialize.newest(*(c.modified_at for c in m.public_concepts))
    return Payload(serialize.municipality(ctx, m, detail=True), newest)
