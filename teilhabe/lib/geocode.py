"""An address to coordinates through a Nominatim-compatible search service
(TEILHABE_GEOCODER_URL), only when a person asks for it — never while a page is shown.
Nominatim's usage policy: a User-Agent that names the application, at most one request a
second (kept here per process, which is where the requests are made: one coordinator's
click at a time), no bulk geocoding."""
import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _

_lock = threading.Lock()
_last = [0.0]


class GeocodeError(Exception):
    """The service could not be asked or found nothing; the message says which (German,
    shown to the coordinator)."""


def enabled():
    return bool(settings.TEILHABE_GEOCODER_URL)


@contextlib.contextmanager
def _turn():
    """One request at a time, the next a full interval after the last one ended: counted
    from its start, a slow first request (its way to the service) could bring the next
    one to the service less than a second after it."""
    with _lock:
        pause = _last[0] + settings.TEILHABE_GEOCODER_INTERVAL - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        try:
            yield
        finally:
            _last[0] = time.monotonic()


def geocode(address, *, country="de"):
    """(latitude, longitude) as Decimals with six places for the best match of `address`."""
    if not enabled():
        raise GeocodeError(_("Keine Geokodierung eingerichtet (TEILHABE_GEOCODER_URL)."))
    query = urlencode({"q": address, "format": "jsonv2", "limit": 1, "countrycodes": country})
    sep = "&" if "?" in settings.TEILHABE_GEOCODER_URL else "?"
    request = urllib.request.Request(f"{settings.TEILHABE_GEOCODER_URL}{sep}{query}", headers={
        "User-Agent": settings.TEILHABE_GEOCODER_USER_AGENT, "Accept": "application/json",
        "Accept-Language": "de"})
    try:
        with _turn(), urllib.request.urlopen(request, timeout=10) as response:
            found = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise GeocodeError(_("Der Geokodierungsdienst antwortet nicht (%(error)s).") % {"error": type(error).__name__}) from None
    except ValueError:
        raise GeocodeError(_("Der Geokodierungsdienst gab keine lesbare Antwort.")) from None
    if not isinstance(found, list) or not found:
        raise GeocodeError(_("Zu dieser Anschrift wurde nichts gefunden."))
    try:
        lat, lon = (Decimal(str(found[0][key])).quantize(Decimal("0.000001")) for key in ("lat", "lon"))
    except (KeyError, TypeError, InvalidOperation):
        raise GeocodeError(_("Der Geokodierungsdienst gab keine lesbare Antwort.")) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeocodeError(_("Der Geokodierungsdienst gab Koordinaten außerhalb der Erde."))
    return lat, lon
