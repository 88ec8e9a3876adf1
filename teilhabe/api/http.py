"""The HTTP side of the API: one decorator gives every view the same behaviour — GET/HEAD
only, CORS for reads, unknown or repeated parameters refused, JSON errors instead of HTML
pages, and an ETag / Last-Modified with conditional GET on every answer."""
import functools
import hashlib
import json
import re

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Browsers hide every other response header from scripts on other sites.
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ApiError(Exception):
    status = 400

    def __init__(self, message, *, parameter=None, code="invalid"):
        super().__init__(message)
        self.message = str(message)
        self.parameter = parameter
        self.code = code

    def body(self):
        error = {"status": self.status, "code": self.code, "message": self.message}
        if self.parameter is not None:
            error["parameter"] = self.parameter
        return {"error": error}


class BadParameter(ApiError):
    """400: a query parameter the API cannot use; names the parameter."""

    def __init__(self, parameter, message, *, code="invalid"):
        super().__init__(message, parameter=parameter, code=code)


class NotFound(ApiError):
    """404: no such address or object; with `parameter`, the key, id or version a query
    parameter names does not exist (code unknown_value)."""

    status = 404

    def __init__(self, message=None, *, parameter=None, code="not_found"):
        super().__init__(message or _("Nicht gefunden."), parameter=parameter, code=code)


class Payload:
    """What a view returns: the data, and when the newest object in it last changed."""

    def __init__(self, data, last_modified=None, content=None, etag=None, gzipped=None, content_type=None,
                 headers=()):
        self.data = data
        self.last_modified = last_modified
        # Not JSON (the open data's JSON-LD and CSV): its media type and extra headers.
        self.content_type, self.headers = content_type or "application/json", tuple(headers)
        # The data already encoded (a kept copy), if at hand; and gzipped, for clients that take it.
        self.content, self.etag, self.gzipped = content, etag, gzipped


def refusal(status, parameter=None, message=None):
    """The answer to what lib.middleware.reject_nul refuses under /api/ (registered in
    ApiConfig.ready()): a 404, or a 400 naming the parameter, in the API's error shape."""
    error = NotFound() if status == 404 else BadParameter(parameter, message)
    response = JsonResponse(error.body(), status=error.status)
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


def encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def etag_of(content):
    return '"%s"' % hashlib.blake2b(content, digest_size=16).hexdigest()


def _json(status, content, extra_headers=(), content_type="application/json"):
    response = HttpResponse(content, status=status, content_type=content_type)
    for name, value in (*CORS_HEADERS.items(), *extra_headers):
        response.headers[name] = value
    return response


def error_response(error):
    return _json(error.status, encode(error.body()))


def _preflight():
    response = HttpResponse(status=204)
    for name, value in (*CORS_HEADERS.items(), *PREFLIGHT_HEADERS.items()):
        response.headers[name] = value
    response.headers["Allow"] = ALLOWED_METHODS
    return response


def _check_parameters(request, allowed):
    for name, values in request.GET.lists():
        if name not in allowed:
            raise BadParameter(name, _("Unbekannter Parameter. Erlaubt sind: %(names)s.") % {
                "names": ", ".join(sorted(allowed)) or "–"}, code="unknown_parameter")
        if len(values) > 1:
            raise BadParameter(name, _("Der Parameter darf nur einmal vorkommen."), code="repeated_parameter")


def success(request, payload):
    content = payload.content if payload.content is not None else encode(payload.data)
    # The ETag is the answer itself, so it changes whenever anything in it changes
    # (a renamed provider or field of action has no modified_at of its own).
    etag = payload.etag or etag_of(content)
    last_modified = int(payload.last_modified.timestamp()) if payload.last_modified else None
    headers = list(payload.headers)
    if payload.gzipped is not None:
        headers.append(("Vary", "Accept-Encoding"))
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            content, etag = payload.gzipped, etag[:-1] + '-gzip"'
            headers.append(("Content-Encoding", "gzip"))
    headers.append(("ETag", etag))
    if last_modified is not None:
        headers.append(("Last-Modified", http_date(last_modified)))
    response = _json(200, content, headers, payload.content_type)
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    if conditional is not response:
        for name, value in CORS_HEADERS.items():
            conditional.headers[name] = value
        return conditional
    if request.method == "HEAD":
        response.content = b""
        response.headers["Content-Length"] = str(len(content))
    return response


def api_view(*, params=()):
    """`params`: the query parameters the view understands; any other one is a 400.
    None: parameters do not matter (the answer for unknown addresses is 404 whatever
    they ask)."""
    allowed = None if params is None else frozenset(params)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                return _preflight()
            if request.method not in ("GET", "HEAD"):
                error = ApiError(_("Diese Schnittstelle kann nur gelesen werden (GET, HEAD, OPTIONS)."),
                                 code="method_not_allowed")
                error.status = 405
                response = error_response(error)
                response.headers["Allow"] = ALLOWED_METHODS
                return response
            try:
                if allowed is not None:
                    _check_parameters(request, allowed)
                payload = view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error)
            return success(request, payload)

        wrapper.api_params = allowed
        # Reads only, and no cookies are looked at: nothing for CSRF to protect.
        wrapper.csrf_exempt = True
        return wrapper

    return decorate
