"""Crawling the demo's public pages as an anonymous visitor: no page links to a page that does
not exist (every municipality, the Kreis included, two levels deep from its start page), and
on right-to-left pages every passage in another language says its direction."""
import html.parser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from teilhabe.municipalities.models import Municipality

pytestmark = pytest.mark.django_db

# Not public pages: the back office and the log-in pages answer visitors with a redirect.
SKIP = ("/backoffice/", "/admin/", "/login/", "/logout/", "/password/", "/static/", "/api/")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(url, body):
    parser = Links()
    parser.feed(body)
    for href in parser.hrefs:
        target = urldefrag(urljoin(url, href))[0]
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue  # mailto:, tel:, other sites
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if not local.startswith(SKIP):
            yield local


def crawl(client, start, depth, *, check=None, **headers):
    """{url: status} of every page reachable from `start` in `depth` steps, and the pages
    that linked to each; `check(url, html)` is called on every HTML page."""
    seen, found_on, level = {}, {}, [start]
    for step in range(depth + 1):
        following = []
        for url in level:
            if url in seen:
                continue
            response = client.get(url, **headers)
            seen[url] = response.status_code
            is_html = response.status_code == 200 and "html" in response.get("Content-Type", "")
            if check and is_html:
                check(url, response.content.decode())
            if step < depth and is_html:
                for link in internal_links(url, response.content.decode()):
                    found_on.setdefault(link, url)
                    following.append(link)
        level = following
    return seen, found_on


@pytest.fixture
def demo(demo_module_committing, monkeypatch):
    """`teilhabe demo` with its on-commit hooks run (loaded once for the module, tests/conftest.py);
    the tests' own hooks run at once too."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_it_links_only_to_pages_that_exist_on_every_municipalitys_public_pages(demo):
    client = Client()
    broken = []
    slugs = list(Municipality.objects.order_by("slug").values_list("slug", flat=True))
    assert "kreis-mettmann" in slugs
    for slug in slugs:
        seen, found_on = crawl(client, f"/{slug}/", depth=2)
        assert len(seen) > 20, f"/{slug}/ links to almost nothing: {sorted(seen)}"
        broken += [f"{url} ({status}), linked from {found_on.get(url)}"
                   for url, status in seen.items() if status >= 400]
    assert not broken, "broken links:\n" + "\n".join(broken)


class Languages(html.parser.HTMLParser):
    """Elements with a lang that differs from the page's, and whether each has a dir."""

    def __init__(self):
        super().__init__()
        self.page, self.without_dir = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page = attrs.get("lang")
        elif "lang" in attrs and attrs["lang"] != self.page and attrs.get("dir") not in ("ltr", "rtl"):
            self.without_dir.append(self.get_starttag_text())


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_it_gives_every_passage_in_another_language_its_direction_on_right_to_left_pages(demo, language):
    problems = []

    def check(url, body):
        parser = Languages()
        parser.feed(body)
        assert parser.page == language, url
        problems.extend(f"{url}: {tag}" for tag in parser.without_dir)

    for slug in ["herten", "kreis-mettmann"]:
        seen, _found_on = crawl(Client(), f"/{slug}/", depth=1, check=check, HTTP_ACCEPT_LANGUAGE=language)
        assert len(seen) > 5
    assert not problems, f"{len(problems)} passages without dir:\n" + "\n".join(sorted(set(problems))[:40])
