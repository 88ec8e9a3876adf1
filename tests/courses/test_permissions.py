"""Role × page × action in course steering's back office: who is allowed, and that everyone
else is refused (403 or, for an object the person may not even see, 404; the log-in page
for an anonymous visitor). Providers never see other providers' learners; viewers never
see persons; a town's coordinator keeps only their town's learners; another Kreis's
coordinator is refused."""
import pytest
from django.urls import reverse

from teilhabe.courses.models import Course, Learner
from tests import builders as b
from tests.courses import builders as cb

PERSONAS = ["coordinator", "kreis_coordinator", "viewer", "provider_a", "provider_b", "haan_coordinator",
            "outsider", "other_coordinator", "anonymous"]


def placed(learner, course):
    Learner.objects.filter(pk=learner.pk).update(status=Learner.Status.PLACED, course=course, placed_on=cb.TODAY)
    learner.refresh_from_db()
    return learner


@pytest.fixture
def world(db):
    kreis, towns = cb.kreis(towns=("hilden", "haan"))
    hilden, haan = towns["hilden"], towns["haan"]
    provider_a, provider_b = cb.provider(hilden), cb.provider(haan)
    other_kreis, _others = cb.kreis(towns=("velbert",))
    w = {"kreis": kreis, "hilden": hilden, "haan": haan, "provider_a": provider_a, "provider_b": provider_b,
         "course_a": cb.course(kreis, hilden, provider_a), "course_b": cb.course(kreis, haan, provider_b),
         "kita_hilden": cb.kita(hilden)}
    w["learner_a"] = placed(cb.learner(kreis, hilden, name="Person A", contact="a@example.org"), w["course_a"])
    w["learner_b"] = placed(cb.learner(kreis, haan, name="Person B", contact="b@example.org"), w["course_b"])
    w["waiting_hilden"] = cb.learner(kreis, hilden, name="Person W")
    users = b.personas(hilden, editors={"provider_a": provider_a}, other=other_kreis)
    users["provider_b"] = b.user(role="actor_editor", municipality=haan, actor=provider_b)
    users["haan_coordinator"] = b.user(role="coordinator", municipality=haan)
    w["users"] = users
    return w


# Each persona works under the slug of a municipality it belongs to (a town's coordinator
# under the town's, a provider under its actor's town), as the navigation leads them.
HOME = {"provider_b": "haan", "haan_coordinator": "haan"}


def url(w, persona, name, *keys):
    return reverse(f"courses_backoffice:{name}", args=[w[HOME.get(persona, "hilden")].slug, *(w[k].pk for k in keys)])


STEER = {"kreis_coordinator"}
TOWN_COORDINATORS = {"coordinator", "haan_coordinator"}
READERS = STEER | TOWN_COORDINATORS | {"viewer"}
PROVIDERS = {"provider_a", "provider_b"}

# (description, method, url name, object keys, personas allowed)
MATRIX = [
    ("course list", "get", "courses", (), READERS | PROVIDERS),
    ("course detail of provider a", "get", "course", ("course_a",), READERS | {"provider_a"}),
    ("course create", "get", "course_new", (), STEER | PROVIDERS),
    ("course edit of provider a", "get", "course_edit", ("course_a",), STEER | {"provider_a"}),
    ("course cancel of provider a", "post", "course_cancel", ("course_a",), STEER | {"provider_a"}),
    ("provider list", "get", "providers", (), READERS),
    ("approval edit", "get", "approval_edit", ("provider_a",), STEER),
    ("waiting list", "get", "learners", (), STEER | TOWN_COORDINATORS | PROVIDERS),
    ("learner of Hilden placed with a", "get", "learner", ("learner_a",), STEER | {"coordinator", "provider_a"}),
    ("learner of Haan placed with b", "get", "learner", ("learner_b",), STEER | {"haan_coordinator", "provider_b"}),
    ("waiting learner of Hilden", "get", "learner", ("waiting_hilden",), STEER | {"coordinator"}),
    ("learner create", "get", "learner_new", (), STEER | TOWN_COORDINATORS),
    ("learner edit", "get", "learner_edit", ("learner_a",), STEER | {"coordinator"}),
    ("learner withdraw", "post", "learner_withdraw", ("waiting_hilden",), STEER | {"coordinator"}),
    ("kita list", "get", "kitas", (), READERS),
    ("kita create", "get", "kita_new", (), STEER | TOWN_COORDINATORS),
    ("kita edit of Hilden", "get", "kita_edit", ("kita_hilden",), STEER | {"coordinator"}),
    ("course settings", "get", "settings", (), STEER),
    ("allocation page", "get", "allocation", (), STEER),
    ("allocation confirm", "post", "allocation", (), STEER),
]


@pytest.mark.parametrize("description,method,name,keys,allowed", MATRIX, ids=[row[0] for row in MATRIX])
def test_it_allows_exactly_the_listed_roles(client, world, description, method, name, keys, allowed):
    wrong = []
    for persona in PERSONAS:
        client.logout()
        if world["users"][persona] is not None:
            client.force_login(world["users"][persona])
        data = {"on_date": f"{cb.TODAY:%Y-%m-%d}"} if method == "post" else {}
        response = getattr(client, method)(url(world, persona, name, *keys), data)
        status = response.status_code
        if persona in allowed:
            ok = status == 200 or (status == 302 and not response["Location"].startswith("/login/"))
        elif persona == "anonymous":
            ok = status == 302 and response["Location"].startswith("/login/")
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((persona, status))
    assert not wrong, (description, wrong)


def _as(client, world, persona):
    client.force_login(world["users"][persona])
    return client


def test_a_provider_sees_only_the_learners_placed_in_its_own_courses(client, world):
    page = _as(client, world, "provider_a").get(url(world, "provider_a", "learners")).content.decode()
    assert world["learner_a"].external_id in page
    assert world["learner_b"].external_id not in page  # another provider's
    assert world["waiting_hilden"].external_id not in page  # not placed with them
    course = client.get(url(world, "provider_a", "course", "course_a")).content.decode()
    assert "Person A" in course and "a@example.org" in course  # to invite them
    # another provider's course and its learners: not even found
    assert client.get(url(world, "provider_a", "course", "course_b")).status_code == 404


def test_a_provider_lists_and_picks_only_its_own_actor(client, world):
    page = _as(client, world, "provider_a").get(url(world, "provider_a", "courses")).content.decode()
    assert world["course_a"].external_id in page and world["course_b"].external_id not in page
    form = client.get(url(world, "provider_a", "course_new")).context["form"]
    assert list(form.fields["provider"].queryset) == [world["provider_a"]]
    response = client.post(url(world, "provider_a", "course_new"), {
        "external_id": "K-FORGED", "provider": world["provider_b"].pk, "type": "allgemein", "status": "open",
        "town": world["hilden"].pk, "starts_on": "2027-03-01", "time_of_day": "morning", "capacity": 10,
        "booked": 0})
    assert response.status_code == 200 and "provider" in response.context["form"].errors
    assert not Course.objects.filter(external_id="K-FORGED").exists()


def test_a_viewer_sees_courses_and_figures_but_never_persons(client, world):
    _as(client, world, "viewer")
    course = client.get(url(world, "viewer", "course", "course_a")).content.decode()
    assert world["learner_a"].external_id not in course and "Person A" not in course
    assert client.get(url(world, "viewer", "learners")).status_code == 403
    kitas = client.get(url(world, "viewer", "kitas"))
    assert kitas.status_code == 200 and world["kita_hilden"].name in kitas.content.decode()


def test_a_town_coordinator_adds_learners_only_for_their_own_town(client, world):
    _as(client, world, "coordinator")
    form = client.get(url(world, "coordinator", "learner_new")).context["form"]
    assert list(form.fields["town"].queryset) == [world["hilden"]]
    response = client.post(url(world, "coordinator", "learner_new"), {
        "external_id": "W-FORGED", "town": world["haan"].pk, "registered_on": "2026-12-01",
        "types": ["allgemein"], "times": ["morning"]})
    assert response.status_code == 200 and "town" in response.context["form"].errors
    assert not Learner.objects.filter(external_id="W-FORGED").exists()


@pytest.mark.parametrize("persona", ["viewer", "provider_a", "haan_coordinator", "other_coordinator"])
def test_refused_writes_change_nothing(client, world, persona):
    _as(client, world, persona)
    client.post(url(world, persona, "learner_withdraw", "waiting_hilden"))
    client.post(url(world, persona, "learner_edit", "waiting_hilden"), {"name": "Übernommen"})
    client.post(url(world, persona, "settings"), {"minimum_size": 1, "retention_days": 1})
    client.post(url(world, persona, "allocation"), {"on_date": f"{cb.TODAY:%Y-%m-%d}"})
    waiting = Learner.objects.get(pk=world["waiting_hilden"].pk)
    assert waiting.status == "waiting" and waiting.name == "Person W"
    assert not world["kreis"].course_allocations.exists()
    assert not hasattr(world["kreis"], "course_settings") or world["kreis"].course_settings.minimum_size != 1


def test_another_kreiss_coordinator_finds_nothing_of_ours_under_their_own_kreis(client, world):
    # other_coordinator coordinates another Kreis: under its slug, our objects are not found
    other = world["users"]["other_coordinator"]
    slug = other.memberships.get().municipality.slug
    client.force_login(other)
    for name, key in (("course", "course_a"), ("course_edit", "course_a"), ("learner", "learner_a"),
                      ("learner_edit", "learner_a"), ("kita_edit", "kita_hilden"), ("approval_edit", "provider_a")):
        path = reverse(f"courses_backoffice:{name}", args=[slug, world[key].pk])
        assert client.get(path).status_code == 404, name
    withdraw = reverse("courses_backoffice:learner_withdraw", args=[slug, world["learner_a"].pk])
    assert client.post(withdraw).status_code == 404
    assert Learner.objects.get(pk=world["learner_a"].pk).status == "placed"
