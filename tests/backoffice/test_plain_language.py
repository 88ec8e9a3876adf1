"""The language checker beside the texts a coordinator writes: "Prüfen" shows the hints
without saving, a save shows them on the next page, they name the sentence and never stop a
save; German is read as plain German, Leichte Sprache as Leichte Sprache, other languages
not at all; whoever may not edit the text is refused before anything is checked."""
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from teilhabe.municipalities.models import Language
from teilhabe.news.models import NewsItem
from teilhabe.offers.models import Offer, OfferTranslation
from tests import builders as b

PASSIVE = "Wir helfen Ihnen beim Lernen. Der Kurs wird von der Stadt bezahlt."


@pytest.fixture
def town(db):
    return b.municipality("lindenau", parent=b.municipality("kreis-lindenau", kind="district"))


@pytest.fixture
def offer(town):
    return b.offer(town, b.actor(town), title="Deutschkurs", description="Der Kurs ist im Rathaus.")


def hints(page):
    """The text of the checker's sections on a page, one space between words."""
    sections = re.findall(r'<section class="language-hints".*?</section>', page, re.S)
    return " ".join(" ".join(strip_tags(section).split()) for section in sections)


def edit_url(town, offer):
    return reverse("backoffice:offer_edit", args=[town.slug, offer.pk])


def offer_data(offer, **changes):
    return {"title": offer.title, "provider": offer.provider_id, "is_published": "on",
            "description": offer.description, **changes}


def test_pruefen_shows_the_hints_beside_the_field_and_saves_nothing(client, town, offer):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(edit_url(town, offer), {**offer_data(offer, description=PASSIVE),
                                                   "plain_language_check": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geprüft, noch nicht gespeichert" in page
    assert "Sprachprüfung „Beschreibung“ (einfaches Deutsch)" in page
    assert ("Satz 2: „Der Kurs wird von der Stadt bezahlt.“ Passiv: „wird von der Stadt bezahlt“. "
            "Sagen Sie, wer etwas tut (Aktiv).") in hints(page)
    assert "Satz 1" not in hints(page)
    # the hints sit right after the description's field, before the next field
    assert page.index('name="description"') < page.index("Sprachprüfung") < page.index('name="field_of_action"')
    offer.refresh_from_db()
    assert offer.description == "Der Kurs ist im Rathaus."


def test_a_coordinator_sees_the_hints_after_saving_once(client, town, offer):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(edit_url(town, offer), offer_data(offer, description=PASSIVE), follow=True)
    offer.refresh_from_db()
    assert offer.description == PASSIVE  # hints never stop a save
    assert response.redirect_chain[-1][0] == reverse("backoffice:offer", args=[town.slug, offer.pk])
    page = response.content.decode()
    assert "Gespeichert." in page and "Sprachprüfung „Beschreibung“" in page
    assert "Satz 2: „Der Kurs wird von der Stadt bezahlt.“ Passiv" in hints(page)
    again = client.get(reverse("backoffice:offer", args=[town.slug, offer.pk])).content.decode()
    assert "Sprachprüfung" not in again


def test_leichte_sprache_is_checked_as_leichte_sprache_and_arabic_not_at_all(client, town, offer):
    Language.objects.get_or_create(code="de-ls", defaults={"name": "Leichte Sprache", "native_name": "Leichte Sprache"})
    client.force_login(b.user(role="coordinator", municipality=town))
    url = reverse("backoffice:translation", args=[town.slug, offer.pk, "de-ls"])
    page = client.post(url, {"title": "Deutsch·kurs",
                             "description": "Der Kurs kostet nichts.\nDie VHS hilft.\nDer Kurs ist in Lindenau.",
                             "plain_language_check": "1"}).content.decode()
    assert "(Leichte Sprache)" in page
    assert "Satz 3" not in page  # the town's name is no rare word
    assert "Satz 1: „Der Kurs kostet nichts.“ Verneinung „nichts“" in hints(page)
    assert "Satz 2: „Die VHS hilft.“ Abkürzung „VHS“" in hints(page)
    assert not OfferTranslation.objects.filter(offer=offer).exists()
    arabic = client.get(reverse("backoffice:translation", args=[town.slug, offer.pk, "ar"])).content.decode()
    assert "plain_language_check" not in arabic


def test_rich_text_is_checked_as_text(client, town):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.post(reverse("news_office:new", args=[town.slug]), {
        "title": "Neuer Kurs", "text": "<p>Der Kurs beginnt am <strong>03.03.27</strong>.</p><ul><li>Er wird bezahlt</li></ul>",
        "date": "2027-01-10", "status": "draft", "plain_language_check": "1"})
    page = response.content.decode()
    assert "Satz 1: „Der Kurs beginnt am 03.03.27.“ Datum „03.03.27“: schreiben Sie den Monat aus: 3. März 2027" \
        in hints(page)
    assert "Satz 2: „Er wird bezahlt“ Passiv" in hints(page)  # the list item is a sentence of its own
    assert "&lt;" not in hints(page) and "<" not in hints(page)
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "outsider", "other_coordinator", "editor"])
def test_pruefen_refuses_who_may_not_edit(client, town, offer, persona):
    people = b.personas(town)
    client.force_login(people[persona])
    response = client.post(edit_url(town, offer), {**offer_data(offer, description=PASSIVE),
                                                   "plain_language_check": "1"})
    assert response.status_code in (403, 404)
    assert "Sprachprüfung" not in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).description == "Der Kurs ist im Rathaus."


def test_the_leichte_sprache_page_is_checked_as_leichte_sprache(client, town):
    client.force_login(b.user(role="coordinator", municipality=town))
    text = "Diese Seite ist nicht schwer.\nSie wird von der Stadt gemacht."
    easy = client.post(reverse("sitepages_backoffice:edit", args=[town.slug, "leichte-sprache"]),
                       {"body": text, "plain_language_check": "1"}).content.decode()
    assert "(Leichte Sprache)" in easy and "Satz 1: „Diese Seite ist nicht schwer.“ Verneinung" in hints(easy)
    assert "Satz 2: „Sie wird von der Stadt gemacht.“ Passiv" in hints(easy)
    imprint = client.post(reverse("sitepages_backoffice:edit", args=[town.slug, "impressum"]),
                          {"body": text, "plain_language_check": "1"}).content.decode()
    assert "(einfaches Deutsch)" in imprint and "Verneinung" not in imprint and "Passiv" in imprint


def test_the_translations_page_checks_leichte_sprache_and_arabic_not_at_all(client, town):
    """The generic translations page (news, topics, information texts, measures …): in
    Leichte Sprache "Prüfen" shows the hints below each text and saves nothing, a save shows
    them once on the next page; the title is not checked, Arabic not at all."""
    item = NewsItem.objects.create(municipality=town, title="Sprachcafé", teaser="Jeden Dienstag im Rathaus.")
    client.force_login(b.user(role="coordinator", municipality=town))
    url = reverse("backoffice:content_translation", args=[town.slug, "news", item.pk])
    data = {"language": "de-ls", "title": "Sprach·café",
            "teaser": "Das Café kostet nichts.\nDie VHS hilft.\nDas Café ist in Lindenau."}
    page = client.post(url, {**data, "plain_language_check": "1"}).content.decode()
    assert "Geprüft, noch nicht gespeichert" in page and "(Leichte Sprache)" in page
    assert "Satz 1: „Das Café kostet nichts.“ Verneinung „nichts“" in hints(page)
    assert "Satz 2: „Die VHS hilft.“ Abkürzung „VHS“" in hints(page)
    assert "Satz 3" not in hints(page)  # the town's name is no rare word
    assert page.index('name="teaser"') < page.index("Sprachprüfung")
    assert item.in_language("de-ls")["title"] == "Sprachcafé"  # nothing saved
    saved = client.post(url, data, follow=True).content.decode()
    assert NewsItem.objects.get(pk=item.pk).in_language("de-ls")["title"] == "Sprach·café"
    assert "Gespeichert." in saved and "Satz 2: „Die VHS hilft.“ Abkürzung" in hints(saved)
    arabic = client.get(url, {"language": "ar"}).content.decode()
    assert "plain_language_check" not in arabic
