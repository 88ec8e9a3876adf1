"""The providers' CSV upload page: Kreis coordinators for any provider, a provider's
editors for their own actor; everyone else refused."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.courses.models import Course
from tests import builders
from tests.courses import builders as cb

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    k, towns = cb.kreis()
    hilden = towns["hilden"]
    caritas = cb.provider(hilden, "caritas")
    people = builders.personas(hilden, editors={"editor": caritas})
    people["kreis_viewer"] = builders.user(role="viewer", municipality=k)
    return k, hilden, caritas, people


def url(slug):
    return reverse("steering:upload", args=[slug])


@pytest.mark.parametrize("persona, on_kreis, on_town", [
    ("kreis_coordinator", 200, 200), ("editor", 403, 200), ("coordinator", 403, 403), ("viewer", 403, 403),
    ("kreis_viewer", 403, 403), ("outsider", 403, 403), ("other_coordinator", 403, 403), ("anonymous", 302, 302),
])
def test_who_may_upload_courses(client, world, persona, on_kreis, on_town):
    k, hilden, _caritas, people = world
    if people[persona]:
        client.force_login(people[persona])

    assert (client.get(url(k.slug)).status_code, client.get(url(hilden.slug)).status_code) == (on_kreis, on_town)
    if on_town != 200:
        assert client.post(url(hilden.slug), {"file": _csv("K-X")}).status_code == on_town
        assert not Course.objects.exists()


def _csv(external_id, town="hilden", provider=None):
    header = "external_id;type;town;starts_on;time_of_day;capacity" + (";provider" if provider else "")
    row = f"{external_id};allgemein;{town};01.02.2027;vormittags;20" + (f";{provider}" if provider else "")
    return SimpleUploadedFile("kurse.csv", f"{header}\n{row}\n".encode(), content_type="text/csv")


def test_an_editor_previews_then_uploads_courses_of_their_actor(client, world):
    k, hilden, caritas, people = world
    client.force_login(people["editor"])

    preview = client.post(url(hilden.slug), {"file": _csv("K-1", hilden.slug), "check": "on"})
    assert "Vorschau" in preview.content.decode() and not Course.objects.exists()
    done = client.post(url(hilden.slug), {"file": _csv("K-1", hilden.slug)})

    assert "Import abgeschlossen" in done.content.decode()
    assert Course.objects.get(kreis=k, external_id="K-1").provider == caritas


def test_problems_are_listed_by_line_and_nothing_is_written(client, world):
    k, hilden, _caritas, people = world
    client.force_login(people["kreis_coordinator"])

    response = client.post(url(k.slug), {"file": _csv("K-1", "nirgendwo", provider=f"{hilden.slug}/caritas")})

    body = response.content.decode()
    assert response.status_code == 200 and "Nichts importiert" in body
    assert "Zeile 2, Spalte &quot;town&quot;: keine Stadt dieses Kreises: &#x27;nirgendwo&#x27;" in body
    assert not Course.objects.exists()
