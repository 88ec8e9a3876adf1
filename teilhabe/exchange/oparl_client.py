"""Reading an OParl endpoint over HTTP for `teilhabe oparl-import`: objects, list pages
followed along `links.next` (OParl 1.1, 2.5), and files with a size limit. The standard
library's urllib: teilhabe has no HTTP client among its dependencies, and these are plain
GETs. Polite: one request at a time, a name in User-Agent, and a failed request (no
connection, a timeout, 429 or a 5xx answer) is tried again after a pause that doubles,
as long as the server's Retry-After asks (up to a minute)."""
import json
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _

USER_AGENT = "teilhabe-oparl-import/1 (https://oparl.org)"
TIMEOUT = 30  # seconds for one request
RETRIES = 3  # further tries after a failed request
PAUSE = 2.0  # seconds before the first retry, doubled for each further one
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100_000  # a list whose `next` links never end is broken
RETRIED_STATUS = {429, 500, 502, 503, 504}


class OParlFetchError(Exception):
    """The endpoint could not be read: `url` and what went wrong."""

    def __init__(self, url, message):
        super().__init__(f"{url}: {message}")
        self.url, self.message = url, message


def checked_url(url, where=None):
    """Only http(s): an endpoint must not make the import read local files (file://)."""
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise OParlFetchError(where or str(url)[:200], _("keine http(s)-Adresse: %(url)s") % {"url": str(url)[:200]})
    return url


def with_query(url, params):
    """`url` with the parameters added (kept ones of the same name are replaced)."""
    if not params:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode(query + list(params.items()))))


class Client:
    def __init__(self, *, retries=None, pause=None, timeout=TIMEOUT, sleep=time.sleep):
        self.retries = RETRIES if retries is None else retries
        self.pause = PAUSE if pause is None else pause
        self.timeout, self.sleep = timeout, sleep
        self.requests = 0

    def _read(self, url, limit):
        checked_url(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*"})
        pause = self.pause
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    checked_url(response.geturl(), url)  # after redirects too
                    content = response.read(limit + 1)
                    if len(content) > limit:
                        raise OParlFetchError(url, _("die Antwort ist größer als %(mb)s MB") % {
                            "mb": limit // (1024 * 1024)})
                    return content, response.headers.get_content_type()
            except urllib.error.HTTPError as error:
                if error.code not in RETRIED_STATUS or last:
                    raise OParlFetchError(url, _("der Server antwortet mit HTTP %(status)s") % {
                        "status": error.code}) from None
                wait = error.headers.get("Retry-After", "")
                delay = min(int(wait), 60) if wait.isdigit() else pause
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                if last:
                    reason = getattr(error, "reason", error)
                    raise OParlFetchError(url, _("nicht erreichbar (%(reason)s)") % {"reason": reason}) from None
                delay = pause
            self.sleep(delay)
            pause *= 2
        raise AssertionError("unreachable")

    def json(self, url):
        """One OParl object (or list page) as a dict."""
        content, _type = self._read(url, MAX_JSON_BYTES)
        try:
            data = json.loads(content)
        except ValueError:
            raise OParlFetchError(url, _("die Antwort ist kein JSON")) from None
        if not isinstance(data, dict):
            raise OParlFetchError(url, _("die Antwort ist kein JSON-Objekt"))
        return data

    def items(self, url, params=None):
        """Every object of an external list, page after page along links.next."""
        url, seen = with_query(checked_url(url), params), set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise OParlFetchError(url, _("die Liste verweist im Kreis auf ihre Seiten (links.next)"))
            seen.add(url)
            page = self.json(url)
            data, links = page.get("data"), page.get("links", {})
            if not isinstance(data, list) or not isinstance(links, dict):
                raise OParlFetchError(url, _("keine OParl-Listenseite (es fehlen „data“ oder „links“)"))
            for obj in data:
                if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                    raise OParlFetchError(url, _("ein Eintrag in „data“ ist kein Objekt mit „id“"))
                yield obj
            url = links.get("next")
            if url is not None:
                checked_url(url, page.get("links", {}).get("self", url))

    def content(self, url, limit):
        """A file's bytes (at most `limit`) and the type the server names."""
        return self._read(url, limit)
