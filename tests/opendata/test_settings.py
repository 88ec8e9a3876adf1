"""The open data's licence and the transparency switch: coordinators of the town and of
its Kreis change them; viewers, actor editors, outsiders and other towns' coordinators are
refused (403), anonymous visitors sent to log in."""
import pytest
from django.urls import reverse

from teilhabe.opendata import rules
from teilhabe.opendata.models import OpenDataSettings
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    return b.municipality("lindenau", parent=b.municipality("kreis", kind="kreis"))


@pytest.fixture
def people(town):
    return b.personas(town)


def test_the_rules_let_only_coordinators_manage(town, people):
    assert b.allowed(people, lambda user: rules.can_manage(user, town)) == {"coordinator", "kreis_coordinator"}


def test_the_settings_page_refuses_everyone_the_rules_refuse(client, town, people):
    url = reverse("backoffice:settings_open_data", args=[town.slug])
    for name, person in people.items():
        client.logout()
        if person:
            client.force_login(person)
        allowed = name in ("coordinator", "kreis_coordinator")
        response = client.post(url, {"licence": "cc-zero", "contributor_id": "", "transparency_page": "on"})
        assert response.status_code == (302 if allowed or person is None else 403), name
        if person is None:
            assert response["Location"].startswith("/login/"), name
        changed = OpenDataSettings.objects.filter(municipality=town, transparency_page=True).exists()
        assert changed == allowed, name
        OpenDataSettings.objects.filter(municipality=town).delete()
        assert client.get(url).status_code == (200 if allowed else 302 if person is None else 403), name


def test_a_coordinator_switches_the_transparency_page_on_and_chooses_the_licence(client, town, people):
    assert not OpenDataSettings.of(town).transparency_page and OpenDataSettings.of(town).licence == "cc-by/4.0"
    client.force_login(people["viewer"])
    client.post(reverse("backoffice:settings_open_data", args=[town.slug]),
                {"licence": "cc-zero", "transparency_page": "on"})
    assert not OpenDataSettings.objects.filter(municipality=town).exists()
    client.force_login(people["coordinator"])
    response = client.post(reverse("backoffice:settings_open_data", args=[town.slug]),
                           {"licence": "cc-zero", "contributor_id": "", "transparency_page": "on"})
    assert response.status_code == 302
    chosen = OpenDataSettings.of(town)
    assert chosen.transparency_page and chosen.licence_uri == "http://dcat-ap.de/def/licenses/cc-zero"
    assert client.post(reverse("backoffice:settings_open_data", args=[town.slug]),
                       {"licence": "proprietär"}).status_code == 200     # the form names the field
