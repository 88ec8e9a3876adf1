"""What the portal and the JSON API call: search_offers() and search_site().

Ranking combines the lexical and the semantic score of each record (see fuse()). Nothing
here writes; a request never embeds a passage, only its query (about 10 ms)."""
import contextlib
import math
import threading
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from teilhabe.lib import malloc
from teilhabe.municipalities.languages import LANGUAGES
from teilhabe.search import engine
from teilhabe.search import text as T
from teilhabe.search import vocabulary

FACETS = ("field_of_action", "target_group", "district", "language")
SITE_KINDS = ("measure", "actor", "concept", "guideline", "field", "goal")

# Fusion of the two scores, tuned on half of the omos-qa questions (bench/search_quality.py).
FUSION = {
    "mode": "weighted",     # "weighted" (normalised scores) or "rrf" (reciprocal ranks)
    "alpha": 0.05,          # weight of the lexical score in "weighted"
    "floor": 0.74,          # cosine below which a passage says nothing (e5 scores are compressed)
    "rrf_k": 60,
    # The semantic side counts when the query's best record stands out of the query's own
    # background — its scores over the municipality's records: z-score (best − mean) / sd
    # at least `sem_z` × √(2 ln n) for n records. Every question in another language has
    # lower cosines, not a narrower spread, so one z-score judges both where one cosine
    # floor could not. The records within `sem_z_window` sd of the best then match (a
    # question's right page is often not its best one). Chosen on the tuning parts of
    # bench/search_town.py (200 offers: z ≥ 2.44) and of omos-qa (even ids): a higher bar
    # (0.808) sends one more foreign nonsense query to the no-result page and hides weak
    # right hits of Arabic questions (bench/README.md).
    "sem_z": 0.75,
    # A question that can only match semantically — written in letters none of the
    # searched texts' languages uses (semantic_only()) — stands out less: the best record
    # of an Arabic omos-qa question lies about 0.7 × as many sd above the mean as that of
    # a German one (medians, Landkreis Augsburg; e5's cross-lingual scores are compressed).
    # Its bar is lower: every answerable Arabic question of Augsburg's tuning part (even
    # ids) passes it, as every German one passes `sem_z` (bench/README.md). Such a
    # question has no lexical side to hold nonsense back; its reader sees the nearest
    # offers rather than an empty page.
    "sem_z_other": 0.65,
    "sem_z_window": 1.5,
    # Below `sem_z_records` records a z-score says little (it cannot exceed √(n − 1)):
    # there the best record must stand `sem_margin` above the mean cosine instead.
    "sem_z_records": 30,
    "sem_margin": 0.035,
    # A lexical match counts where the record's cosine is at least `lex_z` sd above the
    # mean (below `sem_z_records` records, and for records without vectors, always).
    "lex_z": 1.0,
    # mode="semantic" (benchmarks): records within `sem_window` of the best cosine.
    "sem_window": 0.05,
}
# Readers whose query is taken to be in the texts' language (query_in_own_language).
OWN_LANGUAGES = ("de", "de-ls")
# How much a synonym of a query word (vocabulary.expansions) counts against the word itself.
W_SYNONYM = 0.7
# Added to the fused score (0–1) of a record held in a district, or meant for a target group,
# that the query names ("Hausaufgabenhilfe im Nordfeld", "Schwimmen für Frauen"): the topic
# still decides, the place or group orders the offers of that topic (bench/search_town.py).
NAMED_BONUS = {"district": 0.3, "target_group": 0.1}


@dataclass
class _Text:
    title: str
    body: str


@dataclass
class Hit:
    kind: str
    object_id: int
    municipality_id: int
    score: float
    matched_language: str
    snippet: list = field(default_factory=list)   # [(text, is_match)], plain text
    title: list = field(default_factory=list)     # the title in matched_language, same form
    rank: int = 0                                 # 1 = best, counting from the first result

    @property
    def offer_id(self):
        return self.object_id

    @property
    def snippet_html(self):
        return T.segments_html(self.snippet)

    @property
    def title_html(self):
        return T.segments_html(self.title)


@dataclass
class SearchResult:
    count: int
    hits: list
    facets: dict = field(default_factory=dict)
    corrections: dict = field(default_factory=dict)  # query word → the index word it was read as

    @property
    def suggestion(self):
        """The query with its typos corrected, for "Meinten Sie …?"; "" when none."""
        return " ".join(self.corrections.values()) if self.corrections else ""


def search_offers(*, municipality=None, query="", lang=None, filters=None, limit=20, offset=0,
                  mode="hybrid", texts=True, query_vector=None, facets=True, within=None):
    """Published offers of one municipality (a list of them: a Kreis's region, or all
    when None) matching `query`, best first; an empty query lists them all by title. `filters` may hold field_of_action,
    target_group, district (ids) and language (codes), each one value or a list; facets
    count the result set per value, and "municipality" per municipality id. `mode` "lexical" / "semantic" are for benchmarks.
    `texts=False` leaves titles and snippets empty, for a caller that loads the offers
    anyway and fills them with fill_texts() (one query less). `query_vector`: a Future
    from embed.query_soon(query) the caller started earlier (before its own database
    work), else the embedding starts here. `facets=False` leaves the counts out, for a
    caller that shows none (the API: 10 ms less across 200 municipalities). `within`
    {municipality id: offer ids} limits those municipalities' offers to the ids given (a
    town's search holds only the offers of its Kreis that serve it)."""
    return _search(municipality=municipality, query=query, lang=lang, filters=filters,
                   limit=limit, offset=offset, kinds=("offer",), mode=mode, texts=texts,
                   query_vector=query_vector, facets=facets, within=within)


def search_site(*, municipality, query, lang=None, limit=20, offset=0, mode="hybrid"):
    """Public measures, published actors and the current concept's pages (concept,
    guidelines, fields of action, goals) of one municipality matching `query`."""
    if not (query or "").strip():
        return SearchResult(0, [])
    return _search(municipality=municipality, query=query, lang=lang, filters=None,
                   limit=limit, offset=offset, kinds=SITE_KINDS, mode=mode)


def _municipality_id(municipality):
    return getattr(municipality, "pk", municipality)


def _scope(municipality):
    """(ids of the municipalities searched or None for all, the index versions known from
    the caller's own query: a Municipality annotated with engine.index_version())."""
    if municipality is None:
        return None, None
    many = municipality if isinstance(municipality, (list, tuple)) else [municipality]
    ids = [_municipality_id(m) for m in many]
    versions = {_municipality_id(m): m.index_version for m in many if hasattr(m, "index_version")}
    return ids, versions if len(versions) == len(ids) else None


# A search across many municipalities holds arrays per passage and record while it runs
# (≈ 40 MB at 900,000 passages): a worker's threads running several at once made its peak
# (at 300,000 offers the busier worker's VmHWM 322–330 MB, with this lock 293–296;
# bench/README.md "the peak per worker") and gain little, the numpy and Python work
# sharing the process's cores and GIL. So one at a time per process; a search over fewer
# than ACROSS_MIN_SEGMENTS municipalities (one town, most Kreise) is not held up.
_across_many = threading.RLock()  # re-entrant: a search inside a search cannot wait on itself


def _search(*, municipality, query, lang, filters, limit, offset, kinds, mode, texts=True, query_vector=None,
            facets=True, within=None):
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], ())}
    unknown = set(filters) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown filter: {', '.join(sorted(unknown))}")
    query = (query or "").strip()[:500]
    if query and mode in ("hybrid", "semantic") and query_vector is None:
        from teilhabe.search.embed import query_soon

        # Runs while the segments are looked up and the query is matched lexically.
        query_vector = query_soon(query)
    ids, versions = _scope(municipality)
    segs = engine.segments(ids, versions=versions)
    many = len(segs) >= engine.ACROSS_MIN_SEGMENTS
    try:
        with _across_many if many else contextlib.nullcontext():
            return _search_segments(segs, query=query, lang=lang, filters=filters, limit=limit, offset=offset,
                                    kinds=kinds, mode=mode, texts=texts, query_vector=query_vector, facets=facets,
                                    within=within)
    finally:
        # The index files' pages this search touched (across all: some of every
        # municipality's, through the kernel's fault-around nearly all) leave this
        # process's VmRSS; they stay in the page cache, one copy for the machine.
        for seg in segs:
            seg.release()
        if many:  # and the holes its per-municipality arrays left in the heap (lib/malloc.py)
            malloc.trim()


def _search_segments(segs, *, query, lang, filters, limit, offset, kinds, mode, texts, query_vector, facets,
                     within):
    per_segment = []
    for seg in segs:
        kind_mask = seg.kind_mask(kinds)
        mask = kind_mask & seg.filter_mask(filters) if filters and kinds == ("offer",) else kind_mask
        if within is not None and seg.municipality_id in within:
            mask = mask & _records_of(seg, within[seg.municipality_id])
        per_segment.append((seg, mask))

    if not query:
        return _listing(per_segment, limit, offset, lang, texts)

    lexical = mode in ("hybrid", "lexical")
    semantic = mode in ("hybrid", "semantic") and any(len(seg.matrix) for seg, _ in per_segment)

    # Lexical first, while the query's vector is computed on the embedding thread.
    lexical_parts, corrections, memo = [], {}, {}
    per_segment = [(seg, mask) for seg, mask in per_segment if mask.any()]  # the segments asked
    asked = [seg for seg, _ in per_segment]
    # Across many municipalities: the lexical part of all of them in one pass (engine.Across).
    across = engine.across(asked) if lexical and len(asked) >= engine.ACROSS_MIN_SEGMENTS else None
    # The segments it covers are scored together (lexical_scores_across), the others one by one.
    together = lexical_scores_across(across, [seg for seg in asked if across.covers(seg)], query, mode=mode,
                                     memo=memo) if across is not None else {}
    for seg, mask in per_segment:
        if seg.municipality_id in together:
            match, lex = together[seg.municipality_id]
            corrections.update(match.corrections)
        elif lexical:
            match, lex = lexical_scores(seg, query, mode=mode, memo=memo)
            corrections.update(match.corrections)
            if len(per_segment) > 1:
                seg.release()  # across many: not all their index pages in VmRSS at once
        else:
            match, lex = None, np.zeros(seg.n_records, np.float32)
        lexical_parts.append((seg, mask, match, lex))
    qvec = _vector(query_vector) if semantic and lexical_parts else None
    stacked = None
    if semantic and len(lexical_parts) > 1:
        # Across municipalities: one matrix product over all their passages.
        stack = engine.stack([seg for seg, *_ in lexical_parts])
        wanted = {seg.municipality_id: (mask, lex) for seg, mask, _, lex in lexical_parts}
        stacked = (stack, *stack.semantic(qvec, wanted))
    if not lexical_parts:
        return SearchResult(0, [], {name: {} for name in (*FACETS, "municipality")})
    # The records of all segments asked as one run, each segment's after the one before
    # (record_bounds): their scores side by side, cut out per segment only for the hits
    # shown and the facets — across 2,000 towns a loop of slices and copies per town cost
    # more than the arrays' work (bench/README.md, m1sem).
    segs = [seg for seg, *_ in lexical_parts]
    record_bounds = np.cumsum([0] + [seg.n_records for seg in segs])
    sem, cos_of = _semantic_run(lexical_parts, stacked, semantic, qvec, record_bounds)
    lex = np.concatenate([lex for *_, lex in lexical_parts])
    mask_all = np.concatenate([mask for _, mask, _, _ in lexical_parts])
    if not mask_all.all():
        # A record not asked (of another kind, filtered out) has no score at all: fuse()
        # leaves it out of its statistics and matches it never, as if cut out — without
        # the positions of all asked (8 MB across all) and copies of both runs by them.
        not_asked = ~mask_all
        lex[not_asked] = 0
        if not sem.flags.writeable:
            sem = sem.copy()
        sem[not_asked] = -1
        del not_asked
    del mask_all
    languages = set().union(*(seg.languages for seg in segs))
    fused, matching = fuse(lex, sem, mode=mode, own_language=query_in_own_language(query, lang),
                           semantic_only=semantic_only(query, languages))
    del lex, sem
    if mode == "hybrid" and kinds == ("offer",) and engine.may_name(query):
        _add_named_bonus(fused, matching, segs, record_bounds, query)
    order = np.flatnonzero(matching)
    order = order[np.argsort(-fused[order], kind="stable")]

    facets = _facets(segs, record_bounds, matching) if facets and kinds == ("offer",) else {}
    hits = []
    for position in order[offset:offset + limit]:
        s = int(np.searchsorted(record_bounds, position, side="right") - 1)
        seg, match = segs[s], lexical_parts[s][2]
        record = int(position) - int(record_bounds[s])
        hits.append(_hit(seg, record, float(fused[position]), match, cos_of(s), lang))
    for n, hit in enumerate(hits, offset + 1):
        hit.rank = n
    if texts:
        _fill_texts(hits)
    return SearchResult(len(order), hits, facets, corrections)


def _semantic_run(lexical_parts, stacked, semantic, qvec, record_bounds):
    """(the semantic score of every record of the segments asked, one run in their order;
    cos_of(s): the cosine per passage of the s-th segment, or None). A segment the stack
    covers gives its share of the stack's scores — the whole run at once where the stack
    holds these segments one after the other (a search across all) — and its cosines
    are cut out only when one of its records is shown."""
    scores, own, first = [], {}, None   # own: segment number → its own cosines (not in the stack)
    contiguous = stacked is not None
    for s, (seg, *_rest) in enumerate(lexical_parts):
        if stacked is not None and stacked[0].covers(seg):
            r0, n = stacked[0].records_of(seg)
            first = r0 if first is None else first
            contiguous = contiguous and r0 == first + int(record_bounds[s])
            scores.append(stacked[1][r0:r0 + n])
            continue
        contiguous = False
        if semantic:
            sem, own[s] = seg.semantic(qvec)
        else:
            sem, own[s] = np.full(seg.n_records, -1.0, np.float32), None
        scores.append(sem)
    if contiguous:
        run = stacked[1][first:first + int(record_bounds[-1])]
    else:
        run = np.concatenate(scores) if scores else np.zeros(0, np.float32)

    def cos_of(s):
        if s in own:
            return own[s]
        return stacked[0].part(lexical_parts[s][0], stacked[1], stacked[2])[1]
    return run, cos_of


def _add_named_bonus(fused, matching, segs, record_bounds, query):
    """Adds NAMED_BONUS to the fused score of each matching record held in a district or
    meant for a target group the query names. Each segment with a matching record gives
    the records it names (across all: dropping its pages read, as the lexical part does);
    the bonus is added over the run of all at once — per segment, its zeros, slices and
    np.where cost more than its few records (across 2,000 towns ~150 ms per search)."""
    positions = np.flatnonzero(matching)   # sorted: a segment holds one where its bounds differ
    holding = np.flatnonzero(np.diff(np.searchsorted(positions, record_bounds)))
    memo, named = {}, {}
    for s in holding.tolist():
        seg = segs[s]
        for facet, records in seg.named_records(query, memo).items():
            named.setdefault(facet, []).append(records + record_bounds[s])
        if len(segs) > 1:
            seg.release()
    if not named:
        return
    bonus = np.zeros(len(fused), np.float32)
    for facet in NAMED_BONUS:
        if facet not in named:
            continue
        hit = np.zeros(len(fused), bool)
        hit[np.concatenate(named[facet])] = True
        at = np.flatnonzero(hit)
        # As the per-record sum was: float32 += float64 weight × hit (the same rounding).
        bonus[at] = (bonus[at].astype(np.float64) + NAMED_BONUS[facet]).astype(np.float32)
    at = np.flatnonzero(matching & (bonus > 0))
    fused[at] += bonus[at]


def _records_of(seg, object_ids):
    """The segment's records of these objects, as a mask."""
    return np.isin(seg.record_object, np.fromiter(object_ids, np.int64))


def lexical_scores(seg, query, *, mode="hybrid", memo=None):
    """(the segment's LexicalMatch of the query, its lexical score per record): in the
    hybrid search the other words of the synonym sets the query names count too, at
    W_SYNONYM (bench/search_quality.py scores omos-qa through this as well)."""
    memo = {} if memo is None else memo
    match = seg.lexical(query, memo)
    lex = seg.record_scores(match.scores)
    synonyms = ""
    if mode == "hybrid":
        if seg.synonyms:
            synonyms = vocabulary.expansions(query, seg.synonyms)
        else:  # the shipped sets alone: the same for every segment of the search
            key = ("expansions", query)
            synonyms = memo[key] if key in memo else memo.setdefault(key, vocabulary.expansions(query))
    if synonyms:
        lex = lex + W_SYNONYM * seg.record_scores(seg.lexical(synonyms, memo).scores)
    return match, lex


def lexical_scores_across(across, segs, query, *, mode="hybrid", memo=None):
    """{municipality id: lexical_scores(seg, query)} of `segs` (covered by `across`, an
    engine.Across), worked out together (Across.lexical): the query and its synonyms in one
    pass over the segments' postings, each synonym text for the segments that share it
    (the shipped sets alone: all but the towns with sets of their own)."""
    memo = {} if memo is None else memo
    if not segs:
        return {}
    texts = [(query, None)]
    if mode == "hybrid":
        by_text = {}
        for i, seg in enumerate(segs):
            if seg.synonyms:
                synonyms = vocabulary.expansions(query, seg.synonyms)
            else:
                key = ("expansions", query)
                synonyms = memo[key] if key in memo else memo.setdefault(key, vocabulary.expansions(query))
            if synonyms:
                by_text.setdefault(synonyms, []).append(i)
        texts += [(synonyms, None if len(which) == len(segs) else which) for synonyms, which in by_text.items()]
    found = across.lexical(segs, texts, memo)
    lex = found.records[0]
    for extra in found.records[1:]:  # 0 outside the segments a text is asked of: lex + 0 is lex
        extra *= W_SYNONYM  # in place, the same float32 values: no copies of 1,000,000 records' scores
        lex += extra
    found.records = None  # the synonyms' scores are added up: not kept beside the rest of the search
    bounds = found.records0.tolist()
    return {seg.municipality_id: (found.match(i), lex[bounds[i]:bounds[i + 1]]) for i, seg in enumerate(segs)}


def query_in_own_language(query, lang):
    """Whether `query` is in the language the municipality's texts are written in: the
    reader reads German (or Leichte Sprache) and the query is in Latin letters. A word
    of such a query that no text holds — not as itself, a compound part, a synonym or a
    typo — names something nobody offers ("Golfplatz", "Reitstunden"), or is nonsense
    ("xyzzy"); its nearest offers only resemble it (bench/search_town.py). A reader of
    another language (or none given: the API without ?lang=) may ask in that language,
    as may a German reader in Arabic, Cyrillic … letters: the semantic side answers."""
    if lang not in OWN_LANGUAGES:
        return False
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in query)


def scripts(text):
    """The writing systems of the letters of `text`: {"LATIN"}, {"ARABIC"}, {"CYRILLIC"} …
    (the first word of each letter's Unicode name)."""
    return {unicodedata.name(ch, "").partition(" ")[0] for ch in text if ch.isalpha()} - {""}


# Each language's letters, from its own name ("العربية" → ARABIC, "Українська" → CYRILLIC).
LANGUAGE_SCRIPTS = {code: scripts(native) for code, _name, native, _rtl in LANGUAGES}


def semantic_only(query, languages):
    """Whether `query` can only match semantically: its letters belong to no script the
    texts' `languages` are written in (an Arabic question where the offers are German
    and English; not where some have an Arabic translation). A language teilhabe does
    not know might use any script."""
    written = set()
    for code in languages:
        if code not in LANGUAGE_SCRIPTS:
            return False
        written |= LANGUAGE_SCRIPTS[code]
    own = scripts(query)
    return bool(own) and not own & written


def _vector(query_vector):
    """The query's vector from a Future of embed.query_soon() (or a vector as it is)."""
    return query_vector.result() if hasattr(query_vector, "result") else query_vector


def fuse(lex, sem, *, mode="hybrid", params=None, own_language=False, semantic_only=False):
    """One score per record from the lexical (BM25) and semantic (cosine) ones, and which
    records match at all. `own_language`: the query is in the language the texts are
    written in (query_in_own_language()); found by no word of the texts, it asks for
    something nobody offers and matches nothing (the no-result page). `semantic_only`:
    the query is in letters no text uses (semantic_only()); its best record needs to
    stand out less (`sem_z_other`)."""
    p = {**FUSION, **(params or {})}
    has_sem = sem > -1
    lex_match = lex > 0
    sem_match = np.zeros(len(sem), bool)
    top = 0.0
    if has_sem.any():
        scores = sem[has_sem]
        top = float(scores.max())
        mean, sd = float(scores.mean()), float(scores.std())
        if len(scores) >= p["sem_z_records"] and sd > 0:
            # A word found in a record unlike the query as a whole ("für" of "Tierarzt für
            # meinen Hund" in an English text) is no evidence.
            lex_match &= ~has_sem | (sem >= mean + p["lex_z"] * sd)
    if has_sem.any() and (lex_match.any() or not own_language):
        if len(scores) >= p["sem_z_records"]:
            # The best of n unrelated scores lies about √(2 ln n) sd above their mean:
            # the bar grows with the number of records (a Kreis's search asks more).
            bar = p["sem_z_other"] if semantic_only else p["sem_z"]
            stands = sd > 0 and (top - mean) / sd >= bar * math.sqrt(2 * math.log(len(scores)))
        else:
            stands = top - mean >= p["sem_margin"]
        if stands:
            sem_match = has_sem & (sem >= top - p["sem_z_window"] * sd)
    if mode == "lexical":
        return lex, lex > 0
    if mode == "semantic":
        return sem, has_sem & (sem >= top - p["sem_window"]) if has_sem.any() else sem_match
    matching = lex_match | sem_match
    if p["mode"] == "rrf":
        fused = np.zeros(len(lex), np.float32)
        for scores, valid in ((lex, lex_match), (sem, has_sem)):
            order = np.argsort(-scores, kind="stable")
            ranks = np.empty(len(scores), np.float32)
            ranks[order] = np.arange(1, len(scores) + 1)
            fused += np.where(valid, 1.0 / (p["rrf_k"] + ranks), 0)
        return fused, matching
    lex_max = float(lex.max()) if len(lex) else 0.0
    floor = min(p["floor"], top - 1e-3) if has_sem.any() else 0.0
    # alpha × lex_n + (1 − alpha) × sem_n, where sem_n = clip((sem − floor) / (top − floor),
    # 0, 1) and 0 without a semantic score: the same operations in place, two arrays of
    # every record instead of nine (across all at 1,000,000 records each was 4 MB of pages
    # faulted in; working out only the records with a score was slower still: most have one).
    fused = lex / lex_max if lex_max > 0 else lex.copy()
    fused *= p["alpha"]
    sem_n = sem - floor
    sem_n /= max(top - floor, 1e-6)
    np.clip(sem_n, 0, 1, out=sem_n)
    np.copyto(sem_n, 0, where=~has_sem)
    sem_n *= 1 - p["alpha"]
    fused += sem_n
    return fused.astype(np.float32, copy=False), matching


def _facets(segs, record_bounds, matching):
    """Counts of the matching records (`matching`: over the run of all segments' records)
    per facet value and per municipality."""
    counts = {name: {} for name in (*FACETS, "municipality")}
    per_segment = np.diff(np.searchsorted(np.flatnonzero(matching), record_bounds)).tolist()
    for s, seg in enumerate(segs):
        n = per_segment[s]
        # One segment per municipality: a Kreis's search counts per town for free.
        counts["municipality"][seg.municipality_id] = n
        if not n:
            continue
        for name, values in seg.facet_counts(matching[record_bounds[s]:record_bounds[s + 1]]).items():
            target = counts[name]
            for value, k in values.items():
                target[value] = target.get(value, 0) + k
        if len(segs) > 1:
            seg.release()  # across many: not every town's facet pages in VmRSS at once
    return counts


def _listing(per_segment, limit, offset, lang, texts=True):
    """Empty query: every record, by title (German sort key, umlauts as their base letter)."""
    import heapq

    count, facets, runs = 0, {name: {} for name in (*FACETS, "municipality")}, []
    for seg, mask in per_segment:
        if not seg.n_records:
            continue
        ordered = seg.title_order[mask[seg.title_order]]
        count += len(ordered)
        facets["municipality"][seg.municipality_id] = len(ordered)
        runs.append([(seg.record_sort[r], seg.municipality_id, int(r), seg) for r in ordered[:offset + limit]])
        for name, values in seg.facet_counts(mask).items():
            for value, n in values.items():
                facets[name][value] = facets[name].get(value, 0) + n
    merged = heapq.merge(*runs, key=lambda item: item[:3])
    page = [item for _, item in zip(range(offset + limit), merged)][offset:]
    hits = [_hit(seg, record, 0.0, None, None, lang) for _, _, record, seg in page]
    for n, hit in enumerate(hits, offset + 1):
        hit.rank = n
    if texts:
        _fill_texts(hits)
    return SearchResult(count, hits, facets)


def _hit(seg, record, score, match, cos, lang):
    kind, object_id = seg.records[record]
    start = int(seg.record_start[record])
    end = int(seg.record_start[record + 1]) if record + 1 < seg.n_records else len(seg.row_record)
    rows = list(range(start, end))
    languages = [seg.row_language[r] for r in rows]
    chosen, passage = rows[0], None
    lexical_rows = [r for r in rows if match is not None and match.scores[r] > 0]
    if lexical_rows:
        best = max(match.scores[r] for r in lexical_rows)
        good = [r for r in lexical_rows if match.scores[r] >= 0.9 * best]
        chosen = next((r for r in good if seg.row_language[r] == lang), max(good, key=lambda r: match.scores[r]))
    elif cos is not None:
        p = seg.best_passage(cos, record)
        if p is not None:
            chosen = int(seg.passage_row[p])
            passage = int(seg.passage_position[p])
            if lang in languages and seg.row_language[chosen] != lang:
                chosen, passage = rows[languages.index(lang)], None
    elif lang in languages:
        chosen = rows[languages.index(lang)]
    hit = Hit(kind, object_id, seg.municipality_id, score, seg.row_language[chosen])
    hit._doc_id = int(seg.row_doc_id[chosen])
    hit._passage = passage
    hit._matched = None
    if lexical_rows:
        analyzer = seg.row_analyzer[chosen]
        hit._matched = (analyzer, match.matched.get(analyzer, set()))
    return hit


def _fill_texts(hits):
    """Titles and snippets of the hits shown, from one query for their documents."""
    if not hits:
        return
    from teilhabe.search.models import Document

    docs = {d.pk: (d.title, d.body) for d in Document.objects.filter(pk__in=[h._doc_id for h in hits])
            .only("pk", "title", "body")}
    fill_texts(hits, lambda hit: docs.get(hit._doc_id))


def fill_texts(hits, text_of):
    """Titles and snippets of `hits` from `text_of(hit)` → (title, body) of the document
    that matched (the object's text in hit.matched_language, as the index holds it), or
    None to leave a hit without."""
    for hit in hits:
        found = text_of(hit)
        if found is None:  # removed since this process loaded its copy
            continue
        doc = _Text(*found)
        if hit._matched:
            analyzer, matched = hit._matched

            def matches(word, analyzer=analyzer, matched=matched):
                return any(t in matched for t in T.word_terms(word, analyzer))
        else:
            def matches(word):
                return False
        hit.title = T.highlight(doc.title, matches)
        body = doc.body
        if hit._passage is not None:
            chunks = T.chunks(doc.title, doc.body)
            if hit._passage < len(chunks):
                body = chunks[hit._passage].partition("\n")[2] or body
        hit.snippet = T.snippet(body, matches) if body else []
