"""A query that names one of the municipality's districts or target groups ranks the offers
held there or meant for them first (vocabulary.py, query.NAMED_BONUS): the directory's
filters know them, the ranking uses them too."""
import pytest

from teilhabe.search import search_offers
from teilhabe.search.index import embed_pending, refresh_municipality
from tests import builders as b

pytestmark = pytest.mark.django_db

HOMEWORK = "Ehrenamtliche helfen Schulkindern nach dem Unterricht bei den Hausaufgaben."
SWIMMING = "Schwimmen lernen im Hallenbad, dienstags von 16 bis 17 Uhr."


@pytest.fixture
def town():
    m = b.municipality("stadtteilstadt")
    provider = b.actor(m, name="Verein")
    north, south = b.district(m, "nordfeld", "Nordfeld"), b.district(m, "roehlinghausen", "Röhlinghausen")
    women = b.target_group(m, "frauen", de="Frauen", en="Women")
    refugees = b.target_group(m, "gefluechtete", de="Geflüchtete")
    # The offers a query does not mean come first (ties go to the older record); the one in
    # Röhlinghausen lies on the Nordfelder Straße: only what it is held in tells them apart.
    offers = {
        "homework_south": b.offer(m, provider, "H-1", title="Hausaufgabenhilfe",
                                  description=HOMEWORK, street="Nordfelder Straße 3"),
        "homework_north": b.offer(m, provider, "H-2", title="Hausaufgabenhilfe", description=HOMEWORK),
        "swim_all": b.offer(m, provider, "S-1", title="Schwimmkurs", description=SWIMMING),
        "swim_women": b.offer(m, provider, "S-2", title="Schwimmkurs", description=SWIMMING),
        "swim_refugees": b.offer(m, provider, "S-3", title="Schwimmkurs", description=SWIMMING),
    }
    offers["homework_south"].districts.set([south])
    offers["homework_north"].districts.set([north])
    offers["swim_women"].target_groups.set([women])
    offers["swim_refugees"].target_groups.set([refugees])
    refresh_municipality(m)
    embed_pending()
    return m, offers


def first(m, query):
    return search_offers(municipality=m, query=query, lang="de").hits[0].offer_id


def test_a_named_district_ranks_the_offers_held_there_first(town):
    m, offers = town
    assert first(m, "hausaufgabenhilfe im nordfeld") == offers["homework_north"].pk
    assert first(m, "Hausaufgabenhilfe Röhlinghausen") == offers["homework_south"].pk


def test_a_target_group_named_in_other_words_ranks_its_offers_first(town):
    m, offers = town
    # The vocabulary's words for the group, none of them in the offers' texts or names.
    assert first(m, "Schwimmkurs für Mütter") == offers["swim_women"].pk
    assert first(m, "schwimmen für flüchtlinge") == offers["swim_refugees"].pk
    # Naming none leaves the order to the texts.
    assert first(m, "Schwimmkurs") == offers["swim_all"].pk


def test_a_query_naming_no_term_of_any_segments_names_asks_none_of_them():
    from teilhabe.search import engine
    from teilhabe.search.vocabulary import names

    engine.Segment(990001, 1, [], [], {}, names=names({1: "Kötterbruch"}, {}))
    assert engine.may_name("Hausaufgabenhilfe im Kötterbruch")
    # A search across all leaves every segment's named_bonus out for it (query.py).
    assert not engine.may_name("Hausaufgabenhilfe")
