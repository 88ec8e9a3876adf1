"""The postings of all segments an engine.Across covers in one file per set of segments,
memory-mapped read-only by every process of the machine, so that a search across all
gathers a query term's postings in a few numpy steps for all towns instead of several per
town (at 2,000 towns ≈ 19 % of the search went to that per-town work: bench/README.md,
issue 16 §2, lexpack).

For each analyzer of the Across (in its order) and each entry of its Union (a union term
and a segment holding it, in the Union's order: by term, then segment) the file holds that
segment's postings of the term as its own lexicon has them: row and record numbers of the
segment (int32) and BM25 weights (float32, the same values); `indptr` (int64) bounds each
entry's postings, the analyzers' entries one after the other. Its name carries the digest
of the segments' (municipality, index version) in the Across's order; the header also
names each Union's CRC-32 (of its holders and term ids), so a file of another set of
segments is never read.

Written as vectors.stacked writes the stack: under a lock, beside it under a temporary
name, flushed and renamed; a writer that died leaves a temporary file the next removes;
the older files go (a process mapping one keeps it until it lets it go). Where it cannot
be written the search keeps gathering town by town (and logs a warning)."""
import fcntl
import hashlib
import json
import logging
import mmap
import os
import threading
import zlib

import numpy as np

from teilhabe.search import vectors as V

log = logging.getLogger(__name__)

FORMAT = 1
MAGIC = b"TLHPOST1"
HEADER = 4096  # magic, the JSON's length, the JSON; the arrays follow
ALIGN = 64
# The output's pages a writer touched leave its VmRSS after this many postings copied.
DROP_EVERY = 1 << 20

_lock = threading.Lock()


def digest(segs):
    """Which segments, in which order, at which index versions."""
    names = "\n".join(f"{seg.municipality_id}:{seg.version}" for seg in segs)
    return hashlib.sha1(names.encode()).hexdigest()[:16]


def path(key):
    return V.directory() / f"postings-{key}.bin"


def check(union):
    """The CRC-32 of a Union's holders and term ids: the entries' order the file follows
    (over the arrays themselves: a copy of them raised glibc's threshold for mmap'ed
    blocks, and the worker's peak with it)."""
    return zlib.crc32(np.ascontiguousarray(union.ids), zlib.crc32(np.ascontiguousarray(union.holders)))


def _header(across):
    return {"format": FORMAT, "segments": across.digest, "analyzers": list(across.unions),
            "entries": [len(union.holders) for union in across.unions.values()],
            "check": [check(union) for union in across.unions.values()]}


def _places(n_entries, n_postings):
    """Byte offsets of indptr, rows, weights, records; the file's size."""
    at, out = HEADER, []
    for size in (8 * (n_entries + 1), 4 * n_postings, 4 * n_postings, 4 * n_postings):
        out.append(at)
        at += -(-size // ALIGN) * ALIGN
    return out, at


class Packed:
    """The mapped file: `indptr` over the Across's entries (analyzer `a`'s start at
    base[a]), each entry's postings' `rows`, `weights` and `records`."""

    __slots__ = ("mapping", "base", "indptr", "rows", "weights", "records")

    def __init__(self, mapping, base, n_postings):
        self.mapping, self.base = mapping, base
        n_entries = int(base[-1])
        (i, r, w, c), _ = _places(n_entries, n_postings)
        self.indptr = np.frombuffer(mapping, np.int64, n_entries + 1, i)
        self.rows = np.frombuffer(mapping, np.int32, n_postings, r)
        self.weights = np.frombuffer(mapping, np.float32, n_postings, w)
        self.records = np.frombuffer(mapping, np.int32, n_postings, c)

    def release(self):
        V.release(self.mapping)


def read(across, header=None):
    """The Packed of `across`'s file, or None when it is missing, cut short or of other
    segments (another digest, analyzers, entries or order)."""
    header = _header(across) if header is None else header
    try:
        with open(path(across.digest), "rb") as f:
            mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, empty
        return None
    try:
        if len(mapping) < HEADER or mapping[:8] != MAGIC:
            return None
        length = int.from_bytes(mapping[8:16], "little")
        found = json.loads(mapping[16:16 + length].decode())
        n_postings = found.pop("postings")
        if found != header:
            return None
        base = np.zeros(len(header["entries"]) + 1, np.int64)
        np.cumsum(header["entries"], out=base[1:])
        if _places(int(base[-1]), n_postings)[1] != len(mapping):
            return None
        V.release(mapping)  # the header's pages
        return Packed(mapping, base, n_postings)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


def write(across, segs):
    """Write `across`'s file from its segments `segs` (in its order; each mapped) unless
    another process has meanwhile; (the Packed, whether this call wrote it). Raises
    OSError where it cannot be written."""
    target = path(across.digest)
    header = _header(across)
    with _lock, open(target.parent / "postings.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = read(across, header)
        if found is not None:
            return found, False
        for stale in target.parent.glob(".postings-*.tmp"):  # a writer that died (it held the lock)
            stale.unlink(missing_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            _write(temporary, across, segs, header)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        for old in target.parent.glob("postings-*.bin"):
            if old != target:
                old.unlink(missing_ok=True)
    return read(across, header), True


def _each_segments_entries(across, segs, analyzers):
    """(analyzer number, segment, its lexicon of the analyzer, the segment's entries in the
    Union, their term ids in the lexicon) for each analyzer and segment holding any; each
    segment's pages dropped after its turn."""
    for a, analyzer in enumerate(analyzers):
        union = across.unions[analyzer]
        order = np.argsort(union.holders, kind="stable").astype(np.int32)
        bounds = np.searchsorted(union.holders[order], np.arange(len(segs) + 1))
        for p, seg in enumerate(segs):
            entries = order[bounds[p]:bounds[p + 1]]
            if len(entries):
                yield a, seg, seg.lexicons[analyzer], entries, union.ids[entries]
                seg.release()


def _write(temporary, across, segs, header):
    n_entries = sum(header["entries"])
    base = np.zeros(len(header["entries"]) + 1, np.int64)
    np.cumsum(header["entries"], out=base[1:])
    analyzers = header["analyzers"]
    # Every posting of every segment has its entry (the Unions hold all their terms).
    n_postings = 0
    for seg in segs:
        n_postings += sum(int(lexicon.indptr[-1]) for lexicon in seg.lexicons.values())
        seg.release()
    places, size = _places(n_entries, n_postings)
    with open(temporary, "w+b") as f:
        f.truncate(size)
        out = mmap.mmap(f.fileno(), size)
        try:
            text = json.dumps({**header, "postings": n_postings}).encode()
            if 16 + len(text) > HEADER:
                raise OSError("postings: header too long")
            out[:8], out[8:16], out[16:16 + len(text)] = MAGIC, len(text).to_bytes(8, "little"), text
            # First pass: each entry's number of postings from its segment's lexicon, counted
            # in the file itself (not 8 bytes per entry in this process: 19 MB at 2,000 towns).
            indptr = np.frombuffer(out, np.int64, n_entries + 1, places[0])
            counted = 0
            for a, _, lexicon, entries, ids in _each_segments_entries(across, segs, analyzers):
                indptr[1 + base[a] + entries] = lexicon.indptr[ids + 1] - lexicon.indptr[ids]
                counted += len(entries)
                if counted >= DROP_EVERY // 16:
                    out.madvise(mmap.MADV_DONTNEED)
                    counted = 0
            total = 0
            for start in range(0, n_entries + 1, DROP_EVERY):  # summed up a piece at a time
                piece = indptr[start:start + DROP_EVERY]
                np.cumsum(piece, out=piece)
                piece += total
                total = int(piece[-1])
                out.madvise(mmap.MADV_DONTNEED)
            del piece
            if total != n_postings:
                raise OSError(f"postings: {total} of {n_postings} postings have an entry")
            rows, weights, records = (np.frombuffer(out, dtype, n_postings, at)
                                      for dtype, at in zip((np.int32, np.float32, np.int32), places[1:]))
            # Second pass: each segment's postings to their entries' places, the output's pages
            # dropped from this process as it goes (they stay in the page cache, dirty).
            copied = 0
            for a, seg, lexicon, entries, ids in _each_segments_entries(across, segs, analyzers):
                source = lexicon.indptr[ids]
                sizes = lexicon.indptr[ids + 1] - source
                total = int(sizes.sum())
                before = np.cumsum(sizes) - sizes
                at = np.arange(total) + np.repeat(source - before, sizes)
                to = np.arange(total) + np.repeat(indptr[base[a] + entries] - before, sizes)
                found = lexicon.rows[at]
                rows[to] = found
                weights[to] = lexicon.weights[at]
                records[to] = seg.row_record[found]
                copied += total
                if copied >= DROP_EVERY:
                    out.madvise(mmap.MADV_DONTNEED)
                    copied = 0
            del indptr, rows, weights, records
            out.flush()
        finally:
            try:
                out.close()
            except BufferError:  # an exception left views of it: they go with their frame
                pass
        os.fsync(f.fileno())
