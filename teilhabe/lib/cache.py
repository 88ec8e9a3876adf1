"""The shared cache on Redis, and what happens when Redis is not there.

Django's own RedisCache (django.core.cache.backends.redis, through redis-py) does the
work: it is maintained with Django, needs no extra package beyond redis-py, and counts
atomically (INCR), which django-axes's log-in throttle needs. What it lacks is keeping
out of the way: with Redis unreachable every cache call raises, and every page would
end in a 500. SharedRedisCache answers such a call as a cache that holds nothing (a
miss; a write that kept nothing), so the site serves uncached pages; it warns once a
minute per process, not per request; after a failure it does not try again for
RETRY_AFTER seconds (a Redis host that does not answer would otherwise cost the connect
timeout on every call); and it notices by itself when Redis answers again (a PING before
the next call). Then it sends `recovered`, so that whoever kept something there can
renew it (the page cache renews its generations: a change saved meanwhile could not)."""
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal

log = logging.getLogger(__name__)

recovered = Signal()
WARN_EVERY = 60.0  # seconds
RETRY_AFTER = 2.0  # seconds
TIMEOUT = 1.0  # seconds to connect and to wait for an answer; Redis answers in well under 1 ms


class _Health:
    """One per Redis location and process (Django makes a cache object per thread)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0
        self.warned_at = None


_health = {}
_health_lock = threading.Lock()


def _health_of(location):
    with _health_lock:
        return _health.setdefault(location, _Health())


def _errors():
    from redis.exceptions import ConnectionError, TimeoutError

    return (ConnectionError, TimeoutError, OSError)


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retries inside redis-py: the next request tries again anyway.
        self._options = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT,
                         "retry": Retry(NoBackoff(), 0), **self._options}
        self._health = _health_of(",".join(self._servers))

    def _guarded(self, fallback, method, *args, **kwargs):
        health = self._health
        if health.down:
            if time.monotonic() < health.retry_at:
                return fallback
            # Asked first, apart from the call: what `recovered` renews must be renewed
            # before this call reads it.
            try:
                self._cache.get_client().ping()
            except _errors() as error:
                self._failed(error)
                return fallback
            self._back()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except _errors() as error:
            self._failed(error)
            return fallback

    def _failed(self, error):
        health = self._health
        now = time.monotonic()
        with health.lock:
            health.down = True
            health.retry_at = now + RETRY_AFTER
            if health.warned_at is not None and now - health.warned_at < WARN_EVERY:
                return
            health.warned_at = now
        # The error names host and port, never the password of the URL.
        log.warning("shared cache unreachable, serving without it: %s: %s", type(error).__name__, error)

    def _back(self):
        health = self._health
        with health.lock:
            if not health.down:
                return
            health.down = False
            health.warned_at = None
        log.warning("shared cache reachable again")
        # A receiver's failure (say, the database is down too) must not fail this call.
        for receiver, outcome in recovered.send_robust(sender=type(self)):
            if isinstance(outcome, Exception):
                log.error("shared cache: %s failed after recovery: %s", receiver.__qualname__,
                          type(outcome).__name__)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: as if stored, so that a counter's first add is not followed by an incr
        # of a key that is not there (django-axes counts like that).
        return self._guarded(True, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._guarded(delta, "incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, "delete_many", keys, version)

    def clear(self):
        return self._guarded(None, "clear")

    def reachable(self):
        """For /readyz: a round trip now, whatever the last call found."""
        try:
            return bool(self._cache.get_client().ping())
        except _errors():
            return False
