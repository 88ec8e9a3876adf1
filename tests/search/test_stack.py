"""A search across municipalities scores all their passages in one run (engine.Stack);
each segment's scores must be exactly what it computes on its own, and a segment replaced after a change must not be read from the old stack."""
import numpy as np
import pytest

from teilhabe.search import engine, vectors
from teilhabe.search.embed import DIM


def _segment(municipality_id, n_records, *, version=1, seed=0, with_vectors=True):
    rng = np.random.default_rng(seed)
    docs, passages, vectors = [], [], {}
    for record in range(n_records):
        for language in ("de", "en"):
            doc_id = municipality_id * 1000 + record * 2 + (language == "en")
            docs.append({"id": doc_id, "kind": "offer", "object_id": municipality_id * 1000 + record,
                         "language": language, "terms": "kurs | deutsch", "analyzer": "de" if language == "de"
                         else "english", "sort_key": f"k{record:03d}", "facets": {}})
            for position in range(record % 3 + 1 if with_vectors else 0):
                h = f"{doc_id}-{position}"
                passages.append({"document_id": doc_id, "position": position, "hash": h})
                v = rng.standard_normal(DIM).astype(np.float32)
                vectors[h] = v / np.linalg.norm(v)
    return engine.Segment(municipality_id, version, docs, passages, vectors)


@pytest.fixture(autouse=True)
def no_stack():
    engine.clear_cache()
    yield
    engine.clear_cache()


def test_it_scores_each_segment_as_the_segment_itself_does():
    segs = [_segment(1, 5, seed=1), _segment(2, 0), _segment(3, 4, seed=3, with_vectors=False),
            _segment(4, 7, seed=4)]
    q = np.random.default_rng(9).standard_normal(DIM).astype(np.float32)
    q /= np.linalg.norm(q)
    alone = [seg.semantic(q) for seg in segs]  # before the stack takes their matrices over
    stack = engine.stack(segs)
    scores, cos = stack.semantic(q)
    for seg, (sem, seg_cos) in zip(segs, alone):
        if not len(seg.matrix):
            assert not stack.covers(seg)
            continue
        assert stack.covers(seg)
        part_sem, part_cos = stack.part(seg, scores, cos)
        np.testing.assert_allclose(part_sem, sem, atol=1e-6)
        np.testing.assert_allclose(part_cos, seg_cos, atol=1e-6)
        # The stack reads the segment's own (mapped) rows: no second copy.
        assert any(matrix is seg.matrix for _, _, matrix in stack.matrices)
        # Nor of its genericity: the segment's is its share of the stack's.
        assert np.shares_memory(seg._genericity(), stack.generic)
        np.testing.assert_allclose(seg.semantic(q)[0], sem, atol=1e-6)


def test_it_leaves_a_replaced_segment_to_itself_and_restacks_when_many_changed():
    segs = [_segment(m, 4, seed=m) for m in range(1, 11)]
    first = engine.stack(segs)
    changed = _segment(1, 4, version=2, seed=99)  # municipality 1 after a change
    segs[0] = changed
    assert not first.covers(changed)
    assert engine.stack(segs) is first  # one of ten changed: below RESTACK_SHARE
    for m in range(2, 5):
        segs[m - 1] = _segment(m, 4, version=2, seed=100 + m)
    second = engine.stack(segs)
    assert second is not first and all(second.covers(seg) for seg in segs)
    q = vectors.dequantise(segs[0].matrix[:1])[0]
    scores, cos = second.semantic(q)
    part_sem, _ = second.part(changed, scores, cos)
    np.testing.assert_allclose(part_sem, _segment(1, 4, version=2, seed=99).semantic(q)[0], atol=1e-6)


def _answer(result):
    return (result.count, [(h.object_id, h.municipality_id, round(h.score, 5), h.rank, h._doc_id, h._passage)
                           for h in result.hits], result.facets)


def test_a_search_across_segments_answers_the_same_whichever_way_the_stack_holds_them(monkeypatch):
    """A search across municipalities reads the stack's scores as one run where the stack
    holds the towns asked one after the other, and cuts them out town by town where it
    holds others too, in another order, or not the town as it is now: the same answer."""
    from teilhabe.search import query as Q

    segs = [_segment(m, 8 + m, seed=m) for m in range(1, 7)]
    q = vectors.dequantise(segs[2].matrix[:1])[0]
    changed = _segment(4, 9, version=2, seed=40)
    within = {seg.municipality_id: {seg.municipality_id * 1000 + r for r in range(0, seg.n_records, 2)}
              for seg in segs}

    def search(asked, held, **kwargs):
        monkeypatch.setattr(engine, "stack", lambda _segs: held)
        return _answer(Q._search_segments(asked, query="Deutschkurs", lang=None, filters={}, limit=50, offset=0,
                                          kinds=("offer",), mode="hybrid", texts=False, query_vector=q,
                                          facets=True, within=kwargs.get("within")))

    everything = engine.Stack(segs)
    for asked in (segs[1:4], [segs[0], segs[2], segs[5]], segs[::-1], [segs[0], changed, segs[4]]):
        for narrowed in (None, within):
            expected = search(asked, engine.Stack(asked), within=narrowed)   # just these, in this order
            assert expected[0] > 0 and expected[2]["municipality"]
            got = search(asked, everything, within=narrowed)
            assert got[:1] == expected[:1] and got[2] == expected[2]
            assert [h[:2] + h[3:] for h in got[1]] == [h[:2] + h[3:] for h in expected[1]]
            np.testing.assert_allclose([h[2] for h in got[1]], [h[2] for h in expected[1]], atol=2e-5)
