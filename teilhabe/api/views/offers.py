"""Offers: the directory of one municipality or of all, listed by title or ranked by the
search engine (`q`), and one offer by its external id."""
from django.utils.translation import gettext as _

from teilhabe.municipalities.models import District, TargetGroup
from teilhabe.strategy.models import FieldOfAction

from .. import params, public, ranking, serialize
from ..http import BadParameter, NotFound, Payload, api_view

FILTERS = ("field_of_action", "target_group", "district", "language", "provider")
LIST_PARAMS = (*params.PAGINATION_PARAMS, "q", "lang", "modified_since", *FILTERS)


def _filters(request, m):
    """The filters asked for, each checked against what exists (in `m`, or anywhere)."""
    def scoped(qs, path="municipality"):
        return qs.filter(**{path: m}) if m is not None else qs

    found = {
        "field_of_action": params.existing(
            request, "field_of_action",
            scoped(FieldOfAction.objects.filter(concept__status__in=public.PUBLIC_CONCEPT),
                   "concept__municipality"), "key"),
        "target_group": params.existing(request, "target_group", scoped(TargetGroup.objects), "key"),
        "district": params.existing(request, "district", scoped(District.objects), "key"),
        "language": params.language(request, "language"),
        "provider": params.existing(request, "provider", scoped(public.actors()), "external_id"),
    }
    return {name: value for name, value in found.items() if value is not None}


def _filtered(qs, filters):
    lookups = {
        "field_of_action": "field_of_action__key", "target_group": "target_groups__key",
        "district": "districts__key", "language": "languages__code", "provider": "provider__external_id",
    }
    for name, value in filters.items():
        qs = qs.filter(**{lookups[name]: value})
    if "field_of_action" in filters:
        qs = qs.filter(field_of_action__concept__status__in=public.PUBLIC_CONCEPT)
    return qs


def offer_page(request, m):
    ctx = serialize.Context(request, params.language(request))
    filters = _filters(request, m)
    query = params.query_text(request)
    since = params.moment(request)
    page = params.Page(request)
    if query is not None:
        if since is not None:
            raise BadParameter("modified_since", _("modified_since lässt sich nicht mit q verbinden: "
                                                   "Suchergebnisse sind nach Relevanz geordnet."))
        count, hits = ranking.search(municipality=m, query=query, lang=ctx.lang, filters=filters,
                                     limit=page.size, offset=page.offset)
        by_id = public.with_offer_relations(public.offers().filter(pk__in=[pk for pk, _hit in hits])).in_bulk()
        rows = [(by_id[pk], hit) for pk, hit in hits if pk in by_id]
    else:
        qs = _filtered(public.offers(), filters)
        if m is not None:
            qs = qs.filter(municipality=m)
        if since is not None:
            qs = public.offers_modified_since(qs, since).order_by("modified_at", "pk")
        else:
            qs = qs.order_by("title", "pk")
        count = qs.count()
        rows = [(o, None) for o in public.with_offer_relations(page.slice(qs))]
    newest = serialize.newest(*(serialize.offer_modified_at(o) for o, _hit in rows))
    return Payload(page.envelope(count, [serialize.offer(ctx, o, hit) for o, hit in rows]), newest)


@api_view(params=LIST_PARAMS)
def offer_list(request, slug):
    return offer_page(request, public.municipality(slug))


@api_view(params=LIST_PARAMS)
def all_offers(request):
    return offer_page(request, None)


@api_view(params=("lang",))
def offer_detail(request, slug, external_id):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    found = public.with_offer_relations(public.offers().filter(municipality=m, external_id=external_id)).first()
    if found is None:
        raise NotFound(_("Kein veröffentlichtes Angebot „%(id)s“.") % {"id": external_id[:80]})
    return Payload(serialize.offer(ctx, found), serialize.offer_modified_at(found))
