"""A municipality's news (Aktuelles): the list, an item's page with its pictures and PDF
attachments, the Atom feed, and the files themselves. Only what NewsItem.objects.public()
calls public; a draft's pictures are served to staff who read the news (their preview),
never cached on the way. List, page and feed are in the page cache: a scheduled item
renews it when it appears (news/jobs.py)."""
import datetime

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from teilhabe.news import rules
from teilhabe.news.models import Attachment, NewsItem, Picture, variant_name
from teilhabe.translations.texts import prefetch

from ..cache import public_page
from . import active_language, context, get_municipality

PAGE_SIZE = 10
FEED_SIZE = 20
# Sizes for srcset: a column of at most 48rem on wide screens, the whole width on phones.
SIZES = "(min-width: 50rem) 48rem, 100vw"


def public_news(municipality):
    return NewsItem.objects.public().filter(municipality=municipality).prefetch_related("pictures")


def rows(items, lang):
    return [(item, item.in_language(lang)) for item in prefetch(items, lang)]


@require_safe
@public_page
def news_list(request, slug):
    municipality = get_municipality(slug)
    lang = active_language()
    page = Paginator(public_news(municipality), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/news/list.html", context(
        municipality, section="news", page=page, rows=rows(page.object_list, lang), lang=lang))


@require_safe
@public_page
def news_page(request, slug, pk):
    municipality = get_municipality(slug)
    lang = active_language()
    item = get_object_or_404(public_news(municipality).prefetch_related("attachments"), pk=pk)
    return render(request, "portal/news/page.html", context(
        municipality, section="news", item=item, texts=item.in_language(lang), lang=lang, sizes=SIZES,
        events=item.events.public(), measures=item.measures.public(),
        fields=item.fields.filter(concept=context(municipality)["concept"]),
        ideas=[idea for idea in item.ideas.all() if idea.status in idea.PUBLIC]))


class NewsFeed(Feed):
    """Atom 1.0 (RFC 4287), in the visitor's language where translated."""
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        self.lang = active_language()
        return get_municipality(slug)

    def title(self, municipality):
        return _("Aktuelles – %(name)s") % {"name": municipality.name}

    def subtitle(self, municipality):
        return _("Meldungen von %(name)s") % {"name": municipality.name}

    def link(self, municipality):
        return reverse("news:list", args=[municipality.slug])

    def feed_url(self, municipality):
        return reverse("news:feed", args=[municipality.slug])

    def items(self, municipality):
        return prefetch(public_news(municipality)[:FEED_SIZE], self.lang)

    def item_title(self, item):
        return item.in_language(self.lang)["title"]

    def item_description(self, item):
        return item.in_language(self.lang)["teaser"]

    def item_link(self, item):
        return reverse("news:item", args=[item.municipality.slug, item.pk])

    def item_pubdate(self, item):
        return item.publish_at or timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return max(item.modified_at, item.publish_at or item.modified_at)

    def item_author_name(self, item):
        return item.office or item.municipality.name


@require_safe
@public_page(absolute_urls=True)  # the feed holds absolute addresses
def news_feed(request, slug):
    return NewsFeed()(request, slug=slug)  # one per request: it keeps the language on itself


def _file_response(request, handle, content_type, etag, modified, public):
    response = FileResponse(handle, content_type=content_type)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(int(modified.timestamp()))
    if public:
        # Named by checksum: the content at one address never changes; a day, so that an
        # item taken back is gone from caches soon.
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, no_store=True)
    conditional = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()),
                                           response=response)
    if conditional is not response:
        handle.close()
    return conditional


def _visible(request, municipality, queryset, pk):
    obj = get_object_or_404(queryset.select_related("news__municipality"), pk=pk, news__municipality=municipality)
    if not rules.may_see(request.user, obj.news):
        raise Http404
    return obj


@require_safe
def picture_file(request, slug, pk, width):
    """One variant of a picture (WebP); never the storage's own address."""
    municipality = get_municipality(slug)
    picture = _visible(request, municipality, Picture.objects, pk)
    if width not in picture.widths():
        raise Http404
    try:
        handle = default_storage.open(variant_name(picture, width), "rb")
    except FileNotFoundError:
        raise Http404 from None
    return _file_response(request, handle, "image/webp", f'"{picture.sha1}-{width}"', picture.modified_at,
                          picture.news.is_public())


@require_safe
def attachment_file(request, slug, pk):
    municipality = get_municipality(slug)
    attachment = _visible(request, municipality, Attachment.objects, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _file_response(request, handle, "application/pdf", f'"{attachment.sha1}"', attachment.modified_at,
                          attachment.news.is_public())
