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
TEILHABE_PAGE_CACHE_SECONDS. After the commit the worker makes the Body's list pages of
the new generation (job "oparl.warm", warm.py), so a crawler does not wait for them.

A list asked with `modified_since` alone is kept too, under the moment of the oldest change
it selects (its *floor*) instead of the client's own moment: every moment that selects the
same objects — each client asks with its own — finds the same page. It is kept without its
`links`, which carry the client's own moment and are added to each answer (head_of,
with_links). Why the floor is exact: no object of the list changed between the client's
moment and the floor, so both select the same objects, in the same order, on the same
pages (deleted and no longer public ones too, which modified_since shows as deleted).
Lists asked with created_/modified_until are not kept: each client asks with its own
moments."""
import datetime
import hashlib
import logging
import secrets
import struct
import threading
import zlib
from collections import OrderedDict

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from teilhabe.api.http import Payload, encode, etag_of
from teilhabe.jobs import enqueue

from .http import FILTERS, page_links

log = logging.getLogger(__name__)
PREFIX = "oparl-page:"
ORIGINS_KEY = PREFIX + "origins"
# The origins (scheme, host) the worker makes pages for: the last ones clients asked through.
MAX_ORIGINS = 2
# Each process also keeps the pages it served last in its own memory, up to this many bytes:
# the shared cache compresses and pickles them, which for a page of 400 kB costs more than
# the rest of the answer. The key names the generation, so a renewed one is never read.
LOCAL_BYTES = 32 * 1024 * 1024
WARM_DELAY = datetime.timedelta(seconds=2)


class _Recent:
    """A small least-recently-used store of kept pages by key, counted by their bytes."""

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

    @staticmethod
    def _size(value):
        return sum(len(part) for part in value if isinstance(part, bytes))

    def put(self, key, value):
        size = self._size(value)
        if size > self.budget // 4:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.used += size
            while self.used > self.budget:
                _key, old = self.items.popitem(last=False)
                self.used -= self._size(old)


_recent = _Recent(LOCAL_BYTES)


def _shared():
    return caches["default"]


def _generation_key(municipality_id):
    return f"{PREFIX}gen:{municipality_id}"


def enabled():
    return settings.TEILHABE_PAGE_CACHE_SECONDS > 0


def cacheable(request):
    """A list page kept under its own address: asked without filters."""
    return enabled() and request.method in ("GET", "HEAD") and not any(name in request.GET for name in FILTERS)


def cacheable_since(request):
    """A list page kept under its floor: asked with modified_since and no other filter."""
    return (enabled() and request.method in ("GET", "HEAD") and "modified_since" in request.GET
            and not any(name in request.GET for name in FILTERS if name != "modified_since"))


def current_generation(municipality_id):
    """The municipality's generation, or None when it has none (yet)."""
    return _shared().get(_generation_key(municipality_id))


def generation(municipality_id):
    """The municipality's current generation (made when there is none), or None when the
    shared cache keeps nothing."""
    cache = _shared()
    generation_key = _generation_key(municipality_id)
    value = cache.get(generation_key)
    if value is None:
        cache.add(generation_key, secrets.token_hex(8), None)
        value = cache.get(generation_key)
    return value


def key(request, generation, floor=None):
    """The key of this page in this generation; with `floor`, of the page asked with
    modified_since: its address without the client's moment, and the floor."""
    if floor is None:
        address = request.build_absolute_uri()
    else:
        others = sorted((name, value) for name, value in request.GET.items() if name != "modified_since")
        address = "\n".join([request.build_absolute_uri(request.path), repr(others), f"floor:{floor}"])
    raw = "\n".join([address, generation])
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


class _Floors:
    """This process's memory of which floor a client's moment gave, per generation and
    list: a crawler asks every page of a list with the same moment, and only its first
    page needs the query."""

    def __init__(self, size):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, find):
        with self.lock:
            if key in self.items:
                return self.items[key]
        value = find()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_floors = _Floors(4096)


def oldest(generation, request, find):
    """The list's oldest change (`find()`, a query), or None when the list is empty."""
    return _floors.get((generation, request.path, None), find)


def floor(generation, request, find):
    """The moment of the oldest change that modified_since selects in this list
    (`find()`, a query), as text; "-" when it selects nothing."""
    return _floors.get((generation, request.path, request.GET["modified_since"]), find)


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
        if not getattr(warming, "on", False):  # the worker serves nobody: keeps no copy of its own
            _recent.put(page_key, value)
        try:
            _shared().set(page_key, value, settings.TEILHABE_PAGE_CACHE_SECONDS)
        except OSError:  # a full disk must not fail the answer
            log.error("OParl page cache: could not store a page")


warming = threading.local()


# A page asked with modified_since is kept as its `Head`: everything before the value of
# `links`, as JSON and as raw deflate ended by a sync flush (byte-aligned, not final). An
# answer appends the links, deflated on their own, and the gzip frame: a deflate stream may
# go on with blocks of a fresh compressor (they refer back only to their own bytes), and
# the CRC-32 runs on from the head's (zlib.crc32's second argument).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0, unknown OS


def head_of(payload):
    """(JSON, deflated, CRC-32, digest, last modified, page, pages) of a made page."""
    data = dict(payload.data)
    data.pop("links")
    content = encode(data)[:-1] + b',"links":'
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(content) + compressor.flush(zlib.Z_SYNC_FLUSH)
    pagination = data["pagination"]
    return (content, deflated, zlib.crc32(content), hashlib.blake2b(content, digest_size=16).digest(),
            payload.last_modified, pagination["currentPage"], pagination["totalPages"])


def with_links(head, request, url):
    """The answer of a kept head: its links for this client, plain and gzipped."""
    content, deflated, crc, digest, last_modified, number, pages = head
    tail = encode(page_links(request, url, number, pages)) + b"}"
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    size = len(content) + len(tail)
    gzipped = b"".join([_GZIP_HEADER, deflated, compressor.compress(tail), compressor.flush(),
                        struct.pack("<II", zlib.crc32(tail, crc), size & 0xFFFFFFFF)])
    return Payload(None, last_modified, content=content + tail, etag=etag_of(digest + tail), gzipped=gzipped)


def remember_origin(request):
    """Note the scheme and host a client asked through (on a page made for it, not on every
    answer): the ids in the pages name them, so the worker makes its pages for these."""
    origin = [request.scheme, request.get_host()]
    try:
        origins = _shared().get(ORIGINS_KEY) or []
        if origins[:1] != [origin]:
            _shared().set(ORIGINS_KEY, [origin, *(o for o in origins if o != origin)][:MAX_ORIGINS], None)
    except OSError:
        log.error("OParl page cache: could not note an origin")


def origins():
    return [tuple(origin) for origin in _shared().get(ORIGINS_KEY) or []]


def renew(municipality_id, *, existing_only=False):
    try:
        if not existing_only or current_generation(municipality_id) is not None:
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
        # A burst of changes (an import, an office saving an agenda) costs one warming.
        enqueue("oparl.warm", {"municipality": self.key[1]}, dedupe_key=f"oparl.warm:{self.key[1]}",
                run_after=timezone.now() + WARM_DELAY)


def _changed(municipality_id):
    if municipality_id is None or not enabled():
        return
    # Before the commit only a generation that exists: without one no page is kept, and the
    # renewal after the commit makes one — a council import of thousands of objects writes
    # nothing to the shared cache until it commits.
    renew(municipality_id, existing_only=True)
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
