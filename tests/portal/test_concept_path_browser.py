"""The public concept page with its adoption's path of deliberation in Chromium on a 360 px
phone, in German and Arabic: axe-clean, nothing wider
than the screen, nothing non-public, and the path's links lead to the paper."""
import pytest

from teilhabe.strategy.models import Concept
from tests import builders as b
from tests.browser import base_url, follow
from tests.council.builders import world
from tests.portal.test_council_browser import check

pytestmark = pytest.mark.browser


def test_a_visitor_reads_how_the_council_adopted_the_concept_on_a_phone(new_page, live_server, transactional_db):
    w = world(b.municipality("pfadstadt", languages=("de", "ar")))
    concept = b.concept(w.m, title="Integrationskonzept Pfadstadt", adopted_by="Rat der Stadt, einstimmig")
    Concept.objects.filter(pk=concept.pk).update(adoption=w.decision)
    for locale in ("de-DE", "ar"):
        page = new_page(viewport=(360, 740), locale=locale)
        page.goto(base_url(live_server) + "/pfadstadt/concept/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
        path = page.locator("main section[aria-labelledby=path-heading]")
        assert path.locator("ol.path > li").count() == 2
        assert "Der Integrationsrat empfiehlt die Vorlage." in path.inner_text()
        check(page)
        follow(page, path.locator(f'a[href="/pfadstadt/council/papers/{w.paper.pk}/"]'))
        assert page.locator("h1").inner_text() == "Sprachkurse für Eltern"
