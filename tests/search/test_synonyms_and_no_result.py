"""Synonyms of the shipped vocabulary widen a query (vocabulary.expansions); a query none of
whose words occurs in the texts and whose nearest offer does not stand out of the others
finds nothing, so that the portal shows its no-result page (query.FUSION sem_margin)."""
import pytest

from teilhabe.search import search_offers
from teilhabe.search.index import embed_pending, refresh_municipality
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = b.municipality("wortstadt")
    provider = b.actor(m, name="Stadt")
    offers = {
        "kita": b.offer(m, provider, "K-1", title="Kita-Platz-Beratung",
                        description="Wie finde ich einen Platz in einer Kindertageseinrichtung?"),
        "mediation": b.offer(m, provider, "M-1", title="Sprachmittler-Pool",
                             description="Ehrenamtliche begleiten zu Terminen und dolmetschen dort."),
        "rent": b.offer(m, provider, "R-1", title="Mietrechtsberatung", description="Kurze Beratung zum Mietvertrag."),
        "swim": b.offer(m, provider, "S-1", title="Schwimmkurs für Frauen",
                        description="Schwimmen lernen im Hallenbad."),
        "debt": b.offer(m, provider, "D-1", title="Schuldnerberatung",
                        description="Hilfe bei Schulden, Mahnungen und Inkasso."),
        "garden": b.offer(m, provider, "G-1", title="Interkultureller Garten",
                          description="Gemeinsam gärtnern, eigene Beete, Gemüse anbauen."),
    }
    refresh_municipality(m)
    return m, offers


def test_a_synonym_of_the_vocabulary_finds_the_offer_that_uses_another_word(town):
    # Lexical only (no vectors yet): only the vocabulary links the words.
    m, offers = town
    for query, expected in [("Kindergarten", "kita"), ("jemand der beim amt übersetzt", "mediation"),
                            ("streit mit dem vermieter", "rent")]:
        result = search_offers(municipality=m, query=query)
        assert result.hits and result.hits[0].offer_id == offers[expected].pk, query


def test_nonsense_and_unoffered_things_find_nothing_but_other_languages_still_find(town):
    m, offers = town
    embed_pending()
    for query in ("xyzzy", "Führerschein umschreiben", "Golfplatz"):
        assert search_offers(municipality=m, query=query).count == 0, query
    result = search_offers(municipality=m, query="консультация по аренде жилья", lang="ru")
    assert result.hits and result.hits[0].offer_id == offers["rent"].pk
