"""The council section of the portal (portal/views/council.py) shows exactly what the
council models call public: bodies with consenting members, meetings with their agenda
(a non-public item as "nicht öffentlich", number only), papers with their path, a search
that finds nothing through non-public words, an iCalendar feed; files only through a view
that checks publicity. The SECRETS of tests/council/builders.py appear nowhere."""
import icalendar
import pytest
from django.core.cache import cache as default_cache
from django.urls import reverse
from django.utils import timezone

from teilhabe.council import actions
from teilhabe.council.models import Membership, Organization
from tests import builders as b
from tests.council.builders import SECRETS, world


@pytest.fixture
def w(db):
    return world(b.municipality("ratstadt", languages=("de", "en", "ar")))


def pages(w):
    slug = w.m.slug
    return [f"/{slug}/council/", f"/{slug}/council/meetings/", f"/{slug}/council/meetings/{w.held.pk}/",
            f"/{slug}/council/meetings/{w.upcoming.pk}/", f"/{slug}/council/papers/",
            f"/{slug}/council/papers/{w.paper.pk}/", f"/{slug}/council/meetings.ics",
            f"/{slug}/council/meetings/?term={w.term.pk}", f"/{slug}/council/papers/?q=2024"]


def text(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_page_and_not_the_feed_shows_anything_not_public(client, w, language):
    for path in pages(w):
        content = text(client, path, HTTP_ACCEPT_LANGUAGE=language)
        for secret in SECRETS:
            assert secret not in content, (path, secret)
        assert "Otto" not in content and w.draft.reference not in content, path


def test_the_bodies_show_their_consenting_members_with_role_and_list(client, w):
    content = text(client, "/ratstadt/council/")
    assert "Integrationsrat" in content and "Rat der Stadt" in content
    assert "Aylin Beispielfrau" in content and "Liste Miteinander" in content and "Vorsitz" in content
    Membership.objects.filter(pk=w.chair_membership.pk).update(end_date=timezone.localdate().replace(year=2021))
    default_cache.clear()
    assert "Beispielfrau" not in text(client, "/ratstadt/council/")  # a former member is not listed


def test_a_meeting_shows_its_public_agenda_results_and_files_and_a_placeholder(client, w):
    content = text(client, f"/ratstadt/council/meetings/{w.held.pk}/")
    assert "Sprachkurse 2024" in content and "einstimmig beschlossen" in content and "Der Beirat empfiehlt" in content
    assert "nicht öffentlich" in content
    assert reverse("oparl:file_access", args=[w.invitation.pk]) in content
    assert reverse("oparl:file_access", args=[w.closed_file.pk]) not in content
    assert reverse("council_portal:paper", args=["ratstadt", w.paper.pk]) in content


def test_the_linked_files_are_served_only_while_public(client, w):
    assert client.get(reverse("oparl:file_access", args=[w.invitation.pk])).status_code == 200
    assert client.get(reverse("oparl:file_access", args=[w.closed_file.pk])).status_code == 410
    assert client.get(reverse("oparl:file_access", args=[w.draft_file.pk])).status_code == 410


def test_the_calendar_lists_upcoming_and_past_meetings_by_term(client, w):
    content = text(client, "/ratstadt/council/meetings/")
    assert "5. Sitzung" in content and "6. Sitzung" in content and "Wahlperiode 2020–2025" in content
    actions.soft_delete(w.upcoming)
    assert "6. Sitzung" not in text(client, "/ratstadt/council/meetings/")  # renewed by the cache's receivers
    assert client.get(f"/ratstadt/council/meetings/{w.upcoming.pk}/").status_code == 404
    assert client.get("/ratstadt/council/meetings/?term=x").status_code == 200  # unknown term: all


def test_a_paper_shows_its_path_through_the_bodies_and_its_public_results(client, w):
    content = text(client, f"/ratstadt/council/papers/{w.paper.pk}/")
    path = content.split('id="path-heading"', 1)[1]
    # Dealt with first, first; the decision not yet scheduled comes last.
    assert path.index("Integrationsrat") < path.index("Rat der Stadt")
    assert "Der Integrationsrat empfiehlt die Vorlage." in content and "Vorberatung" in content
    assert "Entscheidung" in content and "einstimmig" in content and "Aylin Beispielfrau" in content
    assert client.get(f"/ratstadt/council/papers/{w.draft.pk}/").status_code == 404


def test_the_paper_search_finds_by_reference_title_and_public_wording_only(client, w):
    assert "Sprachkurse für Eltern" in text(client, "/ratstadt/council/papers/?q=2024/001")
    assert "Sprachkurse für Eltern" in text(client, "/ratstadt/council/papers/?q=eltern")
    assert "Sprachkurse für Eltern" in text(client, "/ratstadt/council/papers/?q=empfiehlt die")
    # The word stands only in the non-public consultation's result: it must find nothing.
    assert "Sprachkurse für Eltern" not in text(client, "/ratstadt/council/papers/?q=Geheimbeschluss")
    assert "Sprachkurse für Eltern" not in text(client, "/ratstadt/council/papers/?q=Entwurfsvorlage")
    long = text(client, "/ratstadt/council/papers/?q=" + "x" * 500)
    assert 'maxlength="200"' in long and "200" in long


def test_the_feed_parses_and_holds_the_public_meetings(client, w):
    from datetime import timedelta

    w.held.start = timezone.now() - timedelta(days=30)
    w.held.end = w.held.start + timedelta(hours=2)
    w.held.save()
    w.upcoming.start = timezone.now() + timedelta(days=30)
    w.upcoming.state = "cancelled"
    w.upcoming.save()
    response = client.get("/ratstadt/council/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"5. Sitzung des Integrationsrats", "6. Sitzung des Integrationsrats"}
    assert str(events["5. Sitzung des Integrationsrats"]["URL"]).endswith(f"/ratstadt/council/meetings/{w.held.pk}/")
    assert str(events["6. Sitzung des Integrationsrats"]["STATUS"]) == "CANCELLED"
    assert "Rathaus, Ratssaal" in str(events["5. Sitzung des Integrationsrats"]["LOCATION"])


def test_without_a_council_part_there_is_no_section_and_no_entry(client, db):
    b.municipality("ohnerat")
    assert client.get("/ohnerat/council/").status_code == 404
    assert client.get("/ohnerat/council/meetings.ics").status_code == 404
    assert "/ohnerat/council/" not in text(client, "/ohnerat/")


def test_the_navigation_leads_to_the_section_where_there_is_one(client, w):
    assert 'href="/ratstadt/council/"' in text(client, "/ratstadt/")
    actions.soft_delete(w.body)
    assert 'href="/ratstadt/council/"' not in text(client, "/ratstadt/")
    assert client.get("/ratstadt/council/").status_code == 404


def test_the_pages_speak_the_visitors_language(client, w):
    content = text(client, "/ratstadt/council/", HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in content
    assert "Rat und Gremien" not in content.split("<main", 1)[1]  # the heading is translated
    assert '<span lang="de" dir="ltr">Integrationsrat</span>' in content  # content stays German, says so


def test_other_bodies_appear_only_when_alive(client, w):
    Organization.objects.create(municipality=w.m, kind="working_group", name="AG Aufgelöst")
    gone = Organization.objects.get(name="AG Aufgelöst")
    actions.soft_delete(gone)
    assert "AG Aufgelöst" not in text(client, "/ratstadt/council/")


def test_the_pages_are_cached_and_renewed_by_a_council_change(client, w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = f"/ratstadt/council/papers/{w.paper.pk}/"
    text(client, path)
    with CaptureQueriesContext(connection) as queries:
        text(client, path)
    assert len(queries) == 0
    w.consultation.result = "Neuer Wortlaut der Empfehlung"
    w.consultation.save()
    assert "Neuer Wortlaut der Empfehlung" in text(client, path)
