"""Rate limits for anonymous forms, kept in the database so every app server process
(gunicorn runs several) sees the same counts. Keys are keyed hashes of the IP address or
e-mail address: the values themselves are never stored."""
import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import RateLimitHit

# action → (attempts, seconds) per IP address and per e-mail address
DEFAULTS = {
    "registration": {"ip": (20, 3600), "email": (5, 3600)},
    "idea": {"ip": (10, 3600), "email": (5, 3600)},
    "support": {"ip": (30, 3600), "email": (10, 3600)},
    "comment": {"ip": (20, 3600), "email": (10, 3600)},
    "report": {"ip": (30, 3600)},
}


def limits():
    return getattr(settings, "TEILHABE_PARTICIPATION_RATE_LIMITS", DEFAULTS)


def keyed_hash(value):
    return hmac.new(settings.SECRET_KEY.encode(), str(value).strip().lower().encode(), hashlib.sha256).hexdigest()


def client_ip(request):
    # Behind a reverse proxy (TEILHABE_BEHIND_PROXY) the client is the proxy's last entry.
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(action, *, request=None, email=None):
    """Count one attempt; False when a limit for this action is reached."""
    rules = limits().get(action, {})
    now = timezone.now()
    keys = []
    if request is not None and "ip" in rules:
        keys.append((keyed_hash(f"{action}:ip:{client_ip(request)}"), rules["ip"]))
    if email and "email" in rules:
        keys.append((keyed_hash(f"{action}:email:{email}"), rules["email"]))
    for key, (limit, _seconds) in keys:
        if RateLimitHit.objects.filter(key=key, expires_at__gt=now).count() >= limit:
            return False
    RateLimitHit.objects.bulk_create(
        RateLimitHit(key=key, expires_at=now + datetime.timedelta(seconds=seconds)) for key, (_limit, seconds) in keys)
    return True


def forget_expired():
    return RateLimitHit.objects.filter(expires_at__lte=timezone.now()).delete()[0]
