"""A whole-page cache for what anonymous visitors see of the offer directory and an
offer's page: the directory renders in tens of milliseconds (search, facets, 20 offers
with their relations), a cached copy in well under one.

Shared by all processes: pages live in the `default` cache (files under
TEILHABE_CACHE_DIR, or a Redis all nodes share: TEILHABE_CACHE_URL, see settings.py), so
one rendering serves every gunicorn worker;
each process also keeps the pages it served in its own memory (`local`), under the same
key. Pages of a free-text search (`?q=`) are kept only there, never on disk: what people
search for is not stored.

A page is keyed by its path with query string, the active language and its
municipality's *generation*: a random token in the shared cache that every change of
what the pages show replaces (invalidate(), called after the commit of any change of the
municipality, its offers and their translations, actors, concepts and fields of action,
target groups, districts, languages — by the search index's hooks in
teilhabe/search/index.py, through the signal municipalities.signals.public_content_changed,
and the receivers below). Serving a cached page costs a read of the generation (a small
file), the page from memory or a file, and no database query. After a change the worker renders the municipality's directory in each of its
languages again (job "portal.warm"), so the next visitor gets a cached page too. Writes that bypass the models (raw SQL, QuerySet.update()) show after
at most TEILHABE_PAGE_CACHE_SECONDS.

Never cached: logged-in users, requests carrying messages, anything but a 200 answer to
GET/HEAD, responses that set a cookie or hold a CSRF token (a cached page must not carry
one visitor's token to the next). Pages hold no personal data: only published content."""
import datetime
import hashlib
import logging
import secrets
import time
from functools import wraps

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils import timezone
from django.utils.translation import get_language
from prometheus_client import Counter

from teilhabe.jobs import enqueue, register
from teilhabe.lib.cache import recovered as shared_cache_recovered
from teilhabe.lib.render import Renderer

from . import display

log = logging.getLogger(__name__)

PREFIX = "portal-page:"
# /metrics (TEILHABE_METRICS): served from the cache (hit) or rendered (miss).
SERVED = Counter("teilhabe_page_cache", "Cacheable public pages served, from the page cache or rendered",
                 ["result"])
# A burst of edits (a coordinator saving several offers) costs one warming.
WARM_DELAY = datetime.timedelta(seconds=2)


def _shared():
    return caches["default"]


def _local():
    return caches["local"]


def _generation_key(slug):
    # Hashed: a slug typed into the address can be of any length and alphabet.
    return f"{PREFIX}gen:" + hashlib.sha256(slug.encode()).hexdigest()[:32]


def _token():
    return secrets.token_hex(8)


def generation(slug):
    """The municipality's current generation, or None when none is recorded (then
    nothing is stored: a page is cached only once a generation exists)."""
    return _shared().get(_generation_key(slug))


def ensure_generation(slug):
    _shared().add(_generation_key(slug), _token(), None)
    return generation(slug)


def page_key(full_path, language, gen):
    raw = "\n".join([full_path, language or "", gen])
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


# --- Invalidation ---------------------------------------------------------------------

def _slugs(municipality_ids):
    """The slugs of these municipalities and of their region: a Kreis's pages show its
    towns' content, a town's pages its Kreis's offers and actors (issue 15) — so a change in
    one renews the Kreis and its towns."""
    from django.db.models import Q

    from teilhabe.municipalities.models import Municipality

    ids = tuple(sorted({i for i in municipality_ids if i is not None}))
    if not ids:
        return []
    memo = _slugs_memo()
    if memo is not None and ids in memo.found:
        return memo.found[ids]
    slugs = list(Municipality.objects.filter(Q(pk__in=ids) | Q(parent__in=ids) | Q(towns__in=ids))
                 .values_list("slug", flat=True).distinct())
    if memo is not None:
        memo.found[ids] = slugs
    return slugs


class _SlugsMemo:
    """What _slugs() found in this transaction: a transaction saving many objects of one
    municipality (a form with its translations, an import, the demo) asks the database once,
    not once per save. It sits in the transaction's on-commit list, so it ends with the
    transaction (a rolled-back savepoint takes it along); a saved or deleted municipality
    (its slug, its Kreis) retires it: the next one is made in the savepoint of the change,
    so a rolled-back change takes what was found after it along."""

    def __init__(self):
        self.found = {}
        self.retired = False

    def __call__(self):
        self.found.clear()

    def retire(self):
        self.found.clear()
        self.retired = True


def _slugs_memo(*, create=True):
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for entry in connection.run_on_commit:  # (savepoint ids, callback, robust)
        if isinstance(entry[1], _SlugsMemo) and not entry[1].retired:
            return entry[1]
    if not create:
        return None
    memo = _SlugsMemo()
    transaction.on_commit(memo)
    return memo


def _renew(slugs, *, existing_only=False):
    try:
        shared = _shared()
        keys = [_generation_key(slug) for slug in slugs]
        if existing_only:
            keys = list(shared.get_many(keys))
        if keys:
            shared.set_many({key: _token() for key in keys}, None)
    except OSError:  # a full or read-only disk must not fail the change itself
        log.error("page cache: could not renew generations; pages may stay stale for "
                  "up to TEILHABE_PAGE_CACHE_SECONDS")


class _AfterCommit:
    """One per municipality and transaction (like search.signals._Refresh)."""

    def __init__(self, slug):
        self.key = ("portal-page", slug)
        self.done = False

    def __call__(self):
        self.done = True
        slug = self.key[1]
        # Renewed again after the commit: a page rendered meanwhile from the old data
        # was stored under the generation renewed before the commit, never read again.
        _renew([slug])
        enqueue("portal.warm", {"slug": slug}, dedupe_key=f"portal.warm:{slug}",
                run_after=timezone.now() + WARM_DELAY)


def invalidate_slugs(slugs):
    """Pages of these municipalities change: renew their generations now and after the
    commit, then have the worker render their directories again."""
    slugs = [s for s in dict.fromkeys(slugs) if s]
    if not slugs or settings.TEILHABE_PAGE_CACHE_SECONDS <= 0:
        return
    # Before the commit only generations that exist: without one no page is kept (a page is
    # stored under the generation taken before it was rendered), and the renewal after the
    # commit makes one. An import, the demo or a new municipality's default topics saving
    # hundreds of objects in one transaction then write nothing to the shared cache until
    # their commit (a write to the file cache: a temporary file and a rename; a missing key's
    # read: one failed open). Tests, whose transactions never commit, write nothing at all.
    _renew(slugs, existing_only=True)
    connection = transaction.get_connection()
    for slug in slugs:
        if connection.in_atomic_block and any(
                isinstance(entry[1], _AfterCommit) and entry[1].key == ("portal-page", slug)
                and not entry[1].done for entry in connection.run_on_commit):
            continue
        transaction.on_commit(_AfterCommit(slug))


def invalidate(*municipality_ids):
    invalidate_slugs(_slugs(municipality_ids))


def invalidate_all():
    from teilhabe.municipalities.models import Municipality

    invalidate_slugs(Municipality.objects.values_list("slug", flat=True))


# What the search index's hooks do not see (they cover offers, translations, actors,
# concepts and their parts, and renamed target groups and districts): the municipality
# itself, new or deleted target groups and districts, language names.

def _municipality_saving(sender, instance, **kwargs):
    if instance.pk:  # a changed slug leaves pages under the old one
        old = type(instance).objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old and old != instance.slug:
            invalidate_slugs([old])


def _municipality_changed(sender, instance, **kwargs):
    if memo := _slugs_memo(create=False):
        memo.retire()
    invalidate_slugs([instance.slug])


def _vocabulary_changed(sender, instance, **kwargs):
    invalidate(instance.municipality_id)


def _municipality_languages(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from teilhabe.municipalities.models import Municipality

    if isinstance(instance, Municipality):
        invalidate_slugs([instance.slug])
    else:
        invalidate(*(pk_set or ()))


def _language_changed(sender, instance, **kwargs):
    invalidate_all()


def _council_changed(sender, instance, **kwargs):
    invalidate(instance.municipality.pk)


def _public_content_changed(sender, municipality_ids=(), **kwargs):
    invalidate(*municipality_ids)


def _shared_cache_recovered(sender, **kwargs):
    # A change saved while Redis was unreachable could not renew its generation: once it
    # answers again, renew them all (a few hundred keys), or old pages would come back.
    from teilhabe.municipalities.models import Municipality

    _renew(list(Municipality.objects.values_list("slug", flat=True)))


def _connect():
    from teilhabe.municipalities.models import District, Language, Municipality, TargetGroup
    from teilhabe.municipalities.signals import public_content_changed

    uid = "portal-page-cache"
    pre_save.connect(_municipality_saving, sender=Municipality, dispatch_uid=f"{uid}-m-pre")
    post_save.connect(_municipality_changed, sender=Municipality, dispatch_uid=f"{uid}-m")
    post_delete.connect(_municipality_changed, sender=Municipality, dispatch_uid=f"{uid}-m-del")
    m2m_changed.connect(_municipality_languages, sender=Municipality.languages.through,
                        dispatch_uid=f"{uid}-m-lang")
    for model in (TargetGroup, District):
        post_save.connect(_vocabulary_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_vocabulary_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")
    post_save.connect(_language_changed, sender=Language, dispatch_uid=f"{uid}-language")
    public_content_changed.connect(_public_content_changed, dispatch_uid=f"{uid}-content")
    # The council section (portal/views/council.py): any save of a council object, soft
    # deletion included (it is a save), renews its municipality's pages.
    for model in django_apps.get_app_config("council").get_models():
        post_save.connect(_council_changed, sender=model, dispatch_uid=f"{uid}-council-{model.__name__}")
        post_delete.connect(_council_changed, sender=model, dispatch_uid=f"{uid}-council-{model.__name__}-del")
    shared_cache_recovered.connect(_shared_cache_recovered, dispatch_uid=f"{uid}-recovered")


_connect()


# The transparency and open-data pages (portal/views/transparency.py) show what the search
# index's hooks do not see: indicators and their values, goal links, monitoring settings,
# measures' results, the network's working groups, declared ties and event attendance,
# events, and the open-data settings (the page's switch, the licence).

def _owners(instance):
    """The municipality ids whose pages show this object."""
    from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
    from teilhabe.participation.models import AttendingActor, Event, Registration
    from teilhabe.municipalities.models import Municipality
    from teilhabe.strategy.models import Concept, Goal, Measure

    if isinstance(instance, Observation):
        return Indicator.objects.filter(pk=instance.indicator_id).values_list("municipality_id", flat=True)
    if isinstance(instance, MeasureResult):
        return Measure.objects.filter(pk=instance.measure_id).values_list("concept__municipality_id", flat=True)
    if isinstance(instance, (AttendingActor, Registration)):  # an actor present ties it to others
        return Event.objects.filter(pk=instance.event_id).values_list(
            "municipality_id", flat=True) if instance.actor_id else []
    if isinstance(instance, Municipality):  # a town's offers of its Kreis changed from its side
        return [instance.pk]
    if isinstance(instance, Goal):  # an indicator's goals changed from the goal's side
        return Concept.objects.filter(pk=instance.concept_id).values_list("municipality_id", flat=True)
    return [instance.municipality_id]


def _shown_changed(sender, instance, **kwargs):
    invalidate(*_owners(instance))


def _shown_links_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate(*_owners(instance))


def _connect_transparency():
    from teilhabe.monitoring.models import Indicator, MeasureResult, MonitoringSettings, Observation
    from teilhabe.network.models import DeclaredTie, WorkingGroup
    from teilhabe.offers.models import Offer
    from teilhabe.opendata.models import OpenDataSettings
    from teilhabe.participation.models import AttendingActor, Event, Registration

    uid = "portal-page-cache-shown"
    for model in (Indicator, Observation, MonitoringSettings, MeasureResult, WorkingGroup, DeclaredTie,
                  OpenDataSettings, Event, AttendingActor, Registration):
        post_save.connect(_shown_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_shown_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")
    # Which towns a Kreis's offer serves (their directories, searches and home pages).
    for through in (Indicator.goals.through, WorkingGroup.members.through, Offer.serves.through):
        m2m_changed.connect(_shown_links_changed, sender=through, dispatch_uid=f"{uid}-{through.__name__}")


_connect_transparency()


# Courses show on the course finder of their Kreis and of every town in it
# (portal/views/courses.py): a change renews all of their pages. Free places change when a
# learner is placed, or stops being placed.

def _kreis_wide(kreis_ids):
    from django.db.models import Q

    from teilhabe.municipalities.models import Municipality

    ids = {i for i in kreis_ids if i is not None}
    if ids:
        invalidate_slugs(Municipality.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))
                         .values_list("slug", flat=True))


def _course_changed(sender, instance, **kwargs):
    _kreis_wide([instance.kreis_id])


def _learner_saving(sender, instance, **kwargs):
    # Only an existing learner saved without a course can have left one: ask the database
    # then (a query per such save; none for placements, new entries or bulk loads).
    instance._portal_left_course = bool(
        instance.pk and instance.course_id is None
        and sender.objects.filter(pk=instance.pk, course__isnull=False).exists())


def _learner_changed(sender, instance, **kwargs):
    if instance.course_id or getattr(instance, "_portal_left_course", False):
        _kreis_wide([instance.kreis_id])


def _provider_changed(sender, instance, **kwargs):
    from teilhabe.courses.models import Course

    actor_id = instance.actor_id if hasattr(instance, "actor_id") else instance.pk
    _kreis_wide(Course.objects.filter(provider_id=actor_id).values_list("kreis_id", flat=True).distinct())


def _connect_courses():
    from teilhabe.actors.models import Actor, ContactPerson
    from teilhabe.courses.models import Course, KreisCourseSettings, Learner

    uid = "portal-page-cache-courses"
    for model in (Course, KreisCourseSettings):
        post_save.connect(_course_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_course_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")
    pre_save.connect(_learner_saving, sender=Learner, dispatch_uid=f"{uid}-learner-pre")
    post_save.connect(_learner_changed, sender=Learner, dispatch_uid=f"{uid}-learner")
    post_delete.connect(_learner_changed, sender=Learner, dispatch_uid=f"{uid}-learner-del")
    for model in (Actor, ContactPerson):
        post_save.connect(_provider_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_provider_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")


_connect_courses()


# Topics and their information texts show on the home page, the topic pages and in the
# welcome folder (kept under the generation too, portal/views/topics.py); their
# translations tell through public_content_changed, the German and the offers chosen here.

def _topic_changed(sender, instance, **kwargs):
    topic = instance.topic if hasattr(instance, "topic_id") else instance
    invalidate(topic.municipality_id)


def _topic_offers_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and hasattr(instance, "municipality_id"):
        invalidate(instance.municipality_id)


def _connect_topics():
    from teilhabe.topics.models import InformationText, Topic

    uid = "portal-page-cache-topics"
    for model in (Topic, InformationText):
        post_save.connect(_topic_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_topic_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")
    m2m_changed.connect(_topic_offers_changed, sender=Topic.offers.through, dispatch_uid=f"{uid}-offers")


_connect_topics()


# --- Serving --------------------------------------------------------------------------

# Django's own message stores: waiting messages live in the "messages" cookie or in the
# session, so a request with neither cookie has none.
_BUILTIN_MESSAGE_STORAGES = {f"django.contrib.messages.storage.{name}" for name in (
    "fallback.FallbackStorage", "cookie.CookieStorage", "session.SessionStorage")}


def _stateless(request):
    """True when the request carries no session cookie and no message cookie: an
    anonymous visitor with no message waiting — known without loading the user or the
    message storage (a sixth of serving a cached page). Only where logging in means a
    session and messages use Django's own stores."""
    if settings.MESSAGE_STORAGE not in _BUILTIN_MESSAGE_STORAGES or any(
            "RemoteUser" in name for name in settings.MIDDLEWARE):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or settings.TEILHABE_PAGE_CACHE_SECONDS <= 0:
        return False
    if _stateless(request):
        return True
    if request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # messages waiting for this visitor: render them


def _cacheable_response(request, response):
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not response.has_header("Set-Cookie")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and not get_messages(request).used)                    # the page showed messages


def _count(result):
    if settings.TEILHABE_METRICS:
        SERVED.labels(result).inc()


def public_page(view=None, *, absolute_urls=False, changes_every=None):
    """Serve anonymous GETs of a municipality's page from the cache (see the module).
    `absolute_urls=True` for a page that holds its own absolute URL (the offer page's
    JSON-LD): its copies are kept apart per scheme and host name. `changes_every`
    (seconds) for a page that shows the time of day's state (an offer's "open now"): a
    copy serves only the time slot it was rendered in. A page that only shows
    something has @require_safe outside this decorator: a POST neither reads nor fills the
    cache, and is refused whether the page is cached or not."""
    if view is None:
        return lambda view: public_page(view, absolute_urls=absolute_urls, changes_every=changes_every)

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, slug, *args, **kwargs)
        gen = generation(slug)
        if gen is None:  # unknown (or evicted): render; the next request can be stored
            _count("miss")
            response = view(request, slug, *args, **kwargs)
            if _cacheable_response(request, response):
                ensure_generation(slug)
            return response
        searched = bool(request.GET.get("q", "").strip())
        address = request.build_absolute_uri() if absolute_urls else request.get_full_path()
        # Kept apart per Darstellung too: a page carries the visitor's display classes; and
        # per time slot where the page says what holds now ("jetzt geöffnet").
        key = page_key(address, "|".join([get_language() or "", *display.choices(request)]),
                       gen if changes_every is None else f"{gen}:{int(time.time() // changes_every)}")
        # This process's memory first: the key holds the generation, so a copy there is
        # exactly as current as the shared one, and costs no file read.
        cached = _local().get(key)
        if cached is None and not searched:
            cached = _shared().get(key)
            if cached is not None:
                _local().set(key, cached, settings.TEILHABE_PAGE_CACHE_SECONDS)
        _count("miss" if cached is None else "hit")
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            # The page is the anonymous visitor's: say so to caches on the way, as the
            # session middleware does when the session was looked at (see _stateless).
            patch_vary_headers(response, ("Cookie",))
            return response
        response = view(request, slug, *args, **kwargs)
        if _cacheable_response(request, response):
            entry = (response.content, response["Content-Type"])
            _local().set(key, entry, settings.TEILHABE_PAGE_CACHE_SECONDS)
            if not searched:  # what people search for is never written to disk
                try:
                    _shared().set(key, entry, settings.TEILHABE_PAGE_CACHE_SECONDS)
                except OSError:
                    log.warning("page cache: could not store a page")
        return response
    return wrapper


# --- Warming --------------------------------------------------------------------------

def warm(slug):
    """Render the municipality's offer directory (first page, no search, no filter) in
    German and each language the municipality offers that the portal speaks, into the
    shared cache, each asked as an anonymous visitor's browser would (lib/render.py: in
    this process, through the whole middleware stack). Returns the number of pages rendered."""
    from django.urls import reverse

    from teilhabe.municipalities.models import Municipality
    from teilhabe.search import engine

    municipality = Municipality.objects.filter(slug=slug).prefetch_related("languages").first()
    if municipality is None or settings.TEILHABE_PAGE_CACHE_SECONDS <= 0:
        return 0
    ensure_generation(slug)
    portal = dict(settings.LANGUAGES)
    languages = ["de", *sorted(lang.code for lang in municipality.languages.all() if lang.code in portal and lang.code != "de")]
    path = reverse("portal:offers", args=[slug])
    kept = engine.is_loaded(municipality.pk)
    try:
        with engine.loaded_briefly():
            renderer = Renderer()
            for language in languages:
                renderer.get(path, headers={"Accept-Language": language})
    finally:
        if not kept:  # the worker keeps no index it did not hold before (memory)
            engine.forget(municipality.pk)
    return len(languages)


@register("portal.warm")
def _warm_job(payload):
    warm(payload["slug"])
