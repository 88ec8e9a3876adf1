"""A coordinator manages the municipality's data, vocabularies and who has which role;
nobody else may."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from teilhabe.municipalities.actions import ensure_default_target_groups
from teilhabe.municipalities.models import Membership
from tests import builders as b


@pytest.fixture
def town(db):
    return b.municipality("lindenau")


@pytest.fixture
def coordinator(town):
    return b.user("koordination", role="coordinator", municipality=town)


def u(town, name, *args):
    return reverse(f"backoffice:{name}", args=[town.slug, *args])


@pytest.mark.parametrize("role", ["viewer", "actor_editor", None])
@pytest.mark.parametrize("name,method", [("settings", "get"), ("district_new", "get"), ("member_add", "get"),
                                         ("member_add", "post"), ("target_group_new", "get")])
def test_it_refuses_the_settings_to_everyone_but_coordinators(client, town, role, name, method):
    actor = b.actor(town) if role == "actor_editor" else None
    client.force_login(b.user(role=role, municipality=town if role else None, actor=actor))
    response = getattr(client, method)(u(town, name), {"username": "neu", "email": "neu@example.org",
                                                       "role": "coordinator"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="neu").exists()


def test_it_invites_a_new_person_by_email_with_a_working_link(client, town, coordinator,
                                                              django_capture_on_commit_callbacks):
    actor = b.actor(town, name="Sprachcafé e. V.")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes out after the commit
        response = client.post(u(town, "member_add"), {"username": "sprachcafe", "email": "vorstand@sprachcafe.example",
                                                       "role": "actor_editor", "actor": actor.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="sprachcafe")
    assert (membership.role, membership.actor) == ("actor_editor", actor)
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vorstand@sprachcafe.example"]
    link = re.search(r"http://testserver(/password/set/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "new_password1" in page.content.decode()
    client.post(page.redirect_chain[-1][0], {"new_password1": "Vereinsarbeit-2024!", "new_password2": "Vereinsarbeit-2024!"})
    # Through the log-in form: the log-in throttling needs the request (client.login has none).
    assert client.post("/login/", {"username": "sprachcafe", "password": "Vereinsarbeit-2024!"}).status_code == 302
    assert "_auth_user_id" in client.session


def test_it_gives_an_existing_person_a_role_without_mail(client, town, coordinator):
    b.user("bekannt")
    client.force_login(coordinator)
    client.post(u(town, "member_add"), {"username": "bekannt", "role": "viewer"})
    assert Membership.objects.filter(user__username="bekannt", role="viewer", municipality=town).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("data,field", [
    ({"username": "x", "role": "actor_editor"}, "actor"),
    ({"username": "neu", "role": "viewer"}, "email"),
    ({"username": "mit leerzeichen", "role": "viewer", "email": "a@example.org"}, "username"),
    ({"username": "neu", "role": "chef", "email": "a@example.org"}, "role"),
])
def test_it_names_the_wrong_field_when_adding_a_person(client, town, coordinator, data, field):
    client.force_login(coordinator)
    response = client.post(u(town, "member_add"), data)
    assert field in response.context["form"].errors
    assert not Membership.objects.exclude(user=coordinator).exists()


def test_it_does_not_let_a_coordinator_remove_their_own_role(client, town, coordinator):
    client.force_login(coordinator)
    own = Membership.objects.get(user=coordinator)
    client.post(u(town, "member_remove", own.pk))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_it_removes_another_persons_role(client, town, coordinator):
    other = Membership.objects.get(user=b.user(role="viewer", municipality=town))
    client.force_login(coordinator)
    client.post(u(town, "member_remove", other.pk))
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_it_refuses_a_duplicate_district_key_on_the_field(client, town, coordinator):
    b.district(town, "altstadt")
    client.force_login(coordinator)
    response = client.post(u(town, "district_new"), {"name": "Altstadt", "key": "altstadt"})
    assert "key" in response.context["form"].errors
    assert town.districts.count() == 1


def test_it_edits_target_group_names_per_language(client, town, coordinator):
    ensure_default_target_groups(town)
    group = town.target_groups.get(key="vaeter")
    client.force_login(coordinator)
    response = client.post(u(town, "target_group_edit", group.pk),
                           {"position": 3, "name_de": "Väter", "name_en": "Fathers", "name_ar": ""})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.names["en"] == "Fathers" and "ar" not in group.names


def test_it_creates_the_default_target_groups_once(town):
    ensure_default_target_groups(town)
    ensure_default_target_groups(town)
    keys = list(town.target_groups.values_list("key", flat=True))
    assert len(keys) == 12 and {"vaeter", "gefluechtete", "alle"} <= set(keys)
