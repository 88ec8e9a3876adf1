"""Public news of a municipality, newest first (by change with modified_since)."""
from django.db.models import Prefetch

from teilhabe.news.models import NewsItem, NewsTranslation

from .. import params, public, serialize
from ..http import Payload, api_view


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "modified_since"))
def news_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request))
    since = params.moment(request)
    qs = NewsItem.objects.public().filter(municipality=m).order_by("-date", "-pk")
    if since:
        # A scheduled item counts as changed when it appears (NewsQuerySet.changed_since).
        qs = qs.changed_since(since).order_by("modified_at", "pk")
    page = params.Page(request)
    rows = list(page.slice(qs).select_related("municipality").prefetch_related(
        Prefetch("translations", queryset=NewsTranslation.objects.select_related("language")),
        "pictures", "attachments", "events", "measures__concept", "fields__concept"))
    newest = serialize.newest(*(serialize.news_modified_at(item) for item in rows))
    return Payload(page.envelope(qs.count(), [serialize.news(ctx, item) for item in rows]), newest)
