"""The public concept: fields of action, goals and measures of one version (the current
one unless `concept=<version>` asks for another adopted or superseded version)."""
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from teilhabe.strategy.models import Goal, Measure

from .. import params, public, serialize
from ..http import NotFound, Payload, api_view

LIST_PARAMS = (*params.PAGINATION_PARAMS, "lang", "concept")


def _scope(request, slug):
    m = public.municipality(slug)
    return m, public.concept(request, m), serialize.Context(request, params.language(request))


def _page(request, qs, serialize_one, concept):
    page = params.Page(request)
    if concept is None:  # nothing adopted yet: drafts are not public
        return Payload(page.envelope(0, []))
    rows = list(page.slice(qs))
    newest = serialize.newest(*(getattr(row, "modified_at", None) for row in rows))
    return Payload(page.envelope(qs.count(), [serialize_one(row) for row in rows]), newest)


def _public_measures():
    return Prefetch("measures", queryset=public.measures().only("id", "external_id", "title", "status"),
                    to_attr="public_measures")


def _field_ids(request, concept):
    return params.existing(request, "field_of_action", public.fields(concept), "key") if concept else None


@api_view(params=LIST_PARAMS)
def field_list(request, slug):
    m, concept, ctx = _scope(request, slug)
    qs = public.fields(concept).select_related("concept").order_by("position", "key", "pk")
    return _page(request, qs, lambda f: serialize.field_of_action(ctx, f), concept)


@api_view(params=("lang", "concept"))
def field_detail(request, slug, key):
    m, concept, ctx = _scope(request, slug)
    found = None
    if concept is not None:
        found = public.fields(concept).filter(key=key).select_related("concept").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "pk")), _public_measures(),
        ).first()
    if found is None:
        raise NotFound(_("Kein Handlungsfeld „%(key)s“ in dieser Konzeptversion.") % {"key": key[:80]})
    return Payload(serialize.field_of_action(ctx, found, detail=True))


def _goals(concept):
    return public.goals(concept).select_related("concept").prefetch_related(_public_measures())


@api_view(params=(*LIST_PARAMS, "field_of_action", "kind", "modified_since"))
def goal_list(request, slug):
    m, concept, ctx = _scope(request, slug)
    field_ids = _field_ids(request, concept)
    kind = params.choice(request, "kind", set(Goal.Kind.values))
    since = params.moment(request)
    qs = _goals(concept).order_by("position", "pk")
    if field_ids:
        qs = qs.filter(field__in=field_ids)
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk")
    return _page(request, qs, lambda g: serialize.goal(ctx, g), concept)


@api_view(params=("lang", "concept"))
def goal_detail(request, slug, key):
    m, concept, ctx = _scope(request, slug)
    found = _goals(concept).filter(key=key).first() if concept else None
    if found is None:
        raise NotFound(_("Kein Ziel „%(key)s“ in dieser Konzeptversion.") % {"key": key[:80]})
    return Payload(serialize.goal(ctx, found), found.modified_at)


@api_view(params=(*LIST_PARAMS, "status", "field_of_action", "modified_since"))
def measure_list(request, slug):
    m, concept, ctx = _scope(request, slug)
    status = params.choice(request, "status", set(Measure.Status.values))
    field_ids = _field_ids(request, concept)
    since = params.moment(request)
    qs = public.with_measure_relations(public.measures(concept)).order_by("title", "pk")
    if status:
        qs = qs.filter(status=status)
    if field_ids:
        qs = qs.filter(fields__in=field_ids)
    if since:
        qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk")
    return _page(request, qs, lambda x: serialize.measure(ctx, x), concept)


@api_view(params=("lang", "concept"))
def measure_detail(request, slug, external_id):
    m, concept, ctx = _scope(request, slug)
    found = None
    if concept is not None:
        found = public.with_measure_relations(public.measures(concept)).filter(external_id=external_id).first()
    if found is None:
        raise NotFound(_("Keine öffentliche Maßnahme „%(id)s“ in dieser Konzeptversion.") % {
            "id": external_id[:80]})
    return Payload(serialize.measure(ctx, found), found.modified_at)
