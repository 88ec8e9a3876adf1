"""The whole index of a municipality (rows, postings, typo tables, facets, passages) lies in
one file per index version beside the vector files, mapped read-only by every process
(search/segment_file.py): it answers exactly as the structures in each process's own
memory did (settings.SEARCH_IN_MEMORY, the switch bench/search_speed.py's A/B uses), is
built again when missing or damaged, and an index version's file replaces the one before."""
import functools
import gc
import tracemalloc

import numpy as np
import pytest

from teilhabe.municipalities.models import Language, Municipality
from teilhabe.offers.models import OfferTranslation
from teilhabe.search import engine, search_offers, search_site
from teilhabe.search import segment_file as F
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import IndexState
from tests import builders as b
from tests.search.builders import index_with_random_vectors

# Words as typed, typos among them ("Deutschkurz", "Beratnug", "Hausaufgabenhlife"),
# compounds to split, prefixes, suffixes, other languages, nonsense.
QUERIES = [
    "Deutschkurs", "deutsch", "Deutschkurz", "Beratnug", "Hausaufgabenhlife", "Sprachkurs für Frauen",
    "kurs", "sprach", "deutschkur", "Beratungsstelle", "Nähcafe", "Vaeter", "Fahrad", "Schwimen Kinder",
    "german course", "homework help", "دورة لغة", "Almanca kursu", "курс", "xyzzy", "Integrationskurs",
    "Bewerbung schreiben", "Kinderbetreuung Mütter", "treff", "Elterncafé", "Jugendzentrum Nord",
]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = False  # the shared files (TEILHABE_SEARCH_SHARED_INDEX=1)
    return tmp_path


def _answers(**kw):
    result = search_offers(**kw)
    return (result.count, result.corrections, result.facets,
            [(h.kind, h.object_id, h.score, h.matched_language, h.snippet, h.title) for h in result.hits])


def _both(settings, asks):
    """The answers of each of `asks` with the index in this process's memory, then mapped
    from the file."""
    out = []
    for in_memory in (True, False):
        settings.SEARCH_IN_MEMORY = in_memory
        engine.clear_cache()
        out.append([ask() for ask in asks])
    settings.SEARCH_IN_MEMORY = False
    return out


def _same_lexicons(old, new, every=1):
    """Term for term (every `every`th): the postings, and what prefixes, suffixes and
    typos reach."""
    assert list(old.lexicons) == list(new.lexicons)
    for analyzer, lo in old.lexicons.items():
        ln = new.lexicons[analyzer]
        assert list(ln.terms) == lo.terms and list(ln.reversed) == lo.reversed
        for term in lo.terms[::every]:
            a, c = lo.postings(lo.vocab[term]), ln.postings(ln.vocab[term])
            assert np.array_equal(a[0], c[0]) and np.array_equal(a[1], c[1]) and lo.df[lo.vocab[term]] == ln.df[
                ln.vocab[term]]
            assert ln.near(term) == lo.near(term)
            for typo in {term[1:], term[:-1] + "x", term[:2] + term[3:]}:
                assert ln.near(typo) == lo.near(typo), typo
                assert (typo in ln.vocab) == (typo in lo.vocab)
            for n in (3, 4, 8, 9, len(term)):  # shorter and longer than the 8-byte keys
                assert ln.with_prefix(term[:n]) == lo.with_prefix(term[:n])
                assert ln.with_suffix(term[-n:]) == lo.with_suffix(term[-n:])
            assert ln.with_prefix(term + "a") == lo.with_prefix(term + "a")


def _generated_town():
    """A municipality of 60 offers in German, some in English and Arabic, in districts and
    for target groups, each passage with a (random) vector."""
    rng = np.random.default_rng(16)
    m = b.municipality("rssstadt")
    provider = b.actor(m, name="Bildungswerk")
    concept = b.concept(m)
    fields = [b.field(concept, f"f{i}", name) for i, name in enumerate(["Sprache", "Arbeit", "Familie"])]
    groups = [b.target_group(m, "frauen", de="Frauen", en="Women"), b.target_group(m, "vaeter", de="Väter")]
    districts = [b.district(m, "nord", "Nord"), b.district(m, "sued", "Süd")]
    topics = ["Deutschkurs", "Sprachcafé", "Hausaufgabenhilfe", "Migrationsberatung", "Bewerbungstraining",
              "Schwimmkurs für Kinder", "Väterfrühstück", "Nähcafé", "Fahrradwerkstatt", "Frauentreff",
              "Integrationskurs", "Elterncafé"]
    places = ["im Familienzentrum", "im Jugendzentrum", "in der Bibliothek", "im Bürgerhaus", "am Abend"]
    sentences = ["Wir lernen Deutsch für den Alltag, mit Kinderbetreuung.", "Beratung zu Aufenthalt und Arbeit.",
                 "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben.", "Lebenslauf gemeinsam schreiben.",
                 "Gemeinsam nähen, reparieren und sprechen.", "Ein Treffpunkt mit Ausflügen."]
    english, arabic = Language.objects.get(code="en"), Language.objects.get(code="ar")
    for i in range(60):
        topic = topics[i % len(topics)]
        offer = b.offer(m, provider, f"G-{i}", title=f"{topic} {places[i % len(places)]}",
                        field=fields[i % 3], description=" ".join(rng.choice(sentences, 3)) + f" Raum {i}.")
        offer.target_groups.set(groups[: i % 3])
        offer.districts.set(districts[i % 2: i % 2 + 1])
        if i % 3 == 0:
            OfferTranslation.objects.create(offer=offer, language=english, title=f"Course {i} for everyone",
                                            description="Learn German together, with childcare.", source_revision=1)
        if i % 5 == 0:
            OfferTranslation.objects.create(offer=offer, language=arabic, title="دورة لغة ألمانية",
                                            description="تعلم الألمانية", source_revision=1)
    index_with_random_vectors(m, rng)
    return m


@pytest.mark.django_db
def test_it_answers_as_the_index_in_memory_on_a_generated_town_and_keeps_it_mapped_read_only(settings, var_dir):
    town = _generated_town()
    [mapped] = engine.segments([town.pk])
    assert isinstance(mapped.lexicons["de"], F.MappedLexicon) and isinstance(mapped.matrix, np.memmap)
    old = engine.build_segment(town.pk, mapped.version)
    _same_lexicons(old, mapped)
    query_vectors = F.V.dequantise(mapped.matrix[::40])
    asks = [functools.partial(_answers, municipality=scope, query=query, mode=mode, limit=50,
                              query_vector=query_vectors[n % len(query_vectors)] if mode == "hybrid" else None)
            for n, query in enumerate(QUERIES) for mode in ("lexical", "hybrid")
            for scope in (town, None)]  # within the town, and across all municipalities
    nord, women = town.districts.get(key="nord").pk, town.target_groups.get(key="frauen").pk
    asks += [functools.partial(_answers, municipality=town, mode="lexical", **kw) for kw in (
        {"query": "", "limit": 100}, {"query": "", "offset": 20},  # listings, by title
        {"query": "kurs", "filters": {"district": [nord]}}, {"query": "", "filters": {"target_group": [women]}})]
    in_memory, from_file = _both(settings, asks)
    assert from_file == in_memory
    assert [answer[0] for answer in in_memory[-4:]] == [60, 60, 10, 40], in_memory[-4:]
    # The semantic part scores each passage as before.
    for vector in query_vectors[:5]:
        assert np.array_equal(old.semantic(vector)[0], mapped.semantic(vector)[0])
    _kept_small_and_mapped_read_only(settings, town, mapped.version)


def _kept_small_and_mapped_read_only(settings, town, version):
    def kept(in_memory):
        """What a process holds after loading the town's index and a search with typos."""
        settings.SEARCH_IN_MEMORY = in_memory
        engine.clear_cache()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        search_offers(municipality=town, query="Beratnug Deutschkurz", mode="lexical")  # typo tables used
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before

    tracemalloc.start()
    try:
        kept(True), kept(False)  # the caches of the first searches (stems, the query's terms)
        in_memory, mapped = kept(True), kept(False)
        [seg] = engine.segments([town.pk])
    finally:
        tracemalloc.stop()
        settings.SEARCH_IN_MEMORY = False
    # The arrays, strings and typo tables are the file's pages, not the process's own memory:
    # what stays is about 50 KB of array and view objects per segment whatever its size
    # (60 offers here: in memory about 3 KB each).
    assert mapped < in_memory / 2 and mapped < 80_000, (mapped, in_memory)
    path = str(F.path(town.pk, version))
    maps = [line.split() for line in open("/proc/self/maps") if line.rstrip().endswith(path)]
    assert maps and all(fields[1] == "r--s" for fields in maps)
    assert not seg.lexicons["de"].weights.flags.writeable and not seg.row_record.flags.writeable
    with pytest.raises(ValueError):
        seg.lexicons["de"].weights[0] = 1


@pytest.mark.django_db
def test_it_answers_as_the_index_in_memory_on_the_demo(settings, var_dir, demo_module_committing):
    towns = list(Municipality.objects.filter(pk__in=IndexState.objects.values("municipality_id")))
    assert towns
    for town in towns:
        [mapped] = engine.segments([town.pk])
        _same_lexicons(engine.build_segment(town.pk, mapped.version), mapped, every=4)
        in_memory, from_file = _both(settings, [functools.partial(lambda query: (
            _answers(municipality=town, query=query, mode="lexical"),
            [(h.kind, h.object_id, h.score) for h in search_site(municipality=town, query=query,
                                                                mode="lexical").hits]), query)
            for query in QUERIES[:14]])
        assert from_file == in_memory, town.slug


def _town_with_index():
    town = b.municipality("dateistadt")
    provider = b.actor(town)
    b.offer(town, provider, "D-1", title="Deutschkurs am Abend", description="Wir lernen Deutsch.")
    b.offer(town, provider, "D-2", title="Beratung zu Wohnen", description="Hilfe bei der Wohnungssuche.")
    refresh_municipality(town)
    return town


def _ids(town, query):
    return [h.object_id for h in search_offers(municipality=town, query=query, mode="lexical").hits]


@pytest.mark.django_db
def test_it_builds_a_missing_or_damaged_file_again(var_dir):
    town = _town_with_index()
    version = IndexState.objects.get(municipality=town).version
    expected = _ids(town, "Beratnug")
    path = F.path(town.pk, version)
    assert expected and path.exists() and F.read(path, town.pk, version) is not None
    good = path.read_bytes()
    other = F.path(town.pk, version + 1)
    damages = {
        "removed": lambda: path.unlink(),
        "cut short": lambda: path.write_bytes(good[:len(good) // 2]),
        "a damaged header": lambda: path.write_bytes(good[:128] + b"}{" + good[130:]),
        "not an .npy": lambda: path.write_bytes(b"garbage" * 100),
        "another version's file": lambda: other.write_bytes(good) or other.replace(path),
    }
    for name, damage in damages.items():
        damage()
        assert F.read(path, town.pk, version) is None or name == "another version's file", name
        engine.clear_cache()
        assert _ids(town, "Beratnug") == expected, name
        assert F.read(path, town.pk, version) is not None, name
    assert not list(var_dir.rglob("*.part"))  # nothing half-written left behind


@pytest.mark.django_db
def test_a_new_index_version_gets_its_own_file_and_the_old_one_goes(var_dir):
    town = _town_with_index()
    first = IndexState.objects.get(municipality=town).version
    assert _ids(town, "Deutschkurs")
    b.offer(town, b.actor(town, name="Zweiter"), "D-3", title="Deutschkurs am Morgen")
    refresh_municipality(town)
    second = IndexState.objects.get(municipality=town).version
    assert len(_ids(town, "Deutschkurs")) == 2
    files = sorted(p.name for p in (var_dir / "search" / "vectors").glob("*.seg"))
    assert files == [F.path(town.pk, second).name] and first != second
