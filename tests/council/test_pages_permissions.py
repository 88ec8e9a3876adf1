"""The council's back-office pages (backoffice/council_urls.py): the permission matrix —
coordinators of the town and of its Kreis edit, viewers read, actor editors, people
without a role and other municipalities' coordinators are refused, anonymous visitors
are sent to log in. One test per persona walks every page, to keep the suite lean."""
import pytest
from django.urls import reverse

from teilhabe.council.models import Meeting, Person
from tests import builders as b
from tests.council import builders as cb

PERSONAS = b.persona_names()
EDITORS = {"coordinator", "kreis_coordinator"}
READERS = EDITORS | {"viewer"}


@pytest.fixture
def world(db):
    kreis = b.municipality(kind="kreis")
    town = b.municipality(parent=kreis)
    w = cb.world(town)
    w.users = b.personas(town)
    return w


def read_pages(w):
    s = w.m.slug
    return [reverse("council_office:overview", args=[s]), reverse("council_office:meetings", args=[s]),
            reverse("council_office:meeting", args=[s, w.held.pk]), reverse("council_office:papers", args=[s]),
            reverse("council_office:paper", args=[s, w.paper.pk]),
            reverse("council_office:person", args=[s, w.hidden.pk])]


def edit_pages(w):
    s = w.m.slug
    return [reverse(f"council_office:{name}", args=[s, *args]) for name, args in [
        ("term_new", []), ("term_edit", [w.term.pk]), ("location_new", []), ("location_edit", [w.hall.pk]),
        ("organization_new", []), ("organization_edit", [w.irat.pk]), ("person_new", []),
        ("person_edit", [w.chair.pk]), ("membership_new", [w.chair.pk]),
        ("membership_edit", [w.chair.pk, w.chair_membership.pk]), ("meeting_new", []),
        ("meeting_edit", [w.held.pk]), ("agenda_item_new", [w.held.pk]),
        ("agenda_item_edit", [w.held.pk, w.closed_item.pk]), ("paper_new", []), ("paper_edit", [w.paper.pk]),
        ("consultation_new", [w.paper.pk]), ("consultation_edit", [w.paper.pk, w.decision.pk]),
        ("file_upload", ["meeting", w.held.pk]), ("file_upload", ["paper", w.paper.pk]),
        ("file_upload", ["agenda_item", w.open_item.pk]),
        ("file_upload", ["person", w.hidden.pk]), ("prepare", [w.upcoming.pk]), ("body_edit", [])]]


def expect(response, persona, allowed, path):
    if persona in allowed:
        assert response.status_code in (200, 302), path
        assert "/login/" not in response.get("Location", ""), path
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"], path
    else:
        assert response.status_code == 403, path


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_lets_in_whom_council_rules_let_in(client, world, persona):
    if world.users[persona]:
        client.force_login(world.users[persona])
    for path in read_pages(world):
        response = client.get(path)
        expect(response, persona, READERS, path)
        if persona == "viewer":  # reads everything, non-public items included, edits nothing
            assert "bearbeiten" not in response.content.decode().lower() or path.endswith("/council/"), path
    for path in edit_pages(world):
        expect(client.get(path), persona, EDITORS, path)
    s, hidden = world.m.slug, world.hidden
    posts = [(reverse("council_office:consent_record", args=[s, hidden.pk]), {}),
             (reverse("council_office:agenda_order", args=[s, world.held.pk]),
              {f"position-{world.open_item.pk}": "2", f"position-{world.closed_item.pk}": "1"}),
             (reverse("council_office:invitation", args=[s, world.held.pk]), {}),
             (reverse("council_office:invite", args=[s, world.held.pk]), {}),
             (reverse("council_office:minutes", args=[s, world.held.pk]), {}),
             (reverse("council_office:delete", args=[s, "meeting", world.upcoming.pk]), {}),
             (reverse("council_office:open", args=[s]), {})]
    for path, data in posts:
        expect(client.post(path, data), persona, EDITORS, path)
    hidden.refresh_from_db()
    upcoming = Meeting.objects.get(pk=world.upcoming.pk)
    changed = persona in EDITORS
    assert (hidden.consent_at is not None) == changed
    assert (upcoming.deleted_at is not None) == changed
    assert world.held.files.alive().filter(role="invitation").count() == (2 if changed else 1)
    assert world.held.mails.count() == (1 if changed else 0)  # the chair, the one with an address
    assert world.held.files.filter(role="results_protocol").count() == (2 if changed else 1)
    assert [i.name for i in world.held.agenda_items.all()][0] == ("Geheimer Personalpunkt" if changed
                                                                 else "Sprachkurse 2024")


def test_the_viewer_sees_non_public_items_and_persons_without_consent(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("council_office:meeting", args=[world.m.slug, world.held.pk])).content.decode()
    assert "Geheimer Personalpunkt" in html and "nicht öffentlich" in html
    html = client.get(reverse("council_office:overview", args=[world.m.slug])).content.decode()
    assert "Ohnezustimmung" in html and "keine – nicht öffentlich" in html


def test_the_navigation_links_the_council_for_readers_only(client, world):
    overview = reverse("council_office:overview", args=[world.m.slug])
    client.force_login(world.users["viewer"])
    assert overview in client.get(reverse("backoffice:municipality", args=[world.m.slug])).content.decode()
    client.force_login(world.users["editor"])
    assert overview not in client.get(reverse("backoffice:municipality", args=[world.m.slug])).content.decode()


def test_another_towns_objects_are_not_found_under_this_town(client, world):
    other = cb.world(b.municipality(parent=world.m.parent))
    client.force_login(world.users["kreis_coordinator"])  # may edit both towns of the Kreis
    s = world.m.slug
    for path in [reverse("council_office:meeting", args=[s, other.held.pk]),
                 reverse("council_office:person_edit", args=[s, other.chair.pk]),
                 reverse("council_office:file_upload", args=[s, "paper", other.paper.pk]),
                 reverse("council_office:file_upload", args=[s, "nonsense", world.paper.pk])]:
        assert client.get(path).status_code == 404, path
    for kind, pk in [("person", other.chair.pk), ("nonsense", world.chair.pk)]:
        assert client.post(reverse("council_office:delete", args=[s, kind, pk])).status_code == 404
    assert Person.objects.get(pk=other.chair.pk).deleted_at is None
