"""A refused status change of a measure shows the form again with what was typed (the
note) and why it was refused, instead of throwing the note away."""
import pytest
from django.urls import reverse

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(client):
    m = b.municipality("stadt-status")
    concept = b.concept(m)
    actor = b.actor(m, "verein")
    measure = b.measure(concept, "M-1", status="running", responsible=actor)
    measure.status_changes.create(from_status="planned", to_status="running", changed_on="2026-03-01")
    client.force_login(b.user("koordination", role="coordinator", municipality=m))
    return m, measure, client


NOTE = "Der Träger hat die Förderung verloren; Fortsetzung ab Herbst geprüft."


def test_it_keeps_the_note_of_a_refused_status_change(w):
    m, measure, client = w
    # A date before the last change is refused by the action.
    response = client.post(reverse("backoffice:measure_status", args=[m.slug, measure.pk]),
                           {"to_status": "stopped", "changed_on": "2026-01-01", "note": NOTE})
    assert response.status_code == 200
    form = response.context["status_form"]
    assert list(form.errors) == ["changed_on"]
    html = response.content.decode()
    assert NOTE in html
    assert "Das Datum liegt vor der letzten Statusänderung (01.03.2026)." in html
    measure.refresh_from_db()
    assert measure.status == "running"


def test_it_keeps_the_note_when_the_step_is_not_allowed(w):
    m, measure, client = w
    response = client.post(reverse("backoffice:measure_status", args=[m.slug, measure.pk]),
                           {"to_status": "planned", "changed_on": "2026-04-01", "note": NOTE})
    assert response.status_code == 200
    assert "to_status" in response.context["status_form"].errors
    assert NOTE in response.content.decode()


def test_an_allowed_change_goes_back_to_the_measure(w):
    m, measure, client = w
    response = client.post(reverse("backoffice:measure_status", args=[m.slug, measure.pk]),
                           {"to_status": "stopped", "changed_on": "2026-04-01", "note": NOTE})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "stopped"
    assert measure.status_changes.latest("id").note == NOTE


def test_it_refuses_the_status_change_to_a_viewer(w, client):
    m, measure, _client = w
    client.force_login(b.user("rat", role="viewer", municipality=m))
    response = client.post(reverse("backoffice:measure_status", args=[m.slug, measure.pk]),
                           {"to_status": "stopped", "changed_on": "2026-04-01", "note": NOTE})
    assert response.status_code == 403


def test_the_status_note_says_it_is_internal(w):
    """The portal and the API show a status change's date and status only (docs/api.md)."""
    m, measure, client = w
    response = client.get(reverse("backoffice:measure", args=[m.slug, measure.pk]))
    assert "nur intern sichtbar" in response.content.decode()
    form = response.context["status_form"]
    assert form["note"].help_text == "nur intern sichtbar"
