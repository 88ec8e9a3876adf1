"""The portal's searches show the topics and information texts that answer a query
("Anmeldung", "Wohnung"), in the visitor's language with German per field, in a labelled
section above the offers — on the no-result page as "Das könnte Ihnen helfen"; a Kreis's
search shows its towns' topics too, each naming its town; nothing unpublished shows."""
import pytest
from django.urls import reverse

from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import Synonyms
from teilhabe.topics.models import InformationText
from teilhabe.translations.texts import save_texts
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    kreis = b.municipality("kreis-ost", kind="kreis")
    town = b.municipality("lindenau", parent=kreis)
    registering = InformationText.objects.create(
        topic=town.topics.get(key="ankommen"), title="Wie melde ich mich an?",
        body="<p>Die Anmeldung machen Sie im Bürgerbüro, innerhalb von zwei Wochen nach dem Einzug.</p>")
    save_texts(registering, "ar", {"title": "كيف أسجل سكني؟"})
    InformationText.objects.create(topic=town.topics.get(key="ankommen"), title="Entwurf zur Anmeldung",
                                   body="<p>Anmeldung intern</p>", is_published=False)
    InformationText.objects.create(topic=town.topics.get(key="familie"), title="Einen Betreuungsplatz finden",
                                   body="<p>Die Kita-Plätze vergibt das Jugendamt.</p>")
    hidden = town.topics.get(key="gesundheit")
    hidden.is_published = False
    hidden.save()
    InformationText.objects.create(topic=hidden, title="Anmeldung beim Arzt", body="<p>geheim</p>")
    provider = b.actor(town, "vhs", name="VHS")
    b.offer(town, provider, "O-1", title="Hilfe bei der Anmeldung", description="Wir helfen bei der Anmeldung.")
    refresh_municipality(town)
    return kreis, town, registering


def section(html):
    start = html.index('class="topic-matches"')
    return html[start:html.index("</section>", start)]


def test_the_offer_search_shows_the_topics_and_texts_above_the_offers(client, region):
    _kreis, _town, registering = region
    html = client.get("/lindenau/offers/", {"q": "Anmeldung"}).content.decode()
    found = section(html)
    assert "Themen und Informationen" in found and "Ankommen und Behörden" in found
    assert f'href="/lindenau/topics/ankommen/#text-{registering.pk}"' in found and "Wie melde ich mich an?" in found
    assert html.index('class="topic-matches"') < html.index("Hilfe bei der Anmeldung")  # above the offers
    assert "Entwurf zur Anmeldung" not in html and "Anmeldung beim Arzt" not in html  # unpublished
    # the topic page has the text's anchor
    page = client.get("/lindenau/topics/ankommen/").content.decode()
    assert f'id="text-{registering.pk}"' in page


def test_it_speaks_the_visitors_language_with_german_where_untranslated(client, region):
    _kreis, _town, registering = region
    found = section(client.get("/lindenau/search/", {"q": "Anmeldung"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert "الوصول والدوائر الرسمية" in found and "كيف أسجل سكني؟" in found
    # an Arabic question finds the Arabic text
    found = section(client.get("/lindenau/search/", {"q": "سكني"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert "كيف أسجل سكني؟" in found


def test_the_no_result_page_offers_the_topics_that_could_help(client, region):
    html = client.get("/lindenau/offers/", {"q": "Wohnung"}).content.decode()
    assert 'class="no-results"' in html
    found = section(html)
    assert "Das könnte Ihnen helfen" in found and 'href="/lindenau/topics/wohnen/"' in found


def test_synonyms_shipped_and_own_find_a_text(client, region):
    _kreis, town, _registering = region
    # "Kindergarten" — Kita (the shipped vocabulary)
    assert "Einen Betreuungsplatz finden" in section(
        client.get("/lindenau/search/", {"q": "Kindergarten"}).content.decode())
    html = client.get("/lindenau/search/", {"q": "Jugendhilfeamt"}).content.decode()
    assert 'class="topic-matches"' not in html
    Synonyms.objects.create(municipality=town, text="Jugendamt, Jugendhilfeamt")
    assert "Einen Betreuungsplatz finden" in section(
        client.get("/lindenau/search/", {"q": "Jugendhilfeamt"}).content.decode())


def test_a_kreis_search_shows_its_towns_topics_naming_the_town(client, region):
    found = section(client.get("/kreis-ost/search/", {"q": "Anmeldung"}).content.decode())
    assert 'href="/lindenau/topics/ankommen/' in found and 'class="town">Lindenau</span>' in found
    # a town's search shows only its own topics
    found = section(client.get("/lindenau/search/", {"q": "Anmeldung"}).content.decode())
    assert "/kreis-ost/topics/" not in found and 'class="town"' not in found


def test_nothing_shows_for_nonsense(client, region):
    assert 'class="topic-matches"' not in client.get("/lindenau/search/", {"q": "xyzzy"}).content.decode()


def test_a_leichte_sprache_visitor_finds_and_reads_the_leichte_sprache_text(client, region):
    _kreis, _town, registering = region
    save_texts(registering, "de-ls", {"title": "So melden Sie sich an", "body": "<p>Sie gehen ins Rathaus.</p>"})
    assert 'class="topic-matches"' not in client.get("/lindenau/search/", {"q": "Rathaus"}).content.decode()
    client.get(reverse("switch_language"), {"language": "de-ls", "next": "/lindenau/"})
    found = section(client.get("/lindenau/search/", {"q": "Rathaus"}).content.decode())
    assert "So melden Sie sich an" in found
