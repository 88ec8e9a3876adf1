"""TEILHABE_CACHE_URL selects the cache all processes of all nodes share (lib/cache.py):
Django's RedisCache on a Redis server, or files (the default). With Redis unreachable
the cache answers as an empty one — pages are served uncached, log-ins unthrottled, no
500 — warns once a minute, and is used again by itself as soon as Redis answers."""
import logging

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from teilhabe.lib import cache as shared
from teilhabe.lib.env import parse_cache_url
from teilhabe.portal import cache as page_cache
from tests import builders as b


def parse(url):
    return parse_cache_url(url, file_dir="/srv/var/cache", key_prefix="p", max_entries=5)


def test_it_keeps_the_file_cache_by_default_and_takes_redis_or_a_directory_from_the_url():
    assert parse("") == {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                         "LOCATION": "/srv/var/cache", "KEY_PREFIX": "p", "OPTIONS": {"MAX_ENTRIES": 5}}
    assert parse("file:///var/lib/teilhabe/cache")["LOCATION"] == "/var/lib/teilhabe/cache"
    for url in ("redis://cache.internal:6379/2", "rediss://:geheim@cache.internal:6380/0", "redis://localhost"):
        assert parse(url) == {"BACKEND": "teilhabe.lib.cache.SharedRedisCache", "LOCATION": url, "KEY_PREFIX": "p"}


@pytest.mark.parametrize("url", ["memcached://x:11211", "redis:///0", "redis://host:port/0",
                                 "redis://:geheim@host/zwei", "file://relative/path", "geheim"])
def test_it_refuses_a_cache_url_it_cannot_read_without_repeating_it(url):
    with pytest.raises(ImproperlyConfigured, match="TEILHABE_CACHE_URL") as refused:
        parse(url)
    assert "geheim" not in str(refused.value)


def redis_cache(url):
    return shared.SharedRedisCache(url, {"KEY_PREFIX": "t"})


def test_it_is_a_working_cache_on_redis(shared_redis_url):
    cache = redis_cache(shared_redis_url)
    cache.delete_many(["a", "n"])
    cache.set("a", {"b": 1})
    assert cache.get("a") == {"b": 1}
    assert cache.add("n", 1) and not cache.add("n", 1)
    assert cache.incr("n") == 2
    assert cache.reachable()


@pytest.fixture
def warnings(caplog):
    caplog.set_level(logging.WARNING, logger="teilhabe.lib.cache")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "teilhabe.lib.cache"]


def test_it_serves_as_an_empty_cache_while_redis_is_down_warns_once_a_minute_and_recovers(
        redis_server, warnings, monkeypatch, db):  # db: the page cache renews its generations
    monkeypatch.setattr(shared, "RETRY_AFTER", 0.0)
    cache = redis_cache(redis_server.url)
    cache.set("page", "alt")
    redis_server.stop()
    for _ in range(50):  # a busy minute: fifty requests
        assert cache.get("page", "miss") == "miss"
        cache.set("page", "neu")
        assert cache.add("count", 1) is True and cache.incr("count") == 1
        assert cache.get_many(["page"]) == {} and cache.set_many({"page": 1}) == ["page"]
        assert not cache.has_key("page") and not cache.touch("page") and not cache.delete("page")
    assert not cache.reachable()
    assert len(warnings()) == 1
    assert warnings()[0].startswith("shared cache unreachable, serving without it: ConnectionError")
    assert f"127.0.0.1:{redis_server.port}" in warnings()[0]

    monkeypatch.setattr(shared, "WARN_EVERY", 0.0)  # the minute is over
    cache.get("page")
    assert len(warnings()) == 2

    redis_server.start()
    cache.set("page", "wieder da")
    assert cache.get("page") == "wieder da"
    assert warnings()[-1] == "shared cache reachable again"
    cache.get("page")
    assert len(warnings()) == 3


def test_it_does_not_knock_again_for_a_moment_after_a_failure(redis_server, monkeypatch):
    monkeypatch.setattr(shared, "RETRY_AFTER", 60.0)  # the moment outlasts a slow restart
    cache = redis_cache(redis_server.url)
    redis_server.stop()
    assert cache.get("x") is None
    redis_server.start()
    cache2 = redis_cache(redis_server.url)  # another thread of the same process
    assert cache2.add("x", 1) is True and cache2.get("x") is None  # still resting, not asked
    cache2._health.retry_at = 0  # the moment has passed
    assert cache2.add("x", 1) and cache2.get("x") == 1


def test_the_page_cache_renews_its_generations_when_redis_is_back(redis_server, db, monkeypatch):
    """A change saved while Redis was down could not replace the municipality's generation;
    a Redis with persistence comes back with the old one, and with it the old pages."""
    monkeypatch.setattr(shared, "RETRY_AFTER", 0.0)
    town = b.municipality("lindenau")
    with override_settings(CACHES={
            "default": {"BACKEND": "teilhabe.lib.cache.SharedRedisCache", "LOCATION": redis_server.url},
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        before = page_cache.ensure_generation(town.slug)
        redis_server.stop(save=True)
        page_cache.invalidate_slugs([town.slug])  # could not be stored
        assert page_cache.generation(town.slug) is None
        redis_server.start()
        assert page_cache.generation(town.slug) not in (None, before)
        caches["default"].clear()
