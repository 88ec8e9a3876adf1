"""Role × object × action in the back office: who is allowed, and that everyone else is
refused (403 for a signed-in person, the log-in page for an anonymous one)."""
import pytest
from django.urls import reverse

from teilhabe.actors.models import ContactPerson
from teilhabe.offers.models import Offer
from teilhabe.strategy.models import Measure
from tests import builders as b

PERSONAS = b.persona_names(editors=("editor_a", "editor_b"))

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_db):
    """Made once for the module's ~230 tests (rolled back after the last); each test's writes
    are rolled back with the test."""
    kreis = b.municipality("kreis-test", kind="kreis")
    town = b.municipality("stadt-test", parent=kreis)
    other = b.municipality("andere-stadt")
    concept = b.concept(town)
    field = b.field(concept, "sprache")
    goal = b.goal(concept, field=field)
    actor_a, actor_b = b.actor(town, "verein-a"), b.actor(town, "verein-b")
    w = {
        "town": town, "concept": concept, "field": field, "goal": goal,
        "actor_a": actor_a, "actor_b": actor_b,
        "measure_a": b.measure(concept, "M-A", responsible=actor_a),
        "measure_b": b.measure(concept, "M-B", responsible=actor_b),
        "offer_a": b.offer(town, actor_a, "O-A", field=field),
        "offer_b": b.offer(town, actor_b, "O-B", field=field),
        "contact_a": b.contact(actor_a, "beratung"),
        "contact_b": b.contact(actor_b, "beratung"),
    }
    w["users"] = b.personas(town, editors={"editor_a": actor_a, "editor_b": actor_b}, other=other)
    return w


def url(w, name, *keys):
    args = [w["town"].slug] + [w[k].pk for k in keys]
    return reverse(f"backoffice:{name}", args=args)


MANAGERS = {"coordinator", "kreis_coordinator"}
READERS = MANAGERS | {"viewer"}
ALL_ROLES = READERS | {"editor_a", "editor_b"}

# (description, method, url builder, personas allowed)
MATRIX = [
    ("municipality page", "get", lambda w: url(w, "municipality"), ALL_ROLES),
    ("concept list", "get", lambda w: url(w, "concepts"), ALL_ROLES),
    ("concept detail", "get", lambda w: url(w, "concept", "concept"), ALL_ROLES),
    ("concept edit", "get", lambda w: url(w, "concept_edit", "concept"), MANAGERS),
    ("concept create", "get", lambda w: url(w, "concept_new"), MANAGERS),
    ("concept new version", "post", lambda w: url(w, "concept_new_version", "concept"), MANAGERS),
    ("guideline create", "get", lambda w: url(w, "guideline_new", "concept"), MANAGERS),
    ("field edit", "get", lambda w: url(w, "field_edit", "concept", "field"), MANAGERS),
    ("goal detail", "get", lambda w: url(w, "goal", "goal"), ALL_ROLES),
    ("goal edit", "get", lambda w: url(w, "goal_edit", "concept", "goal"), MANAGERS),
    ("measure list", "get", lambda w: url(w, "measures"), ALL_ROLES),
    ("measure create", "get", lambda w: url(w, "measure_new") + f"?concept={w['concept'].pk}", MANAGERS),
    ("own measure detail", "get", lambda w: url(w, "measure", "measure_a"), READERS | {"editor_a"}),
    ("own measure edit", "get", lambda w: url(w, "measure_edit", "measure_a"), MANAGERS | {"editor_a"}),
    ("actor list", "get", lambda w: url(w, "actors"), ALL_ROLES),
    ("actor create", "get", lambda w: url(w, "actor_new"), MANAGERS),
    ("own actor detail", "get", lambda w: url(w, "actor", "actor_a"), READERS | {"editor_a"}),
    ("own actor edit", "get", lambda w: url(w, "actor_edit", "actor_a"), MANAGERS | {"editor_a"}),
    ("contact create", "get", lambda w: url(w, "contact_new", "actor_a"), MANAGERS | {"editor_a"}),
    ("contact edit", "get", lambda w: url(w, "contact_edit", "actor_a", "contact_a"), MANAGERS | {"editor_a"}),
    ("offer list", "get", lambda w: url(w, "offers"), ALL_ROLES),
    ("offer create", "get", lambda w: url(w, "offer_new"), MANAGERS | {"editor_a", "editor_b"}),
    ("own offer detail", "get", lambda w: url(w, "offer", "offer_a"), READERS | {"editor_a"}),
    ("own offer edit", "get", lambda w: url(w, "offer_edit", "offer_a"), MANAGERS | {"editor_a"}),
    ("translation edit", "get", lambda w: url(w, "offer", "offer_a") + "translations/en/", MANAGERS | {"editor_a"}),
]


def _client_for(client, w, persona):
    if w["users"][persona] is not None:
        client.force_login(w["users"][persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description,method,build,allowed", MATRIX, ids=[row[0] for row in MATRIX])
def test_it_allows_exactly_the_listed_roles(client, world, persona, description, method, build, allowed):
    client = _client_for(client, world, persona)
    response = getattr(client, method)(build(world))
    if persona in allowed:
        assert response.status_code in (200, 302), (description, persona, response.status_code)
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    elif persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code == 403, (description, persona, response.status_code)


# Writes that must be refused change nothing.

@pytest.mark.parametrize("persona", ["viewer", "editor_b", "outsider", "other_coordinator"])
def test_it_refuses_editing_another_actors_offer(client, world, persona):
    client = _client_for(client, world, persona)
    response = client.post(url(world, "offer_edit", "offer_a"), {"title": "Übernommen"})
    assert response.status_code == 403
    assert Offer.objects.get(pk=world["offer_a"].pk).title == world["offer_a"].title


@pytest.mark.parametrize("persona", ["viewer", "editor_b", "outsider"])
def test_it_refuses_deleting_another_actors_offer(client, world, persona):
    client = _client_for(client, world, persona)
    assert client.post(url(world, "offer_delete", "offer_a")).status_code == 403
    assert Offer.objects.filter(pk=world["offer_a"].pk).exists()


@pytest.mark.parametrize("persona", ["coordinator", "editor_a"])
def test_it_lets_the_allowed_delete_an_offer(client, world, persona):
    client = _client_for(client, world, persona)
    assert client.post(url(world, "offer_delete", "offer_a")).status_code == 302
    assert not Offer.objects.filter(pk=world["offer_a"].pk).exists()


@pytest.mark.parametrize("persona", ["viewer", "editor_b", "editor_a"])
def test_it_refuses_deleting_a_contact_to_others(client, world, persona):
    client = _client_for(client, world, persona)
    target = "contact_b" if persona != "editor_b" else "contact_a"
    actor = "actor_b" if persona != "editor_b" else "actor_a"
    assert client.post(url(world, "contact_delete", actor, target)).status_code == 403
    assert ContactPerson.objects.filter(pk=world[target].pk).exists()


@pytest.mark.parametrize("persona", ["viewer", "editor_b", "outsider"])
def test_it_refuses_status_changes_to_others(client, world, persona):
    client = _client_for(client, world, persona)
    response = client.post(url(world, "measure_status", "measure_a"),
                           {"to_status": "running", "changed_on": "2024-01-01"})
    assert response.status_code == 403
    assert Measure.objects.get(pk=world["measure_a"].pk).status == "planned"


@pytest.mark.parametrize("persona", ["viewer", "editor_a", "outsider"])
def test_it_refuses_adopting_a_concept_to_non_coordinators(client, world, persona):
    draft = b.concept(world["town"], status="draft")
    client = _client_for(client, world, persona)
    response = client.post(reverse("backoffice:concept_adopt", args=[world["town"].slug, draft.pk]),
                           {"adopted_on": "2024-05-01", "adopted_by": "Rat"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_keeps_an_actor_editor_from_giving_an_offer_to_another_actor(client, world):
    client = _client_for(client, world, "editor_a")
    response = client.post(url(world, "offer_new"), {
        "title": "Fremdes Angebot", "external_id": "O-NEU", "provider": world["actor_b"].pk})
    assert response.status_code == 200  # the form again, with an error on "provider"
    assert "provider" in response.context["form"].errors
    assert not Offer.objects.filter(external_id="O-NEU").exists()


def test_it_lists_only_the_editors_own_offers_and_measures(client, world):
    client = _client_for(client, world, "editor_a")
    offers = client.get(url(world, "offers")).context["page"].object_list
    assert [o.pk for o in offers] == [world["offer_a"].pk]
    measures = client.get(url(world, "measures")).context["page"].object_list
    assert [m.pk for m in measures] == [world["measure_a"].pk]


def test_it_hides_objects_of_another_municipality_behind_404(client, world):
    other = b.municipality("dritte-stadt")
    foreign_actor = b.actor(other, "fremd")
    client = _client_for(client, world, "coordinator")
    response = client.get(reverse("backoffice:actor", args=[world["town"].slug, foreign_actor.pk]))
    assert response.status_code == 404


def test_it_gives_the_kreis_coordinator_its_towns_on_the_home_page(client, world):
    client = _client_for(client, world, "kreis_coordinator")
    names = [m.slug for m in client.get(reverse("backoffice:home")).context["municipalities"]]
    assert set(names) == {"kreis-test", "stadt-test"}


def test_it_shows_the_home_page_of_an_outsider_without_municipalities(client, world):
    client = _client_for(client, world, "outsider")
    assert list(client.get(reverse("backoffice:home")).context["municipalities"]) == []



@pytest.mark.parametrize("persona", ["coordinator", "viewer", "editor_a", "anonymous"])
def test_it_keeps_djangos_admin_for_superusers(client, world, persona):
    client = _client_for(client, world, persona)
    response = client.get("/admin/actors/actor/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_opens_djangos_admin_to_a_superuser(client, world):
    client.force_login(b.user("root", superuser=True))
    assert client.get("/admin/actors/actor/").status_code == 200
