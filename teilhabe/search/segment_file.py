"""A municipality's whole search index (its Segment: the rows and records, the lexical
postings, the typo tables, the facets, the passages) as one file per index version beside
the vector files, memory-mapped read-only by every process of the machine: one copy in
the page cache instead of one per gunicorn worker (about 3 KB per offer in each process
before: bench/README.md, issue 16).

The file is one .npy of bytes (np.load maps it): an 8-byte length, a JSON header (format,
municipality, version, the vector file, small labels, and for each array its dtype, shape
and offset), then the arrays, each 64-byte aligned. Strings are UTF-8 in one blob with
offsets (Strings). A term is found through an open-addressing table of CRC-32 hashes
(Vocab) and the typo tables are the CRC-32 of each one-letter deletion of each term,
sorted (Lexicon.near): both verify the strings they find, so a hash collision never
changes a result. The engine builds the file under a lock per municipality and writes it
whole or not at all (engine.load_segment)."""
import array as py_array
import bisect
import functools
import json
import math
import mmap
import sys
import zlib
from pathlib import Path

import numpy as np

from teilhabe.search import vectors as V
from teilhabe.search import engine
from teilhabe.search.engine import MAX_EXPANSIONS

FORMAT = 1
ALIGN = 64
# Each term's first 8 bytes as a number (big-endian, zero-padded), sorted as the terms are
# (UTF-8 byte order is code point order): a prefix or suffix lookup is a binary search in C
# over these (bisect on a memoryview) instead of one decoding a string at each step (which
# made the lexical part of a search across all 200 municipalities 4x slower).
KEY = 8


def _number(encoded):
    return int.from_bytes(encoded[:KEY].ljust(KEY, b"\0"), "big")


@functools.lru_cache(maxsize=4096)
def _probe(value):
    """(UTF-8, its key number) of a prefix or suffix: once for all segments a search asks."""
    encoded = value.encode()
    return encoded, _number(encoded)


def path(municipality_id, version):
    # Not "*.npy": the vector files' clean-up (vectors.load) must leave these alone.
    return V.directory() / f"m{municipality_id}-v{version}.seg"


@functools.lru_cache(maxsize=4096)
def _key(term):
    """(UTF-8 bytes, CRC-32) of a term: worked out once for all segments a search asks."""
    encoded = term.encode()
    return encoded, zlib.crc32(encoded)


@functools.lru_cache(maxsize=256)
def _keys(terms):
    """[(UTF-8, CRC-32)] of a tuple of terms: once for all segments a search asks."""
    return [_key(term) for term in terms]


class Strings:
    """A read-only sequence of strings over a UTF-8 blob and offsets (n + 1)."""

    __slots__ = ("_blob", "_offsets", "_n")

    def __init__(self, blob, offsets):
        self._blob = memoryview(np.ascontiguousarray(blob)).cast("B") if len(blob) else memoryview(b"")
        self._offsets = memoryview(np.ascontiguousarray(offsets)).cast("B").cast("q")
        self._n = len(offsets) - 1

    def __len__(self):
        return self._n

    def __getitem__(self, i):
        i = int(i)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        return str(self._blob[self._offsets[i]:self._offsets[i + 1]], "utf-8")

    def all(self):
        """Every string, as a list (one decoding pass, without an index check per item)."""
        blob, offsets = bytes(self._blob), self._offsets.tolist()
        return [str(blob[a:b], "utf-8") for a, b in zip(offsets, offsets[1:])]

    def raw(self, i):
        return self._blob[self._offsets[i]:self._offsets[i + 1]]

    def starting_with(self, i, encoded, limit):
        """From index i on, the strings starting with `encoded` (UTF-8; they are sorted),
        at most `limit`."""
        if i >= self._n:
            return []
        out, n, blob, offsets, width = [], self._n, self._blob, self._offsets, len(encoded)
        while i < n:
            raw = blob[offsets[i]:offsets[i + 1]]
            if raw[:width] != encoded:
                break
            out.append(str(raw, "utf-8"))
            if len(out) == limit:
                break
            i += 1
        return out

    @staticmethod
    def pack(strings):
        encoded = [s.encode() for s in strings]
        offsets = np.zeros(len(encoded) + 1, np.int64)
        if encoded:
            offsets[1:] = np.cumsum([len(e) for e in encoded])
        return np.frombuffer(b"".join(encoded), np.uint8), offsets


class Coded:
    """A read-only sequence of labels stored as codes (a row's language, analyzer)."""

    __slots__ = ("_codes", "_labels")

    def __init__(self, codes, labels):
        self._codes, self._labels = memoryview(np.ascontiguousarray(codes)).cast("B").cast("h"), labels

    def __len__(self):
        return len(self._codes)

    def __getitem__(self, i):
        return self._labels[self._codes[int(i)]]


class Records:
    """segment.records[i] → (kind, object id), as the in-memory list of tuples."""

    __slots__ = ("_kinds", "_objects")

    def __init__(self, kinds, objects):
        self._kinds, self._objects = kinds, objects

    def __len__(self):
        return len(self._objects)

    def __getitem__(self, i):
        return str(self._kinds[i]), int(self._objects[i])


class Vocab:
    """term → id in a Lexicon's sorted terms, `in` and `[]` as the dict it replaces."""

    __slots__ = ("_terms", "_slot_term", "_slot_hash", "_mask")

    def __init__(self, terms, slot_term, slot_hash):
        self._terms = terms
        self._slot_term = memoryview(np.ascontiguousarray(slot_term)).cast("B").cast("i")
        self._slot_hash = memoryview(np.ascontiguousarray(slot_hash)).cast("B").cast("I")
        self._mask = len(self._slot_term) - 1

    def present(self, terms):
        """The positions of those of `terms` (a tuple) that are terms. A typo's
        candidates are dozens of words, asked in every segment of a search across all
        (66,000 lookups): their hashes are worked out once per search (_keys) and probed
        here in one tight loop — `in` per term cost about twice as much under cProfile
        (bench/README.md, issue 16 §2, round 2)."""
        slot_term, slot_hash, mask, raw = self._slot_term, self._slot_hash, self._mask, self._terms.raw
        out = []
        for n, (encoded, h) in enumerate(_keys(terms)):
            i = h & mask
            tid = slot_term[i]
            while tid >= 0:
                if slot_hash[i] == h and raw(tid) == encoded:
                    out.append(n)
                    break
                i = (i + 1) & mask
                tid = slot_term[i]
        return out

    def get(self, term, default=None):
        encoded, h = _key(term)
        i = h & self._mask
        while True:
            tid = self._slot_term[i]
            if tid < 0:
                return default
            if self._slot_hash[i] == h and self._terms.raw(tid) == encoded:
                return tid
            i = (i + 1) & self._mask

    def __contains__(self, term):
        encoded, h = _key(term)
        i = h & self._mask
        while True:
            tid = self._slot_term[i]
            if tid < 0:
                return False
            if self._slot_hash[i] == h and self._terms.raw(tid) == encoded:
                return True
            i = (i + 1) & self._mask

    def __getitem__(self, term):
        tid = self.get(term)
        if tid is None:
            raise KeyError(term)
        return tid

    def __len__(self):
        return len(self._terms)

    def __iter__(self):
        return iter(self._terms[i] for i in range(len(self._terms)))

    @staticmethod
    def pack(terms):
        size = 1 << max(3, (2 * len(terms) - 1).bit_length())  # at most half full
        slot_term = np.full(size, -1, np.int32)
        slot_hash = np.zeros(size, np.uint32)
        for tid, term in enumerate(terms):
            h = zlib.crc32(term.encode())
            i = h & (size - 1)
            while slot_term[i] >= 0:
                i = (i + 1) & (size - 1)
            slot_term[i], slot_hash[i] = tid, h
        return slot_term, slot_hash


def _deletions(term):
    return {term[:i] + term[i + 1:] for i in range(len(term))}


def _one_deletion_of(short, long):
    if len(long) != len(short) + 1:
        return False
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


class MappedLexicon:
    """engine.Lexicon read from the file: the same terms, postings and BM25 weights (term
    ids in sorted order), and its typo tables ready-made instead of built per process.
    It holds only its segment's Layout and its name prefix there: each array, string
    table and vocabulary is made over the mapped file when asked for (Layout)."""

    __slots__ = ("_layout", "_prefix")

    def __init__(self, layout, prefix):
        self._layout, self._prefix = layout, prefix

    def _array(self, name):
        return self._layout[self._prefix + name]

    @property
    def terms(self):
        return Strings(self._array("terms_blob"), self._array("terms_offsets"))

    @property
    def reversed(self):
        return Strings(self._array("reversed_blob"), self._array("reversed_offsets"))

    @property
    def vocab(self):
        return Vocab(self.terms, self._array("slot_term"), self._array("slot_hash"))

    df = property(lambda self: self._array("df"))
    indptr = property(lambda self: self._array("indptr"))
    rows = property(lambda self: self._array("rows"))
    weights = property(lambda self: self._array("weights"))
    _delete_hash = property(lambda self: self._array("delete_hash"))
    _delete_term = property(lambda self: self._array("delete_term"))

    def _key(self, name):
        return memoryview(self._array(name)).cast("B").cast("Q")

    def postings(self, tid):
        layout, prefix = self._layout, self._prefix
        a, b = layout.part(prefix + "indptr", tid, tid + 2).tolist()
        return layout.part(prefix + "rows", a, b), layout.part(prefix + "weights", a, b)

    # Each: the first term at least the prefix (the reversed prefix), found on the keys and
    # among those sharing its first 8 bytes on the strings; then those starting with it.
    def with_prefix(self, prefix):
        encoded, number = _probe(prefix)
        keys, terms = self._key("terms_key"), self.terms
        i = bisect.bisect_left(keys, number)
        if len(encoded) >= KEY:
            i = bisect.bisect_left(terms, prefix, i, bisect.bisect_right(keys, number, i))
        return terms.starting_with(i, encoded, MAX_EXPANSIONS)

    def with_suffix(self, suffix):
        rev = suffix[::-1]
        encoded, number = _probe(rev)
        keys, reversed_terms = self._key("reversed_key"), self.reversed
        i = bisect.bisect_left(keys, number)
        if len(encoded) >= KEY:
            i = bisect.bisect_left(reversed_terms, rev, i, bisect.bisect_right(keys, number, i))
        return [term[::-1] for term in reversed_terms.starting_with(i, encoded, MAX_EXPANSIONS)]

    def near(self, term):
        """Terms one edit (or one swap of neighbours) away (near_ids)."""
        terms = self.terms
        return sorted(terms[tid] for tid in near_ids(self._delete_hash, self._delete_term, terms, term))


@functools.lru_cache(maxsize=1024)
def _near_probe(term):
    """The variants of a term and their hashes: once for all segments a search asks."""
    variants = frozenset({term, *_deletions(term)})
    return variants, np.asarray(sorted(zlib.crc32(v.encode()) for v in variants), np.uint32)


def delete_table(terms):
    """The typo table of `terms` (a sequence): (CRC-32s sorted, the index of the term each
    is of) of every term of at least 4 letters and its one-letter deletions (the
    symmetric-delete method of engine.Lexicon.near)."""
    hashes, owners = [], []
    for tid, t in enumerate(terms):
        if len(t) >= 4:
            for variant in {t, *_deletions(t)}:
                hashes.append(zlib.crc32(variant.encode()))
                owners.append(tid)
    hashes = np.asarray(hashes, np.uint32)
    owners = np.asarray(owners, np.int32)
    by_hash = np.lexsort((owners, hashes))
    return hashes[by_hash], owners[by_hash]


def near_ids(delete_hash, delete_term, terms, term):
    """The indexes into `terms` of those one edit (or one swap of neighbours) away from
    `term`, by their typo table (delete_table): those that are a variant (the term or
    one deletion of it) or have one as a deletion. Each is checked on its string, so a
    hash collision never adds one."""
    variants, keys = _near_probe(term)
    lo = delete_hash.searchsorted(keys, "left")
    hi = delete_hash.searchsorted(keys, "right")
    found = set()
    for a, b in zip(lo.tolist(), hi.tolist()):
        if a == b:
            continue
        for tid in delete_term[a:b].tolist():
            if tid in found:
                continue
            t = terms[tid]
            if t != term and (t in variants or any(_one_deletion_of(v, t) for v in variants if len(v) + 1 == len(t))):
                found.add(tid)
    return found


def lexicon_arrays(lexicon):
    """An in-memory engine.Lexicon as the file's arrays, term ids renumbered in sorted
    order (each term's postings stay as they were)."""
    terms = lexicon.terms
    old_ids = np.asarray([lexicon.vocab[t] for t in terms], np.int64)
    counts = np.diff(lexicon.indptr)[old_ids] if len(terms) else np.zeros(0, np.int64)
    indptr = np.zeros(len(terms) + 1, np.int64)
    indptr[1:] = np.cumsum(counts)
    order = (np.concatenate([np.arange(lexicon.indptr[t], lexicon.indptr[t + 1]) for t in old_ids])
             if len(terms) else np.zeros(0, np.int64)).astype(np.int64)
    delete_hash, delete_term = delete_table(terms)
    terms_blob, terms_offsets = Strings.pack(terms)
    reversed_blob, reversed_offsets = Strings.pack(lexicon.reversed)
    slot_term, slot_hash = Vocab.pack(terms)
    return {
        "terms_key": np.asarray([_number(t.encode()) for t in terms], np.uint64),
        "reversed_key": np.asarray([_number(t.encode()) for t in lexicon.reversed], np.uint64),
        "terms_blob": terms_blob, "terms_offsets": terms_offsets,
        "reversed_blob": reversed_blob, "reversed_offsets": reversed_offsets,
        "slot_term": slot_term, "slot_hash": slot_hash,
        "df": np.asarray(lexicon.df, np.float32)[old_ids] if len(terms) else np.zeros(0, np.float32),
        "indptr": indptr,
        "rows": np.asarray(lexicon.rows, np.int32)[order],
        "weights": np.asarray(lexicon.weights, np.float32)[order],
        "delete_hash": delete_hash, "delete_term": delete_term,
    }


def _codes(values):
    labels = sorted(set(values))
    code = {v: i for i, v in enumerate(labels)}
    return np.asarray([code[v] for v in values], np.int16), labels


def write(segment, target, vector_file):
    """Write an in-memory Segment to `target`; `vector_file` names its vector file (None
    when it has no passages with a vector)."""
    arrays = {}
    meta = {"format": FORMAT, "municipality": segment.municipality_id, "version": segment.version,
            "vectors": vector_file, "passages": len(segment.matrix)}
    arrays["row_language"], meta["languages"] = _codes(segment.row_language)
    arrays["row_analyzer"], meta["analyzers"] = _codes(segment.row_analyzer)
    for name in ("row_doc_id", "row_record", "record_start", "record_kind", "record_object", "title_order",
                 "passage_row", "passage_position", "passage_record", "passage_starts",
                 "passage_run_record", "passage_counts"):
        arrays[name] = np.asarray(getattr(segment, name))
    arrays["sort_blob"], arrays["sort_offsets"] = Strings.pack([str(s) for s in segment.record_sort])
    meta["lexicons"] = list(segment.lexicons)  # in the segment's order: scores add up in it
    for n, lexicon in enumerate(segment.lexicons.values()):
        for key, value in lexicon_arrays(lexicon).items():
            arrays[f"lex{n}.{key}"] = value
    meta["facets"] = {}
    for name, (recs, codes, labels, _) in segment.facets.items():
        meta["facets"][name] = labels
        arrays[f"facet.{name}.recs"], arrays[f"facet.{name}.codes"] = recs, codes
    table, offset = {}, 0
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        arrays[name] = array
        table[name] = [array.dtype.str, list(array.shape), offset]
        offset += -(-array.nbytes // ALIGN) * ALIGN
    meta["arrays"] = table
    header = json.dumps(meta, ensure_ascii=False).encode()
    start = -(-(8 + len(header)) // ALIGN) * ALIGN
    blob = np.zeros(start + offset, np.uint8)
    blob[:8] = np.frombuffer(np.uint64(len(header)).tobytes(), np.uint8)
    blob[8:8 + len(header)] = np.frombuffer(header, np.uint8)
    for name, array in arrays.items():
        at = start + table[name][2]
        blob[at:at + array.nbytes] = np.frombuffer(array.tobytes(), np.uint8)
    V.write(target, blob)  # the whole file or nothing, as the vector files




class Schema:
    """What the files of many segments share: their arrays' names, dtypes and shapes (a
    name's place in `index`). One per distinct layout in a process (_schema), not one
    per segment."""

    __slots__ = ("index", "types")

    def __init__(self, entries):
        self.index = {name: i for i, (name, _, _) in enumerate(entries)}
        self.types = tuple((np.dtype(dtype), tail or None) for _, dtype, tail in entries)


@functools.lru_cache(maxsize=256)
def _schema(entries):
    return Schema(entries)


class Layout:
    """A segment file's arrays, made on access as read-only views of its mapping
    (np.frombuffer: about 0.4 µs). A segment once held each of its ~120 arrays (and the
    memoryviews, string tables and vocabularies over them) as objects of its own:
    ≈ 55 KB per segment, 110 MB with 2,000 municipalities loaded, plus what the
    allocator kept around them (bench/README.md, "own memory per municipality"). Now it
    holds this: the mapping, and each array's byte offset and length in one array of
    numbers; names, dtypes and shapes in a Schema shared by the segments. `touched`: an
    array was made since the segment's last release (Segment.release drops only then)."""

    __slots__ = ("blob", "at", "schema", "touched")

    def __init__(self, blob, at, schema):
        self.blob, self.at, self.schema = blob, at, schema
        self.touched = True

    def __contains__(self, name):
        return name in self.schema.index

    def __getitem__(self, name):
        self.touched = True
        i = self.schema.index[name]
        dtype, tail = self.schema.types[i]
        array = np.frombuffer(self.blob, dtype, self.at[2 * i + 1], self.at[2 * i])
        return array if tail is None else array.reshape(-1, *tail)

    def part(self, name, start, stop):
        """array[start:stop] of a 1-D array, without a view of the whole first."""
        self.touched = True
        i = self.schema.index[name]
        dtype = self.schema.types[i][0]
        return np.frombuffer(self.blob, dtype, stop - start, self.at[2 * i] + start * dtype.itemsize)


def read(target, municipality_id, version):
    """(meta, the Layout of its arrays over the file's read-only mapping, the mapped
    vector rows, the file's mapping for vectors.release), or None when the file is
    missing, cut short, damaged, of another format or version, or its vector file is."""
    try:
        # The file's mapping itself, not an np.memmap over it (an object with a file name,
        # mode and offset of its own: ≈ 1 KB per segment).
        with open(target, "rb") as f:
            major, _ = np.lib.format.read_magic(f)
            shape, _, dtype = (np.lib.format.read_array_header_1_0(f) if major == 1
                               else np.lib.format.read_array_header_2_0(f))
            header = f.tell()
            mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, EOFError):  # missing, empty, not an .npy
        return None
    try:
        if dtype != np.uint8 or len(shape) != 1 or shape[0] < 8 or header + shape[0] > len(mapping):
            return None
        length = int.from_bytes(mapping[header:header + 8], "little")
        if length > shape[0] - 8:
            return None
        meta = json.loads(mapping[header + 8:header + 8 + length].decode())
        if (meta.get("format") != FORMAT or meta.get("municipality") != municipality_id
                or meta.get("version") != version):
            return None
        start = header + -(-(8 + length) // ALIGN) * ALIGN
        entries, places = [], []
        for name, (dtype, shape_, offset) in meta.pop("arrays").items():
            count = math.prod(shape_)
            if start + offset + count * np.dtype(dtype).itemsize > header + shape[0]:
                return None
            entries.append((name, dtype, tuple(shape_[1:])))
            places += (start + offset, count)
        # Offsets and lengths as 4-byte numbers where the file allows (all but > 4 GB).
        at = py_array.array("I" if len(mapping) < 2**32 else "q", places)
        layout = Layout(mapping, at, _schema(tuple(entries)))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    if meta["passages"]:
        matrix = V._map(V.directory() / meta["vectors"], meta["passages"])
        if matrix is None:
            return None
    else:
        matrix = np.zeros(0, V.RECORD)
    return meta, layout, matrix, mapping


class _View:
    """An array attribute of a MappedSegment: its file's array, made on each access."""

    __slots__ = ("name",)

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, seg, owner=None):
        return self if seg is None else seg._layout[self.name]


# A label list ({"de", "en"}, the analyzers) shared by the segments that have the same.
_shared = functools.lru_cache(maxsize=1024)(lambda value: value)


class MappedSegment(engine.Segment):
    """A Segment over its file (read): the same attributes and answers, each array (and
    the records, sort keys, codes and facets over them) made from the file's mapping when
    read instead of held (Layout). What stays per municipality is a few small objects."""

    passage_hashes = None  # the vector file is written
    row_doc_id, row_record, record_start, record_kind, record_object, title_order = (_View() for _ in range(6))
    passage_row, passage_position, passage_record = (_View() for _ in range(3))
    passage_starts, passage_run_record, passage_counts = (_View() for _ in range(3))

    def __init__(self, municipality_id, version, meta, layout, matrix, mapping, names, synonyms):
        self._mapping, self._layout = mapping, layout
        self.municipality_id, self.version = municipality_id, version
        self.names, self.synonyms = list(names), list(synonyms)
        engine._know_names(self.names)
        # The vector file is named …-<digest of its rows>.npy (vectors.generation); ann.py keys on it.
        self.vector_digest = meta["vectors"][:-len(".npy")].rsplit("-", 1)[1] if meta["vectors"] else V.digest([])
        self._labels = _shared(tuple(meta["languages"])), _shared(tuple(meta["analyzers"]))
        self.languages = _shared(frozenset(meta["languages"]))
        self._n_records = len(layout["record_object"])
        self.lexicons = {sys.intern(analyzer): MappedLexicon(layout, sys.intern(f"lex{n}."))
                         for n, analyzer in enumerate(meta["lexicons"])}
        self._facet_labels = {sys.intern(name): tuple(labels) for name, labels in meta["facets"].items()}
        self._spelled = {}
        self.matrix = matrix

    @property
    def n_records(self):
        return self._n_records

    @property
    def row_language(self):
        return Coded(self._layout["row_language"], self._labels[0])

    @property
    def row_analyzer(self):
        return Coded(self._layout["row_analyzer"], self._labels[1])

    @property
    def records(self):
        return Records(self._layout["record_kind"], self._layout["record_object"])

    @property
    def record_sort(self):
        return Strings(self._layout["sort_blob"], self._layout["sort_offsets"])

    @property
    def facets(self):
        """{name: (records, value codes, labels, {label: code})}, as a Segment holds them."""
        return {name: self.facet(name) for name in self._facet_labels}

    def facet(self, name):
        # One facet's arrays only: the named bonus and a filter ask one per segment of 2,000.
        layout, labels = self._layout, self._facet_labels[name]
        return (layout[f"facet.{name}.recs"], layout[f"facet.{name}.codes"], labels,
                {value: i for i, value in enumerate(labels)})


def remove_others(municipality_id, keep):
    for old in Path(keep).parent.glob(f"m{municipality_id}-v*.seg"):
        if old != keep:
            old.unlink(missing_ok=True)
