"""Public indicators with their values and attainment, and the attainment of the current
concept's goals — judged from public indicators and public measures only
(monitoring/public.py). Non-public indicators do not exist here."""
from django.db.models import F
from django.utils.translation import gettext as _

from teilhabe.monitoring import public as monitoring
from teilhabe.monitoring.dashboard import LIGHTS
from teilhabe.monitoring.models import Observation
from teilhabe.strategy.models import Concept, Goal

from .. import params, public, serialize
from ..http import NotFound, Payload, api_view


def _goal_keys(indicators):
    """{indicator pk: keys of its goals in public concepts}, one query."""
    keys = {}
    for indicator_id, key in Goal.indicators.through.objects.filter(
            indicator__in=[i.pk for i in indicators], goal__concept__status__in=Concept.PUBLIC).order_by(
            "goal__key").values_list("indicator_id", "goal__key"):
        keys.setdefault(indicator_id, []).append(key)
    return keys


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "field_of_action", "goal", "modified_since"))
def indicator_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    qs = monitoring.indicators(m)
    fields = params.existing(request, "field_of_action", public.public_fields(m), "key")
    if fields:
        qs = qs.filter(pk__in=qs.filter(goals__field__in=fields).values("pk"))
    goals = params.existing(request, "goal", Goal.objects.public().filter(concept__municipality=m), "key")
    if goals:
        qs = qs.filter(pk__in=qs.filter(goals__in=goals).values("pk"))
    since = params.moment(request)
    qs = qs.filter(modified_at__gte=since).order_by("modified_at", "pk") if since else qs.order_by(
        "position", "name", "pk")
    page = params.Page(request)
    rows = list(page.slice(qs))
    attainments, latest = monitoring.indicator_attainments(m, rows)
    keys = _goal_keys(rows)
    newest = serialize.newest(*(i.modified_at for i in rows))
    return Payload(page.envelope(qs.count(), [
        serialize.indicator(ctx, i, attainments[i.pk], latest.get(i.pk), keys.get(i.pk, [])) for i in rows]), newest)


@api_view(params=("lang",))
def indicator_detail(request, slug, key):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    found = monitoring.indicators(m).filter(key=key).first()
    if found is None:
        raise NotFound(_("Kein öffentlicher Indikator „%(key)s“.") % {"key": key[:80]})
    attainments, latest = monitoring.indicator_attainments(m, [found])
    # The whole municipality first on both databases (PostgreSQL sorts NULL last).
    values = Observation.objects.filter(indicator=found).order_by(
        "period", F("district__key").asc(nulls_first=True), "category").values_list("period", "district__key", "category", "value")
    return Payload(serialize.indicator(ctx, found, attainments[found.pk], latest.get(found.pk),
                                       _goal_keys([found]).get(found.pk, []), list(values)), found.modified_at)


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "concept", "field_of_action", "light"))
def goal_attainment_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    concept = public.concept(request, m)
    page = params.Page(request)
    if concept is None:
        return Payload(page.envelope(0, []))
    goals = monitoring.goals_with_public_indicators(
        public.goals(concept).select_related("concept").order_by("position", "pk"))
    fields = params.existing(request, "field_of_action", public.fields(concept), "key")
    if fields:
        goals = goals.filter(field__in=fields)
    light = params.choice(request, "light", set(LIGHTS))
    rows = list(goals)
    judged = monitoring.goal_attainments(m, rows)
    if light:
        rows = [g for g in rows if judged[g.pk].light == light]
    shown = rows[page.offset:page.offset + page.size]
    return Payload(page.envelope(len(rows), [serialize.goal_attainment(ctx, g, judged[g.pk]) for g in shown]))
