"""A search across all gathers its postings from one file of all segments' postings
(engine.Across.packed, postings.py; that it answers as each segment's own Segment.lexical:
tests/search/test_across_lexical.py): a file of other segments (a town changed since) is
never read; two processes writing it make one file; where it cannot be written the search
gathers town by town, as before; its pages do not stay in the process."""
import logging
import multiprocessing

import numpy as np
import pytest

from teilhabe.search import engine
from teilhabe.search import postings as P
from teilhabe.search.query import lexical_scores_across
from tests import builders as b
from tests.search.builders import index_with_random_vectors
from tests.search.test_across_lexical import _assert_as_each_segments_own, _towns


@pytest.fixture(scope="module")
def towns(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield _towns()
            transaction.set_rollback(True)


@pytest.fixture
def mapped(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = False
    engine.clear_cache()


def _gathered_town_by_town(monkeypatch):
    calls = []
    postings = engine._postings
    monkeypatch.setattr(engine, "_postings", lambda seg, *a: calls.append(seg.municipality_id) or postings(seg, *a))
    return calls


@pytest.mark.django_db
def test_a_file_of_other_segments_is_never_read(towns, mapped, monkeypatch):
    """A town changed: its new index version makes another file; the old one, even under
    the new one's name, is not read (its Union's entries differ), and what the town holds
    now is found."""
    segs = engine.segments([town.pk for town in towns])
    old = engine.Across(segs)
    assert old.packed() is not None
    stale = P.path(old.digest)
    town = towns[3]
    b.offer(town, b.actor(town, name="Verein neu"), "X-neu", title="Zeppelinwerft", description="Luftschiffe")
    index_with_random_vectors(town, np.random.default_rng(4))
    segs = engine.segments([t.pk for t in towns])
    new = engine.Across(segs)
    assert new.digest != old.digest
    stale_bytes = stale.read_bytes()
    P.path(new.digest).write_bytes(stale_bytes)  # the stale file under the new name
    assert P.read(new) is None
    assert new.packed() is not None and P.path(new.digest).read_bytes() != stale_bytes
    assert not stale.exists()  # written over: the older file goes
    calls = _gathered_town_by_town(monkeypatch)
    found = lexical_scores_across(new, segs, "Zeppelinwerft", mode="lexical", memo={})
    assert calls == []
    hit = found[town.pk]
    assert hit[1].any() and not any(found[t.pk][1].any() for t in towns if t != town)
    assert _assert_as_each_segments_own(new, segs, ["Zeppelin", "Deutschkurs", "Imkerie"]) > 5


def _write_in_a_process(across, segs, barrier, results):
    barrier.wait()
    _, wrote = P.write(across, segs)
    results.put(wrote)


@pytest.mark.django_db
def test_two_processes_writing_the_file_make_one(towns, mapped):
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    directory = P.path(across.digest).parent
    (directory / ".postings-0123456789abcdef.bin.999999.1.tmp").write_bytes(b"a writer that died")
    forked = multiprocessing.get_context("fork")
    barrier, results = forked.Barrier(2), forked.Queue()
    processes = [forked.Process(target=_write_in_a_process, args=(across, segs, barrier, results)) for _ in range(2)]
    for process in processes:
        process.start()
    wrote = sorted(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert wrote == [False, True]  # one wrote it, the other waited and read it
    assert [p.name for p in directory.glob("postings-*")] == [P.path(across.digest).name]
    assert list(directory.glob(".postings-*")) == []  # neither a temporary file nor the dead writer's
    assert across.packed() is not None


@pytest.mark.django_db
def test_where_the_file_cannot_be_written_the_search_gathers_town_by_town(towns, mapped, monkeypatch, caplog):
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    P.path(across.digest).mkdir()  # renaming the written file over it fails
    calls = _gathered_town_by_town(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="teilhabe.search.engine"):
        assert _assert_as_each_segments_own(across, segs, ["Deutschkurs", "Beratnug", "kurs"]) > 5
    assert across.packed() is None
    assert "cannot write" in caplog.text and caplog.text.count("cannot write") == 1  # tried once
    assert set(calls) == {seg.municipality_id for seg in segs}
    assert list(P.path(across.digest).parent.glob(".postings-*")) == []  # its temporary file removed


@pytest.mark.django_db
def test_the_file_is_written_beside_the_searches_which_meanwhile_gather_town_by_town(towns, mapped, monkeypatch):
    monkeypatch.setattr(engine, "PACK_LATER", True)
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    first = lexical_scores_across(across, segs, "Deutschkurs", mode="lexical", memo={})
    engine.clear_cache()  # waits for the writer
    assert across.packed() is not None
    calls = _gathered_town_by_town(monkeypatch)
    then = lexical_scores_across(across, segs, "Deutschkurs", mode="lexical", memo={})
    assert calls == []
    for seg in segs:
        assert np.array_equal(first[seg.municipality_id][1], then[seg.municipality_id][1])


@pytest.mark.django_db
def test_in_memory_there_is_no_file(towns, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SEARCH_IN_MEMORY = True  # TEILHABE_SEARCH_SHARED_INDEX=0: everything as before the files
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    assert _assert_as_each_segments_own(across, segs, ["Deutschkurs"]) > 1
    assert across.packed() is None
    assert not list(tmp_path.rglob("postings-*"))


@pytest.mark.django_db
@pytest.mark.parametrize("chunk", [1, None])
def test_a_search_leaves_no_page_of_the_file_in_the_process(towns, mapped, monkeypatch, chunk):
    """The file's pages read (at 1,000,000 offers tens of MB for a common word) leave this
    process's VmRSS after each chunk; so do a segment's when its kind mask is read — the
    lexical pass no longer reads (and drops) every town's file."""
    from tests.search.test_mapped_pages import _resident_kb

    if chunk is not None:
        monkeypatch.setattr(engine, "GATHER_CHUNK", chunk)
    segs = engine.segments([town.pk for town in towns])
    across = engine.Across(segs)
    assert across.packed() is not None
    for seg in segs:
        seg.release()
    directory = P.path(across.digest).parent
    assert _resident_kb(directory) == 0
    for seg in segs:
        seg.kind_mask(("offer", "a kind asked for the first time"))
    assert _resident_kb(directory) == 0
    for query in ("Deutschkurs", "kurs Beratung", "Imkerie"):
        found = lexical_scores_across(across, segs, query, mode="hybrid", memo={})
        assert any(lex.any() for _, lex in found.values()), query
        assert _resident_kb(directory) == 0, query
