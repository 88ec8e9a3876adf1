"""Public events (with free places, never registrations) and published ideas (without
anything about the people who sent, supported or commented on them)."""
from django.db.models import Count, Q

from teilhabe.participation.models import Event, Idea, Registration, Support
from teilhabe.translations.texts import texts_of_many, translated_since

from .. import params, public, serialize
from ..http import Payload, api_view

EVENT_FILTERS = ("kind", "field_of_action", "district", "starts_after", "starts_before", "modified_since")
IDEA_FILTERS = ("status", "field_of_action", "district", "target_group", "received_after", "received_before",
                "modified_since")


def _by_field(qs, request, m, path):
    """field_of_action: a key of a field of one of `m`'s public concepts (a subquery, so
    that a row linked to several fields is listed once)."""
    ids = params.existing(request, "field_of_action", public.public_fields(m), "key")
    if not ids:
        return qs
    return qs.filter(pk__in=qs.model.objects.filter(**{f"{path}__in": ids}).values("pk"))


def _counts(model, key, ids, **match):
    """{id: number of `model` rows pointing at it through `key`}, one query."""
    # order_by(): the model's default ordering would join the GROUP BY.
    return dict(model.objects.filter(**{f"{key}__in": ids}, **match).order_by().values(key)
                .annotate(n=Count("pk")).values_list(key, "n"))


def _range(qs, request, field, after, before):
    start, end = params.date(request, after), params.date(request, before)
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


@api_view(params=(*params.PAGINATION_PARAMS, "lang", *EVENT_FILTERS))
def event_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    qs = Event.objects.public().filter(municipality=m)
    kind = params.choice(request, "kind", set(Event.Kind.values))
    if kind:
        qs = qs.filter(kind=kind)
    qs = _by_field(qs, request, m, "fields")
    districts = params.existing(request, "district", m.districts.all(), "key")
    if districts:
        qs = qs.filter(district__in=districts)
    qs = _range(qs, request, "starts_at__date", "starts_after", "starts_before")
    since = params.moment(request)
    if since:
        qs = qs.filter(Q(modified_at__gte=since) | translated_since(Event, since)).order_by("modified_at", "pk")
    else:
        qs = qs.order_by("starts_at", "pk")
    page = params.Page(request)
    rows = list(page.slice(qs.select_related("district", "organiser_actor").prefetch_related(
        "workshops__field__concept", "fields__concept")))
    # Only how many places are taken: nothing of who took them.
    taken = _counts(Registration, "event", [e.pk for e in rows], status=Registration.Status.REGISTERED)
    for e in rows:
        e.taken = taken.get(e.pk, 0)
    texts, languages = texts_of_many(rows, ctx.lang)
    newest = serialize.newest(*(e.modified_at for e in rows))
    return Payload(page.envelope(qs.count(), [
        serialize.event(ctx, e, texts[e.pk], languages.get(e.pk, [])) for e in rows]), newest)


@api_view(params=(*params.PAGINATION_PARAMS, "lang", *IDEA_FILTERS))
def idea_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    qs = Idea.objects.filter(municipality=m, status__in=Idea.PUBLIC)
    status = params.choice(request, "status", set(Idea.PUBLIC))
    if status:
        qs = qs.filter(status=status)
    qs = _by_field(qs, request, m, "field")
    for name, lookup, source in (("district", "district__in", m.districts.all()),
                                 ("target_group", "target_group__in", m.target_groups.all())):
        ids = params.existing(request, name, source, "key")
        if ids:
            qs = qs.filter(**{lookup: ids})
    qs = _range(qs, request, "received_on", "received_after", "received_before")
    since = params.moment(request)
    qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk") if since else qs.order_by(
        "-received_on", "-pk")
    page = params.Page(request)
    rows = list(page.slice(qs.select_related("field__concept", "district", "target_group", "measure__concept",
                                             "event").prefetch_related("status_changes")))
    supports = _counts(Support, "idea", [i.pk for i in rows], confirmed_at__isnull=False)
    for i in rows:
        i.support_count = supports.get(i.pk, 0)
    newest = serialize.newest(*(i.modified_at for i in rows))
    return Payload(page.envelope(qs.count(), [serialize.idea(ctx, i) for i in rows]), newest)


