"""Defects found in review: each would have been a server error or a leak."""
import pytest
from django.urls import reverse

from teilhabe.participation.models import Event
from tests import builders as b
from tests.participation import builders as pb


@pytest.fixture
def town(db):
    return pb.town("pruefstadt")


def test_it_shows_an_event_with_an_organiser_but_no_organiser_actor(client, town):
    event = pb.event(town, organiser="Integrationsbüro")
    page = client.get(reverse("participation:event", args=[town.slug, event.pk]))
    assert page.status_code == 200 and "Integrationsbüro" in page.content.decode()


def test_it_shows_an_event_with_an_organiser_actor_only(client, town):
    event = pb.event(town, organiser="", organiser_actor=b.actor(town, name="Verein am Markt"))
    page = client.get(reverse("participation:event", args=[town.slug, event.pk]))
    assert page.status_code == 200 and "Verein am Markt" in page.content.decode()


def test_it_refuses_an_absurd_head_count_on_the_field(client, town):
    event = pb.event(town)
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(reverse("participation_backoffice:attendance", args=[town.slug, event.pk]),
                           {"guests_counted": "99999999999999999999"})
    assert response.status_code == 200
    assert "guests_counted" in response.context["form"].errors
    assert Event.objects.get(pk=event.pk).guests_counted in (None, 0)


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "abc"])
def test_it_refuses_impossible_ids_in_multiple_choices(client, town, value):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(reverse("backoffice:actor_new", args=[town.slug]),
                           {"name": "Neu", "external_id": "neu", "kind": "association", "districts": [value]})
    assert response.status_code == 200 and "districts" in response.context["form"].errors
    assert not town.actors.filter(external_id="neu").exists()


def test_it_offers_an_actor_editor_only_public_and_own_measures(client, town):
    concept = town.concepts.get()
    own, other = b.actor(town, "eigen"), b.actor(town, "fremd")
    b.measure(concept, "M-OWN", status="running", responsible=own, is_public=False)
    b.measure(concept, "M-PUBLIC", status="running", responsible=other)
    b.measure(concept, "M-INTERNAL", status="running", responsible=other, is_public=False)
    client.force_login(b.user(role="actor_editor", municipality=town, actor=own))
    form = client.get(reverse("backoffice:offer_new", args=[town.slug])).context["form"]
    choices = set(form.fields["measure"].queryset.values_list("external_id", flat=True))
    assert choices == {"M-OWN", "M-PUBLIC"}
