"""A whole-page cache for what anonymous visitors see of the offer directory and an
offer's page: the directory renders in tens of milliseconds (search, facets, 20 offers
with their relations), a cached copy in about one.

A cached page is keyed by its full URL, the active language and the municipality's state:
the search index version (IndexState, bumped whenever the indexed text of an offer, a
translation, a vocabulary or a concept page changes), the newest change of any of its
offers or their translations and their number (contact details, places and the like are
not indexed, so they do not bump the version); looked up at most every STATE_SECONDS. What neither covers — a municipality's own
name or office, a language's name — shows after at most TEILHABE_PAGE_CACHE_SECONDS.

Never cached: logged-in users, requests carrying messages, anything but a 200 answer to
GET/HEAD, responses that set a cookie or hold a CSRF token (a cached page must not carry
one visitor's token to the next)."""
import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils.translation import get_language

PREFIX = "portal-page:"
# The state is looked up at most this often per process and municipality: the lookup
# costs as much as serving the cached page, and an anonymous visitor seeing an edit two
# seconds later loses nothing (staff are never served from the cache).
STATE_SECONDS = 2


def _state(slug):
    """What changes whenever the page may change; None when there is no such municipality."""
    from teilhabe.offers.models import Offer
    from teilhabe.search.models import IndexState

    version = IndexState.objects.filter(municipality__slug=slug).values_list("version", flat=True).first()
    offers = Offer.objects.filter(municipality__slug=slug).aggregate(
        n=Count("pk", distinct=True), changed=Max("modified_at"), translated=Max("translations__modified_at"))
    return f"{version}|{offers['n']}|{offers['changed']}|{offers['translated']}"


def _current_state(slug):
    key = f"{PREFIX}state:{slug}"
    state = cache.get(key) if STATE_SECONDS > 0 else None
    if state is None:
        state = _state(slug)
        if STATE_SECONDS > 0:
            cache.set(key, state, STATE_SECONDS)
    return state


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or settings.TEILHABE_PAGE_CACHE_SECONDS <= 0:
        return False
    if request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # messages waiting for this visitor: render them


def _cacheable_response(request, response):
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not response.has_header("Set-Cookie")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and not get_messages(request).used)                    # the page showed messages


def public_page(view):
    """Serve anonymous GETs of a municipality's page from the cache (see the module)."""
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, slug, *args, **kwargs)
        raw = "\n".join([request.build_absolute_uri(), get_language() or "", _current_state(slug)])
        key = PREFIX + hashlib.sha256(raw.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, slug, *args, **kwargs)
        if _cacheable_response(request, response):
            cache.set(key, (response.content, response["Content-Type"]), settings.TEILHABE_PAGE_CACHE_SECONDS)
        return response
    return wrapper
