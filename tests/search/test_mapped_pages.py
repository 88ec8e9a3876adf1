"""The mapped index's cost per process (issue 16 §2): a search leaves none of the index
files' or vector files' pages in the process's page tables (they stay in the page cache,
one copy for the machine, and are mapped again on the next read), so a search across all
does not put every municipality's files into each worker's VmRSS; and a typo's dozens of
candidate words are probed in the mapped term tables in one loop per segment, not one
lookup each. Building the across-all tables (engine.Across, engine.Stack) and a search
through the approximate index (ann.py) drop the pages they read too: before, the first
reading every index file's keys was each worker's peak (issue 16 §2)."""
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from teilhabe.search import ann, engine, search_offers
from teilhabe.search import query as Q
from teilhabe.search import segment_file as F
from teilhabe.search import text as T
from teilhabe.search import vectors as V
from tests.search.test_ann import CENTRES, _segment, _unit
from tests.search.test_segment_file import _generated_town, _town_with_index


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = False
    return tmp_path


def _resident_kb(directory):
    """This process's resident pages (kB) of the files it maps from `directory`."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and fields[0][0] in "0123456789abcdef":
            inside = len(fields) >= 6 and fields[5].startswith(str(directory))
        elif inside and fields[:1] == ["Rss:"]:
            total += int(fields[1])
    return total


@pytest.mark.django_db
def test_a_search_leaves_no_mapped_index_pages_in_the_process(var_dir):
    town = _generated_town()
    _town_with_index()  # a second municipality: across all is a stack of two
    [seg] = engine.segments([town.pk])
    vector = F.V.dequantise(seg.matrix[:1])[0]
    for municipality in (None, town):  # across all, and within the town
        for query in ("Deutschkurs", "Beratnug Hausaufgaben", ""):
            result = search_offers(municipality=municipality, query=query, query_vector=vector)
            assert result.count, query
            # The files are mapped (a search reads them) but hold no page in this process.
            assert any(line.rstrip().endswith(".seg") and str(var_dir) in line for line in open("/proc/self/maps"))
            assert _resident_kb(var_dir) == 0, (municipality, query)
    # Read again after their pages were dropped, they answer as before.
    first = [(h.object_id, h.score) for h in search_offers(municipality=None, query="Beratnug", query_vector=vector).hits]
    assert first == [(h.object_id, h.score) for h in search_offers(municipality=None, query="Beratnug",
                                                                     query_vector=vector).hits]


@pytest.mark.django_db
def test_a_typos_candidates_are_probed_at_once(var_dir, monkeypatch):
    town = _generated_town()
    [seg] = engine.segments([town.pk])
    lexicon = seg.lexicons["de"]
    terms = tuple(list(lexicon.terms)[::7] + ["xyzzy", "beratnug", "", "deutschkur", "ä" * 9])
    assert lexicon.vocab.present(terms) == [n for n, t in enumerate(terms) if t in lexicon.vocab]
    lookups = []
    real = F.Vocab.__contains__
    monkeypatch.setattr(F.Vocab, "__contains__", lambda self, term: lookups.append(term) or real(self, term))
    result = search_offers(municipality=town, query="Hausaufgabenhlife", mode="lexical")
    assert result.corrections == {"Hausaufgabenhlife": "hausaufgabenhilfe"} and result.count
    # Its candidate spellings (one deletion or swap away, stemmed: about 30 per language)
    # were not asked one by one in each language's table.
    word = "Hausaufgabenhlife"
    candidates = {term for analyzer in seg.lexicons for _, term in engine._typo_candidates(word, analyzer)}
    candidates -= {term for analyzer in seg.lexicons for term in T.word_terms(word, analyzer)}
    assert len(candidates) > 20 and not candidates & set(lookups), sorted(candidates & set(lookups))


def _resident_files(directory):
    """The files from `directory` this process maps with pages resident."""
    found, current = set(), None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and fields[0][0] in "0123456789abcdef":
            current = fields[5] if len(fields) >= 6 and fields[5].startswith(str(directory)) else None
        elif current and fields[:1] == ["Rss:"] and int(fields[1]):
            found.add(current)
    return found


def _mapped_segments():
    rng = np.random.default_rng(5)
    F.V.directory().mkdir(parents=True)
    segs = []
    for m in range(1, 4):
        docs = [{"id": m * 1000 + n, "kind": "offer", "object_id": n, "language": "de",
                 "terms": f"kurs{n} deutsch{m} | beratung", "analyzer": "de", "sort_key": f"k{n}", "facets": {}}
                for n in range(300)]
        passages = [{"document_id": m * 1000 + n, "position": 0, "hash": f"h{m}-{n}"} for n in range(300)]
        built = engine.Segment(m, 1, docs, passages, {f"h{m}-{n}": rng.standard_normal(F.V.DIM) for n in range(300)})
        name = f"m{m}-v1-{built.vector_digest}.npy"
        F.V.write(F.V.directory() / name, built.matrix)
        target = F.path(m, 1)
        F.write(built, target, name)
        segs.append(engine.Segment.from_file(m, 1, *F.read(target, m, 1)))
    for seg in segs:
        seg.release()
    return segs


def test_building_the_structures_across_all_leaves_no_mapped_page_in_the_process(var_dir):
    """engine.Across and engine.Stack read every municipality's index file once: all 200 at
    once were 63 MB more in a worker's VmRSS at its peak at 100,000 offers."""
    segs = _mapped_segments()
    assert _resident_kb(var_dir) == 0
    assert engine.Across(segs).n == 3 and engine.Stack(segs).n_passages == 900
    assert _resident_kb(var_dir) == 0


def test_the_lexical_part_across_all_holds_one_index_file_at_a_time(var_dir, monkeypatch):
    """Across.lexical reads every segment's postings: reading all segments' term offsets
    first held every index file's pages at once — at 1,000,000 offers 130 MB more at the
    peak (and reading each one's typo tables 320 MB; a typo's neighbours now come from
    the Across's unions, not from the files)."""
    segs = _mapped_segments()
    across = engine.Across(segs)
    across._packable = False  # town by town, as without the file of all postings (test_postings_file.py)
    others = []
    release = engine.Segment.release

    def released(seg):
        others.append({f for f in _resident_files(var_dir) if Path(f) != F.path(seg.municipality_id, seg.version)})
        release(seg)

    monkeypatch.setattr(engine.Segment, "release", released)
    found = across.lexical(segs, [("kurs1 deutsch2 beratnug", None)], {})
    assert found.records[0].any() and found.corrections  # read postings, corrected a typo
    assert len(others) >= len(segs) and not any(others), others


def test_a_search_through_the_approximate_index_leaves_no_pages_of_its_files_in_the_process(
        settings, var_dir, monkeypatch):
    monkeypatch.setattr(ann, "MIN_PASSAGES", 100)
    monkeypatch.setattr(ann, "ROWS_PER_LIST", 100)
    monkeypatch.setattr(ann, "SAMPLE", 50)
    ann.forget()
    segs = []
    for m in range(1, 21):  # 2,400 passages, each town's vectors mapped from its file
        seg = _segment(m, 60, seed=m)
        path = var_dir / "search" / "vectors" / f"m{m}.npy"
        path.parent.mkdir(parents=True, exist_ok=True)
        V.write(path, seg.matrix)
        seg.matrix = V._map(path, len(seg.matrix))
        segs.append(seg)
    stack = engine.Stack(segs)
    assert ann.build_for(stack) is not None
    q = _unit(CENTRES[3])
    expected = stack.semantic(q)[0]
    wanted = {seg.municipality_id: (np.arange(seg.n_records) % 2 == 0, np.zeros(seg.n_records, np.float32))
              for seg in segs}
    for asked in (None, wanted):
        scores, _ = stack.semantic(q, asked)
        assert ann.current() is not None and (scores > -1).any()
        assert _resident_kb(var_dir) == 0, asked is None
    np.testing.assert_array_equal(stack.semantic(q)[0], expected)  # read again, the same answer
    ann.forget()


def test_searches_across_many_municipalities_run_one_at_a_time_in_a_process(monkeypatch):
    """Each holds tens of MB of arrays while it runs: a worker's four threads searching
    across all at once made its peak. Searches over fewer municipalities run side by side."""
    class Seg:
        def release(self):
            pass

    running, most, lock = [0], [0], threading.Lock()

    def search_segments(segs, **kw):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(Q, "_scope", lambda municipality: (None, None))
    monkeypatch.setattr(Q, "_search_segments", search_segments)
    for n, one_at_a_time in ((engine.ACROSS_MIN_SEGMENTS, True), (engine.ACROSS_MIN_SEGMENTS - 1, False)):
        monkeypatch.setattr(engine, "segments", lambda ids, versions=None, n=n: [Seg() for _ in range(n)])
        most[0] = 0
        threads = [threading.Thread(target=search_offers, kwargs={"query": ""}) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert (most[0] == 1) is one_at_a_time, (n, most[0])


@pytest.mark.django_db
def test_across_many_the_named_bonus_and_the_facets_leave_no_town_s_pages_in_the_process(var_dir, monkeypatch):
    """Both read every town's facet arrays after its lexical part has dropped its pages:
    across 2,000 towns a query naming a target group ("… für Frauen") put ~100 MB of
    index pages into the worker's VmRSS until the search's end (its peak; bench/README.md,
    m1sem). Each town's are dropped as soon as they are read."""
    town = _generated_town()
    _town_with_index()
    [seg] = engine.segments([town.pk])
    vector = F.V.dequantise(seg.matrix[:1])[0]
    resident, real_hit = [], Q._hit

    def hit(*args):
        if not resident:   # the first hit: the bonus and the facets are done
            resident.append(_resident_kb(var_dir))
        return real_hit(*args)

    monkeypatch.setattr(Q, "_hit", hit)
    for query in ("Deutschkurs für Frauen", "Deutschkurs Nord"):
        resident.clear()
        assert engine.may_name(query)
        result = search_offers(municipality=None, query=query, query_vector=vector, facets=True)
        assert result.count and result.facets["target_group"] and resident == [0], (query, resident)


def test_a_segment_is_dropped_when_its_file_was_read_since_its_last_release(var_dir, monkeypatch):
    """Segment.release drops the index file's pages only where one of its arrays was made
    since the last release (a search across all ends with the release of 2,000 segments,
    most of them dropped by the lexical part already); one read is enough to be dropped."""
    segs = _mapped_segments()
    dropped = []
    real = V.release
    monkeypatch.setattr(V, "release", lambda array: dropped.append(array) or real(array))
    for seg in segs:
        seg.release()
    assert dropped == [] and _resident_kb(var_dir) == 0  # released when made (_mapped_segments)
    for n, read in enumerate((lambda seg: seg.record_start.sum(), lambda seg: seg.title_order.sum(),
                              lambda seg: seg.lexicons["de"].postings(0)[1].sum(), lambda seg: seg.records[7])):
        dropped.clear()
        read(segs[1])
        assert _resident_kb(var_dir) > 0, n
        for seg in segs:
            seg.release()
        assert len(dropped) == 1 and _resident_kb(var_dir) == 0
