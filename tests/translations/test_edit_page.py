"""The back office's translations page of one object: each field's German beside its
translation in the language picked, what changed in the German of an outdated one, saved
all or nothing and noted in the history; coordinators write, viewers read, everyone else is
refused; linked from the object's own page."""
import pytest
from django.urls import reverse

from teilhabe.municipalities import history
from teilhabe.translations.texts import save_translation, texts_in, translations_of
from tests import builders as b


@pytest.fixture
def town(db):
    m = b.municipality("ed-town", parent=b.municipality("ed-kreis", kind="kreis"), languages=("de", "en", "ar"))
    concept = b.concept(m)
    b.measure(concept, "m1", title="Sprachcafé", description="Jeden Montag im Rathaus")
    return m


def _measure(town):
    return town.concepts.get().measures.get()


def _url(town, kind="measure", pk=None):
    return reverse("backoffice:content_translation", args=[town.slug, kind, pk or _measure(town).pk])


def test_coordinators_write_viewers_read_everyone_else_is_refused(client, town):
    url = _url(town)
    read, wrote = set(), set()
    for name, user in b.personas(town).items():
        client.logout()
        if user:
            client.force_login(user)
        status = client.get(url, {"language": "ar"}).status_code
        assert status in (200, 302, 403), (name, status)
        if status == 200:
            read.add(name)
        status = client.post(url, {"language": "ar", "title": f"مقهى {name}"}).status_code
        if status == 302 and user is not None:
            wrote.add(name)
        else:
            assert status in (302, 403) and (status == 302) == (user is None), (name, status)
    assert read == {"coordinator", "kreis_coordinator", "viewer"}
    assert wrote == {"coordinator", "kreis_coordinator"}
    assert {t.text for t in translations_of(_measure(town))} == {"مقهى kreis_coordinator"}


def test_another_municipalitys_object_or_an_unknown_kind_or_language_is_not_found(client, town):
    other = b.municipality("ed-other")
    foreign = b.measure(b.concept(other), "m9", title="Fremd")
    client.force_login(b.user(role="coordinator", municipality=town))
    assert client.get(_url(town, pk=foreign.pk)).status_code == 404  # not under this town's address
    assert client.get(_url(other, pk=foreign.pk)).status_code == 403  # nor under its own
    assert client.get(_url(town, kind="offer")).status_code == 404  # offers have their own page
    assert client.get(_url(town, kind="nothing")).status_code == 404
    for code in ("de", "fa", "xx"):  # German is the source; fa is not one of the town's languages
        assert client.get(_url(town), {"language": code}).status_code == 404


def test_a_coordinator_translates_beside_the_german_all_or_nothing_with_the_history(client, town):
    measure = _measure(town)
    coordinator = b.user(role="coordinator", municipality=town)
    client.force_login(coordinator)
    page = client.get(_url(town), {"language": "ar"}).content.decode()
    assert 'lang="de"' in page and "Jeden Montag im Rathaus" in page
    assert 'name="title"' in page and 'lang="ar" dir="rtl"' in page
    # Too long a title: named on its field, and nothing is saved, the description neither.
    response = client.post(_url(town), {"language": "ar", "title": "x" * 301, "description": "كل يوم اثنين"})
    assert response.status_code == 200 and "title" in response.context["form"].errors
    assert translations_of(_measure(town)) == []
    response = client.post(_url(town), {"language": "ar", "title": "مقهى اللغة", "description": "كل يوم اثنين"})
    assert response.status_code == 302 and response["Location"].endswith("?language=ar")
    texts = texts_in(_measure(town), "ar")  # a fresh instance: an object keeps what it read
    assert (texts["title"], texts["description"]) == ("مقهى اللغة", "كل يوم اثنين")
    record = history.history_for(measure)[0]
    assert record.user == coordinator and record.changes["title_ar"] == [None, "مقهى اللغة"]
    # The German changes: the page marks the field outdated and shows what changed.
    measure.description = "Jeden Dienstag im Rathaus"
    measure.save()
    page = client.get(_url(town), {"language": "ar"}).content.decode()
    assert "veraltet" in page
    assert "<del>Montag</del><ins>Dienstag</ins>" in page
    # Saving it again makes it current; an emptied field falls back to German.
    client.post(_url(town), {"language": "ar", "title": "", "description": "كل يوم ثلاثاء"})
    texts = texts_in(_measure(town), "ar")
    assert texts["title"].language == "de" and not texts["description"].outdated


def test_the_objects_pages_link_their_translations(client, town):
    save_translation(_measure(town), "title", "en", "Language café")
    topic = town.topics.get(key="wohnen")
    coordinator = b.user(role="coordinator", municipality=town)
    client.force_login(coordinator)
    measure_page = client.get(reverse("backoffice:measure", args=[town.slug, _measure(town).pk])).content.decode()
    assert f'href="{_url(town)}"' in measure_page
    concept_page = client.get(reverse("backoffice:concept", args=[town.slug, town.concepts.get().pk])).content.decode()
    assert f'href="{_url(town, "concept", town.concepts.get().pk)}"' in concept_page
    # the topic's page says per language how far its translation is (the defaults ship translated)
    topic_page = client.get(reverse("topics_backoffice:topic", args=[town.slug, topic.pk])).content.decode()
    assert f'href="{_url(town, "topic", topic.pk)}?language=ar"' in topic_page and "aktuell" in topic_page
    # an actor editor sees no link to a page that refuses them
    client.force_login(b.user(role="actor_editor", municipality=town, actor=b.actor(town)))
    measure_page = client.get(reverse("backoffice:measure", args=[town.slug, _measure(town).pk])).content.decode()
    assert _url(town) not in measure_page
