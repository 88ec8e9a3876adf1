"""The news pages of the back office: the permission matrix — coordinators of the town and
of its Kreis write, upload and translate; viewers read (drafts included); actor editors,
people without a role and other municipalities' coordinators are refused; anonymous
visitors are sent to log in. Then one walk through writing an item with a picture."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import ChangeRecord
from teilhabe.news.models import NewsItem, Picture
from teilhabe.translations.texts import texts_in, translations_of
from tests import builders as b
from tests.news import builders as nb
from tests.participation import builders as pb

EDITORS = {"coordinator", "kreis_coordinator"}
READERS = EDITORS | {"viewer"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kreis = b.municipality(kind="kreis")
    town = pb.town()
    town.parent = kreis
    town.save()
    item = nb.item(town, "Entwurf der Woche", status="draft")
    return town, item, b.personas(town)


def test_the_permission_matrix(client, world):
    town, item, people = world
    s = town.slug
    translations = reverse("backoffice:content_translation", args=[s, "news", item.pk])
    reads = [reverse("news_office:list", args=[s]), reverse("news_office:item", args=[s, item.pk]), translations]
    # One page per kind of write (each view asks rules.may_edit the same way); the edit form
    # is also posted to below.
    writes = [reverse("news_office:new", args=[s]), reverse("news_office:picture_new", args=[s, item.pk])]
    for name, user in people.items():
        client.logout()
        if user:
            client.force_login(user)
        for path in reads + writes:
            status = client.get(path).status_code
            if user is None:
                assert status == 302, (name, path)
            elif name in EDITORS or (name in READERS and path in reads):
                assert status == 200, (name, path)
            else:
                assert status == 403, (name, path)
        # A write refused is a write not done.
        if name not in EDITORS:
            response = client.post(reverse("news_office:edit", args=[s, item.pk]),
                                   {"title": "Übernommen", "date": "2024-01-01", "status": "published"})
            assert response.status_code in (302, 403) and (user is None or response.status_code == 403)
            assert NewsItem.objects.get(pk=item.pk).title == "Entwurf der Woche"
            response = client.post(reverse("news_office:delete", args=[s, item.pk]))
            assert response.status_code == (302 if user is None else 403) and NewsItem.objects.filter(pk=item.pk).exists()
            response = client.post(translations, {"language": "ar", "title": "مقهى"})
            assert response.status_code == (302 if user is None else 403) and not translations_of(item)
    # The viewer sees the draft, without the buttons to change it.
    client.force_login(people["viewer"])
    page = client.get(reverse("news_office:item", args=[s, item.pk])).content.decode()
    assert "Entwurf der Woche" in page and reverse("news_office:edit", args=[s, item.pk]) not in page


def test_a_coordinator_writes_an_item_uploads_a_picture_translates_and_publishes(client, world):
    town, _item, people = world
    client.force_login(people["coordinator"])
    s = town.slug
    field = town.concepts.get().fields.get(key="sprache")
    response = client.post(reverse("news_office:new", args=[s]), {
        "title": "Sprachcafé eröffnet", "teaser": "Jeden Dienstag.", "status": "draft", "date": "2024-06-01",
        "text": '<p>Willkommen!</p><script>alert(1)</script><p onclick="x()">Kaffee</p>',
        "press_contact_role": "Pressestelle", "press_contact_name": "Erika Muster", "fields": [field.pk]})
    assert response.status_code == 200  # a name without consent is refused, naming the field
    assert "Ein Name nur mit Einwilligung" in response.content.decode()
    response = client.post(reverse("news_office:new", args=[s]), {
        "title": "Sprachcafé eröffnet", "teaser": "Jeden Dienstag.", "status": "draft", "date": "2024-06-01",
        "text": '<p>Willkommen!</p><script>alert(1)</script><p onclick="x()">Kaffee</p>',
        "press_contact_role": "Pressestelle", "fields": [field.pk]})
    item = NewsItem.objects.get(title="Sprachcafé eröffnet")
    assert response.status_code == 302 and item.text == "<p>Willkommen!</p><p>Kaffee</p>"  # sanitised
    assert list(item.fields.all()) == [field]
    upload = reverse("news_office:picture_new", args=[s, item.pk])
    response = client.post(upload, {"image": nb.upload(b"kein Bild", "bild.jpg"), "alt_text": "Tassen",
                                    "credit": "Stadt", "licence": "CC BY 4.0"})
    assert response.status_code == 200 and "ist kein Bild" in response.content.decode()
    response = client.post(upload, {"image": nb.upload(nb.image_bytes()), "alt_text": "",
                                    "credit": "Stadt", "licence": "CC BY 4.0"})
    assert response.status_code == 200 and not Picture.objects.exists()  # alternative text required
    response = client.post(upload, {"image": nb.upload(nb.image_bytes()), "alt_text": "Tassen auf einem Tisch",
                                    "credit": "Stadt", "licence": "CC BY 4.0"})
    assert response.status_code == 302 and item.pictures.get().alt_text == "Tassen auf einem Tisch"
    client.post(reverse("backoffice:content_translation", args=[s, "news", item.pk]),
                {"language": "ar", "title": "مقهى اللغة"})
    assert texts_in(item, "ar")["title"] == "مقهى اللغة"
    assert client.get(f"/{s}/news/{item.pk}/").status_code == 404  # still a draft
    response = client.post(reverse("news_office:edit", args=[s, item.pk]), {
        "title": "Sprachcafé eröffnet", "teaser": "Jeden Dienstag.", "status": "published", "date": "2024-06-01",
        "text": "<p>Willkommen!</p>", "press_contact_role": "Pressestelle", "fields": [field.pk]})
    assert response.status_code == 302
    client.logout()
    assert "Tassen auf einem Tisch" in client.get(f"/{s}/news/{item.pk}/").content.decode()
    # The history holds each change, the picture's too.
    assert ChangeRecord.objects.filter(object_repr__in=["Sprachcafé eröffnet", "Tassen auf einem Tisch"]).count() >= 3
    client.force_login(people["kreis_coordinator"])
    assert client.post(reverse("news_office:delete", args=[s, item.pk])).status_code == 302
    assert not NewsItem.objects.filter(pk=item.pk).exists() and not Picture.objects.exists()
    assert ChangeRecord.objects.filter(object_repr="Sprachcafé eröffnet", action="delete").exists()
