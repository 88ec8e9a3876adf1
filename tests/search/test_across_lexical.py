"""A search across many municipalities scores the lexical part of all of them in one pass
(engine.Across: each query term's expansions and splits, and a typo's neighbours, found
once; issue 16: 2,000 municipalities): its answers are those of asking
every municipality's index, word for word — scores, corrections, snippets — with the index
in memory and mapped from its files."""
import functools

import numpy as np
import pytest

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from teilhabe.search import engine, search_offers
from teilhabe.search.embed import DIM
from teilhabe.search.models import Synonyms
from tests import builders as b
from tests.search.builders import index_with_random_vectors

# Typos, compounds to split, prefixes, suffixes, hyphens, repeated words, other scripts,
# synonyms (shipped and a town's own), words only one town has, nonsense.
QUERIES = [
    "Deutschkurs", "deutsch", "Deutschkurz", "Beratnug", "Hausaufgabenhlife", "Sprachkurs für Frauen", "kurs",
    "sprach", "deutschkur", "Beratungsstelle", "Nähcafe", "Vaeter", "Fahrad", "Schwimen Kinder", "german course",
    "homework help", "دورة لغة", "Almanca kursu", "курс", "xyzzy", "Deutsch-Kurs kurs", "Kindergarten",
    "Quartiersbüro", "Imkerei", "Imkerie", "Bienen", "Reparatur-Café", "café", "Elterncafé Nord", "Tanzkurs",
]

# Each town its own words: what one holds, the others lack.
TOWNS = [
    ("ost", ["Deutschkurs", "Sprachcafé", "Hausaufgabenhilfe", "Migrationsberatung"], True, False),
    ("west", ["Schwimmkurs für Kinder", "Väterfrühstück", "Nähcafé"], False, True),
    ("nord", ["Fahrradwerkstatt", "Reparatur-Café", "Frauentreff", "Stadtteilbüro"], True, True),
    ("sued", ["Imkerei am Stadtrand", "Bienen und Honig"], False, False),
    ("mitte", ["Tanzkurs", "Elterncafé", "Kita-Sprechstunde", "Integrationskurs"], True, False),
]


def _towns():
    rng = np.random.default_rng(16)
    english, arabic = Language.objects.get(code="en"), Language.objects.get(code="ar")
    towns = []
    for slug, topics, with_english, with_arabic in TOWNS:
        m = b.municipality(f"across-{slug}")
        provider = b.actor(m, name=f"Verein {slug}")
        field = b.field(b.concept(m), "f", "Sprache")
        district = b.district(m, "nord", "Nord")
        for i in range(8):
            topic = topics[i % len(topics)]
            offer = b.offer(m, provider, f"X-{i}", title=f"{topic} {i}", field=field,
                            description=f"{topic} für alle, mit Beratung. Raum {i}.")
            offer.districts.set([district])
            if with_english and i % 2 == 0:
                OfferTranslation.objects.create(offer=offer, language=english, title=f"Course {i}",
                                                description="Learn together, homework help.", source_revision=1)
            if with_arabic and i % 3 == 0:
                OfferTranslation.objects.create(offer=offer, language=arabic, title="دورة لغة ألمانية",
                                                description="تعلم الألمانية", source_revision=1)
        if slug == "nord":
            # The second set names what another town holds: its synonyms count here only.
            Synonyms.objects.create(municipality=m, text="Stadtteilbüro, Quartiersbüro\nHonigkurs, Imkerei")
        index_with_random_vectors(m, rng)
        towns.append(m)
    return towns


def _answers(**kw):
    result = search_offers(**kw)
    return (result.count, result.corrections,
            [(h.municipality_id, h.object_id, h.score, h.matched_language, h.snippet, h.title) for h in result.hits])


@pytest.fixture(scope="module")
def towns(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            made = _towns()
            yield made
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("in_memory", [True, False])
def test_across_all_answers_as_asking_every_municipality(towns, settings, tmp_path, monkeypatch, in_memory):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = in_memory
    vector = np.random.default_rng(3).standard_normal(DIM).astype(np.float32)
    asks = [functools.partial(_answers, query=query, mode=mode, limit=100,
                              query_vector=vector if mode == "hybrid" else None)
            for query in QUERIES for mode in ("lexical", "hybrid")]
    kreis = towns[1:4]  # a few of them (a Kreis's search)
    asks += [functools.partial(_answers, municipality=kreis, query=query, mode="lexical", limit=100)
             for query in QUERIES[::3]]
    out = []
    for minimum in (10**9, 2):  # every segment asked in full; then through Across
        monkeypatch.setattr(engine, "ACROSS_MIN_SEGMENTS", minimum)
        engine.clear_cache()  # the same start: a segment remembers how it read typos
        out.append([ask() for ask in asks])
    assert out[1] == out[0]
    assert engine._across is not None and engine._across.n == len(towns)
    # Found at all, corrected, and in more than one town: the comparison saw something.
    found = dict(zip(QUERIES, out[0][::2]))  # lexical, across all
    assert found["Imkerei"][0] == 4 and found["Imkerie"][1] == {"Imkerie": "imkerei"}, found["Imkerie"]
    assert len({hit[0] for hit in found["kurs"][2]}) >= 3


@pytest.mark.django_db
def test_a_word_only_one_town_holds_is_looked_up_only_there(towns, monkeypatch):
    looked = []
    postings = engine._postings

    def counted(seg, *args):
        looked.append(seg.municipality_id)
        return postings(seg, *args)

    monkeypatch.setattr(engine, "_postings", counted)
    monkeypatch.setattr(engine, "ACROSS_MIN_SEGMENTS", 2, raising=False)
    result = search_offers(query="Imkerei", mode="lexical")
    sued = towns[3].pk
    assert result.count == 4 and {h.municipality_id for h in result.hits} == {sued}
    assert set(looked) == {sued}, looked


def _segment(municipality_id, words):
    """A segment of one German row per word (no database): what the expansions read."""
    docs = [{"id": municipality_id * 1000 + n, "kind": "offer", "object_id": n, "language": "de",
             "terms": f"{word} | ", "analyzer": "de", "sort_key": word, "facets": {}}
            for n, word in enumerate(words)]
    return engine.Segment(municipality_id, 1, docs, [], {})


def test_the_expansions_are_found_once_for_all_segments_as_each_would_find_them(tmp_path, settings, monkeypatch):
    from teilhabe.search import segment_file as F

    settings.VAR_DIR = tmp_path
    # More than MAX_EXPANSIONS terms with one prefix and one suffix, held differently per town.
    words = [f"kurs{n:03d}" for n in range(300)] + [f"{n:03d}kurs" for n in range(300)] + [
        "kurs", "deutsch", "deutschkurs", "sprachkurs", "kursangebot", "kur", "beratungsstell", "berat", "stell"]
    in_memory = [_segment(m, words[m::3] + words[-9 + m:]) for m in range(1, 4)]
    mapped = []
    for seg in in_memory:
        F.V.directory().mkdir(parents=True, exist_ok=True)
        target = F.path(seg.municipality_id, seg.version)
        F.write(seg, target, None)
        mapped.append(engine.Segment.from_file(seg.municipality_id, seg.version, *F.read(target, seg.municipality_id, 1)))
    asked = []
    for cls in (engine.Lexicon, F.MappedLexicon):
        for name in ("with_prefix", "with_suffix"):
            original = getattr(cls, name)
            monkeypatch.setattr(cls, name, lambda self, *a, _o=original: asked.append(1) or _o(self, *a))
    terms = ["kurs", "kur", "deutsch", "kurs1", "0kurs", "sprachkurs", "berat", "xyz", "ku"]
    splits = []
    original_split = engine.Segment._split
    monkeypatch.setattr(engine.Segment, "_split", lambda self, *a: splits.append(1) or original_split(self, *a))
    # Words whose terms and spellings reach the terms above: a short stem expanding with the
    # word's next letter (Kurs → kur + "s"), prefixes, suffixes, compounds to split.
    queries = ["Kurs", "Kurse", "Kursangebot", "kur", "deutsch", "kurs1", "0kurs", "Sprachkurs", "berat", "xyz",
               "ku", "Deutschkurs", "Beratungsstelle", "deutschberat", "Kurse Sprachkurs deutschkurs Beratungsstelle"]
    for segs in (in_memory, mapped):
        across = engine.Across(segs)
        memo = {}
        for term in terms:
            for surface in (None, term + "e", "kursangebot"):
                bounds, uid, entries, kind = across.variants("de", term, surface, memo)
                tid = across.unions["de"].ids[entries]
                for position, seg in enumerate(segs):
                    a, b = bounds[position], bounds[position + 1]
                    held = [across.unions["de"].terms[u] for u in uid[a:b].tolist()]
                    expected, _ = seg._variants(seg.lexicons["de"], term, "de", split=False, surface=surface)
                    where = (seg.municipality_id, term, surface)
                    assert {t: engine._WEIGHTS[k] for t, k in zip(held, kind[a:b].tolist())} == expected, where
                    assert dict(zip(held, tid[a:b].tolist())) == {t: seg.lexicons["de"].vocab[t] for t in expected}
        for term in terms + ["deutschkurs", "beratungsstell", "sprachkurs", "kursangebot", "deutschberat"]:
            best, pairs = across.split("de", term, memo)
            for position, seg in enumerate(segs):
                chosen = pairs[best[position]] if best[position] >= 0 else None
                assert chosen == original_split(seg, seg.lexicons["de"], term, "de"), (seg.municipality_id, term)
        best, pairs = across.split("de", "deutschkurs", memo)
        assert pairs[best[0]] == ["deutsch", "kur"]
        # Each segment's share of the one pass scores and matches as its own Segment.lexical.
        for query in queries:
            found = across.lexical(segs, [(query, None)], memo)
            for i, seg in enumerate(segs):
                own = seg.lexical(query, {})
                where = (query, seg.municipality_id)
                assert np.array_equal(found.match(i).scores, own.scores), where
                assert found.match(i).matched == own.matched, where
        # The limit was reached: each town's first MAX_EXPANSIONS of its own terms count.
        found = across.lexical(segs, [("Kurs", None)], memo)
        for i in range(len(segs)):
            prefixed = [t for t in found.match(i).matched["de"] if t.startswith("kurs")]
            assert len(prefixed) == engine.MAX_EXPANSIONS
    # A search across them asks no segment's lexicon for its prefixes, suffixes and splits.
    across = engine.Across(mapped)
    asked.clear()
    splits.clear()
    found = across.lexical(mapped, [("Kurse Sprachkurs deutschkurs Beratungsstelle", None)], {})
    assert not asked and not splits
    assert all(found.match(i).scores.any() for i in range(len(mapped)))


def _assert_as_each_segments_own(across, segs, queries):
    """Each segment's record and row scores, matched terms and corrections out of the one
    pass (query.lexical_scores_across) are those of its own Segment.lexical, bit for bit;
    also for a few of the segments only. How many answers held a match."""
    from teilhabe.search.query import lexical_scores, lexical_scores_across

    compared = 0
    for query in queries:
        for mode in ("lexical", "hybrid"):
            together = lexical_scores_across(across, segs, query, mode=mode, memo={})
            assert set(together) == {seg.municipality_id for seg in segs}
            for seg in segs:
                match, lex = together[seg.municipality_id]
                own_match, own_lex = lexical_scores(seg, query, mode=mode, memo={})
                where = (query, mode, seg.municipality_id)
                assert lex.dtype == own_lex.dtype and np.array_equal(lex, own_lex), where
                assert np.array_equal(match.scores, own_match.scores), where
                assert match.matched == own_match.matched, where
                assert match.corrections == own_match.corrections, where
                compared += bool(own_lex.any())
            # A few of them only (the segments a search asks after its filters).
            some = segs[1::2]
            part = lexical_scores_across(across, some, query, mode=mode, memo={})
            for seg in some:
                assert np.array_equal(part[seg.municipality_id][1], together[seg.municipality_id][1]), (query, seg)
    return compared


@pytest.mark.django_db
@pytest.mark.parametrize(("in_memory", "chunk", "packed"),
                         [(True, 1, False), (False, None, False), (False, None, True), (False, 1, True)])
def test_every_segments_lexical_scores_come_out_of_one_pass_as_its_own(towns, settings, tmp_path, monkeypatch,
                                                                       in_memory, chunk, packed):
    """Across.lexical scores all segments together (query.lexical_scores_across): each
    segment's record and row scores, matched terms and corrections are those of its own
    Segment.lexical, bit for bit — the synonyms too (a town's own sets and the shipped ones);
    also when its postings are scored in chunks (`chunk` 1: each segment's apart, as at
    1,000,000 offers a few hundred segments' at a time); gathered town by town or (`packed`)
    from the machine's file of all their postings (postings.py), then none town by town."""
    if chunk is not None:
        monkeypatch.setattr(engine, "GATHER_CHUNK", chunk)
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = in_memory
    engine.clear_cache()
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    if packed:
        assert across.packed() is not None
    else:
        across._packable = False  # as where the file cannot be written
    looked = []
    postings = engine._postings
    monkeypatch.setattr(engine, "_postings", lambda seg, *a: looked.append(seg) or postings(seg, *a))
    queries = QUERIES + ["Deutschkurs Deutschkurs Beratnug", "Sprachkurs Hausaufgabenhilfe Tanzkurs", "Honigkurs"]
    assert _assert_as_each_segments_own(across, segs, queries) > 60  # most found something in several towns
    assert bool(looked) is not packed


def _rows_segment(municipality_id, rows):
    """A segment of one row per (object, analyzer, term) (no database): a term held by n
    rows has df n."""
    docs = [{"id": municipality_id * 1000 + n, "kind": "offer", "object_id": obj, "language": analyzer[:2],
             "terms": f"{term} | ", "analyzer": analyzer, "sort_key": term, "facets": {}}
            for n, (obj, analyzer, term) in enumerate(rows)]
    return engine.Segment(municipality_id, 1, docs, [], {})


# Terms one edit from "kochkurz" (a typo: no town holds it, nor kurz to split it into) with a
# df of their own in each town: 7 in the first two (the first five by df differ), one in the
# third, none in the fourth; in the last two one in German and one in English with the same
# df, the English lexicon first in the fifth (its first object is English), second in the sixth.
_NEAR = ["kochkurs", "kochkura", "kochkurb", "kochkurc", "kochkurd", "kochkure", "kochkur"]
_TYPO_TOWNS = {
    1: dict(zip(_NEAR, [3, 1, 2, 2, 1, 4, 1])),
    2: dict(zip(_NEAR, [1, 5, 1, 1, 3, 1, 1])),
    3: {"kochkur": 2},
    4: {},
}


def _typo_towns():
    segs = []
    for m, df in _TYPO_TOWNS.items():
        rows = [(0, "de", "apfel")] + [(n, "de", term) for term, count in df.items() for n in range(1, count + 1)]
        segs.append(_rows_segment(m, rows))
    segs.append(_rows_segment(5, [(0, "english", "kochkurs"), (1, "de", "kochkura"), (2, "de", "apfel")]))
    segs.append(_rows_segment(6, [(0, "de", "kochkura"), (1, "english", "kochkurs"), (2, "de", "apfel")]))
    return segs


@pytest.mark.parametrize("mapped", [False, True])
def test_a_typo_reads_in_each_town_its_own_neighbours_by_its_own_df(tmp_path, settings, monkeypatch, mapped):
    """A typo's neighbours are found once in the Across's unions (Across.near, Union.df),
    not per segment: each town still reads the mistyped word as its own Segment.lexical
    does — its own neighbours, the first five by its own df, its most frequent one as the
    correction (on a tie, of the analyzer first in the town), spelled as that town first
    saw it (Segment._spelled: a town remembers, so the words follow one another here)."""
    from teilhabe.search import segment_file as F

    settings.VAR_DIR = tmp_path

    def made():
        segs = _typo_towns()
        if not mapped:
            return segs
        F.V.directory().mkdir(parents=True, exist_ok=True)
        out = []
        for seg in segs:
            target = F.path(seg.municipality_id, seg.version)
            if not target.exists():
                F.write(seg, target, None)
            out.append(engine.Segment.from_file(seg.municipality_id, 1, *F.read(target, seg.municipality_id, 1)))
        return out

    # Two sets of the same towns: a town's spellings seen (_spelled) are its own object's.
    together, alone = made(), made()
    assert [list(seg.lexicons) for seg in together[4:]] == [["english", "de"], ["de", "english"]]
    across = engine.Across(together)
    looked = []
    near = engine.Segment._near
    monkeypatch.setattr(engine.Segment, "_near", lambda seg, *a: looked.append(id(seg)) or near(seg, *a))
    words = {}
    for query in ["Kochkurst", "Kochkurz", "Kochkr", "Kochkurz Kochkr", "kochkurz"]:
        found = across.lexical(together, [(query, None)], {})
        for i, seg in enumerate(alone):
            own = seg.lexical(query, {})
            where = (query, seg.municipality_id)
            assert np.array_equal(found.match(i).scores, own.scores), where
            assert found.match(i).matched == own.matched, where
            assert found.match(i).corrections == own.corrections, where
            words[where] = own.matched.get("de", set()) | own.matched.get("english", set()), own.corrections
    # What was compared: the first five differ between the first two towns, by their df …
    assert words[("Kochkurz", 1)] == ({"kochkure", "kochkurs", "kochkurb", "kochkurc", "kochkur"},
                                      {"Kochkurz": "kochkure"})
    assert words[("Kochkurz", 2)] == ({"kochkura", "kochkurd", "kochkur", "kochkurb", "kochkurc"},
                                      {"Kochkurz": "kochkura"})
    # … the third reads "kochkur" as it saw it spelled first ("Kochkurst" → kochkurs), the
    # fourth finds nothing, and a tie goes to the analyzer each town has first.
    assert words[("Kochkurz", 3)][1] == {"Kochkurz": "kochkurs"}
    assert words[("Kochkurz", 4)] == (set(), {})
    assert words[("Kochkurz", 5)][1] == {"Kochkurz": "kochkurs"} and words[("Kochkurz", 6)][1] == {"Kochkurz": "kochkura"}
    # The first town's "kochkur" (not its correction of "Kochkurst") got its spelling then too.
    assert words[("Kochkr", 1)][1] == {"Kochkr": "kochkurs"}
    # Only the towns asked on their own looked the typos up themselves.
    assert looked and set(looked) <= {id(seg) for seg in alone}
