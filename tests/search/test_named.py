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
    # A search across all leaves every segment's named_records out for it (query.py).
    assert not engine.may_name("Hausaufgabenhilfe")


def _named_town(municipality_id, records, districts, groups):
    """A segment in memory: `records` [(kind, district ids, target group ids)],
    `districts` {id: name}, `groups` {id: German name}."""
    from teilhabe.search import engine
    from teilhabe.search.vocabulary import names

    docs = [{"id": municipality_id * 100 + r, "kind": kind, "object_id": r, "language": "de",
             "terms": "schwimmkurs | hallenbad", "analyzer": "de", "sort_key": f"k{r:02d}",
             "facets": {"district": list(ds), "target_group": list(gs)}}
            for r, (kind, ds, gs) in enumerate(records)]
    return engine.Segment(municipality_id, 1, docs, [], {},
                          names=names(districts, {pk: {"de": name} for pk, name in groups.items()}))


def test_across_towns_the_bonus_goes_to_each_matching_record_named_once_per_facet():
    """query._add_named_bonus adds it over the run of all towns' records at once: each
    matching record gets the weight of every facet the query names one of its values in
    (once, though it holds two named groups), as float32 — what it got town by town."""
    import numpy as np

    from teilhabe.search import engine
    from teilhabe.search import query as Q

    segs = [
        # Nordfeld (11) and two groups both called "Frauen" (12, 13); record 0 is no offer.
        _named_town(1, [("measure", [11], [12]), ("offer", [11], [12]), ("offer", [11], []),
                        ("offer", [], [12, 13]), ("offer", [14], [])], {11: "Nordfeld", 14: "Südfeld"},
                    {12: "Frauen", 13: "Frauen"}),
        _named_town(2, [("offer", [21], [22]), ("offer", [], [22]), ("offer", [], [])], {21: "Südfeld"},
                    {22: "Frauen"}),
        _named_town(3, [("offer", [31], [32]), ("offer", [31], [32])], {31: "Nordfeld"}, {32: "Frauen"}),
    ]
    # (segment, record) → the weights the query "… für Frauen im Nordfeld" names for it.
    named = {(0, 0): (0.3, 0.1), (0, 1): (0.3, 0.1), (0, 2): (0.3,), (0, 3): (0.1,), (1, 0): (0.1,), (1, 1): (0.1,)}
    record_bounds = np.cumsum([0] + [seg.n_records for seg in segs])
    rng = np.random.default_rng(3)
    fused = rng.random(int(record_bounds[-1])).astype(np.float32)
    # The offers match (a measure is not asked), but for a named one of town 1 and town 3's.
    matching = np.concatenate([seg.kind_mask(("offer",)) for seg in segs])
    matching[[2, 8, 9]] = False
    expected = fused.copy()
    for (s, r), weights in named.items():
        p = int(record_bounds[s]) + r
        bonus = np.float32(0)
        for weight in weights:
            bonus = np.float32(np.float64(bonus) + weight)
        if matching[p]:
            expected[p] = fused[p] + bonus
    assert engine.may_name("Schwimmkurs für Frauen im Nordfeld")
    Q._add_named_bonus(fused, matching, segs, record_bounds, "Schwimmkurs für Frauen im Nordfeld")
    assert fused.tobytes() == expected.tobytes(), (fused, expected)
