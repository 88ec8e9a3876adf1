"""Published actors of a municipality, with the contact persons who consented."""
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import District

from .. import params, public, serialize
from ..http import NotFound, Payload, api_view


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "kind", "district", "modified_since"))
def actor_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    kind = params.choice(request, "kind", set(Actor.Kind.values))
    district = params.existing(request, "district", District.objects.filter(municipality__in=m.region()), "key")
    since = params.moment(request)
    # A Kreis's with its towns', a town's with those working in it; `municipality` names each one's.
    qs = Actor.objects.public().shown_in(m).order_by("name", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(districts__in=district)
    if since:
        qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk")
    page = params.Page(request)
    rows = list(public.with_actor_relations(page.slice(qs)))
    newest = serialize.newest(*(a.modified_at for a in rows))
    return Payload(page.envelope(qs.count(), [serialize.actor(ctx, a) for a in rows]), newest)


@api_view(params=("lang",))
def actor_detail(request, slug, external_id):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    found = public.with_actor_relations(Actor.objects.public().filter(municipality=m, external_id=external_id)).first()
    if found is None:
        raise NotFound(_("Kein veröffentlichter Akteur „%(id)s“.") % {"id": external_id[:80]})
    return Payload(serialize.actor(ctx, found), found.modified_at)
