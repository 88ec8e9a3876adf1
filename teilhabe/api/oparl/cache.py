"""List pages of the OParl endpoint kept in the shared cache: a page of 100 papers with
their files and consultations takes a worker tens of milliseconds to load and write,
a kept copy well under one (bench/oparl.py, bench/README.md). Harvesters read the same
pages again and again; councils change a few times a week.

A page is kept under its absolute URL (the ids in it name the host) and its
municipality's *generation*, a random token in the `default` cache (shared by all
processes and nodes, like the portal's page cache) that every save or deletion of a council
object, and of the municipality itself, replaces — at once and again after the commit, so a
page built meanwhile from the old data is never read again. The receivers are connected in
ApiConfig.ready(), so a command (`teilhabe oparl-import`) or the worker renews them too.
Writes that bypass the models (QuerySet.update(), bulk_create) show after at most
TEILHABE_PAGE_CACHE_SECONDS. Lists asked with created_/modified_ filters are not kept:
each client asks with its own moment, so a copy would seldom be read again."""
import hashlib
import logging
import secrets
import threading
from collections import OrderedDict

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .http import FILTERS

log = logging.getLogger(__name__)
PREFIX = "oparl-page:"
# Each process also keeps the pages it served last in its own memory, up to this many bytes:
# the shared cache compresses and pickles them, which for a page of 400 kB costs more than
# the rest of the answer. The key names the generation, so a renewed one is never read.
LOCAL_BYTES = 32 * 1024 * 1024


class _Recent:
    """A small least-recently-used store of (content, etag, last modified, gzipped) by key."""

    def __init__(self, budget):
        self.budget, self.used = budget, 0
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value):
        size = len(value[0]) + len(value[3])
        if size > self.budget // 4:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.used += size
            while self.used > self.budget:
                _key, old = self.items.popitem(last=False)
                self.used -= len(old[0]) + len(old[3])


_recent = _Recent(LOCAL_BYTES)


def _shared():
    return caches["default"]


def _generation_key(municipality_id):
    return f"{PREFIX}gen:{municipality_id}"


def _enabled():
    return settings.TEILHABE_PAGE_CACHE_SECONDS > 0


def cacheable(request):
    return _enabled() and request.method in ("GET", "HEAD") and not any(name in request.GET for name in FILTERS)


def key(request, municipality_id):
    """The key of this page now, or None when it is not to be kept."""
    if not cacheable(request):
        return None
    cache = _shared()
    generation_key = _generation_key(municipality_id)
    generation = cache.get(generation_key)
    if generation is None:
        cache.add(generation_key, secrets.token_hex(8), None)
        generation = cache.get(generation_key)
        if generation is None:
            return None
    raw = "\n".join([request.build_absolute_uri(), generation])
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def get(page_key):
    if not page_key:
        return None
    value = _recent.get(page_key)
    if value is None:
        value = _shared().get(page_key)
        if value is not None:
            _recent.put(page_key, value)
    return value


def put(page_key, value):
    if page_key:
        _recent.put(page_key, value)
        try:
            _shared().set(page_key, value, settings.TEILHABE_PAGE_CACHE_SECONDS)
        except OSError:  # a full disk must not fail the answer
            log.error("OParl page cache: could not store a page")


def renew(municipality_id):
    try:
        _shared().set(_generation_key(municipality_id), secrets.token_hex(8), None)
    except OSError:
        log.error("OParl page cache: could not renew a generation; pages may stay stale for "
                  "up to TEILHABE_PAGE_CACHE_SECONDS")


class _AfterCommit:
    """One per municipality and transaction: an import saving thousands of objects renews
    the generation after its commit once."""

    def __init__(self, municipality_id):
        self.key = ("oparl-page", municipality_id)
        self.done = False

    def __call__(self):
        self.done = True
        renew(self.key[1])


def _changed(municipality_id):
    if municipality_id is None or not _enabled():
        return
    renew(municipality_id)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
            isinstance(entry[1], _AfterCommit) and entry[1].key == ("oparl-page", municipality_id)
            and not entry[1].done for entry in connection.run_on_commit):
        return
    transaction.on_commit(_AfterCommit(municipality_id))


def _council_changed(sender, instance, **kwargs):
    municipality_id = getattr(instance, "municipality_id", None)
    if municipality_id is None:
        municipality = getattr(instance, "municipality", None)
        municipality_id = getattr(municipality, "pk", None)
    _changed(municipality_id)


def _municipality_changed(sender, instance, **kwargs):
    _changed(instance.pk)


def connect():
    from teilhabe.council.models import ImportedObject, ImportSource
    from teilhabe.municipalities.models import Municipality

    uid = "oparl-page-cache"
    post_save.connect(_municipality_changed, sender=Municipality, dispatch_uid=f"{uid}-m")
    for model in django_apps.get_app_config("council").get_models():
        if model in (ImportSource, ImportedObject):  # bookkeeping of the import, not published
            continue
        post_save.connect(_council_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        post_delete.connect(_council_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}-del")
