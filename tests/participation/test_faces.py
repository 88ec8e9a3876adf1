"""Participation is a domain app (issue 11): its pages are served from the faces
(backoffice/, portal/), its templates live under theirs, and one module says who may
manage it. Same URLs and names as before the move."""
import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse

from teilhabe.participation import rules
from tests import builders as b

from . import builders as pb

TEMPLATES = Path(__file__).resolve().parents[2] / "teilhabe" / "templates"


def test_participation_holds_no_views_urls_or_page_forms():
    for old in ("views_public", "views_private", "views_backoffice", "urls", "urls_backoffice", "templatetags"):
        assert importlib.util.find_spec(f"teilhabe.participation.{old}") is None, old
    from teilhabe.participation import forms
    assert not any(name.endswith("Form") and name != "forms" for name in vars(forms)), "page forms belong to a face"


@pytest.mark.parametrize("name, args, path, module", [
    ("participation_backoffice:events", ["herne"], "/backoffice/herne/events/",
     "teilhabe.backoffice.views.participation.events"),
    ("participation_backoffice:attendance", ["herne", 2], "/backoffice/herne/events/2/attendance/",
     "teilhabe.backoffice.views.participation.registrations"),
    ("participation_backoffice:comment_hide", ["herne", 3], "/backoffice/herne/ideas/comments/3/hide/",
     "teilhabe.backoffice.views.participation.ideas"),
    ("participation:events", ["herne"], "/herne/events/", "teilhabe.portal.views.participation"),
    ("participation:events_feed", ["herne"], "/herne/events.ics", "teilhabe.portal.views.participation"),
    ("participation:idea_new", ["herne"], "/herne/ideas/new/", "teilhabe.portal.views.participation"),
    ("participation:private_registration", ["t0k"], "/p/r/t0k/", "teilhabe.portal.views.private"),
    ("participation:private_comment", ["t0k"], "/p/c/t0k/", "teilhabe.portal.views.private"),
])
def test_the_pages_keep_their_urls_and_are_served_by_the_faces(name, args, path, module):
    assert reverse(name, args=args) == path
    assert resolve(path).func.__module__ == module


def test_the_portals_own_views_stay_importable_from_the_package():
    from teilhabe.portal import views
    assert all(callable(getattr(views, name)) for name in (
        "index", "home", "measure_page", "context", "get_municipality", "public_concept", "active_language"))


def test_page_templates_live_under_the_faces_and_only_the_mails_stay():
    assert sorted(p.name for p in (TEMPLATES / "participation").iterdir()) == ["mail"]
    assert (TEMPLATES / "backoffice" / "participation" / "event_list.html").is_file()
    assert (TEMPLATES / "portal" / "participation" / "events.html").is_file()
    assert (TEMPLATES / "portal" / "participation" / "private" / "registration.html").is_file()


@pytest.mark.django_db
def test_rules_say_who_reads_and_who_manages_participation():
    kreis = b.municipality("kreis-r", kind="kreis")
    town = pb.town()
    town.parent = kreis
    town.save()
    users = b.personas(town)
    answers = {name: (rules.can_read(user or AnonymousUser(), town), rules.can_manage(user or AnonymousUser(), town))
               for name, user in users.items()}
    assert answers == {
        "coordinator": (True, True), "kreis_coordinator": (True, True), "viewer": (True, False),
        "editor": (False, False), "outsider": (False, False), "other_coordinator": (False, False),
        "anonymous": (False, False)}


@pytest.mark.django_db
def test_the_back_office_navigation_asks_the_same_rule_for_the_participation_links(client):
    town = pb.town()
    town.parent = b.municipality("kreis-n", kind="kreis")
    town.save()
    users = b.personas(town)
    links = [f'href="{reverse(f"participation_backoffice:{name}", args=[town.slug])}"' for name in ("events", "ideas")]
    shown = {}
    for name in ("coordinator", "kreis_coordinator", "viewer", "editor"):
        client.force_login(users[name])
        response = client.get(reverse("backoffice:actors", args=[town.slug]))
        assert response.status_code == 200, name
        html = response.content.decode()
        shown[name] = [link in html for link in links]
        assert shown[name] == [rules.can_read(users[name], town)] * 2, name
    assert shown == {"coordinator": [True, True], "kreis_coordinator": [True, True], "viewer": [True, True],
                     "editor": [False, False]}
