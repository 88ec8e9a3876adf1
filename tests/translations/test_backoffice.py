"""The back office's translation page: per language a download, an upload and the
progress; coordinators only."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from translate.storage.xliff import xlifffile

from teilhabe.translations import xliff
from teilhabe.translations.texts import save_translation, texts_in
from tests import builders as b


@pytest.fixture
def town(db):
    m = b.municipality("bo-town")
    m.parent = b.municipality("bo-kreis", kind="kreis")
    m.save()
    concept = b.concept(m)
    b.measure(concept, "m1", title="Sprachcafé", description="Jeden Montag")
    return m


def _paths(town):
    return [reverse("backoffice:content_translations", args=[town.slug]),
            reverse("backoffice:content_translations_download", args=[town.slug, "en"])]


def test_only_coordinators_reach_the_translations(client, town):
    people = b.personas(town)
    reached = set()
    for name, user in people.items():
        client.logout()
        if user:
            client.force_login(user)
        answers = [client.get(path).status_code for path in _paths(town)]
        upload = client.post(_paths(town)[0], {"file": SimpleUploadedFile("x.xlf", b"<x/>")}).status_code
        if answers == [200, 200] and upload == 200:
            reached.add(name)
        else:
            assert all(code in (302, 403) for code in [*answers, upload]), (name, answers, upload)
    assert reached == {"coordinator", "kreis_coordinator"}


def test_a_coordinator_downloads_translates_and_uploads(client, town):
    measure = town.concepts.get().measures.get()
    save_translation(measure, "title", "en", "Language café")
    client.force_login(b.user(role="coordinator", municipality=town))
    page = client.get(_paths(town)[0]).content.decode()
    assert "<th scope=\"row\">Maßnahmen</th><td>1</td><td>0</td><td>1</td>" in page
    response = client.get(_paths(town)[1])
    assert response["Content-Disposition"] == 'attachment; filename="bo-town-en.xlf"'
    store = xlifffile.parsestring(response.content)
    for unit in store.units:
        unit.target = unit.target or f"EN {unit.source}"
    response = client.post(_paths(town)[0], {"file": SimpleUploadedFile("en.xlf", bytes(store))}, follow=True)
    assert texts_in(measure, "en")["description"] == "EN Jeden Montag"
    assert "<th scope=\"row\">Maßnahmen</th><td>2</td><td>0</td><td>0</td>" in response.content.decode()


def test_a_file_of_another_municipality_is_refused_by_name(client, town):
    other = b.municipality("bo-other")
    b.measure(b.concept(other), "m9", title="Fremd")
    data = xliff.export(other, "en")
    client.force_login(b.user(role="coordinator", municipality=town))
    html = client.post(_paths(town)[0], {"file": SimpleUploadedFile("en.xlf", data)}).content.decode()
    assert "Nichts übernommen" in html and "Unbekannte Kommune" in html
