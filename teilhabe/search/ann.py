"""An approximate index (IVF) for the semantic part of a search across all municipalities:
at 1,000,000 offers (3,000,000 passages) the exact scan of every vector costs 600 ms and
grows with the offers (bench/README.md, `search_vectors.py --stack`); this index looks at a
few percent of the passages and scores exactly only the records it finds.

The passages are grouped into lists by their nearest centroid (spherical k-means over a
sample); a query probes the lists of its nearest centroids, takes the best passages found
there, and the records they belong to — together with every record that matches the query
lexically, the records of municipalities the index does not cover yet, and a fixed sample
of records (for the mean the fusion's "stands out" test needs) — are scored exactly, as
the exact scan would (engine.Stack). Small sets stay an exact scan (MIN_PASSAGES): below
it the scan is fast and the index would only add a build.

One index per machine, like the vector files: a directory per generation under
TEILHABE_VAR_DIR/search/ann/ (centroids, list offsets, the int8 rows grouped by list, and
for each row its municipality and its place in that municipality's passages), named in
the file CURRENT, mapped read-only by every process. It is written whole into a temporary
directory and renamed into place under a file lock; a generation that cannot be read is
built again.

Fresh without waiting for a rebuild: the index records the index version and vector
digest of every municipality it holds. A municipality whose segment differs (an offer
changed, added, unpublished or deleted) is not read from the index at all — its passages
are scored exactly from its own vector file, so a changed or new offer is never missed
and a deleted or unpublished one never shown — and a rebuild starts in the background
(one per machine at a time, at most every REBUILD_AFTER seconds), which keeps the
centroids and the lists of every unchanged municipality, so it costs little more than
writing the file."""
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import numpy as np
from django.conf import settings

from teilhabe.search import vectors as V
from teilhabe.search.embed import DIM

log = logging.getLogger(__name__)

# Below this many passages across all the exact scan is used (it is about 60 ms at
# 300,000; bench/README.md, `search_vectors.py --stack`).
MIN_PASSAGES = 500_000
# Passages per list on average (3,000,000 passages: 750 lists), and the share of lists a
# query probes; chosen with bench/search_vectors.py --ann (recall@10 against the exact scan).
ROWS_PER_LIST = 4_000
PROBE_SHARE = 0.1
# Best passages taken from the probed lists; their records are scored exactly.
CANDIDATES = 300
# Records scored exactly for the mean of all scores (fusion: "the best stands out").
SAMPLE = 2_000
# Passages of records matching lexically scored exactly at most (the best by their
# lexical score first; see _best_lexical).
LEXICAL_BUDGET = 100_000
# Where the records wanted (filters) hold less than this share of the passages, they are
# all scored exactly: that costs less than probing.
EXACT_SHARE = 0.05
# Below this share of passages covered by the index the exact scan is used (a new index
# is being built meanwhile).
MIN_COVERED = 0.5
REBUILD_AFTER = 60

_lock = threading.Lock()
_opened = {}          # generation name → Index (this process's mapping)
_builder = None       # this process's background build, if one runs
_checked = -1e9       # when start_build() last looked


def directory():
    return Path(settings.VAR_DIR) / "search" / "ann"


class Index:
    """One generation, mapped read-only."""

    def __init__(self, path):
        self.name = path.name
        manifest = json.loads((path / "segments.json").read_text())
        self.keys = [tuple(key) for key in manifest["keys"]]   # (municipality, version, digest, passages)
        self.trained_on = manifest["trained_on"]
        load = lambda name: np.load(path / name, mmap_mode="r", allow_pickle=False)  # noqa: E731
        self.centroids, self.offsets = load("centroids.npy"), load("offsets.npy")
        n, k = sum(key[3] for key in self.keys), len(self.centroids)
        # MADV_HUGEPAGE: rows.npy is written in 2 MB pieces (build), so the probe's and the
        # chosen rows' reads map 2 MB per fault, not 64 KB.
        self.rows = V._map(path / "rows.npy", n, huge=True)
        if self.rows is None:
            raise ValueError("rows.npy cannot be read")
        self.owner, self.local = load("owner.npy"), load("local.npy")
        if (self.centroids.shape != (k, DIM) or self.centroids.dtype != np.float32
                or self.offsets.shape != (k + 1,) or self.offsets[0] != 0 or self.offsets[-1] != n
                or (np.diff(self.offsets) < 0).any() or self.rows.dtype != V.RECORD
                or self.rows.shape != (n,) or self.owner.shape != (n,) or self.local.shape != (n,)):
            raise ValueError("inconsistent index")

    def release(self):
        """Drop this process's page-table entries of the index's files (vectors.release): a
        search reads the probed lists' rows and, at random places, owner and local (8 bytes
        a passage: 24 MB at 3,000,000 passages) — each worker would keep them in its VmRSS."""
        for array in (self.centroids, self.offsets, self.rows, self.owner, self.local):
            V.release(array)

    def lists_of(self):
        """{(municipality, version, digest, passages): list of each of its passages}."""
        list_of_row = np.repeat(np.arange(len(self.centroids), dtype=np.int32), np.diff(self.offsets))
        order = np.lexsort((self.local, self.owner))
        bounds = np.concatenate([[0], np.cumsum([key[3] for key in self.keys])])
        lists = list_of_row[order]
        return {key: lists[bounds[i]:bounds[i + 1]] for i, key in enumerate(self.keys)}


def current():
    """This machine's index (mapped), or None when there is none or it cannot be read."""
    try:
        name = (directory() / "CURRENT").read_text().strip()
    except OSError:
        return None
    index = _opened.get(name)
    if index is None:
        try:
            index = Index(directory() / name)
        except (OSError, ValueError, KeyError, EOFError, TypeError):
            return None
        with _lock:
            _opened.clear()    # older generations' mappings go with their last user
            _opened[name] = index
    return index


def stack_keys(stack):
    """(municipality, version, digest, passages) of each segment of the stack, in its order."""
    return [(m, *stack.keys[m], n) for m, (_, _, n, _, _) in stack.where.items()]


def semantic(stack, query_vector, wanted=None):
    """(score per record, cosine per passage) for the stack like Stack.semantic(), with the
    index where it pays and is there; None where the exact scan is to be used. `wanted`:
    {municipality: (records asked for, lexical score)}, per record of its segment (None:
    all records, none matching lexically)."""
    if stack.n_passages < MIN_PASSAGES:
        return None
    index = current()
    view = _view(stack, index) if index is not None else None
    if view is None or view["covered"] < MIN_COVERED * stack.n_passages:
        start_build(stack)
        return None
    if view["uncovered"]:
        start_build(stack)
    try:
        return _search(stack, index, view, np.asarray(query_vector, np.float32), wanted)
    finally:
        index.release()


def _view(stack, index):
    """How the index maps onto this stack: the first stack passage of each of its
    municipalities that is still the same (-1 where not), and the stack's segments it does
    not hold. Worked out once per stack and generation."""
    cached = getattr(stack, "_ann_view", None)
    if cached is not None and cached[0] == index.name:
        return cached[1]
    here = {key: stack.where[key[0]][1] for key in stack_keys(stack)}
    first = np.asarray([here.get(key, -1) for key in index.keys], np.int64)
    held = {key[0] for key in index.keys if key in here}
    uncovered = [(p0, r0, nr) for m, (_, p0, n, r0, nr) in stack.where.items() if m not in held]
    view = {"first": first, "uncovered": uncovered,
            "covered": stack.n_passages - sum(stack.where[m][2] for m in stack.where if m not in held)}
    if not hasattr(stack, "_ann_record"):
        # The record of each passage, and each record's passages (once per stack).
        stack._ann_record = np.repeat(stack.run_record, stack.counts.astype(np.int64)).astype(np.int32)
        stack._ann_passages = np.zeros(stack.n_records, np.int64)
        stack._ann_passages[stack.run_record] = stack.counts
        stack._ann_first = np.zeros(stack.n_records, np.int64)
        stack._ann_first[stack.run_record] = stack.starts
    view["row"] = _index_rows(stack, index, first)
    stack._ann_view = (index.name, view)
    return view


# Index rows mapped to stack positions at a time (their temporaries: a few MB).
INVERT = 1 << 18


def _index_rows(stack, index, first):
    """The index row of each stack passage, -1 where its town is not in the index as it is
    now: _cosines reads the chosen rows of all covered towns from the index's one file
    instead of 2,000 towns' files. int32: 12 MB at 3,000,000 passages, worked out once per
    stack and generation (0.1 s there)."""
    rows = np.full(stack.n_passages, -1, np.int32)
    for a in range(0, len(index.owner), INVERT):
        b = min(a + INVERT, len(index.owner))
        start = first[index.owner[a:b]]
        if (start >= 0).all():   # no town changed since the build
            rows[start + index.local[a:b]] = np.arange(a, b, dtype=np.int32)
            continue
        here = np.flatnonzero(start >= 0)
        rows[start[here] + index.local[a:b][here]] = a + here.astype(np.int32)
    V.release(index.owner)
    V.release(index.local)
    return rows


def _search(stack, index, view, q, wanted):
    """Scores exactly the records chosen, touching only their passages: at 3,000,000
    passages one pass over all of them (a full array, a reduction) costs tens of ms."""
    from teilhabe.search import engine
    from teilhabe.search.query import FUSION

    want, lexical = _wanted(stack, wanted)
    want &= stack._ann_passages > 0
    sample = np.zeros(0, np.int64)
    if np.add.reduce(stack._ann_passages, where=want) <= EXACT_SHARE * stack.n_passages:
        exact = want
    else:
        exact = _best_lexical(stack, lexical, want)
        for _, r0, nr in view["uncovered"]:
            exact[r0:r0 + nr] = want[r0:r0 + nr]
        exact[_probe(stack, index, view, q, want)] = True
        # The sample for the mean: whole towns spread over the stack (their rows lie
        # together), until SAMPLE records.
        for _, r0, nr in _spread(stack):
            sample = np.concatenate([sample, r0 + np.flatnonzero(want[r0:r0 + nr])])
            if len(sample) >= SAMPLE:
                break
        exact[sample] = True
    records = np.flatnonzero(exact)
    counts = stack._ann_passages[records]
    # The passages of these records, in stack order (a record's passages lie together).
    ends = np.cumsum(counts)
    positions = np.repeat(stack._ann_first[records] - (ends - counts), counts) + np.arange(int(ends[-1]) if len(ends) else 0)
    scored = _cosines(stack, index, view, positions, q)
    if engine.SEM_GENERIC:
        scored -= engine.SEM_GENERIC * stack.generic[positions]
    out = np.full(stack.n_records, -1.0, np.float32)
    if len(records):
        starts = ends - counts
        best = np.maximum.reduceat(scored, starts)
        mean = np.add.reduceat(scored, starts) / counts
        out[records] = (best + engine.SEM_MEAN * mean) / (1 + engine.SEM_MEAN)
    # Records not scored: below every match, at the mean of the sample (for the fusion's
    # "stands out" test, which compares the best score with the mean of all).
    unscored = ~exact & (stack._ann_passages > 0)
    if len(records) and unscored.any():
        top = float(out[records].max())
        mean_all = float(out[sample].mean()) if len(sample) else float(out[records].mean())
        out[unscored] = min(mean_all, top - FUSION["sem_window"] - 0.01)
    # The cosines of the passages scored only, not one per passage of the stack (12 MB at
    # 3,000,000 passages): a hit's snippet needs its own segment's (Stack.part).
    return out, Scored(positions, scored, stack.n_passages)


class Scored:
    """Cosines of some of the stack's passages (`positions`, sorted, and their `values`);
    the others count as below any cosine (-2): a record matching only through a synonym
    and left out of the lexical budget picks its snippet's passage from these."""

    def __init__(self, positions, values, n):
        self.positions, self.values, self.n = positions, values, n

    def dense(self, p0, p1):
        """The cosines of passages p0 … p1 − 1, as one array."""
        cos = np.full(p1 - p0, -2.0, np.float32)
        a, b = np.searchsorted(self.positions, (p0, p1))
        cos[self.positions[a:b] - p0] = self.values[a:b]
        return cos


# The chosen rows are read from a mapped file SPAN bytes of it at a time, its pages dropped
# after each (fault-around maps 64 KB per row read: without the drops a search would map
# most of the index's 1.2 GB), and copied GATHER rows at a time (388 bytes each).
SPAN = 4 << 20
GATHER = 4096


def _cosines(stack, index, view, positions, q):
    """The query's cosine with each passage at `positions` (sorted) of the stack. A town
    whose passages are all wanted is scored where it lies. The chosen rows of the other
    towns the index holds as they are now (at 1,000,000 offers a few dozen in each of
    2,000 towns) are read from the index's one file, in its order — its int8 rows are the
    towns' own, byte for byte (build() copies them) — instead of one read and one drop
    per town's file, which cost more in calls than their rows (bench/README.md, annfast).
    Only the towns changed since the build are read from their own files."""
    values = np.empty(len(positions), np.float32)
    bounds = np.asarray([p0 for p0, _, _ in stack.matrices] + [stack.n_passages])
    cut = np.searchsorted(positions, bounds)
    rows = view["row"][positions]
    for t in np.flatnonzero(np.diff(cut) == np.diff(bounds)):
        a, b = cut[t], cut[t + 1]
        V.cosines(stack.matrices[t][2], q, out=values[a:b])
        rows[a:b] = -2
    for t in np.searchsorted(bounds, [p0 for p0, _, _ in view["uncovered"]]):
        a, b = cut[t], cut[t + 1]
        if b > a and rows[a] == -1:
            p0, _, matrix = stack.matrices[t]
            _read_and_score(matrix, positions[a:b] - p0, q, values, np.arange(a, b))
    chosen = np.flatnonzero(rows >= 0)
    order = np.argsort(rows[chosen])
    _read_and_score(index.rows, rows[chosen[order]], q, values, chosen[order])
    return values


def _read_and_score(records, ids, q, out, where):
    """out[where] = the cosines of records[ids] (ids sorted). Each product is a multiple
    of 4 rows long (zero rows added): BLAS computes the last n % 4 rows of a product
    otherwise, rounding differently, and a row's cosine would depend on the rows read
    with it."""
    if not len(ids):
        return
    edges = np.concatenate([[0], np.flatnonzero(np.diff(ids // (SPAN // V.RECORD.itemsize))) + 1, [len(ids)]])
    buffer = np.zeros(min(GATHER, len(ids)) + 3, V.RECORD)
    scores = np.empty(len(buffer), np.float32)
    for a, b in zip(edges[:-1], edges[1:]):
        for s in range(a, b, GATHER):
            n = min(b, s + GATHER) - s
            np.take(records, ids[s:s + n], out=buffer[:n])
            buffer[n:n + 3] = np.zeros(3, V.RECORD)
            m = -(-n // 4) * 4
            V.cosines(buffer[:m], q, out=scores[:m], drop=False)
            out[where[s:s + n]] = scores[:n]
        V.release(records)


def _wanted(stack, wanted):
    """(which records are asked for, their lexical score, 0 where not asked) over the
    stack's records, from `wanted` (see semantic()). Across all, `wanted` holds every
    segment of the stack in its order: one concatenation instead of two writes per town."""
    if wanted is None:
        return np.ones(stack.n_records, bool), np.zeros(stack.n_records, np.float32)
    places = stack.where
    if list(wanted) == list(places) and all(
            len(mask) == place[4] for (mask, _), place in zip(wanted.values(), places.values())):
        want = np.concatenate([mask for mask, _ in wanted.values()]) if wanted else np.zeros(0, bool)
        lexical = np.concatenate([matches for _, matches in wanted.values()]).astype(np.float32, copy=False) \
            if wanted else np.zeros(0, np.float32)
        np.copyto(lexical, 0, where=~want)
        return want, lexical
    want = np.zeros(stack.n_records, bool)
    lexical = np.zeros(stack.n_records, np.float32)
    for m, (mask, matches) in wanted.items():
        place = places.get(m)
        if place is not None:
            want[place[3]:place[3] + place[4]] = mask
            lexical[place[3]:place[3] + place[4]] = np.where(mask, matches, 0)
    return want, lexical


def _best_lexical(stack, lexical, want):
    """The records matching lexically, or where their passages exceed LEXICAL_BUDGET, the
    best of them by their lexical score up to it: a broad word ("Kurs") matches a tenth of
    all offers, and scoring them all costs three times the probe (bench/README.md). The
    others still match (lexically); only their semantic share of the rank is left out."""
    found = want & (lexical > 0)
    records = np.flatnonzero(found)
    passages = stack._ann_passages[records]
    if passages.sum() <= LEXICAL_BUDGET:
        return found
    # At most LEXICAL_BUDGET records are kept (each has a passage): only those at or above
    # the LEXICAL_BUDGET-th best score are sorted — the same first ones as sorting all
    # (stable: ties in stack order), without sorting the hundreds of thousands a broad
    # word matches.
    if len(records) > LEXICAL_BUDGET:
        scores = lexical[records]
        cut = np.partition(scores, len(scores) - LEXICAL_BUDGET)[len(scores) - LEXICAL_BUDGET]
        records = records[scores >= cut]
    order = records[np.argsort(-lexical[records], kind="stable")]
    keep = order[:int(np.searchsorted(np.cumsum(stack._ann_passages[order]), LEXICAL_BUDGET, side="right"))]
    exact = np.zeros(stack.n_records, bool)
    exact[keep] = True
    return exact


def _spread(stack):
    """The stack's towns, every n-th first, for a sample spread over all of them."""
    places = list(stack.where.values())
    step = max(1, len(places) // 20)
    return [(p0, r0, nr) for i in range(step) for _, p0, _, r0, nr in places[i::step]]


def _probe(stack, index, view, q, want):
    """The records of the best CANDIDATES passages in the lists nearest to the query,
    among the wanted records of municipalities the index holds as they are now."""
    k = len(index.centroids)
    probes = max(1, int(np.ceil(PROBE_SHARE * k)))
    lists = np.argpartition(-(index.centroids @ q), min(probes, k) - 1)[:probes]
    lists.sort()
    spans = [(int(index.offsets[i]), int(index.offsets[i + 1])) for i in lists]
    if not spans:
        return np.zeros(0, np.int64)
    # The probed lists are contiguous runs of the mapped rows: scored where they lie, one
    # product per list, their pages dropped every SPAN bytes (not per list). The same
    # cosines in the same order as before: which of the passages tied at the CANDIDATES-th
    # score argpartition takes depends on it (towns holding the same offers hold the same
    # passages and genericities).
    n = sum(b - a for a, b in spans)
    scores = np.empty(n, np.float32)
    owner, local = np.empty(n, index.owner.dtype), np.empty(n, index.local.dtype)
    done = read = 0
    for a, b in spans:
        V.cosines(index.rows[a:b], q, out=scores[done:done + b - a], drop=False)
        owner[done:done + b - a] = index.owner[a:b]
        local[done:done + b - a] = index.local[a:b]
        done, read = done + b - a, read + (b - a) * V.RECORD.itemsize
        if read >= SPAN:
            V.release(index.rows)
            read = 0
    index.release()
    first = view["first"][owner]
    ok = first >= 0
    if ok.all():   # no town changed since the build: no copies
        position = first + local
    else:
        position, scores = first[ok] + local[ok], scores[ok]
    records = stack._ann_record[position]
    keep = want[records]
    if not keep.all():
        position, scores, records = position[keep], scores[keep], records[keep]
    from teilhabe.search import engine

    scores -= engine.SEM_GENERIC * stack.generic[position]
    if len(scores) > CANDIDATES:
        records = records[np.argpartition(-scores, CANDIDATES - 1)[:CANDIDATES]]
    return np.unique(records)


# --- Building ----------------------------------------------------------------------------------

def start_build(stack):
    """A rebuild in a background thread of this process from the segments it holds now
    (a town changed since the stack was made is there in its new version), unless the
    current generation holds just these, a build runs here or on this machine (the
    lock), or the current generation is younger than REBUILD_AFTER seconds."""
    global _builder, _checked
    from teilhabe.search import engine

    if time.monotonic() - _checked < min(1, REBUILD_AFTER):   # at most once a second
        return
    _checked = time.monotonic()
    segments = sorted((seg for seg in list(engine._segments.values()) if len(seg.matrix)),
                      key=lambda seg: seg.municipality_id)
    entries = [((seg.municipality_id, seg.version, seg.vector_digest, len(seg.matrix)), seg.matrix)
               for seg in segments] or [(key, matrix) for key, (_, _, matrix) in zip(stack_keys(stack), stack.matrices)]
    index = current()
    if index is not None and index.name == _name([key for key, _ in entries]):
        return
    try:
        age = time.time() - (directory() / "CURRENT").stat().st_mtime
    except OSError:
        age = None
    if age is not None and age < REBUILD_AFTER and index is not None:
        return
    with _lock:
        if _builder is not None and _builder.is_alive():
            return
        _builder = threading.Thread(target=_build_quietly, args=(entries,), name="search-ann", daemon=True)
        _builder.start()


def _name(keys):
    return "g-" + hashlib.sha1(json.dumps([list(key) for key in keys]).encode()).hexdigest()[:16]


def build_for(stack):
    """Builds the index of the stack's passages now (tests, benchmarks, a warm-up)."""
    return build([(key, matrix) for key, (_, _, matrix) in zip(stack_keys(stack), stack.matrices)])


def forget():
    """Drops this process's mappings (tests: as a process started afresh)."""
    _opened.clear()


def join(timeout=None):
    """Wait for this process's background build (tests, benchmarks)."""
    builder = _builder
    if builder is not None:
        builder.join(timeout)


def _build_quietly(entries):
    try:
        build(entries)
    except Exception:  # a failed build leaves the exact scan in charge; say why
        log.exception("search ann: the index could not be built")


def build(entries, *, seed=0):
    """Writes the index of `entries` [((municipality, version, digest, passages), int8
    rows)] as this machine's current generation; returns its name, or None when another
    process builds one right now."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    entries = [(tuple(key), matrix) for key, matrix in entries if len(matrix)]
    if not entries:
        return None
    keys = [key for key, _ in entries]
    name = _name(keys)
    with open(folder / "build.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        previous = current()
        if previous is not None and previous.name == name:
            return name
        started = time.perf_counter()
        n = sum(len(matrix) for _, matrix in entries)
        k = int(np.clip(n // ROWS_PER_LIST, 1, 4096))
        reuse = {}
        if previous is not None and len(previous.centroids) == k and previous.trained_on <= 2 * n <= 4 * previous.trained_on:
            centroids, trained_on, reuse = np.asarray(previous.centroids), previous.trained_on, previous.lists_of()
        else:
            centroids, trained_on = _train(entries, k, seed), n
        lists = np.concatenate([reuse[key] if key in reuse else _nearest(matrix, centroids) for key, matrix in entries])
        owner = np.repeat(np.arange(len(entries), dtype=np.int32), [len(m) for _, m in entries])
        local = np.concatenate([np.arange(len(m), dtype=np.int32) for _, m in entries])
        order = np.argsort(lists, kind="stable")
        offsets = np.concatenate([[0], np.cumsum(np.bincount(lists, minlength=k))]).astype(np.int64)
        for stale in folder.glob(".g-*.tmp"):   # a writer that died
            shutil.rmtree(stale, ignore_errors=True)
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        try:
            temporary.mkdir()
            for file, array in (("centroids.npy", centroids.astype(np.float32)), ("offsets.npy", offsets),
                                ("owner.npy", owner[order]), ("local.npy", local[order])):
                _save(temporary / file, array)
            V.write_huge(temporary / "rows.npy", n, _gathered(entries, order))
            (temporary / "segments.json").write_text(json.dumps({"keys": keys, "trained_on": trained_on}))
            target = folder / name
            shutil.rmtree(target, ignore_errors=True)   # a damaged one of the same content
            os.rename(temporary, target)
            pointer = folder / f".CURRENT.{os.getpid()}.tmp"
            pointer.write_text(name)
            os.replace(pointer, folder / "CURRENT")
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        for old in folder.glob("g-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)   # processes mapping it keep reading it
        log.info("search ann: %s passages in %s lists built in %.1f s%s", n, k, time.perf_counter() - started,
                 f" ({len(reuse)} municipalities' lists kept)" if reuse else "")
        return name


# Rows gathered in memory at a time for rows.npy (388 bytes each: 32 MB).
WRITE_ROWS = 1 << 16


def _gathered(entries, order):
    """The rows of the entries' concatenation at positions `order`, WRITE_ROWS at a time, in
    that order: rows.npy written front to back (vectors.write_huge: 2 MB folios, mapped
    2 MB per fault) and not held whole in memory (the build runs in a web worker). Each
    chunk takes rows from every town (a list holds passages of all): their mapped files
    are dropped after each."""
    starts = np.cumsum([0] + [len(matrix) for _, matrix in entries])
    chunk = np.empty(min(WRITE_ROWS, len(order)), V.RECORD)
    for a in range(0, len(order), WRITE_ROWS):
        wanted = order[a:a + WRITE_ROWS]
        by_place = np.argsort(wanted, kind="stable")
        places = wanted[by_place]
        cut = np.searchsorted(places, starts)
        for t in np.flatnonzero(np.diff(cut)):
            i, j = cut[t], cut[t + 1]
            matrix = entries[t][1]
            chunk[by_place[i:j]] = matrix[places[i:j] - starts[t]]
            V.release(matrix)   # each town's file read here (a search does not read them any more)
        yield chunk[:len(wanted)]


def _save(path, array):
    with open(path, "wb") as f:
        np.save(f, array)
        f.flush()
        os.fsync(f.fileno())


def _rows(entries, positions):
    """Float rows at global positions (sorted) of the entries' concatenation."""
    out, p0 = [], 0
    for _, matrix in entries:
        here = positions[(positions >= p0) & (positions < p0 + len(matrix))] - p0
        if len(here):
            out.append(V.dequantise(matrix[here]))
            V.release(matrix)
        p0 += len(matrix)
    return np.vstack(out)


def _train(entries, k, seed, iterations=8):
    """Spherical k-means over a sample of the rows."""
    n = sum(len(matrix) for _, matrix in entries)
    rng = np.random.default_rng(seed)
    sample = _rows(entries, np.sort(rng.choice(n, min(n, max(40 * k, 2_000)), replace=False)))
    sample /= np.maximum(np.linalg.norm(sample, axis=1, keepdims=True), 1e-12)
    centroids = sample[rng.choice(len(sample), k, replace=False)].copy()
    for _ in range(iterations):
        assigned = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assigned, sample)
        empty = np.bincount(assigned, minlength=k) == 0
        sums[empty] = sample[rng.choice(len(sample), int(empty.sum()))]  # reseed empty lists
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return centroids.astype(np.float32)


def _nearest(matrix, centroids, block=8192):
    out = np.empty(len(matrix), np.int32)
    for start in range(0, len(matrix), block):
        rows = V.dequantise(matrix[start:start + block])
        out[start:start + block] = np.argmax(rows @ centroids.T, axis=1)
    V.release(matrix)
    return out
