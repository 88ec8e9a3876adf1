"""Offers: the directory of one municipality (of a Kreis: with its towns') or of all,
listed by title or ranked by the search engine (`q`), and one offer by its external id."""
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import District, Municipality, TargetGroup
from teilhabe.offers.models import Offer, search_scope
from teilhabe.strategy.models import FieldOfAction

from .. import offer_search, params, public, serialize
from ..http import BadParameter, NotFound, Payload, api_view

FILTERS = ("field_of_action", "target_group", "district", "language", "provider")
LIST_PARAMS = (*params.PAGINATION_PARAMS, "q", "lang", "modified_since", *FILTERS)


def _filters(request, m):
    """The filters asked for, each checked against what exists (in `m` and, for a Kreis,
    its towns, or anywhere): {name: (value, ids it stands for)}; ids are None for languages
    (codes are the key)."""
    def scoped(qs, path="municipality"):
        return qs.filter(**{f"{path}__in": m.region()}) if m is not None else qs

    sources = {
        "field_of_action": (scoped(FieldOfAction.objects.public(),
                                   "concept__municipality"), "key"),
        "target_group": (scoped(TargetGroup.objects), "key"),
        "district": (scoped(District.objects), "key"),
        "provider": (scoped(Actor.objects.public()), "external_id"),
    }
    found = {}
    for name, (queryset, field) in sources.items():
        ids = params.existing(request, name, queryset, field)
        if ids is not None:
            found[name] = (request.GET[name].strip(), ids)
    language = params.language(request, "language")
    if language:
        found["language"] = (language, None)
    return found


def _filtered(qs, filters):
    lookups = {
        "field_of_action": "field_of_action__in", "target_group": "target_groups__in",
        "district": "districts__in", "provider": "provider__in",
    }
    for name, (value, ids) in filters.items():
        qs = qs.filter(languages__code=value) if name == "language" else qs.filter(**{lookups[name]: ids})
    return qs


def _engine_filters(filters):
    return {name: (value if name == "language" else ids)
            for name, (value, ids) in filters.items() if name != "provider"}


def offer_page(request, m, query_vector=None):
    ctx = serialize.Context(request, params.language(request))
    filters = _filters(request, m)
    query = params.query_text(request)
    since = params.moment(request)
    page = params.Page(request)
    if query is not None:
        provider = filters.get("provider")
        # A Kreis's offers and its towns' in one ranking (the engine stacks their segments);
        # a town's with its Kreis's that serve it.
        scope, within = search_scope(m) if m is not None else (None, None)
        # Without ?lang= the API answers in German, and so its reader is taken to read
        # German: the search's no-result gate judges the query as a German reader's.
        count, rows = offer_search.search(
            municipality=scope, within=within, query=query, lang=ctx.lang or "de",
            filters=_engine_filters(filters),
            provider_ids=provider[1] if provider else None, since=since, limit=page.size, offset=page.offset,
            query_vector=query_vector,
            load=lambda ids: {o["id"]: o for o in public.offer_rows(Offer.objects.public().filter(pk__in=ids))})
    else:
        qs = _filtered(Offer.objects.public(), filters)
        if m is not None:
            qs = qs.shown_in(m)
        if since is not None:
            qs = public.offers_modified_since(qs, since).order_by("modified_at", "pk")
        else:
            qs = qs.order_by("title", "pk")
        count = qs.count()
        rows = [(o, None) for o in public.offer_rows(page.slice(qs))]
    newest = serialize.newest(*(serialize.offer_modified_at(o) for o, _hit in rows))
    return Payload(page.envelope(count, [serialize.offer(ctx, o, hit) for o, hit in rows]), newest)


@api_view(params=LIST_PARAMS)
def offer_list(request, slug):
    from teilhabe.search.engine import index_version

    # The query's embedding runs while the municipality is read; the search index's
    # version comes with the municipality: one query less per search.
    pending = _embedding(request)
    return offer_page(request, public.municipality(slug, Municipality.objects.annotate(index_version=index_version())),
                      pending)


def _embedding(request):
    """A Future of the query's vector (search.embed.query_soon), started before the
    view's own database work; None without a query, or when q is refused anyway."""
    from teilhabe.search.embed import query_soon

    try:
        query = params.query_text(request)
    except BadParameter:
        return None
    if query is None:
        return None
    # The text exactly as the engine embeds it (search.query._search).
    return query_soon(query.strip()[:500])


@api_view(params=LIST_PARAMS)
def all_offers(request):
    return offer_page(request, None)


@api_view(params=("lang",))
def offer_detail(request, slug, external_id):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    found = next(iter(public.offer_rows(Offer.objects.public().filter(municipality=m, external_id=external_id))), None)
    if found is None:
        raise NotFound(_("Kein veröffentlichtes Angebot „%(id)s“.") % {"id": external_id[:80]})
    return Payload(serialize.offer(ctx, found), serialize.offer_modified_at(found))
