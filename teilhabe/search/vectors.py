"""The passage vectors of each municipality's index in one file per index generation, under
TEILHABE_VAR_DIR/search/vectors/, memory-mapped read-only: all processes of a machine (the
gunicorn workers, `teilhabe worker`) read the same pages of the OS page cache instead of
each holding its own copy (before: 460 MB of float32 in every process at 100,000 offers).

A vector is stored as int8 with a float32 scale (its largest component maps to ±127):
388 bytes instead of 1,536, and numpy widens int8 to float32 about as fast as it reads
float32, where its float16 cast is 5-9 times slower (measured on this machine; a float16
file would make every search slower). The cosine moves by at most |v - v'| ≤
sqrt(DIM) × scale / 254 (tests/search/test_vector_file.py holds the bound).

The first process that needs a generation without a file builds it from the database
under a file lock per municipality (the others wait, then map its file), writing a
temporary file that is renamed into place, so no process maps half a file. A file that
cannot be read (cut short, a damaged header, the wrong shape) is built again. Writing a
municipality's file removes its older ones: a process still mapping one keeps reading it
until it notices the new version; Linux frees the pages with the last mapping. Where no
file can be written (a full or read-only disk) the process keeps the rows in its own
memory, as before, and logs a warning."""
import fcntl
import hashlib
import io
import logging
import mmap
import os
import threading
from pathlib import Path

import numpy as np
from django.conf import settings

from teilhabe.search.embed import DIM

log = logging.getLogger(__name__)

RECORD = np.dtype([("scale", "<f4"), ("vector", "i1", (DIM,))])
# Rows widened to float32 at a time: 1,024 × 384 × 4 bytes = 1.5 MB, reused by each thread
# (gunicorn's threads search at once; a fresh buffer per segment cost a page fault per
# 4 KB: slower than the product itself).
BLOCK = 1024
_local = threading.local()


def quantise(vectors):
    """float (n, DIM) → RECORD (n,)."""
    vectors = np.asarray(vectors, np.float32).reshape(-1, DIM)
    records = np.zeros(len(vectors), RECORD)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scale = np.where(peak > 0, peak / 127, 1).astype(np.float32)
    records["scale"] = scale
    records["vector"] = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return records


def dequantise(records):
    return records["vector"].astype(np.float32) * records["scale"][:, None]


def cosines(records, query, out=None, *, drop=True):
    """records · query for each stored vector (float32), widened block by block. Plain
    float rows (a benchmark's reference) are multiplied as they are. `drop=False` leaves
    the rows' mapped pages to the caller (scan)."""
    query = np.asarray(query, np.float32)
    if records.dtype != RECORD:
        return np.matmul(records, query, out=out)
    n = len(records)
    out = np.empty(n, np.float32) if out is None else out
    buffer = getattr(_local, "buffer", None)
    if buffer is None:
        buffer = _local.buffer = np.empty((BLOCK, DIM), np.float32)
    vectors, scales = records["vector"], records["scale"]
    for start in range(0, n, BLOCK):
        stop = min(n, start + BLOCK)
        block = buffer[:stop - start]
        block[...] = vectors[start:stop]
        np.matmul(block, query, out=out[start:stop])
        out[start:stop] *= scales[start:stop]
    if drop:
        release(records)
    return out


# --- The stack across all municipalities: its rows in one file --------------------------
#
# Scanning 200 municipalities' files (each < 2 MB) after their pages were dropped (release)
# faults them in again 64 KB at a time: ~1,970 faults per search across all at 100,000
# offers, 11–14 ms of a 35 ms scan (bench/README.md, vecgap). One file of all their rows,
# written in 2 MB pieces and mapped with MADV_HUGEPAGE, is mapped by the kernel 2 MB per
# fault (the page cache holds it as 2 MB folios): 63 faults, the scan as fast as in memory,
# and dropped behind the scan 2 MB at a time, so VmRSS holds at most a few MB of it.

HUGE = 2 << 20
_stack_lock = threading.Lock()


def stacked(matrices):
    """The rows of `matrices` ([(first row, end row, records)], each mapped from its
    municipality's file, in stack order) as one mapping of this machine's file of them,
    written by the first process that needs it; None in memory (SEARCH_IN_MEMORY), where a
    segment's rows are not mapped from a file, or where the file cannot be written."""
    if settings.SEARCH_IN_MEMORY or not matrices:
        return None
    names = [getattr(records, "filename", None) for *_, records in matrices]
    if None in names:
        return None
    rows = matrices[-1][1]
    path = directory() / f"stack-{digest([Path(name).name for name in names])}.npy"
    mapped = _map(path, rows, huge=True)
    if mapped is not None:
        return mapped
    try:
        with _stack_lock, open(path.parent / "stack.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            mapped = _map(path, rows, huge=True)  # written by another process meanwhile
            if mapped is not None:
                return mapped
            for stale in path.parent.glob(".stack-*.tmp"):  # a writer that died
                stale.unlink(missing_ok=True)
            _write_stacked(path, matrices, rows)
            for old in path.parent.glob("stack-*.npy"):  # a process mapping one keeps it
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("search vectors: cannot write %s (%s); scanned file by file", path, error)
        return None
    return _map(path, rows, huge=True)


def _write_stacked(path, matrices, rows):
    """Segment by segment, its pages dropped once copied (not the whole stack in this
    process's memory at once)."""
    def pieces():
        for p0, p1, records in matrices:
            if len(records) != p1 - p0 or records.dtype != RECORD:
                raise OSError(f"rows {p0}–{p1} do not match their file")
            yield records
            release(records)

    write_huge(path, rows, pieces())


def write_huge(path, rows, parts):
    """An .npy file of `rows` RECORD rows, given as arrays in order (`parts`), written in
    whole 2 MB pieces (the page cache then holds 2 MB folios, which the kernel maps with one
    fault each: _map(huge=True)); beside it, then renamed."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": np.lib.format.dtype_to_descr(RECORD), "fortran_order": False, "shape": (rows,)})
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    piece = bytearray(HUGE)
    try:
        with open(temporary, "wb") as f:
            filled = 0

            def put(data):
                nonlocal filled
                data = memoryview(data).cast("B")
                while len(data):
                    n = min(len(data), HUGE - filled)
                    piece[filled:filled + n] = data[:n]
                    filled, data = filled + n, data[n:]
                    if filled == HUGE:
                        f.write(piece)
                        filled = 0

            put(header.getvalue())
            written = 0
            for records in parts:
                put(np.ascontiguousarray(records).view(np.uint8))
                written += len(records)
            if written != rows:
                raise OSError(f"{written} rows written, {rows} announced")
            f.write(piece[:filled])
            os.fsync(f.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def scan(matrices, query, out, rows=None):
    """cosines() of each (first row, end row, records) of `matrices` into out[first:end];
    read from `rows` (stacked()) where given, in the same blocks per segment as from each
    segment's own rows (the same products, bit for bit), its pages dropped 2 MB at a time
    behind the scan and the rest at its end."""
    if rows is None:
        for p0, p1, records in matrices:
            cosines(records, query, out=out[p0:p1])
        return out
    mapping = rows._mmap
    start = rows.offset % mmap.ALLOCATIONGRANULARITY  # where row 0 is in the mapping
    done = 0
    try:
        for p0, p1, _ in matrices:
            cosines(rows[p0:p1], query, out=out[p0:p1], drop=False)
            end = (start + p1 * RECORD.itemsize) // HUGE * HUGE
            if end > done:
                mapping.madvise(mmap.MADV_DONTNEED, done, end - done)
                done = end
    finally:
        if done < len(mapping):
            mapping.madvise(mmap.MADV_DONTNEED, done, len(mapping) - done)
    return out


def release(array):
    """Drop this process's page-table entries of the file `array` is mapped from
    (madvise MADV_DONTNEED; nothing for an array in memory). The pages stay in the page
    cache, one copy for the machine, and the next read maps them again (fault-around:
    cheap). Without it a search across all left every municipality's vectors (111 MB at
    100,000 offers) in every worker's VmRSS, though no process holds a copy of its own."""
    if settings.SEARCH_IN_MEMORY:
        return  # TEILHABE_SEARCH_SHARED_INDEX=0: everything as before the shared index
    mapping = array if isinstance(array, mmap.mmap) else getattr(array, "_mmap", None)  # a file's mapping itself
    if mapping is not None and not mapping.closed:
        mapping.madvise(mmap.MADV_DONTNEED)


def mean(records):
    """The mean vector (float32), block by block."""
    if records.dtype != RECORD:
        return records.mean(axis=0).astype(np.float32)
    total = np.zeros(DIM, np.float64)
    for start in range(0, len(records), BLOCK):
        total += dequantise(records[start:start + BLOCK]).sum(axis=0)
    return (total / max(len(records), 1)).astype(np.float32)


def directory():
    return Path(settings.VAR_DIR) / "search" / "vectors"


def generation(municipality_id, version, hashes):
    """The file of a municipality's index version holding the vectors of `hashes` in this
    order: the digest keeps a process that read the passages at another moment (a change in
    between) from mapping rows that are not its own."""
    return directory() / f"m{municipality_id}-v{version}-{digest(hashes)}.npy"


def digest(hashes):
    return hashlib.sha1("\n".join(hashes).encode()).hexdigest()[:16]


def load(municipality_id, version, hashes, fetch):
    """The vectors of `hashes` (in this order) as read-only RECORD rows mapped from this
    machine's file; `fetch(hashes)` → {hash: vector} reads them from the database when the
    file is missing or unreadable."""
    hashes = list(hashes)
    if not hashes:
        return np.zeros(0, RECORD)
    path = generation(municipality_id, version, hashes)
    mapped = _map(path, len(hashes))
    if mapped is not None:
        return mapped
    records = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / f"m{municipality_id}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            mapped = _map(path, len(hashes))  # built by another process meanwhile
            if mapped is not None:
                return mapped
            for stale in path.parent.glob(f".m{municipality_id}-v*.tmp"):  # a writer that died
                stale.unlink(missing_ok=True)
            found = fetch(hashes)
            # A vector deleted since (`reindex --prune`) scores 0 until the next version.
            missing = np.zeros(DIM, np.float32)
            records = quantise(np.vstack([found.get(h, missing) for h in hashes]))
            write(path, records)
            for old in path.parent.glob(f"m{municipality_id}-v*.npy"):
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError as error:
        # A full or read-only disk must not break the search: this process keeps its own
        # copy, as before the files, and says so.
        log.warning("search vectors: cannot write %s (%s); kept in this process's memory", path, error)
        return records if records is not None else quantise(
            np.vstack([fetch(hashes).get(h, np.zeros(DIM, np.float32)) for h in hashes]))
    mapped = _map(path, len(hashes))
    return mapped if mapped is not None else records


def write(path, records):
    """The whole file or nothing: written beside it, flushed, renamed over it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as f:
            np.save(f, records)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _map(path, rows, *, huge=False):
    try:
        mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, EOFError):  # missing, cut short, not an .npy
        return None
    if mapped.dtype != RECORD or mapped.shape != (rows,):
        return None
    if huge and hasattr(mmap, "MADV_HUGEPAGE"):
        # Read back after the page cache let it go: again as 2 MB folios (readahead).
        mapped._mmap.madvise(mmap.MADV_HUGEPAGE)
    return mapped

