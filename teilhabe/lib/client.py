"""The address of the client a request comes from, for rate limits and log-in throttling."""
from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind a reverse proxy (TEILHABE_BEHIND_PROXY) the entry the proxy
    itself appended to X-Forwarded-For: the last one. Entries before it are whatever the
    client sent and could be made up to dodge a limit."""
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
