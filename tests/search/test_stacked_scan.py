"""Across all, the mapped index's stack reads its passages' vectors from one file of them
(vectors.stacked): mapped into a process 2 MB per fault instead of 64 KB per fault of each
municipality's own small file, which was most of the gap to the index in memory
(bench/README.md, vecgap). Every cosine must be the same bit for bit as from the
segments' own files, none of its pages may stay in the process, it is written once per
machine and stack, and where it cannot be written the segments' own files are read."""
import logging
from pathlib import Path

import numpy as np
import pytest

from teilhabe.search import engine, search_offers
from teilhabe.search import vectors as V
from teilhabe.search.embed import DIM
from tests.search.test_mapped_pages import _resident_kb
from tests.search.test_segment_file import _generated_town, _town_with_index


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = False
    engine.clear_cache()
    yield tmp_path
    engine.clear_cache()


def _unit(rng, n):
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _matrices(sizes, version=1):
    """Each municipality's rows mapped from its own vector file, as a Stack holds them:
    together > 2 MB, so the scan drops the stack's pages behind it in steps."""
    rng = np.random.default_rng(5)
    matrices, p0 = [], 0
    for municipality, n in enumerate(sizes, 1):
        hashes = [f"m{municipality}-{i}" for i in range(n)]
        table = dict(zip(hashes, _unit(rng, n)))
        records = V.load(municipality, version, hashes, lambda wanted: {h: table[h] for h in wanted})
        assert isinstance(records, np.memmap)
        matrices.append((p0, p0 + n, records))
        p0 += n
    return matrices


def _query(seed=9):
    return _unit(np.random.default_rng(seed), 1)[0]


def test_the_stack_scans_one_file_of_its_rows_bit_for_bit(var_dir):
    matrices = _matrices([2_500, 7, 3_100, 1_900])
    rows = V.stacked(matrices)
    assert rows is not None and str(rows.filename).startswith(str(var_dir / "search" / "vectors" / "stack-"))
    assert _resident_kb(var_dir) == 0  # written segment by segment, none of their pages kept
    for p0, p1, records in matrices:
        assert np.array_equal(rows[p0:p1], records)
    V.release(rows)
    for seed in (1, 2):
        q = _query(seed)
        own = V.scan(matrices, q, np.empty(len(rows), np.float32))
        assert _resident_kb(var_dir) == 0
        one = V.scan(matrices, q, np.empty(len(rows), np.float32), rows)
        assert _resident_kb(var_dir) == 0  # dropped behind the scan, the rest at its end
        assert np.array_equal(own.view(np.uint32), one.view(np.uint32))


def test_it_is_written_once_per_stack_and_replaced_with_the_stack(var_dir):
    matrices = _matrices([2_000, 900])
    first = V.stacked(matrices)
    again = V.stacked(matrices)  # another process, or the next stack of the same segments
    assert again.filename == first.filename
    assert len(list((var_dir / "search" / "vectors").glob("stack-*.npy"))) == 1
    changed = matrices[:1] + _matrices([2_000, 950], version=2)[1:]
    changed = [(0, 2_000, changed[0][2]), (2_000, 2_950, changed[1][2])]
    second = V.stacked(changed)
    assert second.filename != first.filename
    assert [p.name for p in (var_dir / "search" / "vectors").glob("stack-*.npy")] == [Path(second.filename).name]
    # A process still holding the old stack reads its mapping until it restacks.
    q = _query()
    assert np.array_equal(V.scan(matrices, q, np.empty(2_900, np.float32), first),
                          V.scan(matrices, q, np.empty(2_900, np.float32)))


def test_where_it_cannot_be_written_the_segments_files_are_scanned(var_dir, caplog):
    matrices = _matrices([300, 200])
    (var_dir / "search" / "vectors" / "stack.lock").mkdir()  # cannot be opened: no stack file
    with caplog.at_level(logging.WARNING, logger="teilhabe.search.vectors"):
        assert V.stacked(matrices) is None
    assert "scanned file by file" in caplog.text
    assert not list((var_dir / "search" / "vectors").glob("*stack-*"))


def test_rows_in_memory_have_no_stack_file(settings, var_dir):
    in_memory = [(0, 40, V.quantise(_unit(np.random.default_rng(1), 40)))]
    assert V.stacked(in_memory) is None  # a segment whose file could not be written
    settings.SEARCH_IN_MEMORY = True
    assert V.stacked(_matrices([50])) is None
    assert not list((var_dir / "search" / "vectors").glob("stack-*"))


@pytest.mark.django_db
def test_a_search_across_all_reads_the_stack_file_and_scores_as_each_segment(var_dir):
    town = _generated_town()
    _town_with_index()
    [seg] = engine.segments([town.pk])
    q = V.dequantise(seg.matrix[:1])[0]
    result = search_offers(municipality=None, query="Deutschkurs", query_vector=q)
    assert result.count
    stack = engine._stack
    assert stack._rows is not None and "/stack-" in str(stack._rows.filename)
    assert any("/stack-" in line for line in open("/proc/self/maps"))
    assert _resident_kb(var_dir) == 0
    _, cos = stack.semantic(q)
    for p0, p1, matrix in stack.matrices:
        own = V.cosines(matrix, q) - engine.SEM_GENERIC * stack.generic[p0:p1]
        assert np.array_equal(cos[p0:p1], own)
