"""The HTTP side of the OParl endpoint: GET/HEAD only, CORS on every answer (2.6), errors as
OParl error objects (2.9) in German (the language of the content), list pages with
`pagination` and `links` (2.5), the filters created_since/_until and modified_since/_until
and omit_internal, and the ETag / conditional GET of the JSON API (api/http.py)."""
import functools
import math
import re
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from teilhabe.api.http import CORS_HEADERS, PREFLIGHT_HEADERS, Payload, encode, success

ERROR_TYPE = "https://schema.oparl.org/1.1/Error"
PAGE_SIZE = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
LIST_PARAMS = frozenset({*FILTERS, "omit_internal", "limit", "page"})
OBJECT_PARAMS = frozenset({"omit_internal"})


class OParlError(Exception):
    def __init__(self, status, message, debug=""):
        super().__init__(message)
        self.status, self.message, self.debug = status, str(message), debug

    def response(self):
        body = {"type": ERROR_TYPE, "message": self.message}
        if self.debug:
            body["debug"] = self.debug
        response = HttpResponse(encode(body), status=self.status, content_type="application/json")
        for name, value in CORS_HEADERS.items():
            response.headers[name] = value
        return response


def not_found():
    return OParlError(404, _("Dieses Objekt gibt es hier nicht."))


def refusal(status, parameter=None, message=None):
    """What lib.middleware.reject_nul refuses under /oparl/ (registered in ApiConfig.ready())."""
    with translation.override("de"):
        error = not_found() if status == 404 else OParlError(400, message, debug=f"parameter: {parameter}")
        return error.response()


class Urls:
    """Absolute URLs of the endpoint's objects and lists: one canonical form each (2.3)."""

    def __init__(self, request):
        self.base = request.build_absolute_uri(reverse("oparl:system"))[: -len("system")]
        self.site = request.build_absolute_uri("/")

    def system(self):
        return self.base + "system"

    def bodies(self):
        return self.base + "bodies"

    def object(self, path, pk):
        return f"{self.base}{path}/{pk}"

    def body_list(self, municipality_id, path):
        return f"{self.base}body/{municipality_id}/{path}"

    def organization_list(self, pk, path):
        return f"{self.base}organization/{pk}/{path}"

    def file_access(self, pk):
        return f"{self.base}file/{pk}/access"

    def file_download(self, pk):
        return f"{self.base}file/{pk}/download"

    def web(self, slug):
        return f"{self.site}{slug}/"

    def web_paper(self, slug, pk):
        """The paper's page on the portal (its `web`): there it links to what points to it."""
        return self.site + reverse("council_portal:paper", args=[slug, pk]).lstrip("/")


def moment(request, name):
    value = request.GET.get(name)
    if value is None:
        return None
    # A '+' of the offset that a client did not encode arrives as a space.
    value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value.strip())
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise OParlError(400, _("„%(name)s“ braucht Datum und Uhrzeit mit Zeitzone, z. B. "
                                "2024-01-31T23:59:59+01:00.") % {"name": name}, debug=f"parameter: {name}")
    return parsed


def filtered(request, queryset):
    """The list's objects under the filters. With modified_since, deleted and not public
    objects are in the list too (as deleted ones: 2.5, "Aktualisierungsmechanismus");
    without it, only public ones."""
    moments = {name: moment(request, name) for name in FILTERS}
    if moments["modified_since"] is None:
        queryset = queryset.public()
    lookups = {"created_since": "created_at__gte", "created_until": "created_at__lte",
               "modified_since": "modified_at__gte", "modified_until": "modified_at__lte"}
    return queryset.filter(**{lookups[name]: value for name, value in moments.items() if value is not None})


def omit_internal(request):
    value = request.GET.get("omit_internal")
    if value not in (None, "true", "false"):
        raise OParlError(400, _("„omit_internal“ ist „true“ oder „false“."), debug="parameter: omit_internal")
    return value == "true"


def _positive(request, name, default, maximum=None):
    value = request.GET.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1 or (maximum and int(value) > maximum):
        bound = f"1–{maximum}" if maximum else "≥ 1"
        raise OParlError(400, _("„%(name)s“ ist eine ganze Zahl (%(bound)s).") % {"name": name, "bound": bound},
                         debug=f"parameter: {name}")
    return int(value)


def page(request, queryset, url, serialize):
    """One list page (2.5): `data`, `pagination`, `links` with next on every page but the
    last. Stable order by id; the filters stay in every link. A page past the end is a 404."""
    size = _positive(request, "limit", PAGE_SIZE, PAGE_SIZE)
    number = _positive(request, "page", 1)
    total = queryset.count()
    pages = max(1, math.ceil(total / size))
    if number > pages:
        raise OParlError(404, _("Diese Listenseite gibt es nicht; die Liste hat %(n)s Seite(n).") % {"n": pages},
                         debug="parameter: page")
    rows = list(queryset.order_by("pk")[(number - 1) * size: number * size])
    newest = max((row.modified_at for row in rows), default=None)
    return Payload({"data": [serialize(row) for row in rows],
                    "pagination": {"totalElements": total, "elementsPerPage": size, "currentPage": number,
                                   "totalPages": pages},
                    "links": page_links(request, url, number, pages)}, newest)


def page_links(request, url, number, pages):
    """`links` of page `number` of `pages`: the client's own filters stay in every link
    (2.5), written as it sent them."""
    kept = sorted((name, request.GET[name]) for name in (*FILTERS, "omit_internal", "limit") if name in request.GET)

    def link(n):
        query = urlencode(kept + ([("page", n)] if n > 1 else []))
        return f"{url}?{query}" if query else url

    links = {"first": link(1), "self": link(number), "last": link(pages)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < pages:
        links["next"] = link(number + 1)
    return links


def oparl_view(*, lists=False):
    """GET/HEAD (OPTIONS: CORS preflight); parameters other than the spec's are a 400."""
    allowed = LIST_PARAMS if lists else OBJECT_PARAMS

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                for name, value in (*CORS_HEADERS.items(), *PREFLIGHT_HEADERS.items()):
                    response.headers[name] = value
                return response
            with translation.override("de"):
                try:
                    if request.method not in ("GET", "HEAD"):
                        error = OParlError(405, _("Diese Schnittstelle kann nur gelesen werden (GET, HEAD)."))
                        response = error.response()
                        response.headers["Allow"] = "GET, HEAD, OPTIONS"
                        return response
                    for name, values in request.GET.lists():
                        if name not in allowed:
                            message = _("Unbekannter Parameter „%(name)s“. Erlaubt sind: %(names)s.") % {
                                "name": name[:80], "names": ", ".join(sorted(allowed))}
                            raise OParlError(400, message, debug=f"parameter: {name[:80]}")
                        if len(values) > 1:
                            raise OParlError(400, _("Der Parameter „%(name)s“ darf nur einmal vorkommen.") % {
                                "name": name}, debug=f"parameter: {name}")
                    payload = view(request, Urls(request), *args, **kwargs)
                except OParlError as error:
                    return error.response()
            if not isinstance(payload, Payload):
                return payload  # a file
            return success(request, payload)

        wrapper.csrf_exempt = True
        return wrapper

    return decorate
