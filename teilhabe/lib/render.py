"""Ask this process for a page as an anonymous client would, through the whole middleware
stack, without HTTP: how the worker renders pages into the shared cache after a change
(the portal's directory, portal.warm; the OParl endpoint's lists, oparl.warm), so that
the next reader finds them kept."""
import io

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation


def canonical_host():
    """The first host name the site answers to (TEILHABE_ALLOWED_HOSTS)."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def canonical_scheme():
    return "https" if settings.SECURE_SSL_REDIRECT or settings.SECURE_PROXY_SSL_HEADER is not None else "http"


class Renderer:
    """One loaded middleware stack for a series of requests (a warming job asks hundreds)."""

    def __init__(self):
        self.handler = BaseHandler()
        self.handler.load_middleware()

    def get(self, path, query="", *, host=None, scheme=None, headers=None):
        """GET `path?query` at `scheme://host` with the given headers (`{"Accept-Language": "ar"}`)."""
        scheme = scheme or canonical_scheme()
        host = host or canonical_host()
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": host.rsplit(":", 1)[0] if not host.endswith("]") else host,
            "SERVER_PORT": "443" if scheme == "https" else "80", "HTTP_HOST": host,
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": scheme, "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
        }
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        if settings.SECURE_PROXY_SSL_HEADER:
            header, value = settings.SECURE_PROXY_SSL_HEADER
            environ[header] = value if scheme == "https" else ""
        with translation.override(None):
            # Not response.close(): that sends request_finished, which would close the
            # worker's database connection (and, in tests, the test's transaction).
            return self.handler.get_response(WSGIRequest(environ))
