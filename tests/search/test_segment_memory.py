"""What a process holds of each municipality's mapped index (segment_file.MappedSegment):
a few small objects, whatever the size of the municipality — its arrays, string tables and
vocabularies are made from the file's mapping when read. Each segment once held ~120
arrays and the views over them (≈ 55 KB of objects per municipality, 110 MB with 2,000
loaded in every web worker; bench/README.md, "own memory per municipality")."""
import gc
import tracemalloc

import numpy as np

from teilhabe.search import engine
from teilhabe.search import segment_file as F

LANGUAGES = {"de": "de", "en": "en", "ar": "ar", "tr": "tr", "uk": "simple", "ru": "ru", "fa": "simple"}


def _written_segments(n_towns, rows_per_language=40):
    """`n_towns` segments of offers in seven languages with facets and a vector per row,
    written as the machine's files (no database): what segment_file.read maps."""
    rng = np.random.default_rng(16)
    F.V.directory().mkdir(parents=True, exist_ok=True)
    targets = []
    for m in range(1, n_towns + 1):
        docs, passages, vectors = [], [], {}
        for n in range(rows_per_language):
            for language, analyzer in LANGUAGES.items():
                doc_id = len(docs) + m * 10_000
                docs.append({"id": doc_id, "kind": "offer", "object_id": n, "language": language,
                             "terms": f"kurs{n % 7} sprach{language} | beratung{n} treff stadt{m}",
                             "analyzer": analyzer, "sort_key": f"t{n:03d}",
                             "facets": {"field_of_action": [m * 10 + n % 3], "target_group": [n % 2],
                                        "district": [m * 100 + n % 4], "language": [language]}})
                passages.append({"document_id": doc_id, "position": 0, "hash": f"h{m}-{doc_id}"})
                vectors[f"h{m}-{doc_id}"] = rng.standard_normal(F.V.DIM)
        built = engine.Segment(m, 1, docs, passages, vectors)
        name = f"m{m}-v1-{built.vector_digest}.npy"
        F.V.write(F.V.directory() / name, built.matrix)
        F.write(built, F.path(m, 1), name)
        targets.append((m, built))
    return targets


def _held(seg):
    """The numpy arrays a segment's objects refer to, and all objects it holds (not the
    classes, strings and numbers, nor the Schema its segments share)."""
    seen, arrays, stack = {id(seg)}, 0, [seg]
    while stack:
        for ref in gc.get_referents(stack.pop()):
            if id(ref) in seen or isinstance(ref, (type, str, int, float, F.Schema)):
                continue
            seen.add(id(ref))
            arrays += isinstance(ref, np.ndarray)
            stack.append(ref)
    return arrays, len(seen)


def test_a_mapped_segment_holds_a_few_small_objects_and_answers_as_in_memory(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = False
    written = _written_segments(12)

    def load():
        return [engine.Segment.from_file(m, 1, *F.read(F.path(m, 1), m, 1)) for m, _ in written]

    load()  # the process-wide caches of a first load (file names, dtypes, layouts) are not the segments'
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        segs = load()
        gc.collect()
        per_segment = (tracemalloc.get_traced_memory()[0] - before) / len(segs)
    finally:
        tracemalloc.stop()
    # Seven lexicons, four facets, 280 rows each: ~55 KB of objects per segment before,
    # now the file's layout (offsets and lengths), the labels, a few objects.
    assert per_segment < 8_000, per_segment
    for seg in segs:
        arrays, objects = _held(seg)
        assert arrays <= 3, arrays  # the file's mapping and the vector rows' (np.memmap and its view)
        assert objects < 60, objects
    # Everything made on access is what the segment in memory holds.
    for seg, (_, built) in zip(segs, written):
        for name in ("row_doc_id", "row_record", "record_start", "record_kind", "record_object", "title_order",
                     "passage_row", "passage_position", "passage_record", "passage_starts",
                     "passage_run_record", "passage_counts"):
            assert np.array_equal(getattr(seg, name), getattr(built, name)), name
            assert not getattr(seg, name).flags.writeable, name
        assert seg.n_records == built.n_records and list(seg.records) == built.records
        assert [seg.row_language[i] for i in range(len(built.row_language))] == built.row_language
        assert [seg.row_analyzer[i] for i in range(len(built.row_analyzer))] == built.row_analyzer
        assert list(seg.record_sort) == [str(s) for s in built.record_sort]
        assert seg.languages == built.languages and list(seg.lexicons) == list(built.lexicons)
        for name, (recs, codes, labels, code) in built.facets.items():
            mapped = seg.facets[name]
            assert np.array_equal(mapped[0], recs) and np.array_equal(mapped[1], codes)
            assert list(mapped[2]) == labels and mapped[3] == code
        for analyzer, lexicon in built.lexicons.items():
            mapped = seg.lexicons[analyzer]
            assert list(mapped.terms) == lexicon.terms
            for term in lexicon.terms:
                a, c = lexicon.postings(lexicon.vocab[term]), mapped.postings(mapped.vocab[term])
                assert np.array_equal(a[0], c[0]) and np.array_equal(a[1], c[1]), term
        mask = np.ones(seg.n_records, bool)
        assert seg.facet_counts(mask) == built.facet_counts(mask)
        assert np.array_equal(seg.lexical("kurs beratung1").scores, built.lexical("kurs beratung1").scores)
