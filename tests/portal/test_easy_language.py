"""Leichte Sprache ("de-ls") on the public site: the visitor chooses it in the language menu
(never by the browser's Accept-Language), the interface comes from the de_LS catalog, the
page says lang="de" (docs/translating.md, "Leichte Sprache"), content shows its
Leichte-Sprache version where there is one, else German with the note in Leichte Sprache."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from teilhabe.translations.texts import save_texts, save_translation
from tests import builders as b

NOTE_GERMAN = "Diesen Text gibt es noch nicht in Leichter Sprache."  # "nur auf Deutsch" in de_LS


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))  # Leichte Sprache not among them
    provider = b.actor(town, "vhs", name="Volkshochschule")
    easy = Language.objects.get(code="de-ls")
    offer = b.offer(town, provider, "O-1", title="Integrationskurs mit Kinderbetreuung",
                    description="Deutsch lernen, während die Kinder betreut werden.")
    OfferTranslation.objects.create(offer=offer, language=easy, title="Integrations·kurs mit Kinder·betreuung",
                                    description="Sie lernen Deutsch. Jemand passt auf Ihre Kinder auf.",
                                    source_revision=offer.text_revision)
    b.offer(town, provider, "O-2", title="Sprachcafé", description="Gespräche bei Kaffee und Tee.")
    concept = b.concept(town)
    save_translation(b.measure(concept, "M-1", title="Stadtteilmütter", description="Mütter beraten Mütter."),
                     "title", "de-ls", "Mütter helfen Müttern")
    b.measure(concept, "M-2", title="Willkommenslotsen")
    topic = town.topics.get(key="deutsch-lernen")
    save_texts(topic, "de-ls", {"title": "Deutsch lernen in Lindenau", "summary": "Hier finden Sie Deutsch·kurse."})
    return town


def choose(client, path):
    """Chooses Leichte Sprache in the language menu (its GET form) and follows to `path`."""
    response = client.get(reverse("switch_language"), {"language": "de-ls", "next": path})
    assert response.status_code == 302 and response["Location"] == path
    return client.get(path)


def test_it_offers_leichte_sprache_in_the_language_menu(client, town):
    html = client.get("/lindenau/").content.decode()
    assert '<option value="de-ls" lang="de" dir="ltr">Leichte Sprache</option>' in html


def test_it_speaks_leichte_sprache_once_chosen_in_the_menu(client, town):
    page = choose(client, "/lindenau/")
    html = page.content.decode()
    assert '<html lang="de" dir="ltr">' in html  # German to screen readers; no tag exists for it
    assert page["Content-Language"] == "de"
    assert '<option value="de-ls" lang="de" dir="ltr" selected>Leichte Sprache</option>' in html
    assert ">Neuigkeiten</a>" in html and ">Aktuelles</a>" not in html  # the de_LS catalog
    assert "Plan für die Integration" in html and "Integrationsstrategie<" not in html
    assert "Deutsch lernen in Lindenau" in html  # the topic's Leichte-Sprache title


@pytest.mark.parametrize("accept", ["de-LS,de;q=0.8", "de-DE"])
def test_it_never_chooses_leichte_sprache_by_accept_language(client, town, accept):
    page = client.get("/lindenau/", HTTP_ACCEPT_LANGUAGE=accept)
    html = page.content.decode()
    assert '<html lang="de" dir="ltr">' in html and page["Content-Language"] == "de"
    assert ">Aktuelles</a>" in html and ">Neuigkeiten</a>" not in html
    assert "Deutsch lernen in Lindenau" not in html and ">Deutsch lernen<" in html


def test_it_shows_the_leichte_sprache_version_of_an_offer(client, town):
    html = choose(client, reverse("portal:offer", args=["lindenau", "O-1"])).content.decode()
    assert "Integrations·kurs mit Kinder·betreuung" in html
    assert "Sie lernen Deutsch. Jemand passt auf Ihre Kinder auf." in html
    assert "während die Kinder betreut werden" not in html
    assert "noch nicht in Leichter Sprache" not in html
    assert 'lang="de-ls"' not in html  # a Leichte-Sprache passage is German to the browser


def test_it_shows_german_with_a_note_where_an_offer_has_no_leichte_sprache(client, town):
    html = choose(client, reverse("portal:offer", args=["lindenau", "O-2"])).content.decode()
    assert "Sprachcafé" in html and "Gespräche bei Kaffee und Tee." in html
    assert "Dieses Angebot gibt es noch nicht in Leichter Sprache. Der Text ist in schwerer Sprache." in html


def test_it_shows_registered_content_in_leichte_sprache_or_german_with_the_note(client, town):
    translated = choose(client, reverse("portal:measure", args=["lindenau", "M-1"])).content.decode()
    assert "Mütter helfen Müttern" in translated and "Stadtteilmütter" not in translated
    assert translated.count(NOTE_GERMAN) == 1  # the description is German still
    german = client.get(reverse("portal:measure", args=["lindenau", "M-2"])).content.decode()
    assert "Willkommenslotsen" in german and NOTE_GERMAN in german


def test_it_names_the_leichte_sprache_version_on_the_german_page(client, town):
    html = client.get(reverse("portal:offer", args=["lindenau", "O-1"])).content.decode()
    assert 'hreflang="de">Leichte Sprache</a>' in html
    assert "?language=de-ls&amp;next=/lindenau/offers/O-1/" in html
    assert "Integrations·kurs" not in html  # German visitors read the German


def test_a_leichte_sprache_visitor_searches_like_a_german_one(client, town):
    choose(client, "/lindenau/")
    html = client.get(reverse("portal:offers", args=["lindenau"]), {"q": "Kinderbetreuungen"}).content.decode()
    assert "Integrations·kurs mit Kinder·betreuung" in html  # German stemming; the hit in Leichte Sprache


def test_the_footers_pages_say_which_are_in_schwere_sprache(client, town):
    easy = choose(client, reverse("sitepages:easy_language", args=["lindenau"])).content.decode()
    imprint = client.get(reverse("sitepages:imprint", args=["lindenau"])).content.decode()
    note = "Diesen Text gibt es nur in schwerer Sprache."
    assert note not in easy  # the explanation in Leichte Sprache is written in it
    assert note in imprint


def test_a_list_shows_the_leichte_sprache_titles(client, town):
    # |tr and {% translated_list %} read content in "de-ls", not in its German.
    concept = town.concepts.get()
    field = b.field(concept, "sprache", name="Sprache")
    for measure in concept.measures.all():
        measure.fields.add(field)
    html = choose(client, reverse("portal:field", args=["lindenau", "sprache"])).content.decode()
    assert ">Mütter helfen Müttern<" in html and ">Stadtteilmütter<" not in html
    assert ">Willkommenslotsen<" in html  # untranslated: its German


def test_vocabulary_names_are_in_leichte_sprache_or_german_with_the_note(client, town):
    # Names of fields of action and target groups: the municipality's Leichte-Sprache name
    # (an XLIFF unit, kept under "de-ls" in `names`), else the German with the note.
    concept = town.concepts.get()
    easy = b.field(concept, "arbeit", name="Arbeitsmarktintegration")
    easy.names["de-ls"] = "Arbeit finden"
    easy.save()
    b.field(concept, "gesundheit", name="Gesundheitsversorgung")
    offer = town.offers.get(external_id="O-1")
    offer.field_of_action = easy
    offer.save()
    offer.target_groups.add(b.target_group(town, "familien", **{"de": "Familien", "de-ls": "Familien mit Kindern"}))
    html = choose(client, reverse("portal:field", args=["lindenau", "arbeit"])).content.decode()
    assert "<h1>Arbeit finden</h1>" in html and "Arbeitsmarktintegration" not in html
    assert NOTE_GERMAN not in html
    html = client.get(reverse("portal:field", args=["lindenau", "gesundheit"])).content.decode()
    assert "<h1>Gesundheitsversorgung</h1>" + f'<p class="note translation-note">{NOTE_GERMAN}</p>' in html
    html = client.get(reverse("portal:offer", args=["lindenau", "O-1"])).content.decode()
    assert "Arbeit finden" in html and "Familien mit Kindern" in html and NOTE_GERMAN not in html
    offer.target_groups.add(b.target_group(town, "frauen", de="Frauen"))
    html = client.get(reverse("portal:offer", args=["lindenau", "O-1"])).content.decode()
    assert f'<dd>Familien mit Kindern, Frauen<p class="note translation-note">{NOTE_GERMAN}</p>' in html
