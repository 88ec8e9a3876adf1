"""Strict readers for settings from the environment: a wrong value stops start-up
with a message naming the variable, instead of silently falling back."""
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no; got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_or_create_secret(path):
    path = Path(path)
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def parse_database_url(url):
    """`sqlite:///relative/path`, `sqlite:////absolute/path` (as in SQLAlchemy and
    dj-database-url) or `postgres://user:password@host:port/name`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path:
            raise ImproperlyConfigured("DATABASE_URL for sqlite needs a file path")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # Tests use a file too, not shared-cache memory: only a file honours the busy
            # timeout, so concurrency tests see SQLite behave as it does in production.
            "TEST": {"NAME": None if path == ":memory:" else f"{path}.test"},
            # Wait for a writer instead of failing at once; WAL lets readers run beside it.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            # Keep each thread's connection between requests: opening one (with the
            # pragmas above) cost about as much as a cached page (bench/search_speed.py).
            "CONN_MAX_AGE": 60,
        }
    if parts.scheme in ("postgres", "postgresql"):
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for postgres needs a database name")
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": query.pop("host", parts.hostname or ""),
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
        # Server-side binding lets psycopg prepare the statements a process repeats
        # (after 5 runs): the search's offer query is planned once, not per request.
        # Behind a transaction-mode PgBouncer add ?server_side_binding=false.
        binding = query.pop("server_side_binding", "true").lower() not in ("0", "false", "no", "off")
        config["OPTIONS"] = {"server_side_binding": binding, **query}
        if binding:
            config["OPTIONS"]["prepare_threshold"] = 5
        return config
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres://; got {parts.scheme or url!r}"
    )


def parse_cache_url(url, *, file_dir, key_prefix, max_entries):
    """TEILHABE_CACHE_URL: empty for the file cache in `file_dir` (the default, one machine),
    `file:///abs/path` for a file cache elsewhere, `redis://[:password@]host:port/db` or
    `rediss://…` (TLS) for a Redis (or Valkey) server that all processes of all nodes share."""
    parts = urlsplit(url)
    if not url or parts.scheme == "file":
        path = unquote(parts.path) if url else str(file_dir)
        if url and (parts.netloc not in ("", "localhost") or not path.startswith("/")):
            raise ImproperlyConfigured(f"TEILHABE_CACHE_URL file:// needs an absolute path; got {url!r}")
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": path,
                "KEY_PREFIX": key_prefix, "OPTIONS": {"MAX_ENTRIES": max_entries}}
    if parts.scheme in ("redis", "rediss"):
        try:
            parts.port  # noqa: B018 — raises on a port that is not a number
            database = parts.path.strip("/")
            if not parts.hostname or (database and not database.isdigit()):
                raise ValueError
        except ValueError:
            raise ImproperlyConfigured(
                "TEILHABE_CACHE_URL must look like redis://host:port/0 (a host, a numeric port "
                "and database)") from None
        return {"BACKEND": "teilhabe.lib.cache.SharedRedisCache", "LOCATION": url,
                "KEY_PREFIX": key_prefix}
    # Not the value itself: a Redis URL may carry a password.
    raise ImproperlyConfigured(
        f"TEILHABE_CACHE_URL must start with redis://, rediss:// or file://; got {parts.scheme!r}")
