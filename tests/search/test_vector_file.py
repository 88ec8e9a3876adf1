"""The passage vectors live in one file per index generation under TEILHABE_VAR_DIR, mapped
read-only by every process of the machine (search/vectors.py): written whole or not at all,
shared by a second process without building it again, built again when missing or damaged,
replaced (and the old one removed) with a new index version; int8 within its error bound."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from teilhabe.search import engine, search_offers, vectors
from teilhabe.search.embed import DIM, to_bytes
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import Embedding, IndexState, Passage
from tests import builders as b

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _unit(rng, n):
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _fetcher(table, calls):
    def fetch(hashes):
        calls.append(len(hashes))
        return {h: table[h] for h in hashes}
    return fetch


@pytest.fixture
def stored():
    rng = np.random.default_rng(3)
    hashes = [f"h{i:04d}" for i in range(300)]
    return hashes, dict(zip(hashes, _unit(rng, len(hashes))))


def test_it_keeps_each_cosine_within_the_int8_bound():
    rng = np.random.default_rng(1)
    original = np.vstack([_unit(rng, 2000), np.eye(DIM, dtype=np.float32)[:3],
                          np.full((1, DIM), DIM ** -0.5, np.float32)])
    records = vectors.quantise(original)
    back = vectors.dequantise(records)
    peak = np.abs(original).max(axis=1)
    # Each component is off by at most half a step (step = peak / 127).
    assert (np.abs(back - original).max(axis=1) <= peak / 254 * 1.0001).all()
    queries = _unit(rng, 50)
    exact = original @ queries.T
    mapped = np.stack([vectors.cosines(records, q) for q in queries], axis=1)
    bound = np.sqrt(DIM) * peak / 254
    assert (np.abs(mapped - exact) <= bound[:, None] + 1e-6).all()
    # In practice (random unit vectors, like e5's): far below the 0.05 semantic window.
    assert np.abs(mapped - exact).max() < 2e-3
    assert np.abs(mapped[:2000] - exact[:2000]).mean() < 3e-4


def test_threads_scoring_at_once_each_get_their_own_cosines():
    # gunicorn's threads search at the same time; numpy lets go of the GIL in the product.
    import threading

    rng = np.random.default_rng(2)
    records = vectors.quantise(_unit(rng, 5000))
    queries = _unit(rng, 4)
    expected = [vectors.cosines(records, q).copy() for q in queries]
    wrong = []

    def score(i):
        for _ in range(40):
            if not np.array_equal(vectors.cosines(records, queries[i]), expected[i]):
                wrong.append(i)

    threads = [threading.Thread(target=score, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_it_writes_the_whole_file_or_none(var_dir, stored, monkeypatch):
    hashes, table = stored
    calls = []
    first = vectors.load(7, 1, hashes, _fetcher(table, calls))
    path = vectors.generation(7, 1, hashes)
    assert path.exists() and calls == [300]
    before = path.read_bytes()

    def crash(f, records):  # the machine stops halfway through writing
        f.write(b"\x93NUMPY half a file")
        raise OSError("no space left on device")

    monkeypatch.setattr(vectors.np, "save", crash)
    with pytest.raises(OSError):
        vectors.write(path, vectors.quantise(np.ones((3, DIM))))
    assert path.read_bytes() == before  # the old file untouched, never half a new one
    # A search meanwhile keeps working from the process's own copy (disk full, read-only).
    rows = vectors.load(7, 2, hashes, _fetcher(table, calls))
    assert not vectors.generation(7, 2, hashes).exists() and not isinstance(rows, np.memmap)
    assert (rows["vector"] == first["vector"]).all()
    assert not list(var_dir.rglob("*.tmp"))  # nothing left behind
    assert (first["vector"] == vectors.quantise(np.vstack([table[h] for h in hashes]))["vector"]).all()


CHILD = """
import os, sys, json
import django
django.setup()
from teilhabe.search import vectors
hashes = sys.stdin.read().split()
def fetch(hashes):
    raise SystemExit("the second process built the file")
rows = vectors.load(7, 1, hashes, fetch)
path = str(vectors.generation(7, 1, hashes))
maps = [line for line in open("/proc/self/maps") if line.rstrip().endswith(path)]
print(json.dumps({"inode": os.stat(path).st_ino, "maps": maps, "sum": float(rows["scale"].sum()),
                  "writeable": rows.flags.writeable}))
"""


def test_a_second_process_maps_the_same_file_read_only_without_building_it(var_dir, stored):
    import json

    hashes, table = stored
    calls = []
    rows = vectors.load(7, 1, hashes, _fetcher(table, calls))
    path = vectors.generation(7, 1, hashes)
    assert calls == [300] and not rows.flags.writeable
    env = {**os.environ, "TEILHABE_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
           "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", CHILD], input=" ".join(hashes), env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    child = json.loads(done.stdout.strip().splitlines()[-1])
    assert child["inode"] == os.stat(path).st_ino
    # Mapped shared and read-only ("r--s"): the pages are the page cache's, one copy per machine.
    assert child["maps"] and all(line.split()[1] == "r--s" for line in child["maps"])
    assert not child["writeable"]
    assert child["sum"] == pytest.approx(float(rows["scale"].sum()))
    assert calls == [300]  # and this process did not build again either
    vectors.load(7, 1, hashes, _fetcher(table, calls))
    assert calls == [300]


def test_it_builds_a_missing_or_damaged_file_again(var_dir, stored):
    hashes, table = stored
    calls = []
    expected = vectors.load(7, 1, hashes, _fetcher(table, calls))["vector"].copy()
    path = vectors.generation(7, 1, hashes)
    damages = [
        lambda: path.unlink(),                                    # another node, or removed
        lambda: path.write_bytes(path.read_bytes()[:5000]),       # cut short
        lambda: path.write_bytes(b"garbage" + path.read_bytes()[7:]),  # a damaged header
        lambda: vectors.write(path, vectors.quantise(np.ones((5, DIM)))),  # the wrong shape
    ]
    for n, damage in enumerate(damages, 2):
        damage()
        rows = vectors.load(7, 1, hashes, _fetcher(table, calls))
        assert len(calls) == n
        assert (rows["vector"] == expected).all()


@pytest.mark.django_db
def test_a_new_index_version_gets_its_own_file_and_the_old_one_goes(var_dir):
    town = b.municipality("vektorstadt")
    provider = b.actor(town)
    offer = b.offer(town, provider, "V-1", title="Deutschkurs am Abend", description="Wir lernen Deutsch.")
    refresh_municipality(town)
    rng = np.random.default_rng(5)

    def embed_all():
        missing = set(Passage.objects.exclude(hash__in=Embedding.objects.values("hash")).values_list("hash", flat=True))
        Embedding.objects.bulk_create([Embedding(hash=h, vector=to_bytes(v))
                                       for h, v in zip(sorted(missing), _unit(rng, len(missing)))])
        from teilhabe.search.index import bump

        bump(town.pk)

    embed_all()
    first_version = IndexState.objects.get(municipality=town).version
    [seg] = engine.segments([town.pk])
    files = list((var_dir / "search" / "vectors").glob(f"m{town.pk}-*.npy"))
    assert [f.name for f in files] == [f"m{town.pk}-v{first_version}-" + files[0].name.rsplit("-", 1)[1]]
    assert isinstance(seg.matrix, np.memmap) and len(seg.matrix) == Passage.objects.count()
    query = vectors.dequantise(seg.matrix[:1])[0]
    assert search_offers(municipality=town, query="x", mode="semantic", query_vector=query).hits[0].object_id \
        == offer.pk

    second = b.offer(town, provider, "V-2", title="Nähcafé", description="Gemeinsam nähen.")
    refresh_municipality(town)
    embed_all()
    [new] = engine.segments([town.pk])
    assert new is not seg and new.version != first_version
    files_now = list((var_dir / "search" / "vectors").glob(f"m{town.pk}-*.npy"))
    assert len(files_now) == 1 and files_now[0] != files[0] and not files[0].exists()
    # The old segment still reads its (removed) file until the process lets it go.
    assert np.isfinite(seg.semantic(query)[0]).all()
    passage = Passage.objects.filter(document__object_id=second.pk, document__language="de").first()
    p = next(i for i, row in enumerate(new.passage_row) if new.row_doc_id[row] == passage.document_id)
    query = vectors.dequantise(new.matrix[p:p + 1])[0]
    result = search_offers(municipality=town, query="x", mode="semantic", query_vector=query)
    assert result.hits[0].object_id == second.pk
    # Across all municipalities (the stack) the same rows answer.
    across = search_offers(query="x", mode="semantic", query_vector=query)
    assert across.hits[0].object_id == second.pk
