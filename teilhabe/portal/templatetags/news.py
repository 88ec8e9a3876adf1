"""News beside other content: {% latest_news municipality %} on the home page,
{% news_about event %} on the pages of an event, a measure or a field of action the news
links to. Tags rather than view code, so that those pages' views stay as they are."""
from django import template
from django.utils.translation import gettext as _

from teilhabe.news.models import NewsItem
from teilhabe.translations.texts import prefetch

from ..views import active_language

register = template.Library()
LATEST = 3


def _rows(items, limit):
    lang = active_language()
    items = prefetch(items.select_related("municipality")[:limit], lang)
    return [(item, item.in_language(lang)) for item in items]


@register.inclusion_tag("portal/news/includes_latest.html")
def latest_news(municipality):
    return {"news_rows": _rows(NewsItem.objects.public().filter(municipality=municipality), LATEST),
            "news_heading": _("Aktuelles"), "news_all": True, "news_municipality": municipality}


@register.inclusion_tag("portal/news/includes_latest.html")
def news_about(obj, municipality):
    """Public news linking to `obj` (an event, a measure, a field of action)."""
    return {"news_rows": _rows(obj.news.public().filter(municipality=municipality), 10), "news_heading": _("Meldungen dazu"), "news_all": False,
            "news_municipality": municipality}
