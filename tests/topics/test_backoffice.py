"""The back office's topic pages: coordinators (of the town or its Kreis) write topics, texts
and translations; viewers and actor editors read; an actor editor sets the topics of their
own actor's offers only; everyone else is refused."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import Language
from teilhabe.topics.models import InformationText
from teilhabe.translations.texts import texts_in
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    kreis = b.municipality("kreis-t", kind="kreis")
    town = b.municipality("stadt-t", parent=kreis, languages=("de", "en", "ar"))
    own, foreign = b.actor(town, "eigen"), b.actor(town, "fremd")
    people = b.personas(town, editors={"editor": own})
    topic = town.topics.get(key="deutsch-lernen")
    text = InformationText.objects.create(topic=topic, title="Kurs finden", body="<p>Im Büro fragen.</p>")
    return {"town": town, "people": people, "topic": topic, "text": text,
            "own_offer": b.offer(town, own, "O-EIGEN", title="Eigenes"),
            "foreign_offer": b.offer(town, foreign, "O-FREMD", title="Fremdes")}


def status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def who_gets(client, world, url):
    return {name: status(client, user, url) for name, user in world["people"].items()}


READERS = {"coordinator": 200, "kreis_coordinator": 200, "viewer": 200, "editor": 200,
           "outsider": 403, "other_coordinator": 403, "anonymous": 302}
WRITERS = {**READERS, "viewer": 403, "editor": 403}


def test_coordinators_viewers_and_editors_read_the_topics_others_are_refused(client, world):
    slug, pk = "stadt-t", world["topic"].pk
    assert who_gets(client, world, reverse("topics_backoffice:topics", args=[slug])) == READERS
    assert who_gets(client, world, reverse("topics_backoffice:topic", args=[slug, pk])) == READERS


@pytest.mark.parametrize("name,args", [
    ("topic_new", ()), ("topic_edit", ("topic",)), ("text_new", ("topic",)), ("text_edit", ("topic", "text")),
])
def test_only_coordinators_write_topics_and_texts(client, world, name, args):
    args = ["stadt-t", *(world[a].pk if a in world else a for a in args)]
    assert who_gets(client, world, reverse(f"topics_backoffice:{name}", args=args)) == WRITERS


def test_an_actor_editor_sets_the_topics_of_their_own_offers_only(client, world):
    own = reverse("topics_backoffice:offer_topics", args=["stadt-t", world["own_offer"].pk])
    foreign = reverse("topics_backoffice:offer_topics", args=["stadt-t", world["foreign_offer"].pk])
    assert who_gets(client, world, own) == {**READERS, "viewer": 403}
    assert who_gets(client, world, foreign) == {**READERS, "viewer": 403, "editor": 403}
    client.force_login(world["people"]["editor"])
    assert client.post(foreign, {"topics": [world["topic"].pk]}).status_code == 403
    assert not world["foreign_offer"].topics.exists()
    assert client.post(own, {"topics": [world["topic"].pk]}).status_code == 302
    assert list(world["own_offer"].topics.all()) == [world["topic"]]
    # a topic of another municipality is a named error, not a 500
    other = b.municipality().topics.first()
    page = client.post(own, {"topics": [other.pk]})
    assert page.status_code == 200 and page.context["form"].errors["topics"]


def test_a_coordinator_writes_a_topic_a_text_and_translations_the_public_page_shows(client, world):
    client.force_login(world["people"]["coordinator"])
    page = client.post(reverse("topics_backoffice:topic_new", args=["stadt-t"]), {
        "title": "Sport", "key": "sport", "summary": "Vereine", "icon": "leisure", "position": 9,
        "is_published": "on"})
    topic = world["town"].topics.get(key="sport")
    assert page.status_code == 302
    # the same key again names the field
    again = client.post(reverse("topics_backoffice:topic_new", args=["stadt-t"]), {
        "title": "Sport 2", "key": "sport", "icon": "leisure", "position": 1})
    assert "key" in again.context["form"].errors
    client.post(reverse("topics_backoffice:text_new", args=["stadt-t", topic.pk]), {
        "title": "Schwimmen", "body": "<p>Im Hallenbad</p><script>x</script>", "position": 1, "is_published": "on"})
    text = topic.texts.get()
    assert text.body == "<p>Im Hallenbad</p>"
    client.post(reverse("backoffice:content_translation", args=["stadt-t", "topic", topic.pk]),
                {"language": "ar", "title": "الرياضة", "summary": "النوادي"})
    client.post(reverse("backoffice:content_translation", args=["stadt-t", "text", text.pk]),
                {"language": "ar", "title": "السباحة", "body": "<p>في المسبح</p>"})
    html = client.get("/stadt-t/topics/sport/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الرياضة" in html and "في المسبح" in html
    # changing the German text makes the translation outdated, in the back office and on the page
    client.post(reverse("topics_backoffice:text_edit", args=["stadt-t", topic.pk, text.pk]), {
        "title": "Schwimmen", "body": "<p>Im Hallenbad, dienstags</p>", "position": 1, "is_published": "on"})
    text.refresh_from_db()
    assert texts_in(text, "ar")["body"].outdated and not texts_in(text, "ar")["title"].outdated
    detail = client.get(reverse("topics_backoffice:topic", args=["stadt-t", topic.pk])).content.decode()
    assert "veraltet" in detail
    client.logout()
    html = client.get("/stadt-t/topics/sport/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "ربما لم تعد هذه الترجمة محدَّثة" in html


def test_a_language_the_municipality_does_not_know_or_german_is_not_a_translation(client, world):
    client.force_login(world["people"]["coordinator"])
    for code in ("de", "xx"):
        url = reverse("backoffice:content_translation", args=["stadt-t", "topic", world["topic"].pk])
        assert client.get(url, {"language": code}).status_code == 404
    assert Language.objects.filter(code="xx").count() == 0
