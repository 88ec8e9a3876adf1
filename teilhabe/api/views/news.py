"""Public news of a municipality, newest first (by change with modified_since)."""
from teilhabe.news.models import NewsItem
from teilhabe.translations.texts import prefetch_all, translated_into

from .. import params, public, serialize
from ..http import Payload, api_view

FILTERS = ("date_after", "date_before", "field_of_action", "language", "modified_since")


@api_view(params=(*params.PAGINATION_PARAMS, "lang", *FILTERS))
def news_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    since = params.moment(request)
    qs = NewsItem.objects.public().filter(municipality=m).order_by("-date", "-pk")
    start, end = params.date(request, "date_after"), params.date(request, "date_before")
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    fields = params.existing(request, "field_of_action", public.public_fields(m), "key")
    if fields:
        qs = qs.filter(pk__in=NewsItem.objects.filter(fields__in=fields).values("pk"))
    language = params.language(request, "language")
    if language and language != "de":   # German: every item
        qs = qs.filter(translated_into(NewsItem, language))
    if since:
        # A scheduled item counts as changed when it appears (NewsQuerySet.changed_since).
        qs = qs.changed_since(since).order_by("modified_at", "pk")
    page = params.Page(request)
    rows = prefetch_all(page.slice(qs).select_related("municipality").prefetch_related(
        "pictures", "attachments", "events", "measures__concept", "fields__concept"))
    newest = serialize.newest(*(serialize.news_modified_at(item) for item in rows))
    return Payload(page.envelope(qs.count(), [serialize.news(ctx, item) for item in rows]), newest)
