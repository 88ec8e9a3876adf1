"""The in-memory search over one municipality's index (a Segment), and the per-process cache
of segments, reloaded when the municipality's IndexState.version changes. The passage
vectors are not copied into the process: they are mapped from the machine's file of the
index version (vectors.py), one copy in the page cache for all processes.

Lexical: BM25 over the stored terms, per analyzer (language), with German-aware matching
of each query term: the exact term; longer terms starting with it ("sprach" → Sprachkurs);
compounds ending with it ("kur" → Deutschkurs); a compound split into terms of the index
("deutschkur" → "Kurs in Deutsch"); and, where nothing matches, terms one edit away (typos).
Semantic: cosine between the query vector and every passage, the best passage counting.
Both give one score per record (offer, measure, …): the best of its language versions."""
import bisect
import contextlib
import fcntl
import gc
import logging
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from teilhabe.search import ann
from teilhabe.search import postings as P
from teilhabe.search import text as T
from teilhabe.search import vectors as V
from teilhabe.search.embed import from_bytes

log = logging.getLogger(__name__)

K1, B = 1.2, 0.75
TITLE_WEIGHT = 2.0

# How much a variant of a query term counts, relative to the term itself.
W_PREFIX = 0.8
W_SUFFIX = 0.7
W_SPLIT = 0.85
W_FUZZY = 0.6
MAX_EXPANSIONS = 60
# Weight of the mean passage cosine beside the best one (see Segment.semantic).
SEM_MEAN = 1.0
# How much a passage's likeness to the municipality's average passage is taken off its
# cosine (see Segment.semantic_parts).
SEM_GENERIC = 0.4


class Lexicon:
    """The postings of one analyzer: for each term, the rows holding it and their BM25
    weight (precomputed: a query only gathers and adds)."""

    def __init__(self, row_terms, n_rows):
        # row_terms: list of (row, {term: tf}) for the rows of this analyzer
        vocab = {}
        post_rows, post_terms, post_tf = [], [], []
        lengths = np.zeros(n_rows, np.float32)
        for row, counts in row_terms:
            lengths[row] = sum(counts.values())
            for term, tf in counts.items():
                tid = vocab.setdefault(term, len(vocab))
                post_rows.append(row)
                post_terms.append(tid)
                post_tf.append(tf)
        self.vocab = vocab
        self.terms = sorted(vocab)
        self.reversed = sorted(t[::-1] for t in vocab)
        self._deletes = None
        n_docs = max(len(row_terms), 1)
        avgdl = float(lengths[[r for r, _ in row_terms]].mean()) if row_terms else 1.0
        post_rows = np.asarray(post_rows, np.int32)
        post_terms = np.asarray(post_terms, np.int32)
        post_tf = np.asarray(post_tf, np.float32)
        order = np.argsort(post_terms, kind="stable")
        post_rows, post_terms, post_tf = post_rows[order], post_terms[order], post_tf[order]
        df = np.bincount(post_terms, minlength=len(vocab)).astype(np.float32)
        self.df = df
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        dl = lengths[post_rows] if len(post_rows) else np.zeros(0, np.float32)
        weights = idf[post_terms] * post_tf * (K1 + 1) / (post_tf + K1 * (1 - B + B * dl / max(avgdl, 1e-6)))
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(post_terms, minlength=len(vocab)))]).astype(np.int64)
        self.rows = post_rows
        self.weights = weights.astype(np.float32)

    def postings(self, tid):
        a, b = self.indptr[tid], self.indptr[tid + 1]
        return self.rows[a:b], self.weights[a:b]

    def with_prefix(self, prefix):
        i = bisect.bisect_left(self.terms, prefix)
        out = []
        while i < len(self.terms) and self.terms[i].startswith(prefix) and len(out) < MAX_EXPANSIONS:
            out.append(self.terms[i])
            i += 1
        return out

    def with_suffix(self, suffix):
        rev = suffix[::-1]
        i = bisect.bisect_left(self.reversed, rev)
        out = []
        while i < len(self.reversed) and self.reversed[i].startswith(rev) and len(out) < MAX_EXPANSIONS:
            out.append(self.reversed[i][::-1])
            i += 1
        return out

    def near(self, term):
        """Terms one edit (or one swap of neighbours) away, via their one-letter deletions
        (the symmetric-delete method): built on first need."""
        if self._deletes is None:
            deletes = defaultdict(list)
            for t in self.vocab:
                if len(t) >= 4:
                    for i in range(len(t)):
                        deletes[t[:i] + t[i + 1:]].append(t)
                    deletes[t].append(t)
            self._deletes = deletes
            _settle()
        found = set()
        for variant in {term, *(term[:i] + term[i + 1:] for i in range(len(term)))}:
            found.update(self._deletes.get(variant, ()))
        found.discard(term)
        return sorted(found)


def _near_candidates(word, analyzer, memo):
    """_typo_candidates of `word` with their terms apart, once per search (`memo`): both
    Segment._near and Across.near ask for them."""
    key = ("near", word, analyzer)
    if key not in memo:
        candidates = _typo_candidates(word, analyzer)
        memo[key] = None if candidates is None else (candidates, tuple(term for _, term in candidates))
    return memo[key]


def _typo_candidates(word, analyzer):
    """(candidate spelling, its term) for the words one deletion or one swap of
    neighbours away from `word`, in a fixed order; terms shorter than 3 letters are left
    out. None for a word too short to correct. Depends on the word alone: one search
    works it out once for all segments (Segment.lexical's memo)."""
    folded = T.fold(word)
    if len(folded) < 4:
        return None
    candidates = {folded[:i] + folded[i + 1:] for i in range(len(folded))}
    candidates |= {folded[:i] + folded[i + 1] + folded[i] + folded[i + 2:] for i in range(len(folded) - 1)}
    return [(candidate, term) for candidate in sorted(candidates)
            for term in T.word_terms(candidate, analyzer) if len(term) >= 3]


def _words(text, memo):
    """The words of `text`, once per search (`memo`): across all municipalities every
    segment's lexical part reads the same query (2,000 times at 2,000 towns)."""
    key = ("words", text)
    if key not in memo:
        memo[key] = tuple(word for _, _, word in T.words(text))
    return memo[key]


def _present(vocab, terms):
    """The positions of those of `terms` (a tuple) that `vocab` holds; a mapped index's
    Vocab probes them in one loop (segment_file.Vocab.present)."""
    many = getattr(vocab, "present", None)
    return many(terms) if many is not None else [n for n, term in enumerate(terms) if term in vocab]


# Every term of the phrases naming a district or target group of a segment this process
# made (Segment.names): a query holding none of them names nothing in any segment, and a
# search across all leaves out the named-place bonus of each (2,000 at 1,000,000 offers).
# It only grows: a term of a replaced segment costs a needless look, never an answer.
_name_terms = set()
_names_empty = False  # a phrase without terms names every query (vocabulary.named)


def _know_names(names):
    global _names_empty
    for phrase, _, _ in names:
        _name_terms.update(phrase)
        _names_empty = _names_empty or not phrase


def may_name(query):
    """Whether Segment.named_records may find anything for `query` in any segment."""
    return _names_empty or not _name_terms.isdisjoint(T.terms(query, "de"))


@dataclass
class LexicalMatch:
    scores: np.ndarray            # per row
    matched: dict = field(default_factory=dict)  # analyzer -> set of index terms that matched
    corrections: dict = field(default_factory=dict)  # query term -> index term (typos)


class Segment:
    """Everything one municipality's search needs, in arrays."""

    def __init__(self, municipality_id, version, docs, passages, vectors, names=(), synonyms=()):
        self.municipality_id = municipality_id
        self.version = version
        # Phrases naming the municipality's districts and target groups (vocabulary.names),
        # and its own synonym sets (vocabulary.own_sets).
        self.names = list(names)
        _know_names(self.names)
        self.synonyms = list(synonyms)
        # Rows sorted by record, so that a record's rows are contiguous.
        docs = sorted(docs, key=lambda d: (d["kind"], d["object_id"], d["language"] != "de", d["language"]))
        self.row_language = [d["language"] for d in docs]
        self.languages = frozenset(self.row_language)  # of the texts: query.semantic_only()
        self.row_analyzer = [d["analyzer"] for d in docs]
        self.row_doc_id = np.asarray([d["id"] for d in docs], np.int64)
        records, row_record, starts = [], [], []
        for i, d in enumerate(docs):
            key = (d["kind"], d["object_id"])
            if not records or records[-1] != key:
                records.append(key)
                starts.append(i)
            row_record.append(len(records) - 1)
        self.records = records
        self.record_index = {key: i for i, key in enumerate(records)}
        self.row_record = np.asarray(row_record, np.int32)
        self.record_start = np.asarray(starts, np.int64)
        self.record_kind = np.asarray([k for k, _ in records])
        self.record_object = np.asarray([o for _, o in records], np.int64)
        # The German row comes first in each record: its title orders, its facets count.
        first = {}
        for i, d in enumerate(docs):
            first.setdefault(row_record[i], d)
        self.record_sort = np.asarray([first[r]["sort_key"] for r in range(len(records))], dtype=object)

        by_analyzer = defaultdict(list)
        for i, d in enumerate(docs):
            title, _, body = d["terms"].partition(" | ")
            counts = defaultdict(float)
            for term in title.split():
                counts[term] += TITLE_WEIGHT
            for term in body.split():
                counts[term] += 1.0
            by_analyzer[d["analyzer"]].append((i, counts))
        self.lexicons = {a: Lexicon(rows, len(docs)) for a, rows in by_analyzer.items()}
        self._spelled = {}

        # Facets as (record, value code) pairs; labels[code] is the value (id or language).
        self.facets = {}
        for name in ("field_of_action", "target_group", "district", "language"):
            recs, values = [], []
            for r in range(len(records)):
                for value in first[r]["facets"].get(name, ()):
                    recs.append(r)
                    values.append(value)
            labels = sorted(set(values), key=str)
            code = {value: i for i, value in enumerate(labels)}
            self.facets[name] = (np.asarray(recs, np.int32),
                                 np.asarray([code[v] for v in values], np.int32), labels, code)
        # Records in title order, for listings.
        self.title_order = np.asarray(sorted(range(len(records)), key=lambda r: (self.record_sort[r], r)), np.int64)

        # Passages with a vector, ordered by row (so by record). `vectors`: {hash: vector},
        # or a StoredVectors (the machine's file, see vectors.py). Either way the matrix is
        # vectors.RECORD rows (int8 and a scale).
        row_of_doc = {int(doc_id): i for i, doc_id in enumerate(self.row_doc_id)}
        pairs = sorted((row_of_doc[p["document_id"]], p["position"], p["hash"]) for p in passages
                       if p["hash"] in vectors and p["document_id"] in row_of_doc)
        hashes = [h for _, _, h in pairs]
        self.vector_digest = V.digest(hashes)  # which rows, for the across-all index (ann.py)
        self.passage_hashes = hashes  # names the vector file (segment_file.write); dropped once written
        if isinstance(vectors, StoredVectors):
            self.matrix = vectors.rows(hashes)
        else:
            self.matrix = V.quantise([vectors[h] for h in hashes]) if hashes else np.zeros(0, V.RECORD)
        passage_row = np.asarray([r for r, _, _ in pairs], np.int32)
        self.passage_row = passage_row
        self.passage_position = np.asarray([p for _, p, _ in pairs], np.int32)
        self.passage_record = self.row_record[passage_row] if len(passage_row) else passage_row
        # reduceat needs the start of each run of one record's passages
        if len(passage_row):
            change = np.flatnonzero(np.diff(self.passage_record)) + 1
            self.passage_starts = np.concatenate([[0], change]).astype(np.int64)
            self.passage_run_record = self.passage_record[self.passage_starts]
            self.passage_counts = np.diff(np.append(self.passage_starts, len(passage_row))).astype(np.float32)
        else:
            self.passage_counts = np.zeros(0, np.float32)
            self.passage_starts = np.zeros(0, np.int64)
            self.passage_run_record = np.zeros(0, np.int32)

    @classmethod
    def from_file(cls, municipality_id, version, meta, layout, matrix, mapping=None, *, names=(), synonyms=()):
        """The segment over the arrays of its file (segment_file.read): the same attributes,
        read-only views of the machine's mapped file made when read (MappedSegment)."""
        from teilhabe.search import segment_file as F

        return F.MappedSegment(municipality_id, version, meta, layout, matrix, mapping, names, synonyms)

    @property
    def n_records(self):
        return len(self.records)

    def kind_mask(self, kinds):
        """Which records are of `kinds` (read-only), worked out once per segment: every
        search asks it of every segment, and with a mapped index each time over pages the
        last search dropped (a byte per record kept; a few kinds are ever asked)."""
        masks = self.__dict__.setdefault("_kind_masks", {})
        mask = masks.get(kinds)
        if mask is None:
            mask = np.isin(self.record_kind, kinds) if self.n_records else np.zeros(0, bool)
            mask.flags.writeable = False
            masks[kinds] = mask
            # The pages read leave this process's VmRSS now: the lexical part across all no
            # longer reads (and drops) each town's file (postings.py), and the first search
            # kept all 2,000 towns' pages of this to its end (+32 MB at its peak).
            self.release()
        return mask

    def release(self):
        """Drop this process's page-table entries of the segment's mapped index file (the
        vectors' are dropped as they are read, vectors.cosines): the pages a search touched
        stay in the page cache for every process, but not in this one's VmRSS. Only where
        one of its arrays was made since the last release: a search across all ends with
        the release of 2,000 segments, most of them dropped by the lexical part already."""
        layout = getattr(self, "_layout", None)
        if layout is not None:
            if not layout.touched:
                return
            layout.touched = False
        V.release(getattr(self, "_mapping", None))

    # --- lexical ------------------------------------------------------------------------

    def lexical(self, query, memo=None):
        """BM25 per row. Each query word is looked up in every analyzer (language) of the
        segment; a word found in none is read as a typo of its nearest index terms.
        `memo`: a dict one search shares between the segments it asks (a Kreis's towns),
        for what depends on the query alone. Across many municipalities Across.lexical
        does the same for all segments at once."""
        scores = np.zeros(len(self.row_record), np.float32)
        match = LexicalMatch(scores)
        seen = {a: set() for a in self.lexicons}
        unfound = []
        for word in _words(query[:500], {} if memo is None else memo):
            found = False
            per_word = []
            for analyzer, lexicon in self.lexicons.items():
                for term in T.word_terms(word, analyzer):
                    if term in seen[analyzer]:
                        found = True
                        continue
                    seen[analyzer].add(term)
                    surface = T.fold(word) if "-" not in word else None
                    variants, parts = self._variants(lexicon, term, analyzer, split=True, surface=surface)
                    if variants or parts:
                        found = True
                        per_word.append((analyzer, lexicon, variants, parts))
            if not found:
                if T.word_terms(word, "de"):
                    unfound.append(word)
                continue
            for analyzer, lexicon, variants, parts in per_word:
                term_scores, used = self._score(lexicon, variants, parts, analyzer)
                scores += term_scores
                match.matched.setdefault(analyzer, set()).update(used)
        for word in unfound:
            best = None
            for analyzer, lexicon in self.lexicons.items():
                near = self._near(lexicon, word, analyzer, memo)
                if near:
                    term_scores, used = self._score(lexicon, {t: W_FUZZY for t in near[:5]}, None, analyzer)
                    scores += term_scores
                    match.matched.setdefault(analyzer, set()).update(used)
                    df = lexicon.df[lexicon.vocab[near[0]]]
                    if best is None or df > best[0]:
                        best = (df, near[0], analyzer)
            if best:
                match.corrections[word] = self._spelled.get(best[1], best[1])
        return match

    def _near(self, lexicon, word, analyzer, memo=None):
        """Index terms a mistyped word may mean, most frequent first: words one deletion or
        one swap of neighbours away that stem to an index term ("Beratnug" → Beratung), and
        terms one edit away from its stem."""
        candidates = _near_candidates(word, analyzer, {} if memo is None else memo)
        if candidates is None:
            return []
        found = set()
        candidates, terms = candidates
        for n in _present(lexicon.vocab, terms):
            candidate, term = candidates[n]
            found.add(term)
            # How the word was probably meant, for "did you mean": "beratung".
            self._spelled.setdefault(term, candidate)
        for term in T.word_terms(word, analyzer):
            found.update(lexicon.near(term))
        return sorted(found, key=lambda t: (-lexicon.df[lexicon.vocab[t]], t))

    def _variants(self, lexicon, term, analyzer, *, split, surface=None):
        """{index term: weight} standing for one query term, and [parts] of a split."""
        variants = {}
        if term in lexicon.vocab:
            variants[term] = 1.0
        prefix = term
        if len(term) < 4 and surface and surface.startswith(term) and len(surface) > len(term):
            # A short stem expands only with the next letter of the word as written:
            # "lesen" (les) finds Lesepaten, "Kurs" (kur) Kursangebot but not "kurz".
            prefix = surface[:len(term) + 1]
        if len(prefix) >= 4:
            for t in lexicon.with_prefix(prefix):
                variants.setdefault(t, W_PREFIX)
        if len(term) >= 3:
            for t in lexicon.with_suffix(term):
                if len(t) >= len(term) + 3:
                    variants.setdefault(t, W_SUFFIX)
        parts = self._split(lexicon, term, analyzer) if split and analyzer == "de" else None
        return variants, parts

    def _score(self, lexicon, variants, parts, analyzer):
        """Per row: the best of the variants' BM25 weights (each discounted), so that a
        word counts once however many forms of it a document holds."""
        scores = np.zeros(len(self.row_record), np.float32)
        used = set()
        for t, weight in variants.items():
            rows, weights = lexicon.postings(lexicon.vocab[t])
            np.maximum.at(scores, rows, weight * weights)
            used.add(t)
        if parts:
            part_scores = []
            for part in parts:
                part_variants, _ = self._variants(lexicon, part, analyzer, split=False)
                s, u = self._score(lexicon, part_variants, None, analyzer)
                part_scores.append(s)
                used |= u
            both = np.minimum.reduce(part_scores) > 0
            combined = np.where(both, W_SPLIT * sum(part_scores) / len(parts), 0)
            scores = np.maximum(scores, combined.astype(np.float32))
        return scores, used

    def _split(self, lexicon, term, analyzer):
        """A compound as two terms of the index: "deutschkur" → deutsch + kur; a linking
        "s"/"n"/"en"/"es" may sit between ("beratungsstell" → berat + stell)."""
        if len(term) < 7:
            return None
        best = None
        for i in range(3, len(term) - 2):
            left, right = term[:i], term[i:]
            right_term = T.stem(right, analyzer)
            if right_term not in lexicon.vocab and right not in lexicon.vocab:
                continue
            for candidate in (left, left[:-1] if left[-1] in "sn" else None,
                              left[:-2] if left.endswith(("en", "es")) else None):
                if not candidate or len(candidate) < 3:
                    continue
                left_term = T.stem(candidate, analyzer)
                if left_term in lexicon.vocab or candidate in lexicon.vocab:
                    l = left_term if left_term in lexicon.vocab else candidate
                    r = right_term if right_term in lexicon.vocab else right
                    score = min(len(l), len(r))
                    if best is None or score > best[0]:
                        best = (score, [l, r])
                    break
        return best[1] if best else None

    def record_scores(self, row_scores):
        """Best row per record."""
        if not len(row_scores):
            return np.zeros(0, np.float32)
        return np.maximum.reduceat(row_scores, self.record_start)

    # --- semantic -----------------------------------------------------------------------

    def semantic(self, query_vector, *, mean_weight=None):
        """(score per record, -1 where a record has no vector yet; cosine per passage).
        The score is the best passage's cosine, blended with the mean over the record's
        passages: the best passage finds the paragraph a question is about, the mean
        keeps one stray passage of an unrelated page from winning — it helped most across
        languages (omos-qa, chosen on the even question ids; bench/search_quality.py)."""
        best, mean, cos = self.semantic_parts(query_vector)
        weight = SEM_MEAN if mean_weight is None else mean_weight
        out = np.where(best > -1, (best + weight * mean) / (1 + weight), -1.0).astype(np.float32)
        return out, cos

    def semantic_parts(self, query_vector, *, generic=None):
        """(best passage cosine per record, mean passage cosine per record, cosine per
        passage), -1 where a record has no vector. Each cosine is lowered by `generic`
        (SEM_GENERIC) × how much more the passage resembles the segment's average passage
        than passages do on average: generic passages (contact details, "more information
        at …") are close to every question, most of all to one in another language, and
        otherwise outrank the passage that answers it (a "hubness" correction; omos-qa,
        Arabic questions on German texts: recall@5 +0.02 to +0.04, German and French
        questions gain too; chosen on the even question ids)."""
        best = np.full(self.n_records, -1.0, np.float32)
        mean = np.full(self.n_records, -1.0, np.float32)
        if not len(self.matrix):
            return best, mean, None
        weight = SEM_GENERIC if generic is None else generic
        cos = V.cosines(self.matrix, query_vector)
        if weight:
            cos = cos - weight * self._genericity()
        best[self.passage_run_record] = np.maximum.reduceat(cos, self.passage_starts)
        mean[self.passage_run_record] = np.add.reduceat(cos, self.passage_starts) / self.passage_counts
        return best, mean, cos

    def _genericity(self):
        """Per passage: its cosine with the normalised mean of the segment's passages,
        minus the average of that (so scores keep their scale); computed on first use."""
        generic = getattr(self, "_generic", None)
        if generic is None or len(generic) != len(self.matrix):
            centroid = V.mean(self.matrix)
            norm = float(np.linalg.norm(centroid))
            generic = V.cosines(self.matrix, centroid / norm) if norm > 0 else np.zeros(len(self.matrix), np.float32)
            generic = (generic - generic.mean()).astype(np.float32)
            self._generic = generic
        return generic

    def best_passage(self, cos, record):
        """Index into the passages of a record's best passage of text.chunks() (the short
        windows count for the score, the snippet shows the longer passage), or None."""
        if cos is None:
            return None
        idx = np.flatnonzero((self.passage_record == record) & (self.passage_position < T.SHORT_POSITION))
        if not len(idx):
            return None
        return int(idx[np.argmax(cos[idx])])

    # --- facets -------------------------------------------------------------------------

    def facet_counts(self, mask):
        out = {}
        for name, (recs, codes, labels, _) in self.facets.items():
            if not len(recs):
                out[name] = {}
                continue
            counts = np.bincount(codes[mask[recs]], minlength=len(labels))
            out[name] = {labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}
        return out

    def facet(self, name):
        """(records, value codes, labels, {label: code}) of one facet (facets[name])."""
        return self.facets[name]

    def named_records(self, query, memo=None):
        """{facet: the records held in a district or meant for a target group the query
        names} (a record may come twice); {} when it names none of this segment's.
        `memo`: a dict kept over the segments of one search (the query's terms, once)."""
        from teilhabe.search.vocabulary import named

        memo = {} if memo is None else memo
        terms = memo.get(("named", query))
        if terms is None:
            terms = memo[("named", query)] = set(T.terms(query, "de"))
        out = {}
        for facet, values in named(query, self.names, terms=terms).items():
            recs, codes, _, code = self.facet(facet)
            wanted = [code[v] for v in values if v in code]
            if wanted and len(recs):
                # A query names one or two values: compared one by one, not np.isin (its
                # set-up was half of this method's time, run for 2,000 towns per search).
                chosen = codes == wanted[0]
                for value in wanted[1:]:
                    chosen |= codes == value
                out[facet] = recs[chosen]
        return out

    def filter_mask(self, filters):
        mask = np.ones(self.n_records, bool)
        for name, wanted in (filters or {}).items():
            if wanted in (None, "", [], ()):
                continue
            wanted = wanted if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
            recs, codes, _, code = self.facet(name)
            wanted_codes = [code[v] for v in wanted if v in code]
            hit = np.zeros(self.n_records, bool)
            if wanted_codes and len(recs):
                hit[recs[np.isin(codes, wanted_codes)]] = True
            mask &= hit
        return mask


# --- All municipalities at once ---------------------------------------------------------

# A stack is rebuilt once the segments it no longer covers (changed since) hold more than
# this share of the passages; until then those few are searched one by one.
RESTACK_SHARE = 0.2


class Stack:
    """The passages of many segments as one run, for a search across all municipalities:
    one reduction (best and mean per record) instead of one per segment, over cosines
    computed segment by segment straight from their mapped vector files — nothing is
    copied, so the stack costs a few small arrays per passage (its genericity and runs).
    A segment replaced after a change is not covered any more: it is searched on its own
    until the next rebuild."""

    def __init__(self, segs):
        segs = [seg for seg in segs if len(seg.matrix)]
        # municipality → (the segment, weakly; first passage row, passages, first record, records)
        self.where = {}
        self.keys = {}  # municipality → (index version, vector digest): what ann.py's index must match
        self.matrices = []
        starts, run_records, counts, generic = [], [], [], []
        p0 = r0 = 0
        for seg in segs:
            p1 = p0 + len(seg.matrix)
            self.matrices.append((p0, p1, seg.matrix))
            generic.append(seg._genericity())
            self.where[seg.municipality_id] = (weakref.ref(seg), p0, p1 - p0, r0, seg.n_records)
            self.keys[seg.municipality_id] = (seg.version, seg.vector_digest)
            starts.append(seg.passage_starts + p0)
            run_records.append(seg.passage_run_record + r0)
            counts.append(np.array(seg.passage_counts))  # a copy: read before the release below
            p0, r0 = p1, r0 + seg.n_records
            seg.release()  # its index file's pages read here (as Across)
        self.n_passages = p0
        self.n_records = r0
        self.generic = np.concatenate(generic) if generic else np.zeros(0, np.float32)
        del generic
        # Each segment's genericity becomes its share of the stack's (the same values): one
        # copy per process instead of two (12 MB at 3,000,000 passages).
        for seg, (p0, p1, _) in zip(segs, self.matrices):
            seg._generic = self.generic[p0:p1]
        self.starts = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        self.run_record = np.concatenate(run_records) if run_records else np.zeros(0, np.int64)
        self.counts = np.concatenate(counts) if counts else np.zeros(0, np.float32)

    def covers(self, seg):
        found = self.where.get(seg.municipality_id)
        return found is not None and found[0]() is seg

    def semantic(self, query_vector, wanted=None):
        """(score per record, cosine per passage) over the whole stack, computed as
        Segment.semantic() does per segment; part() cuts out one segment's share. Across
        many passages the approximate index answers instead (ann.py; `wanted`: the records
        asked for and their lexical scores: it scores the lexical matches exactly)."""
        approximate = ann.semantic(self, query_vector, wanted)
        if approximate is not None:
            return approximate
        best = np.full(self.n_records, -1.0, np.float32)
        mean = np.full(self.n_records, -1.0, np.float32)
        cos = np.empty(self.n_passages, np.float32)
        # Mapped, the stack's rows are read from one file of them (vectors.stacked: faulted
        # in 2 MB at a time instead of 64 KB), mapped on the first scan.
        rows = self.__dict__.get("_rows", False)
        if rows is False:
            rows = self._rows = V.stacked(self.matrices) if self.n_passages < ann.MIN_PASSAGES else None
        V.scan(self.matrices, query_vector, cos, rows)
        if SEM_GENERIC:
            cos -= SEM_GENERIC * self.generic
        if len(self.starts):
            best[self.run_record] = np.maximum.reduceat(cos, self.starts)
            mean[self.run_record] = np.add.reduceat(cos, self.starts) / self.counts
        out = np.where(best > -1, (best + SEM_MEAN * mean) / (1 + SEM_MEAN), -1.0).astype(np.float32)
        return out, cos

    def part(self, seg, scores, cos):
        _, p0, n_passages, r0, n_records = self.where[seg.municipality_id]
        if isinstance(cos, ann.Scored):   # the approximate index's: only the passages it scored
            return scores[r0:r0 + n_records], cos.dense(p0, p0 + n_passages)
        return scores[r0:r0 + n_records], cos[p0:p0 + n_passages]

    def records_of(self, seg):
        """The segment's first record in the stack and its number of records."""
        _, _, _, r0, n_records = self.where[seg.municipality_id]
        return r0, n_records


_stack = None
_stack_lock = threading.Lock()


def stack(segs):
    """This process's Stack for `segs`, (re)built when the segments it does not cover
    hold more than RESTACK_SHARE of the passages."""
    global _stack
    current = _stack
    total = sum(len(seg.matrix) for seg in segs)
    if current is not None:
        uncovered = sum(len(seg.matrix) for seg in segs if not current.covers(seg))
        if uncovered <= RESTACK_SHARE * total:
            return current
    with _stack_lock:
        if _stack is current:
            _stack = None  # the old one's memory can go as soon as its segments move
            _stack = Stack(segs)
        return _stack


# --- Lexical lookups across many municipalities -------------------------------------------

# A search across at least this many segments asks the Across filter first.
ACROSS_MIN_SEGMENTS = 20
# Across.lexical scores the postings it gathers in chunks of about this many (see _Found.score).
GATHER_CHUNK = 1 << 18
# The file of an Across's postings (postings.py) is written by a thread beside the searches,
# which meanwhile gather town by town; False: by the first search itself (tests).
PACK_LATER = True
_writers = []  # those threads, for clear_cache()
_EMPTY = np.zeros(0, np.int64)


class Across:
    """The lexical part of a search across many segments, for all of them at once
    (lexical): per analyzer the union of their lexicons' terms (Union), where a query
    term's expansions and splits, and a mistyped word's neighbours, are found once; each
    segment then takes its own share, so the answers are those of asking each one
    (tests/search/test_across_lexical.py). Like Stack, a segment replaced since is not
    covered: it is asked in full."""

    def __init__(self, segs):
        self.where = {}
        self.n = len(segs)
        dtype = np.uint16 if self.n < 2**16 else np.int32
        held = defaultdict(list)
        # Per analyzer its place among each segment's lexicons: a typo's correction is on
        # a tie the term of the analyzer first in the segment (Segment.lexical).
        places = defaultdict(lambda: np.zeros(self.n, np.int8))
        # Per segment its rows and records (where its share starts in lexical()'s arrays).
        self.n_rows = np.asarray([len(seg.row_record) for seg in segs], np.int64)
        self.n_records = np.asarray([seg.n_records for seg in segs], np.int64)
        for position, seg in enumerate(segs):
            self.where[seg.municipality_id] = (weakref.ref(seg), position)
            for place, (analyzer, lexicon) in enumerate(seg.lexicons.items()):
                places[analyzer][position] = place
                held[analyzer].append((position, lexicon))
        self.unions = {analyzer: Union(lexicons, dtype, segs) for analyzer, lexicons in held.items()}
        self.place = dict(places)
        self.has = {}  # analyzer → per segment: whether it has a lexicon of it
        for analyzer, lexicons in held.items():
            self.has[analyzer] = np.zeros(self.n, bool)
            self.has[analyzer][[position for position, _ in lexicons]] = True
        # The machine's file of these segments' postings (postings.py): mapped segments only.
        self.digest = P.digest(segs)
        self._packable = all(getattr(seg, "_mapping", None) is not None for seg in segs)
        self._packed = self._header = None
        self._pack_started = False

    def packed(self):
        """The mapped file of the segments' postings (postings.Packed), or None: in memory,
        while it is written (by a thread started here on the first call, see PACK_LATER),
        or where it cannot be written."""
        found = self._packed
        if found is not None or not self._packable:
            return found
        if self._header is None:
            self._header = P._header(self)
        found = self._packed = P.read(self, self._header)
        if found is None and not self._pack_started:
            self._pack_started = True
            if PACK_LATER:
                writer = threading.Thread(target=self._pack, name="postings", daemon=True)
                _writers[:] = [*(w for w in _writers if w.is_alive()), writer]
                writer.start()
            else:
                self._pack()
                found = self._packed
        return found

    def _pack(self):
        segs = [None] * self.n
        for ref, position in self.where.values():
            segs[position] = ref()
        if None in segs:
            return  # a segment went (replaced): this Across is on its way out
        try:
            self._packed, _ = P.write(self, segs)
        except OSError as error:
            log.warning("search postings: cannot write %s (%s); gathered town by town",
                        P.path(self.digest), error)

    def covers(self, seg):
        found = self.where.get(seg.municipality_id)
        return found is not None and found[0]() is seg

    def variants(self, analyzer, term, surface, memo):
        """Union.variants of `term`, once per search for all segments."""
        key = ("across-variants", analyzer, term, surface)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.unions[analyzer].variants(term, surface, self.n)
        return found

    def holding(self, analyzer, term, memo):
        """Per segment: whether its lexicon holds `term`."""
        key = ("across-holding", analyzer, term)
        mask = memo.get(key)
        if mask is None:
            mask = memo[key] = np.zeros(self.n, bool)
            union = self.unions[analyzer]
            u = union.index.get(term)
            if u is not None:
                mask[union.holders[union.indptr[u]:union.indptr[u + 1]]] = True
        return mask

    def split(self, analyzer, term, memo):
        """Segment._split of `term` for all segments at once: (per segment the index of its
        parts in the list, -1 for none; the list of [left, right] parts). The same choice as
        Segment._split makes in each: the split points in order, at each the first left
        part it holds, the longer shorter part winning."""
        key = ("across-split", analyzer, term)
        found = memo.get(key)
        if found is not None:
            return found
        best_score, best = np.full(self.n, -1), np.full(self.n, -1)
        pairs = []
        if len(term) >= 7:
            for i in range(3, len(term) - 2):
                left, right = term[:i], term[i:]
                right_term = T.stem(right, analyzer)
                right_stemmed = self.holding(analyzer, right_term, memo)
                undecided = right_stemmed | self.holding(analyzer, right, memo)
                for candidate in (left, left[:-1] if left[-1] in "sn" else None,
                                  left[:-2] if left.endswith(("en", "es")) else None):
                    if not undecided.any():
                        break
                    if not candidate or len(candidate) < 3:
                        continue
                    left_term = T.stem(candidate, analyzer)
                    left_stemmed = self.holding(analyzer, left_term, memo)
                    hit = undecided & (left_stemmed | self.holding(analyzer, candidate, memo))
                    for l_held in (True, False):
                        for r_held in (True, False):
                            chosen = hit & (left_stemmed == l_held) & (right_stemmed == r_held)
                            if not chosen.any():
                                continue
                            parts = [left_term if l_held else candidate, right_term if r_held else right]
                            score = min(len(parts[0]), len(parts[1]))
                            better = chosen & (score > best_score)
                            if better.any():
                                best_score[better], best[better] = score, len(pairs)
                                pairs.append(parts)
                    undecided &= ~hit
        found = memo[key] = (best, pairs)
        return found

    def near(self, analyzer, word, memo):
        """Segment._near of the mistyped `word` for all segments at once: (the union ids of
        the terms any of them may find, sorted; {union id: how the word was probably meant}
        for those that are a candidate spelling's term). A segment's own are those of them
        it holds: which terms are near depends on the word alone, not on the segment."""
        key = ("across-near", analyzer, word)
        found = memo.get(key)
        if found is None:
            union, spelled, ids = self.unions[analyzer], {}, set()
            candidates = _near_candidates(word, analyzer, memo)
            if candidates is not None:
                for candidate, term in candidates[0]:
                    u = union.index.get(term)
                    if u is not None:
                        spelled.setdefault(u, candidate)  # the first, as Segment._near
                ids.update(spelled)
                for term in T.word_terms(word, analyzer):
                    ids |= union.near(term)
            found = memo[key] = (np.asarray(sorted(ids), np.int64), spelled)
        return found

    def _typo(self, segs, word, where, memo, found, position, corrections):
        """Segment.lexical's reading of the mistyped `word` in the segments `where` (a mask
        over `segs`), for all of them in a few numpy steps per analyzer: in each segment
        its own terms among the union's neighbours (near), the first five by its own df
        (Union.df), then by term, at W_FUZZY; its correction is its most frequent first
        term of all analyzers (on a tie the one of the analyzer first in the segment),
        spelled as the segment has it (Segment._spelled, set here as _near sets it)."""
        best_df = np.full(len(segs), -1, np.int64)
        best_code = np.full(len(segs), -1, np.int64)
        best_uid = np.zeros(len(segs), np.int64)
        best_place = np.zeros(len(segs), np.int64)
        spellings = []
        for code, (analyzer, union) in enumerate(self.unions.items()):
            ids, spelled = self.near(analyzer, word, memo)
            if not len(ids):
                continue
            flat, uid = union._flat(ids)
            i = found.local[union.holders[flat]]
            keep = i >= 0
            keep[keep] = where[i[keep]]
            if not keep.any():
                continue
            flat, uid, i = flat[keep], uid[keep], i[keep]
            df = union.df[flat].astype(np.int64)
            order = np.lexsort((uid, -df, i))  # per segment: most frequent first, then by term
            flat, uid, i, df = flat[order], uid[order], i[order], df[order]
            rank = np.arange(len(i)) - np.searchsorted(i, i, "left")
            first = rank < 5
            found.add_terms(analyzer, i[first], uid[first], flat[first])
            place = self.place[analyzer][position[i]]
            if spelled:
                is_candidate = np.isin(uid, np.fromiter(spelled, np.int64, len(spelled)))
                spellings.append((union, spelled, i[is_candidate], place[is_candidate], uid[is_candidate]))
            top = rank == 0
            i, df, uid, place = i[top], df[top], uid[top], place[top]
            better = (df > best_df[i]) | ((df == best_df[i]) & (place < best_place[i]))
            i, df, uid, place = i[better], df[better], uid[better], place[better]
            best_df[i], best_code[i], best_uid[i], best_place[i] = df, code, uid, place
        # How each segment reads a candidate's term from now on: the first spelling it saw,
        # in its analyzers' order (one term may come from two analyzers' candidates).
        todo = []
        for union, spelled, i, place, uid in spellings:
            todo += zip(i.tolist(), place.tolist(), (union.terms[u] for u in uid.tolist()),
                        (spelled[u] for u in uid.tolist()))
        if len(spellings) > 1:
            todo.sort(key=lambda entry: entry[:2])
        for i, _, term, candidate in todo:
            segs[i]._spelled.setdefault(term, candidate)
        chosen = np.flatnonzero(best_code >= 0)
        terms = [union.terms for union in self.unions.values()]
        for i, code, u in zip(chosen.tolist(), best_code[chosen].tolist(), best_uid[chosen].tolist()):
            term = terms[code][u]
            corrections.setdefault(i, {})[word] = segs[i]._spelled.get(term, term)

    def lexical(self, segs, texts, memo):
        """Segment.lexical of each of `texts` ([(text, the indexes into `segs` it is asked of,
        None: all)]) for the segments `segs` (all covered by this Across), worked out
        together: each query term's expansions and splits, and a typo's neighbours, come
        from the unions once, every segment's postings of all the texts' terms are gathered
        in one go (a few numpy steps per segment that holds any, none for the others) and
        scored in one numpy pass per term. The same scores, matched terms and corrections
        as each segment's own Segment.lexical (tests/search/test_across_lexical.py).
        The matched terms and corrections are those of the first text (the query; the
        others are its synonyms)."""
        where = self.where
        position = np.fromiter((where[seg.municipality_id][1] for seg in segs), np.int64, len(segs))
        local = np.full(self.n, -1, np.int64)  # Across position → index into segs
        local[position] = np.arange(len(segs))
        found = _Found(self, position, local)
        corrections = {}
        for channel, (text, which) in enumerate(texts):
            asked = np.ones(len(segs), bool)
            if which is not None:
                asked[:] = False
                asked[which] = True
            found.start(channel, asked)
            self._lexical(segs, text, memo, found, position, corrections if channel == 0 else {})
        return found.score(segs, corrections, len(texts))

    def _lexical(self, segs, text, memo, found, position, corrections):
        """Across.lexical of one text: Segment.lexical's loop, each step for all segments."""
        seen = {analyzer: set() for analyzer in self.unions}
        unfound = []
        for word in _words(text[:500], memo):
            hit = np.zeros(len(segs), bool)
            for analyzer in self.unions:
                for term in T.word_terms(word, analyzer):
                    if term in seen[analyzer]:
                        hit |= self.has[analyzer][position]  # as Segment.lexical: a word seen counts as found
                        continue
                    seen[analyzer].add(term)
                    surface = T.fold(word) if "-" not in word else None
                    hit |= found.add(analyzer, self.variants(analyzer, term, surface, memo))
                    if analyzer == "de":
                        best, pairs = self.split(analyzer, term, memo)
                        chosen = best[position]
                        hit |= chosen >= 0
                        for n, parts in enumerate(pairs):
                            at = chosen == n
                            if at.any():
                                for side, part in enumerate(parts, 1):
                                    found.add(analyzer, self.variants(analyzer, part, None, memo), side, at)
                    found.unit += 1
            if not hit[found.asked].all() and T.word_terms(word, "de"):
                unfound.append((word, hit))
        for word, hit in unfound:  # as Segment.lexical's typos, in the segments not finding the word
            self._typo(segs, word, found.asked & ~hit, memo, found, position, corrections)
            found.unit += 1


class _Found:
    """What Across.lexical gathers: per posting list to read, the segment (index into the
    segs asked), analyzer, entry (its place in the analyzer's Union: the segment's term
    id is ids[entry]), weight, query term (unit, in the order Segment.lexical adds them
    up) and side (0: the term's variants, 1/2: the left/right part of its split)."""

    def __init__(self, across, position, local):
        self.across, self.position, self.local = across, position, local
        self.analyzers = list(across.unions)
        self.unit = 0
        self.channels = []  # per unit: which text it is of
        self.parts = []  # (segs index, analyzer code, entries, weights, unit, side)
        self.terms = []  # for matched(): (analyzer, segs index per entry, union ids) or (i, analyzer, [terms])

    def start(self, channel, asked):
        """What follows is of text number `channel`, asked of the segments `asked` (a mask)."""
        self.channel, self.asked = channel, asked

    def add(self, analyzer, variants, side=0, at=None):
        """The entries of Union.variants for the segments asked (and `at`, where given);
        returns per segment whether it has any."""
        bounds, uid, entries, kind = variants
        counts = np.diff(bounds)
        segs = self.local[np.repeat(np.arange(self.across.n), counts)]
        keep = segs >= 0
        keep[keep] = self.asked[segs[keep]] if at is None else (self.asked & at)[segs[keep]]
        held = np.zeros(len(self.position), bool)
        if keep.any():
            segs, uid = segs[keep], uid[keep]
            held[segs] = True
            code = self.analyzers.index(analyzer)
            self._add(segs, code, entries[keep], _WEIGHTS32[kind[keep]], side)
            if self.channel == 0:
                self.terms.append((analyzer, segs, uid))
        return held

    def _add(self, segs, code, entries, weights, side):
        self.channels.extend([self.channel] * (self.unit + 1 - len(self.channels)))
        self.parts.append((segs, code, entries, weights, self.unit, side))

    def add_terms(self, analyzer, segs, uid, entries):
        """A typo's nearest terms (Segment.lexical: W_FUZZY each): in the segments `segs`
        (indexes into the segs asked) the union ids `uid`, their entries `entries` (places
        in the Union, as Union.variants gives them)."""
        self._add(segs, self.analyzers.index(analyzer), entries.astype(np.int32),
                  np.full(len(segs), W_FUZZY, np.float32), 0)
        if self.channel == 0:
            self.terms.append((analyzer, segs, uid))

    def score(self, segs, corrections, n_texts):
        """The AcrossLexical of what was gathered: per text the record scores of all
        segments; the first text's row scores of the rows found."""
        rows0 = np.zeros(len(segs) + 1, np.int64)
        np.cumsum(self.across.n_rows[self.position], out=rows0[1:])
        records0 = np.zeros(len(segs) + 1, np.int64)
        np.cumsum(self.across.n_records[self.position], out=records0[1:])
        records = [np.zeros(records0[-1], np.float32) for _ in range(n_texts)]
        out = AcrossLexical(segs, rows0, records0, records, corrections, self)
        out.rows, out.row_scores = np.zeros(0, np.int64), np.zeros(0, np.float32)
        if not self.parts:
            return out
        # The entries, one run per segment and analyzer (a lexicon).
        columns = list(zip(*self.parts))
        sizes = [len(segs_of) for segs_of in columns[0]]
        seg_of = np.concatenate(columns[0])
        code = np.repeat(np.asarray(columns[1], np.int8), sizes)
        # A query term (unit) and its side as one small number, for a radix sort below.
        key = np.asarray([3 * unit + side for unit, side in zip(columns[4], columns[5])])
        key = np.repeat(key.astype(np.int16 if key.max() < 2**15 else np.int32), sizes)
        order = np.lexsort((code, seg_of))
        seg_of, code, key = seg_of[order], code[order], key[order]
        weight = np.concatenate(columns[3])[order]
        packed = self.across.packed()
        if packed is not None:
            entries = np.concatenate(columns[2])[order] + packed.base[code]
            found_rows, row_scores = self._score_packed(packed, seg_of, entries, weight, key, rows0, records0,
                                                        records, n_texts)
            out.rows, out.row_scores = np.concatenate(found_rows), np.concatenate(row_scores)
            return out
        # Each entry's term id in its segment's lexicon.
        unions = [self.across.unions[analyzer] for analyzer in self.analyzers]
        tid = np.concatenate([unions[c].ids[e] for c, e in zip(columns[1], columns[2])])[order].astype(np.int64)
        runs = np.flatnonzero((np.diff(seg_of) != 0) | (np.diff(code) != 0)) + 1
        runs = [0, *runs.tolist(), len(seg_of)]
        # Each run's postings, read from its segment (row numbers and records made global);
        # each segment's index file leaves the process's VmRSS right after (Segment.release:
        # reading all first would hold 2,000 files' pages at once, +130 MB at 1,000,000 offers).
        # Scored in chunks of whole segments of about GATHER_CHUNK postings: a row's score
        # depends on its own postings only, so the answers are the same, but the arrays per
        # posting exist for one chunk at a time (all at once: +116 MB VmHWM for "Bewerbung
        # schreiben" at 1,000,000 offers, bench/README.md m1peak).
        parts = ([], [], [], [])
        held = 0
        found_rows, row_scores = [], []
        rows_at, records_at = rows0.tolist(), records0.tolist()
        first = int(seg_of[0])
        for a, b in zip(runs, runs[1:]):
            i = int(seg_of[a])
            seg = segs[i]
            rows, weights, which, of = _postings(seg, seg.lexicons[self.analyzers[int(code[a])]], tid[a:b])
            for part, value in zip(parts, (rows + rows_at[i], weights, which + a, of + records_at[i])):
                part.append(value)
            held += len(rows)
            if b == len(seg_of) or seg_of[b] != i:
                seg.release()
                if held >= GATHER_CHUNK or b == len(seg_of):
                    chunk = self._score_chunk(parts, weight, key, rows_at[first], rows_at[i + 1], records, n_texts)
                    found_rows.append(chunk[0])
                    row_scores.append(chunk[1])
                    parts, held = ([], [], [], []), 0
                    first = int(seg_of[b]) if b < len(seg_of) else first
        out.rows, out.row_scores = np.concatenate(found_rows), np.concatenate(row_scores)
        return out

    def _score_packed(self, packed, seg_of, entries, weight, key, rows0, records0, records, n_texts):
        """score()'s gathering from the file of all segments' postings (postings.py): per
        chunk of whole segments of about GATHER_CHUNK postings one gather of all their
        entries, its pages dropped after each (as Segment.release). ([rows], [scores])."""
        starts = packed.indptr[entries]
        counts = packed.indptr[entries + 1] - starts
        packed.release()  # indptr's pages, at random places: not held through the gather
        ends = np.append(np.flatnonzero(np.diff(seg_of)) + 1, len(seg_of))  # each segment's last entry + 1
        held = np.cumsum(counts)[ends - 1]
        found_rows, row_scores = [], []
        a = done = 0
        try:
            while a < len(seg_of):
                k = min(int(np.searchsorted(held, done + GATHER_CHUNK, "left")), len(ends) - 1)
                b, done = int(ends[k]), int(held[k])
                # The chunk's entries by query term: its postings come out grouped as
                # _score_chunk groups them (not sorted there, one posting at a time).
                chosen = np.argsort(key[a:b], kind="stable") + a
                sizes = counts[chosen]
                total = int(sizes.sum())
                which = np.repeat(chosen, sizes)
                at = np.arange(total) + np.repeat(starts[chosen] - (np.cumsum(sizes) - sizes), sizes)
                rows = packed.rows[at] + np.repeat(rows0[seg_of[chosen]], sizes)
                of = packed.records[at] + np.repeat(records0[seg_of[chosen]], sizes)
                parts = ([rows], [packed.weights[at]], [which], [of])
                del at, rows, of, chosen
                first, last = int(seg_of[a]), int(seg_of[b - 1])
                chunk = self._score_chunk(parts, weight, key, int(rows0[first]), int(rows0[last + 1]), records,
                                          n_texts, grouped=True)
                packed.release()
                found_rows.append(chunk[0])
                row_scores.append(chunk[1])
                a = b
        finally:
            packed.release()
        return found_rows, row_scores

    def _score_chunk(self, parts, weight, key, lo, hi, records, n_texts, grouped=False):
        """score() for the postings gathered in `parts` (those of the segments whose rows
        are lo…hi-1): adds their records' best row scores into `records`; (the rows found,
        the first text's scores of them). `grouped`: the postings come by `key` already."""
        # (One array: as it is, not copied. Each is this chunk's own: changed in place below.)
        rows, values, entry, record_of = (part[0] if len(part) == 1 else np.concatenate(part) for part in parts)
        for part in parts:  # the caller's lists: their arrays go now, not after the chunk
            part.clear()
        values *= weight[entry]  # as Segment._score: weight × BM25 weight, in float32
        key = key[entry]
        del entry
        # The rows found, numbered 0…m-1 in order.
        rows -= lo
        touched = np.zeros(hi - lo, bool)
        touched[rows] = True
        found_rows = np.flatnonzero(touched)
        del touched
        number = np.empty(hi - lo, np.int32)
        number[found_rows] = np.arange(len(found_rows), dtype=np.int32)
        compact = number[rows]
        del number, rows
        record = np.empty(len(found_rows), np.int32)
        record[compact] = record_of
        del record_of
        if not grouped:  # a row's best per query term does not depend on the order within it
            by_key = np.argsort(key, kind="stable")
            key, compact, values = key[by_key], compact[by_key], values[by_key]
            del by_key
        cuts = [0, *(np.flatnonzero(np.diff(key)) + 1).tolist(), len(key)]
        runs = {}  # unit → {side: (a, b)}, in the order Segment.lexical adds them up
        for a, b in zip(cuts, cuts[1:]):
            unit, side = divmod(int(key[a]), 3)
            runs.setdefault(unit, {})[side] = (a, b)
        scores = [np.zeros(len(found_rows), np.float32) for _ in range(n_texts)]
        for unit, sides in runs.items():
            best = np.zeros(len(found_rows), np.float32)
            if 0 in sides:
                a, b = sides[0]
                np.maximum.at(best, compact[a:b], values[a:b])
            if 1 in sides or 2 in sides:  # Segment._score's split: both parts or nothing
                part_scores = []
                for side in (1, 2):
                    part_scores.append(np.zeros(len(found_rows), np.float32))
                    if side in sides:
                        a, b = sides[side]
                        np.maximum.at(part_scores[-1], compact[a:b], values[a:b])
                both = np.minimum.reduce(part_scores) > 0
                combined = np.where(both, W_SPLIT * sum(part_scores) / len(part_scores), 0)
                best = np.maximum(best, combined.astype(np.float32))
            scores[self.channels[unit]] += best
        for text_scores, text_records in zip(scores, records):  # Segment.record_scores: the best row per record
            np.maximum.at(text_records, record, text_scores)
        return found_rows + lo, scores[0]


def _postings(seg, lexicon, ids):
    """The postings of the terms `ids` in `lexicon` (one of `seg`'s): (rows, BM25 weights,
    the index into `ids` of each, the rows' records)."""
    indptr = lexicon.indptr
    starts, ends = indptr[ids], indptr[ids + 1]
    counts = ends - starts
    which = np.repeat(np.arange(len(ids), dtype=np.int32), counts)
    at = np.arange(len(which)) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
    rows = lexicon.rows[at]
    return rows, lexicon.weights[at], which, seg.row_record[rows]


class AcrossLexical:
    """Across.lexical's answer: `records` per text the record scores of all segments asked,
    one after the other (records0[i]: where segment i's start); match(i) the LexicalMatch
    of segment i and the first text."""

    def __init__(self, segs, rows0, records0, records, corrections, found):
        self.segs, self.rows0, self.records0, self.records = segs, rows0, records0, records
        self.corrections, self._found = corrections, found

    def match(self, i):
        return _AcrossMatch(self, i)

    def _row_scores(self, i):
        a, b = np.searchsorted(self.rows, self.rows0[i:i + 2])
        scores = np.zeros(self.rows0[i + 1] - self.rows0[i], np.float32)
        scores[self.rows[a:b] - self.rows0[i]] = self.row_scores[a:b]
        return scores

    def _matched(self, i):
        matched = {}
        for entry in self._found.terms:
            if isinstance(entry[0], str):
                analyzer, segs, uid = entry
                held = uid[segs == i]
                if len(held):
                    terms = self._found.across.unions[analyzer].terms
                    matched.setdefault(analyzer, set()).update(terms[u] for u in held.tolist())
            elif entry[0] == i:
                matched.setdefault(entry[1], set()).update(entry[2])
        return matched


class _AcrossMatch:
    """A LexicalMatch of one segment of an AcrossLexical: its row scores and matched terms
    worked out when read (for the few segments whose records a page shows)."""

    __slots__ = ("_of", "_i", "_scores", "_matched")

    def __init__(self, of, i):
        self._of, self._i, self._scores, self._matched = of, i, None, None

    @property
    def scores(self):
        if self._scores is None:
            self._scores = self._of._row_scores(self._i)
        return self._scores

    @property
    def matched(self):
        if self._matched is None:
            self._matched = self._of._matched(self._i)
        return self._matched

    @property
    def corrections(self):
        return self._of.corrections.get(self._i, {})


# Segment._variants' weights by how a term was found: the term itself, a prefix, a suffix.
_WEIGHTS = (1.0, W_PREFIX, W_SUFFIX)
_WEIGHTS32 = np.asarray(_WEIGHTS, np.float32)  # the same in float32, as `weight * weights` computes them


class Union:
    """One analyzer's terms across the segments of an Across: the union of their
    lexicons' terms, sorted and reversed, and for each term the segments holding it and its
    id in each (CSR). A query term's prefix and suffix expansions are found here once per
    search instead of in every segment's lexicon (a binary search and the decoding of up
    to 60 terms per segment, in Python over the mapped ones: the largest share of the
    mapped index's extra time across all, bench/README.md, issue 16 §2, round 2); each
    segment then takes its own share. The terms are one Python string each (a few
    thousand at 100,000 generated offers, every segment's term ids 6 bytes each)."""

    def __init__(self, held, dtype, segs):
        # One segment's terms decoded at a time (a mapped lexicon's are not strings yet):
        # numbered as first seen, renumbered in sorted order at the end. Each segment's
        # index file leaves the process's page tables once read (Segment.release): all 200
        # files at once were 63 MB more VmRSS at its peak (bench/README.md, round 3).
        seen, first_ids, positions, term_ids, dfs = {}, [], [], [], []
        for position, lexicon in held:
            terms = lexicon.terms
            names = terms if isinstance(terms, list) else terms.all()
            # In memory a term's id is its place in the dict; in the file its place in sorted order.
            term_ids.append(np.fromiter((lexicon.vocab[t] for t in names), np.int32, len(names))
                            if isinstance(lexicon.vocab, dict) else np.arange(len(names), dtype=np.int32))
            dfs.append(np.asarray(lexicon.df)[term_ids[-1]])
            segs[position].release()
            first_ids.append(np.fromiter((seen.setdefault(t, len(seen)) for t in names), np.int64, len(names)))
            positions.append(np.full(len(names), position, dtype))
            del names
        first = list(seen)
        del seen
        by_name = sorted(range(len(first)), key=first.__getitem__)
        self.terms = [first[i] for i in by_name]
        self.index = {t: i for i, t in enumerate(self.terms)}
        renumber = np.empty(len(first), np.int64)
        renumber[by_name] = np.arange(len(first))
        union_ids = renumber[np.concatenate(first_ids)] if first_ids else np.zeros(0, np.int64)
        order = np.argsort(union_ids, kind="stable")  # within a term: the segments in order
        self.holders = (np.concatenate(positions) if positions else np.zeros(0, dtype))[order]
        self.ids = (np.concatenate(term_ids) if term_ids else np.zeros(0, np.int32))[order]
        # Each segment's df of the term (a count of rows: whole numbers, exact in either
        # type), for the typo look-up's order "most frequent first" without its file.
        df = np.concatenate(dfs) if dfs else np.zeros(0, np.float32)
        del dfs
        self.df = df[order].astype(np.uint16 if not len(df) or df.max() < 2**16 else np.uint32)
        del df
        self.indptr = np.zeros(len(self.terms) + 1, np.int64)
        self.indptr[1:] = np.cumsum(np.bincount(union_ids, minlength=len(self.terms)))
        by_reversed = sorted(range(len(self.terms)), key=lambda i: self.terms[i][::-1])
        self.reversed = [self.terms[i][::-1] for i in by_reversed]
        self.reversed_ids = np.asarray(by_reversed, np.int64)

    @staticmethod
    def _starting(strings, text):
        i = bisect.bisect_left(strings, text)
        j = bisect.bisect_left(strings, text + "\U0010ffff", i)
        while j < len(strings) and strings[j].startswith(text):
            j += 1
        return i, j

    def _flat(self, ids):
        """(the places in holders / ids / df of the terms `ids` in every segment holding
        them, term after term; the union id of each)."""
        starts = self.indptr[ids]
        counts = self.indptr[ids + 1] - starts
        flat = np.arange(int(counts.sum())) + np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return flat, np.repeat(ids, counts)

    def _pairs(self, ids, kind, limit):
        """(segment positions, union ids, entries, kind) of the terms `ids` (in the order
        that decides which come first) in every segment holding them, sorted by segment,
        at most `limit` per segment (None: all)."""
        flat, uid = self._flat(ids)
        total = len(flat)
        positions = self.holders[flat]
        order = np.argsort(positions, kind="stable")
        positions, uid, flat = positions[order], uid[order], flat[order]
        if limit is not None:
            keep = np.arange(total) - np.searchsorted(positions, positions, "left") < limit
            positions, uid, flat = positions[keep], uid[keep], flat[keep]
        return positions, uid, flat.astype(np.int32), np.full(len(uid), kind, np.int8)

    def variants(self, term, surface, n):
        """Segment._variants of `term` for all segments at once: (bounds, union ids,
        entries, kind 0/1/2 = _WEIGHTS' term, prefix, suffix); segment p's share is
        bounds[p]:bounds[p + 1]; an entry is a place in holders and ids (ids[entry]: the
        term's id in that segment), as postings.py's file numbers them. The same choices
        as Segment._variants, in the same order: the term; the first MAX_EXPANSIONS of
        the segment's terms starting with the prefix and those ending with the term (then
        only those 3 letters longer); a term found twice keeps its first weight."""
        found = []
        u = self.index.get(term)
        if u is not None:
            found.append(self._pairs(np.asarray([u], np.int64), 0, None))
        prefix = term
        if len(term) < 4 and surface and surface.startswith(term) and len(surface) > len(term):
            prefix = surface[:len(term) + 1]
        if len(prefix) >= 4:
            i, j = self._starting(self.terms, prefix)
            if i < j:
                found.append(self._pairs(np.arange(i, j, dtype=np.int64), 1, MAX_EXPANSIONS))
        if len(term) >= 3:
            i, j = self._starting(self.reversed, term[::-1])
            if i < j:
                positions, uid, entries, kind = self._pairs(self.reversed_ids[i:j], 2, MAX_EXPANSIONS)
                long = np.fromiter((len(self.terms[x]) >= len(term) + 3 for x in uid.tolist()), bool, len(uid))
                found.append((positions[long], uid[long], entries[long], kind[long]))
        if not found:
            return np.zeros(n + 1, np.int64), _EMPTY, _EMPTY, _EMPTY
        positions, uid, entries, kind = (np.concatenate(parts) for parts in zip(*found))
        order = np.lexsort((kind, uid, positions))
        positions, uid, entries, kind = positions[order], uid[order], entries[order], kind[order]
        first = np.ones(len(uid), bool)
        first[1:] = (positions[1:] != positions[:-1]) | (uid[1:] != uid[:-1])
        positions, uid, entries, kind = positions[first], uid[first], entries[first], kind[first]
        return np.searchsorted(positions, np.arange(n + 1), "left"), uid, entries, kind

    def near(self, term):
        """The union ids of the terms one edit away from `term` (Lexicon.near's, over
        the union's terms: a segment's own are those of them it holds). The union's typo
        table is made on the first typo (8 bytes per term and deletion: ≈ 40 KB per
        analyzer at 1,000,000 generated offers, ≈ 2,100 terms each)."""
        from teilhabe.search import segment_file as F

        table = self.__dict__.get("_deletes")
        if table is None:
            table = self._deletes = F.delete_table(self.terms)
        return F.near_ids(*table, self.terms, term)


_across = None
_across_lock = threading.Lock()


def across(segs):
    """This process's Across for `segs`, (re)built when the segments it does not cover
    are more than RESTACK_SHARE of them (as stack())."""
    global _across
    current = _across
    if current is not None and sum(not current.covers(seg) for seg in segs) <= RESTACK_SHARE * len(segs):
        return current
    with _across_lock:
        if _across is current:
            _across = None
            _across = Across(segs)
        return _across


# --- The per-process cache ----------------------------------------------------------------

_segments = {}
_cache_lock = threading.Lock()
# How often _segments changed, and the last segments() of all municipalities: (that count
# then, their (municipality, version) pairs, their segments).
_changes = 0
_every = None


def _settle():
    """Move what was just loaded out of the cyclic garbage collector's sight (gc.freeze):
    the indexes of all municipalities are millions of long-lived list items and strings,
    and every full collection walked them — 100-160 ms pauses in the middle of requests
    with 200 municipalities loaded (bench/search_speed.py). A segment replaced later is
    still freed by reference counting; it holds no cycles. The young generations are
    collected first, so little garbage is frozen with it."""
    if not getattr(_loading, "freeze", True):
        return
    gc.collect(1)
    gc.freeze()


_loading = threading.local()


@contextlib.contextmanager
def loaded_briefly():
    """Segments loaded inside are not frozen (see _settle): for a process that drops
    them right after use (the worker rendering pages), so that they, and the garbage of
    the work around them, are collected as usual instead of accumulating."""
    before = getattr(_loading, "freeze", True)
    _loading.freeze = False
    try:
        yield
    finally:
        _loading.freeze = before


class StoredVectors:
    """Which passages of a municipality have a vector (`hash in stored`), and their rows
    from this machine's vector file of the index version (vectors.load), which reads the
    vectors themselves from the database only when the file has to be built."""

    def __init__(self, municipality_id, version):
        from teilhabe.search.models import Embedding, Passage

        self.municipality_id, self.version = municipality_id, version
        self._embeddings = Embedding.objects.filter(
            hash__in=Passage.objects.filter(municipality_id=municipality_id).values("hash"))
        self._have = set(self._embeddings.values_list("hash", flat=True))

    def __contains__(self, hash_):
        return hash_ in self._have

    def rows(self, hashes):
        return V.load(self.municipality_id, self.version, hashes, self._fetch)

    def _fetch(self, hashes):
        return {h: from_bytes(bytes(v)).astype(np.float32) for h, v in self._embeddings.values_list("hash", "vector")}


def load_segment(municipality_id, version):
    """The municipality's segment mapped from this machine's file of the index version
    (segment_file.py), built from the database first when the file is missing or
    damaged; in this process's own memory (as before the files) with
    settings.SEARCH_IN_MEMORY, or where no file can be written."""
    from django.conf import settings

    from teilhabe.search import segment_file as F
    from teilhabe.search.models import Synonyms
    from teilhabe.search.vocabulary import own_sets

    if settings.SEARCH_IN_MEMORY:
        segment = build_segment(municipality_id, version)
        segment.passage_hashes = None
        return segment

    def mapped():
        found = F.read(target, municipality_id, version)
        if found is None:
            return None
        own = Synonyms.objects.filter(municipality_id=municipality_id).values_list("text", flat=True).first()
        return Segment.from_file(municipality_id, version, *found, names=segment_names(municipality_id),
                                 synonyms=own_sets(own))

    target = F.path(municipality_id, version)
    segment = mapped()
    if segment is not None:
        return segment
    built = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Not the vector file's lock (vectors.load takes that one inside: flock would wait on itself).
        with open(target.parent / f"m{municipality_id}.seg.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            segment = mapped()  # built by another process meanwhile
            if segment is not None:
                return segment
            for stale in target.parent.glob(f".m{municipality_id}-v*.seg.*.tmp"):  # a writer that died (vectors.write)
                stale.unlink(missing_ok=True)
            built = build_segment(municipality_id, version)
            vector_file = V.generation(municipality_id, version, built.passage_hashes) if built.passage_hashes else None
            if vector_file is not None and V._map(vector_file, len(built.passage_hashes)) is None:
                return built  # its vectors are in memory (no file could be written): so stays the rest
            if _version(municipality_id) != version:
                return built  # changed while it was read: no file under a version it is not
            F.write(built, target, vector_file.name if vector_file else None)
            F.remove_others(municipality_id, target)
    except OSError as error:
        log.warning("search index: cannot write %s (%s); kept in this process's memory", target, error)
        return built or build_segment(municipality_id, version)
    return mapped() or built


def _version(municipality_id):
    from teilhabe.search.models import IndexState

    return IndexState.objects.filter(municipality_id=municipality_id).values_list("version", flat=True).first()


def build_segment(municipality_id, version):
    """The segment in this process's memory, from the database (and the vector file)."""
    from teilhabe.search.models import Document, Passage, Synonyms
    from teilhabe.search.vocabulary import own_sets

    docs = list(Document.objects.filter(municipality_id=municipality_id).values(
        "id", "kind", "object_id", "language", "terms", "analyzer", "sort_key", "facets"))
    passages = list(Passage.objects.filter(municipality_id=municipality_id).values(
        "document_id", "position", "hash"))
    own = Synonyms.objects.filter(municipality_id=municipality_id).values_list("text", flat=True).first()
    return Segment(municipality_id, version, docs, passages, StoredVectors(municipality_id, version),
                   names=segment_names(municipality_id), synonyms=own_sets(own))


def segment_names(municipality_id):
    """The phrases naming a municipality's districts and target groups (saving either
    refreshes the index, so the segment's version changes with them)."""
    from teilhabe.municipalities.models import District, TargetGroup
    from teilhabe.search.vocabulary import names

    return names(dict(District.objects.filter(municipality_id=municipality_id).values_list("pk", "name")),
                 dict(TargetGroup.objects.filter(municipality_id=municipality_id).values_list("pk", "names")))


def segments(municipality_ids=None, *, versions=None):
    """The current segment of each municipality asked for (all when None), from this
    process's cache where the stored version still matches. `versions`
    ({municipality id: IndexState.version}) may come with the caller's own query (the
    API reads it with the municipality, see index_version()): one round trip less."""
    from teilhabe.search.models import IndexState

    global _every, _changes
    if versions is not None and municipality_ids is not None and set(municipality_ids) <= set(versions):
        pairs = [(m, versions[m]) for m in municipality_ids if versions[m] is not None]
    else:
        states = IndexState.objects.all()
        if municipality_ids is not None:
            states = states.filter(municipality_id__in=municipality_ids)
        pairs = list(states.values_list("municipality_id", "version"))
    every = _every
    if municipality_ids is None and every is not None and every[0] == _changes and every[1] == pairs:
        # All of them, no version changed and none loaded or forgotten since: compared as a
        # whole instead of 2,000 look-ups.
        return list(every[2])
    changes = _changes
    out = []
    for municipality_id, version in pairs:
        segment = _segments.get(municipality_id)
        if segment is None or segment.version != version:
            with _cache_lock:
                segment = _segments.get(municipality_id)
                if segment is None or segment.version != version:
                    segment = load_segment(municipality_id, version)
                    _segments[municipality_id] = segment
                    _changes += 1
                    changes += 1
                    _settle()
        out.append(segment)
    if municipality_ids is None and changes == _changes:  # no other thread changed the cache meanwhile
        _every = (changes, pairs, tuple(out))
    return out


def index_version():
    """An expression for Municipality querysets: the municipality's IndexState.version
    (None without an index), to annotate as `index_version` and hand to segments()."""
    from django.db.models import OuterRef, Subquery

    from teilhabe.search.models import IndexState

    return Subquery(IndexState.objects.filter(municipality_id=OuterRef("pk")).values("version")[:1])


def is_loaded(municipality_id):
    return municipality_id in _segments


def forget(municipality_id):
    """Drop one municipality's index from this process (the worker, after rendering a
    page that needed it, so that its memory does not grow with every municipality)."""
    global _changes
    with _cache_lock:
        _segments.pop(municipality_id, None)
        _changes += 1


def clear_cache():
    global _stack, _across, _every, _changes
    while _writers:  # a file of postings being written (Across.packed)
        _writers.pop().join()
    with _cache_lock:
        _segments.clear()
        _every = None
        _changes += 1
    _stack = None
    _across = None
