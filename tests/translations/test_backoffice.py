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
    # topics (their default translations ship) and the names of fields of action are rows too
    field = b.field(town.concepts.get(), "sprache", "Sprachförderung")
    page = client.get(_paths(town)[0]).content.decode()
    assert "<th scope=\"row\">Themen</th><td>16</td><td>0</td><td>0</td>" in page
    assert "<th scope=\"row\">Handlungsfelder (Namen)</th><td>0</td><td>0</td><td>1</td>" in page
    response = client.get(_paths(town)[1])
    assert response["Content-Disposition"] == 'attachment; filename="bo-town-en.xlf"'
    store = xlifffile.parsestring(response.content)
    for unit in store.units:
        unit.target = unit.target or f"EN {unit.source}"
    response = client.post(_paths(town)[0], {"file": SimpleUploadedFile("en.xlf", bytes(store))}, follow=True)
    assert texts_in(measure, "en")["description"] == "EN Jeden Montag"
    assert "<th scope=\"row\">Maßnahmen</th><td>2</td><td>0</td><td>0</td>" in response.content.decode()
    field.refresh_from_db()
    assert field.names["en"] == "EN Sprachförderung"


def test_a_file_of_another_municipality_is_refused_by_name(client, town):
    other = b.municipality("bo-other")
    b.measure(b.concept(other), "m9", title="Fremd")
    data = xliff.export(other, "en")
    client.force_login(b.user(role="coordinator", municipality=town))
    html = client.post(_paths(town)[0], {"file": SimpleUploadedFile("en.xlf", data)}).content.decode()
    assert "Nichts übernommen" in html and "Unbekannte Kommune" in html


def test_leichte_sprache_is_a_target_language_of_every_municipality(client, town):
    # bo-town's languages are de, en, ar: Leichte Sprache is offered all the same.
    assert "de-ls" not in set(town.languages.values_list("code", flat=True))
    client.force_login(b.user(role="coordinator", municipality=town))
    page = client.get(_paths(town)[0]).content.decode()
    assert reverse("backoffice:content_translations_download", args=[town.slug, "de-ls"]) in page
    response = client.get(reverse("backoffice:content_translations_download", args=[town.slug, "de-ls"]))
    assert response["Content-Disposition"] == 'attachment; filename="bo-town-de-ls.xlf"'
    assert any(unit.source == "Sprachcafé" for unit in xlifffile.parsestring(response.content).units)
    client.force_login(b.user(role="viewer", municipality=town))
    assert client.get(reverse("backoffice:content_translations_download", args=[town.slug, "de-ls"])).status_code == 403


def test_the_offer_topic_and_news_pages_offer_a_leichte_sprache_version(client, town):
    from teilhabe.news.models import NewsItem

    offer = b.offer(town, b.actor(town), "o1", title="Deutschkurs")
    topic = town.topics.get(key="wohnen")
    item = NewsItem.objects.create(municipality=town, title="Sprachcafé eröffnet", teaser="Jeden Dienstag.")
    coordinator = b.user(role="coordinator", municipality=town)
    client.force_login(coordinator)
    s = town.slug
    news_page = reverse("backoffice:content_translation", args=[s, "news", item.pk]) + "?language=de-ls"
    for page, target in [
        (reverse("backoffice:offer", args=[s, offer.pk]),
         reverse("backoffice:translation", args=[s, offer.pk, "de-ls"])),
        (reverse("topics_backoffice:topic", args=[s, topic.pk]),
         reverse("backoffice:content_translation", args=[s, "topic", topic.pk]) + "?language=de-ls"),
        (reverse("news_office:item", args=[s, item.pk]), news_page),
    ]:
        assert target.replace("&", "&amp;") in client.get(page).content.decode(), page
        assert client.get(target).status_code == 200, target
    data = {"language": "de-ls", "title": "Neues Sprach·café", "teaser": "Jeden Dienstag."}
    response = client.post(news_page, data)
    assert response.status_code == 302
    assert item.in_language("de-ls")["title"] == "Neues Sprach·café"
    client.force_login(b.user(role="viewer", municipality=town))  # who may read is refused the writing
    assert client.post(news_page, {**data, "title": "Anders"}).status_code == 403
