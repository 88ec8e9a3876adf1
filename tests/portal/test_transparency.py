"""The transparency page: 404 until the coordination switches it on; then the public part
of the dashboard — goal lights, measures by status, reach, network — and nothing internal.
The open data page, linked from every footer. One browser test: axe-clean at 360 px."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teilhabe.monitoring.models import MeasureResult, Observation
from teilhabe.network.models import WorkingGroup
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.participation.models import AttendingActor, Event
from teilhabe.portal.cache import invalidate
from tests import builders as b
from tests.api.conftest import world  # noqa: F401  (the fixture)
from tests.api.public_kinds import add_public_kinds
from tests.browser import FAILING_IMPACTS, base_url, follow, format_violations, run_axe


@pytest.fixture
def w(world):  # noqa: F811
    add_public_kinds(world)
    MeasureResult.objects.create(measure=world.measure, period="2024", people_reached=12,
                                 reach_by_target_group={"frauen": 9})
    MeasureResult.objects.create(measure=world.internal_measure, period="2024", people_reached=500,
                                 reach_by_target_group={"frauen": 400})
    return world


@pytest.mark.django_db
def test_the_page_is_404_until_it_is_switched_on_then_shows_only_public_figures(w, client):
    assert client.get("/herten/transparency/").status_code == 404
    OpenDataSettings.objects.create(municipality=w.m, transparency_page=True)
    response = client.get("/herten/transparency/")
    assert response.status_code == 200
    body = response.content.decode()
    # The goal is judged by its public indicator only (50 %, yellow), not the internal one.
    assert "Alle lernen Deutsch" in body and "gelb" in body and "50&nbsp;%" in body
    assert "Interne Quote" not in body and "geheimquote" not in body
    # Reach counts the public measure's results only (9 women), never the internal one's 400.
    assert "<td>9</td>" in body and "400" not in body and "Interne Maßnahme" not in body
    assert "Erika Muster" not in body and "Verborgener Träger" not in body


@pytest.mark.django_db
def test_the_wide_tables_scroll_in_a_focusable_region_and_figures_keep_their_percent_sign(w, client):
    """At 360 px the goals table (4 columns) broke Arabic headings and "100 %" letter by
    letter (bench/axe_sweep.py's screenshot): it now scrolls sideways in a region a keyboard
    can reach, where cells break only between words (site.css, .table-scroll)."""
    OpenDataSettings.objects.create(municipality=w.m, transparency_page=True)
    body = client.get("/herten/transparency/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    region = '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="goals-heading">'
    assert region in body and body.index(region) < body.index("<table>", body.index('id="goals-heading"'))
    assert 'aria-labelledby="reach-heading">' in body and "50&nbsp;%" in body


@pytest.mark.django_db
def test_every_footer_leads_to_the_open_data_page(w, client):
    home = client.get("/herten/").content.decode()
    assert 'href="/herten/open-data/"' in home
    page = client.get("/herten/open-data/").content.decode()
    assert "/api/v1/municipalities/herten/datasets/offers.csv" in page and "/api/v1/municipalities/herten/dcat.jsonld" in page
    assert "/herten/transparency/" not in page


def network_row(body, label):
    row = body.index(label)
    return body[body.index("<td>", row) + 4:body.index("</td>", row)]


@pytest.mark.django_db
def test_an_internal_measure_does_not_show_as_a_counted_tie(w, client):
    """Two published actors tied only by an internal measure (or an unpublished offer, or
    an internal event) are counted as unconnected: a tie more would tell of it."""
    OpenDataSettings.objects.create(municipality=w.m, transparency_page=True)
    newcomers = b.actor(w.m, "neu", name="Migrantenverein Neu", kind="migrant_organisation")

    def ties():
        return network_row(client.get("/herten/transparency/").content.decode(), "Verbindungen zwischen ihnen")

    before = ties()
    w.internal_measure.responsible_actor = newcomers
    w.internal_measure.save()
    w.internal_measure.partner_actors.set([w.association])
    w.internal_event.organiser_actor = newcomers
    w.internal_event.save()
    AttendingActor.objects.create(event=w.internal_event, actor=newcomers)
    AttendingActor.objects.create(event=w.internal_event, actor=w.provider)
    Event.objects.filter(pk=w.internal_event.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    b.offer(w.m, newcomers, "A-intern", title="Internes Angebot", measure=w.measure, is_published=False)
    invalidate(w.m.pk)
    assert ties() == before
    # The same tie through a public measure is counted.
    w.internal_measure.is_public = True
    w.internal_measure.save()
    assert int(ties()) == int(before) + 1


@pytest.mark.django_db
def test_the_pages_are_cached_and_show_each_change_at_once(w, client):
    OpenDataSettings.objects.create(municipality=w.m, transparency_page=True)
    for path in ("/herten/transparency/", "/herten/open-data/"):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries) == 0, path  # from the page cache

    def page():
        return client.get("/herten/transparency/").content.decode()

    def goals():
        body = page()
        return body[body.index('id="goals-heading"'):body.index('id="states-heading"')]

    # A new value of the public indicator: the goal's light (20 → 30 of 10 → 30: 50 % → 100 %).
    assert "50&nbsp;%" in goals()
    Observation.objects.create(indicator=w.indicator, period="2024", value=Decimal(30))
    assert "100&nbsp;%" in goals()
    # The indicator made internal: the goal is judged by its public measures alone.
    w.indicator.is_public = False
    w.indicator.save()
    assert "100&nbsp;%" not in goals()
    # A measure's state, and a measure's results (reach).
    w.measure.status = "implemented"
    w.measure.save()
    assert '<th scope="row">umgesetzt</th><td>1</td>' in page()
    MeasureResult.objects.create(measure=w.measure, period="2025", people_reached=5, reach_by_target_group={"frauen": 5})
    assert "<td>14</td>" in page()
    # The network: an actor no longer published, a working group of two.
    actors = network_row(page(), "Organisationen")
    w.association.is_published = False
    w.association.save()
    assert int(network_row(page(), "Organisationen")) == int(actors) - 1
    newcomers = b.actor(w.m, "neu", name="Migrantenverein Neu")
    ties = network_row(page(), "Verbindungen zwischen ihnen")
    WorkingGroup.objects.create(municipality=w.m, name="AK Sprache").members.set([newcomers, w.provider])
    assert int(network_row(page(), "Verbindungen zwischen ihnen")) == int(ties) + 1
    # The open data's licence, and the switch.
    settings = OpenDataSettings.objects.get(municipality=w.m)
    settings.licence = "cc-zero"
    settings.save()
    assert "CC Zero" in client.get("/herten/open-data/").content.decode()
    settings.transparency_page = False
    settings.save()
    assert client.get("/herten/transparency/").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_transparency_page_works_without_script_and_is_axe_clean_on_a_phone(w, new_page, live_server):
    OpenDataSettings.objects.create(municipality=w.m, transparency_page=True)
    root = base_url(live_server)
    plain = new_page(viewport=(360, 740), java_script_enabled=False)
    plain.goto(root + "/herten/")
    follow(plain, plain.locator(".footer-nav").get_by_role("link", name="Offene Daten"))
    follow(plain, plain.get_by_role("link", name="Transparenz"))
    assert plain.url == root + "/herten/transparency/" and plain.get_by_role("table").count() == 4
    for locale, paths in (("de-DE", ["/herten/transparency/"]), ("ar", ["/herten/transparency/", "/herten/open-data/"])):
        page = new_page(viewport=(360, 740), locale=locale)
        for path in paths:
            page.goto(root + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, (locale, path)
            violations = run_axe(page)
            assert not [v for v in violations if v["impact"] in FAILING_IMPACTS], format_violations(violations, page.url)
