"""One actor working in several towns of a Kreis (issue 15 §1): its editors keep it once,
from the back office of any municipality it works in; each town's coordinator lists and
reads it; only its own municipality's coordinators (and the Kreis's) administer it."""
import pytest
from django.urls import reverse

from teilhabe.actors.models import Actor
from tests import builders as b


@pytest.fixture
def world(db):
    kreis = b.municipality("kreis-mettmann", kind="kreis")
    hilden, ratingen = b.municipality("hilden", parent=kreis), b.municipality("ratingen", parent=kreis)
    other_kreis = b.municipality("kreis-recklinghausen", kind="kreis")
    herten = b.municipality("herten", parent=other_kreis)
    komm_in = b.actor(kreis, "komm-in", name="Willkommen im Kreis ME")
    komm_in.works_in.set([hilden])
    people = {
        "editor": b.user(role="actor_editor", municipality=kreis, actor=komm_in),
        "hilden_coordinator": b.user(role="coordinator", municipality=hilden),
        "ratingen_coordinator": b.user(role="coordinator", municipality=ratingen),
        "kreis_coordinator": b.user(role="coordinator", municipality=kreis),
        "other_kreis_coordinator": b.user(role="coordinator", municipality=other_kreis),
        "herten_coordinator": b.user(role="coordinator", municipality=herten),
    }
    return {"actor": komm_in, "people": people, "hilden": hilden}


def edit(client, world, person, slug, name="KOMM-IN Kreis Mettmann"):
    client.force_login(world["people"][person])
    return client.post(reverse("backoffice:actor_edit", args=[slug, world["actor"].pk]),
                       {"name": name, "kind": "association", "is_published": "on",
                        "works_in": [world["hilden"].pk]})


@pytest.mark.parametrize("slug", ["hilden", "kreis-mettmann"])
def test_an_editor_of_the_actor_edits_it_from_either_municipality(client, world, slug):
    response = edit(client, world, "editor", slug)
    assert response.status_code == 302
    actor = Actor.objects.get(pk=world["actor"].pk)
    assert actor.name == "KOMM-IN Kreis Mettmann"
    assert actor.municipality.slug == "kreis-mettmann"  # still administered by the Kreis
    assert list(actor.works_in.values_list("slug", flat=True)) == ["hilden"]


def test_each_town_it_works_in_lists_it_and_its_coordinator_reads_it(client, world):
    client.force_login(world["people"]["hilden_coordinator"])
    listing = client.get(reverse("backoffice:actors", args=["hilden"])).content.decode()
    assert "Willkommen im Kreis ME" in listing
    assert client.get(reverse("backoffice:actor", args=["hilden", world["actor"].pk])).status_code == 200


@pytest.mark.parametrize("person, slug, status", [
    ("hilden_coordinator", "hilden", 403),          # reads it, administers it not: the Kreis does
    ("ratingen_coordinator", "ratingen", 404),      # it does not work in Ratingen
    ("other_kreis_coordinator", "hilden", 403),     # another Kreis's coordinator: not in Hilden at all
    ("other_kreis_coordinator", "kreis-recklinghausen", 404),
    ("herten_coordinator", "herten", 404),
    ("editor", "ratingen", 403),                    # its editor has no role where it does not work
])
def test_others_are_refused(client, world, person, slug, status):
    assert edit(client, world, person, slug, name="Übernommen").status_code == status
    assert Actor.objects.get(pk=world["actor"].pk).name == "Willkommen im Kreis ME"


def test_the_kreis_coordinator_administers_it_from_a_town(client, world):
    assert edit(client, world, "kreis_coordinator", "hilden").status_code == 302


def test_the_form_offers_only_the_other_towns_of_the_kreis(client, world):
    client.force_login(world["people"]["editor"])
    form = client.get(reverse("backoffice:actor_edit", args=["hilden", world["actor"].pk])).context["form"]
    assert [m.slug for m in form.fields["works_in"].queryset] == ["hilden", "ratingen"]
    response = client.post(reverse("backoffice:actor_edit", args=["hilden", world["actor"].pk]),
                           {"name": "X", "kind": "association", "works_in": [b.municipality("elsewhere").pk]})
    assert response.status_code == 200 and "works_in" in response.context["form"].errors
