"""Rate limits for anonymous forms, kept in the database so every app server process
(gunicorn runs several) sees the same counts. Keys are keyed hashes of the IP address or
e-mail address: the values themselves are never stored.

Each key has one row counting the attempts of its current window (fixed windows: the
first attempt opens one of the action's length). An attempt is counted by one conditional
write — an upsert that raises the count only while it is below the limit or the window
has ended — so two parallel requests can never both take the last free attempt: PostgreSQL
locks the row for the write (a second writer waits, then sees the new count); on SQLite
the transaction begins IMMEDIATE (lib/env.py), holding the one write lock from its start,
and a second writer waits for it (up to 20 s) instead of reading a stale count. Counting first and then
inserting, as before, let 20 parallel registrations get 6–8 past a limit of 5."""
import hashlib
import hmac
import time

from django.conf import settings
from django.db import connection, transaction

from teilhabe.lib.client import client_ip
from .models import RateLimitCounter

# action → (attempts, seconds) per IP address and per e-mail address
DEFAULTS = {
    "registration": {"ip": (20, 3600), "email": (5, 3600)},
    "idea": {"ip": (10, 3600), "email": (5, 3600)},
    "support": {"ip": (30, 3600), "email": (10, 3600)},
    "comment": {"ip": (20, 3600), "email": (10, 3600)},
    "report": {"ip": (30, 3600)},
    # the accessibility statement's feedback form (sitepages)
    "accessibility_feedback": {"ip": (10, 3600), "email": (5, 3600)},
    # the portal's welcome folder: each new PDF costs about a second of CPU (cached ones count not)
    "welcome_folder": {"ip": (20, 3600)},
}


def limits():
    return getattr(settings, "TEILHABE_PARTICIPATION_RATE_LIMITS", DEFAULTS)


def keyed_hash(value):
    return hmac.new(settings.SECRET_KEY.encode(), str(value).strip().lower().encode(), hashlib.sha256).hexdigest()


def _count_sql():
    q = connection.ops.quote_name
    table = q(RateLimitCounter._meta.db_table)
    count, ends = q("count"), q("window_ends")
    expired = f"{table}.{ends} <= %(now)s"
    return (f"INSERT INTO {table} ({q('key')}, {count}, {ends}) VALUES (%(key)s, 1, %(ends)s) "
            f"ON CONFLICT ({q('key')}) DO UPDATE SET "
            f"{count} = CASE WHEN {expired} THEN 1 ELSE {table}.{count} + 1 END, "
            f"{ends} = CASE WHEN {expired} THEN %(ends)s ELSE {table}.{ends} END "
            f"WHERE {expired} OR {table}.{count} < %(limit)s "
            f"RETURNING {count}")


def _take(cursor, key, limit, seconds, now):
    """One attempt on one key; False (and nothing written) when its limit is reached."""
    cursor.execute(_count_sql(), {"key": key, "limit": limit, "now": now, "ends": now + seconds})
    return cursor.fetchone() is not None


def allow(action, *, request=None, email=None):
    """Count one attempt; False when a limit for this action is reached. A refused attempt
    counts on no key, so a blocked e-mail address does not use up its IP address's quota."""
    rules = limits().get(action, {})
    keys = []
    if request is not None and "ip" in rules:
        keys.append((keyed_hash(f"{action}:ip:{client_ip(request)}"), *rules["ip"]))
    if email and "email" in rules:
        keys.append((keyed_hash(f"{action}:email:{email}"), *rules["email"]))
    now = int(time.time())
    # Sorted: two requests lock their rows in the same order and cannot deadlock.
    with transaction.atomic(), connection.cursor() as cursor:
        for key, limit, seconds in sorted(keys):
            if not _take(cursor, key, limit, seconds, now):
                transaction.set_rollback(True)
                return False
    return True


def retry_after(action, request):
    """Seconds until the client's IP window for `action` ends (for a 429's Retry-After)."""
    key = keyed_hash(f"{action}:ip:{client_ip(request)}")
    ends = RateLimitCounter.objects.filter(key=key).values_list("window_ends", flat=True).first()
    if ends is None:
        return limits().get(action, {}).get("ip", (0, 3600))[1]
    return max(1, ends - int(time.time()))


def forget_expired():
    return RateLimitCounter.objects.filter(window_ends__lte=int(time.time())).delete()[0]
