"""Strict readers for query parameters: each returns a clean value or raises BadParameter
naming the parameter. Nothing here guesses."""
import datetime
import re
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from teilhabe.municipalities.languages import LANGUAGES

from .http import BadParameter, NotFound

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real list, and keeps OFFSET inside what both databases accept.
MAX_PAGE = 100_000
MAX_QUERY_CHARS = 200
MAX_CONCEPT = 10**6
LANGUAGE_CODES = frozenset(code for code, *_rest in LANGUAGES)
PAGINATION_PARAMS = ("page", "page_size")


def positive_int(request, name, *, default, maximum):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw.strip()):
        raise BadParameter(name, _("Erwartet wird eine ganze Zahl ab 1."))
    value = int(raw)
    if value < 1:
        raise BadParameter(name, _("Erwartet wird eine ganze Zahl ab 1."))
    if value > maximum:
        raise BadParameter(name, _("Höchstens %(maximum)s.") % {"maximum": maximum}, code="too_large")
    return value


class Page:
    def __init__(self, request):
        self.request = request
        self.number = positive_int(request, "page", default=1, maximum=MAX_PAGE)
        self.size = positive_int(request, "page_size", default=PAGE_SIZE, maximum=MAX_PAGE_SIZE)

    @property
    def offset(self):
        return (self.number - 1) * self.size

    def slice(self, queryset):
        return queryset[self.offset:self.offset + self.size]

    def _link(self, number):
        query = {name: value for name, value in self.request.GET.items() if name != "page"}
        if number > 1:
            query["page"] = number
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?{urlencode(query)}" if query else url

    def envelope(self, count, results):
        """The list answer: count, links to the neighbouring pages, the results."""
        has_next = self.offset + self.size < count
        return {
            "count": count,
            "next": self._link(self.number + 1) if has_next else None,
            # A page past the end links back to the last page that has results.
            "previous": (self._link(min(self.number - 1, max(1, -(-count // self.size))))
                         if self.number > 1 else None),
            "results": results,
        }


def language(request, name="lang"):
    raw = request.GET.get(name)
    if raw is None:
        return None
    code = raw.strip().lower()
    if code not in LANGUAGE_CODES:
        raise BadParameter(name, _("Unbekannter Sprachcode. Bekannt sind: %(codes)s.") % {
            "codes": ", ".join(sorted(LANGUAGE_CODES))}, code="unknown_value")
    return code


def query_text(request, name="q"):
    raw = request.GET.get(name)
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_QUERY_CHARS:
        raise BadParameter(name, _("Die Suchanfrage ist zu lang (höchstens %(maximum)s Zeichen).") % {
            "maximum": MAX_QUERY_CHARS}, code="too_long")
    if "\x00" in raw:
        raise BadParameter(name, _("Die Suchanfrage enthält ein Nullzeichen."))
    return raw.strip()


def moment(request, name="modified_since"):
    """ISO 8601: a date, or a date and time with or without offset (without one, the
    time is read in the server's time zone, Europe/Berlin). A "+" that arrived as a
    space because the client did not encode it is taken back."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    text = raw.strip()
    text = re.sub(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$", r"\1+\2", text)
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, _("Erwartet wird ein Zeitpunkt nach ISO 8601, etwa 2025-03-01 "
                                   "oder 2025-03-01T12:00:00Z."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value.astimezone(datetime.timezone.utc)
    except OverflowError:
        # 0001-01-01T00:00+01:00 is before the first moment UTC can name: everything.
        value = (datetime.datetime.min if value.year == 1 else datetime.datetime.max).replace(
            tzinfo=datetime.timezone.utc)
    return value


def choice(request, name, allowed):
    """A value from a fixed or looked-up set (keys of districts, kinds of actors …)."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    value = raw.strip()
    if value not in allowed:
        shown = sorted(allowed)
        listed = ", ".join(shown[:30]) + (" …" if len(shown) > 30 else "")
        raise BadParameter(name, _("Unbekannter Wert. Bekannt sind: %(values)s.") % {
            "values": listed or "–"}, code="unknown_value")
    return value


def existing(request, name, queryset, field):
    """A key or id that must name something in `queryset` (one query, only when given):
    the ids of what it names (a key names one object per municipality). Empty is no
    filter, as an empty form field is; a key that names nothing is 404 — which keys
    exist depends on the data, so the OpenAPI document can only promise a string."""
    raw = request.GET.get(name)
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    ids = list(queryset.filter(**{field: value}).values_list("pk", flat=True)) if len(value) <= 200 else []
    if not ids:
        raise NotFound(_("Unbekannter Wert „%(value)s“.") % {"value": value[:80]}, parameter=name,
                       code="unknown_value")
    return ids


def boolean(request, name):
    """`true` or `false` (as JSON and the OpenAPI document write them)."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise BadParameter(name, _("Erwartet wird true oder false."))
    return value == "true"


def date(request, name):
    """A calendar date, YYYY-MM-DD."""
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        value = parse_date(raw.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()) else None
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(name, _("Erwartet wird ein Datum nach ISO 8601, etwa 2025-03-01."))
    return value
