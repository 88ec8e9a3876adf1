"""Every back-office action of participation × every persona: coordinators (town and
Kreis) manage, viewers read without personal data, actor editors, outsiders, another
town's coordinator and anonymous visitors are refused."""
import re

import pytest
from django.urls import reverse

from teilhabe.participation import actions
from teilhabe.participation.models import Comment
from tests import builders as b

from . import builders as pb

PERSONAS = b.persona_names()
MANAGERS = {"coordinator", "kreis_coordinator"}
READERS = MANAGERS | {"viewer"}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_db):
    """Made once for the module's tests (rolled back after the last); each test's writes are
    rolled back with the test."""
    kreis = b.municipality("kreis-p", kind="kreis")
    town = pb.town()
    town.parent = kreis
    town.save()
    other = b.municipality("anderswo")
    event = pb.event(town, capacity=3)
    registration, _ = actions.register(event=event, name="Ada", email="ada@example.org", consent=True)
    idea = pb.idea(town, status="accepted")
    comment = Comment.objects.create(idea=idea, body="Text", email="c@example.org", status="visible")
    users = b.personas(town, other=other)
    return {"town": town, "event": event, "registration": registration, "idea": idea, "comment": comment,
            "users": users}


def u(w, name, *args):
    return reverse(f"participation_backoffice:{name}", args=[w["town"].slug, *args])


MATRIX = [
    ("get", lambda w: u(w, "events"), READERS),
    ("get", lambda w: u(w, "event", w["event"].pk), READERS),
    ("get", lambda w: u(w, "statistics_csv", w["event"].pk), READERS),
    ("get", lambda w: u(w, "ideas"), READERS),
    ("get", lambda w: u(w, "idea", w["idea"].pk), READERS),
    ("get", lambda w: u(w, "event_new"), MANAGERS),
    ("get", lambda w: u(w, "event_edit", w["event"].pk), MANAGERS),
    ("get", lambda w: u(w, "workshop_new", w["event"].pk), MANAGERS),
    ("get", lambda w: u(w, "registrations", w["event"].pk), MANAGERS),
    ("post", lambda w: u(w, "registration_check_in", w["event"].pk, w["registration"].pk), MANAGERS),
    ("post", lambda w: u(w, "registration_cancel", w["event"].pk, w["registration"].pk), MANAGERS),
    ("post", lambda w: u(w, "registration_actor", w["event"].pk, w["registration"].pk), MANAGERS),
    ("get", lambda w: u(w, "attendance", w["event"].pk), MANAGERS),
    ("get", lambda w: u(w, "settings"), MANAGERS),
    ("get", lambda w: u(w, "mail_failures"), MANAGERS),
    ("get", lambda w: u(w, "idea_new"), MANAGERS),
    ("get", lambda w: u(w, "idea_edit", w["idea"].pk), MANAGERS),
    ("post", lambda w: u(w, "idea_status", w["idea"].pk), MANAGERS),
    ("get", lambda w: u(w, "idea_measure", w["idea"].pk), MANAGERS),
    ("post", lambda w: u(w, "comment_hide", w["comment"].pk), MANAGERS),
    ("post", lambda w: u(w, "comment_show", w["comment"].pk), MANAGERS),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method, make_url, allowed", MATRIX)
def test_it_allows_only_the_right_roles(client, world, persona, method, make_url, allowed):
    user = world["users"][persona]
    if user:
        client.force_login(user)
    response = getattr(client, method)(make_url(world))
    if persona in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_it_shows_viewers_no_names_or_addresses(client, world):
    client.force_login(world["users"]["viewer"])
    for url in (u(world, "event", world["event"].pk), u(world, "idea", world["idea"].pk)):
        page = client.get(url).content.decode()
        # \b: a random CSRF token may contain the letters "Ada"
        assert not re.search(r"\bAda\b", page) and "ada@example.org" not in page and "idee@example.org" not in page


def test_it_keeps_other_towns_objects_out_of_reach(client, world):
    other = b.municipality("drittort")
    client.force_login(b.user(role="coordinator", municipality=other))
    assert client.get(reverse("participation_backoffice:event", args=["drittort", world["event"].pk])).status_code == 404
    assert client.get(reverse("participation_backoffice:idea", args=["drittort", world["idea"].pk])).status_code == 404
