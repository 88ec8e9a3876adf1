"""Benchmark: does storing the passage vectors as int8 (teilhabe/search/vectors.py) change
what the search finds? The same vectors scored as stored before (float16, widened to
float32) and as the machine's vector file holds them (int8 with a scale per vector), on
omos-qa pages (../shared/data/omos-qa), through the engine's own Segment: recall@1,
recall@5 and MRR of the semantic and the hybrid score, German and Arabic questions on
the German texts, paired (the same questions, the same vectors).

    .venv/bin/python bench/search_vectors.py              # --pages 80 (of one city), --city muenchen
    .venv/bin/python bench/search_vectors.py --stack 200,2000   # the scan across all, by size

--stack: the semantic part of a search across all municipalities (engine.Stack over the
mapped int8 files: widening, product, generic correction, best and mean per record) with
synthetic unit vectors, 1,500 passages per municipality as at 100,000 offers in 200
(3 per record), for each number of municipalities: p50/p95 of 30 queries and the
process's own memory (RssAnon) beside the mapped files (RssFile). Baseline in the same
run: the float32 matrix held in the process, as before (skipped above 1,000,000 passages).

--ann: the approximate index for the search across all (teilhabe/search/ann.py) against
the exact scan, in one run, for each number of municipalities (1,500 passages each):
p50/p95 of the exact scan and of the index (no lexical matches, and with 10 % of the
records matching lexically, which it scores exactly), recall@10 of the index's best ten
records against the exact scan's, the score loss (the mean exact score of the best ten minus that of the ten the index
returns, the worst query: near-ties missed cost nothing), the build's time and the index's size. Two kinds of
vectors: "random" (unit vectors, as bench/search_speed.py generates: no structure at all,
the worst case for any index) and "demo" (real-ish: each passage one of the demo's
embedded passages, read from the database `--demo-db` names, plus noise of a tenth of its
length, the three of a record from one passage; the queries are search_speed.py's queries embedded by the engine's model).

    .venv/bin/python bench/search_vectors.py --ann 200,2000 --demo-db var/teilhabe.sqlite3

No database: the pages are cut into passages by the engine (text.passages) and embedded
with the engine's model; vectors are cached on disk with bench/search_quality.py's cache
(var/bench-cache/embeddings.sqlite3), so a later full quality run reuses them.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")


def memory():
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "RssAnon:", "RssFile:")):
            key, value, _ = line.split()
            values[key.rstrip(":")] = int(value) / 1024
    return values


def stack(sizes, per=1500):
    import tempfile

    import numpy as np
    from django.conf import settings

    from teilhabe.search import engine, vectors
    from teilhabe.search.embed import DIM

    class Part:
        """What engine.Stack reads of a Segment: its rows and its runs of passages."""

        def __init__(self, municipality_id, matrix):
            self.municipality_id, self.matrix = municipality_id, matrix
            self.n_records = len(matrix) // 3
            self.passage_starts = np.arange(0, len(matrix), 3, dtype=np.int64)
            self.passage_run_record = np.arange(self.n_records, dtype=np.int64)
            self.passage_counts = np.full(self.n_records, 3.0, np.float32)

        def _genericity(self):
            return np.zeros(len(self.matrix), np.float32)

    rng = np.random.default_rng(1)
    print(f"load {os.getloadavg()[0]:.1f} at {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
    print("| municipalities | passages | files MB | across all, mapped int8: p50 / p95 ms | RssAnon / RssFile MB "
          "| before (float32 in the process): p50 / p95 ms | its RssAnon MB |\n|---:|---:|---:|---|---|---|---:|")
    with tempfile.TemporaryDirectory(prefix="teilhabe-vectors-") as var:
        settings.VAR_DIR = Path(var)
        for n in sizes:
            parts = []
            for m in range(n):
                hashes = [f"{m}-{i}" for i in range(per)]

                def fetch(hashes):
                    v = rng.standard_normal((len(hashes), DIM)).astype(np.float32)
                    return dict(zip(hashes, v / np.linalg.norm(v, axis=1, keepdims=True)))

                parts.append(Part(m, vectors.load(m, 1, hashes, fetch)))
            engine.clear_cache()
            st = engine.Stack(parts)
            queries = rng.standard_normal((31, DIM)).astype(np.float32)
            times = []
            for q in queries:
                started = time.perf_counter()
                st.semantic(q / np.linalg.norm(q))
                times.append((time.perf_counter() - started) * 1000)
            times = sorted(times[1:])
            mem = memory()
            size = sum(f.stat().st_size for f in Path(var).rglob("*.npy")) / 2**20
            before = "—", "—"
            if n * per <= 1_000_000:
                flat = np.vstack([vectors.dequantise(p.matrix) for p in parts])
                generic = np.zeros(len(flat), np.float32)
                old = []
                for q in queries:
                    started = time.perf_counter()
                    cos = flat @ (q / np.linalg.norm(q)) - 0.4 * generic
                    np.maximum.reduceat(cos, st.starts), np.add.reduceat(cos, st.starts)
                    old.append((time.perf_counter() - started) * 1000)
                old = sorted(old[1:])
                before = f"{old[len(old) // 2]:.1f} / {old[int(0.95 * (len(old) - 1))]:.1f}", \
                    f"{memory()['RssAnon']:.0f}"
                del flat
            print(f"| {n:,} | {n * per:,} | {size:,.0f} | {times[len(times) // 2]:.1f} / "
                  f"{times[int(0.95 * (len(times) - 1))]:.1f} | {mem['RssAnon']:.0f} / {mem['RssFile']:.0f} | "
                  f"{before[0]} | {before[1]} |", flush=True)
            del st, parts
            for f in Path(var).rglob("*.npy"):
                f.unlink()
    print(f"load {os.getloadavg()[0]:.1f} at {time.strftime('%H:%M:%S', time.gmtime())} UTC")


def ann(sizes, demo_db, probes, kinds_asked=("random", "demo"), per=1500, n_queries=30):
    import sqlite3
    import tempfile

    import numpy as np
    from django.conf import settings

    from search_speed import QUERIES
    from teilhabe.search import ann as A
    from teilhabe.search import engine, vectors
    from teilhabe.search.embed import DIM, embed_query, from_bytes

    class Part:
        """What engine.Stack reads of a Segment (see stack())."""

        def __init__(self, municipality_id, matrix):
            self.municipality_id, self.matrix = municipality_id, matrix
            self.version, self.vector_digest = 1, f"d{municipality_id}"
            self.n_records = len(matrix) // 3
            self.passage_starts = np.arange(0, len(matrix), 3, dtype=np.int64)
            self.passage_run_record = np.arange(self.n_records, dtype=np.int64)
            self.passage_counts = np.full(self.n_records, 3.0, np.float32)

        def _genericity(self):
            return np.zeros(len(self.matrix), np.float32)

    kinds = ["random"] if "random" in kinds_asked else []
    if demo_db and "demo" in kinds_asked:
        with sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True) as db:
            demo = np.vstack([from_bytes(bytes(v)).astype(np.float32)
                              for (v,) in db.execute("SELECT vector FROM search_embedding")])
        demo /= np.linalg.norm(demo, axis=1, keepdims=True)
        demo_queries = np.vstack([embed_query(q) for q, _ in QUERIES])
        kinds.append("demo")
        print(f"demo: {len(demo):,} embedded passages from {demo_db}; {len(demo_queries)} queries embedded", flush=True)
    rng = np.random.default_rng(1)

    def unit(v):
        return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)

    print(f"load {os.getloadavg()[0]:.1f} at {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
    print("| vectors | municipalities | passages | exact p50 / p95 ms | index p50 / p95 ms | index, 10 % lexical "
          "p50 / p95 ms | recall@10 mean / min | score loss, worst | lists (probed) | build s | index MB | RssAnon / RssFile MB |\n"
          "|---|---:|---:|---|---|---|---|---:|---|---:|---:|---|", flush=True)
    with tempfile.TemporaryDirectory(prefix="teilhabe-ann-") as var:
        settings.VAR_DIR = Path(var)
        for kind in kinds:
            for n in sizes:
                parts = []
                for m in range(n):
                    def fetch(hashes):
                        if kind == "random":
                            v = rng.standard_normal((len(hashes), DIM))
                        else:
                            # The passages of a record (three in a row) are of one text.
                            base = np.repeat(demo[rng.integers(len(demo), size=len(hashes) // 3)], 3, axis=0)
                            v = base + 0.1 * unit(rng.standard_normal((len(hashes), DIM)))
                        return dict(zip(hashes, unit(v)))

                    parts.append(Part(m, vectors.load(m, 1, [f"{m}-{i}" for i in range(per)], fetch)))
                engine.clear_cache()
                A.forget()
                st = engine.Stack(parts)
                if kind == "random":
                    queries = unit(rng.standard_normal((n_queries + 1, DIM)))
                else:
                    picks = demo_queries[rng.integers(len(demo_queries), size=n_queries + 1)]
                    queries = unit(picks + 0.02 * unit(rng.standard_normal(picks.shape)))
                A.MIN_PASSAGES = 10 ** 12
                exact, exact_ms = [], []
                for q in queries:
                    started = time.perf_counter()
                    exact.append(st.semantic(q)[0])
                    exact_ms.append((time.perf_counter() - started) * 1000)
                A.MIN_PASSAGES = 0
                started = time.perf_counter()
                A.build_for(st)
                build_s = time.perf_counter() - started
                index = A.current()
                k = len(index.centroids)
                size = sum(f.stat().st_size for f in (Path(var) / "search" / "ann").rglob("*.npy")) / 2**20

                def p(values):
                    values = sorted(values[1:])
                    return f"{values[len(values) // 2]:.1f} / {values[int(0.95 * (len(values) - 1))]:.1f}"

                for share in probes:
                    A.PROBE_SHARE = share
                    ann_ms, recall, loss = [], [], []
                    for q, scores in zip(queries, exact):
                        started = time.perf_counter()
                        approximate = st.semantic(q)[0]
                        ann_ms.append((time.perf_counter() - started) * 1000)
                        best = set(np.argsort(-scores)[:10])
                        found = np.argsort(-approximate)[:10]
                        recall.append(len(best & set(found)) / 10)
                        # What a miss costs: the exact scores of the ten found against the best ten's.
                        loss.append(float(np.sort(scores)[-10:].mean() - scores[found].mean()))
                    lexical_ms = []
                    for q in queries:
                        wanted = {p.municipality_id: (np.ones(p.n_records, bool), rng.random(p.n_records) < 0.1)
                                  for p in parts}
                        started = time.perf_counter()
                        st.semantic(q, wanted)
                        lexical_ms.append((time.perf_counter() - started) * 1000)
                    mem = memory()
                    print(f"| {kind} | {n:,} | {n * per:,} | {p(exact_ms)} | **{p(ann_ms)}** | {p(lexical_ms)} | "
                          f"**{np.mean(recall[1:]):.3f}** / {min(recall[1:]):.1f} | {max(loss[1:]):.4f} | {k} "
                          f"({int(np.ceil(A.PROBE_SHARE * k))}) | {build_s:.1f} | {size:,.0f} | "
                          f"{mem['RssAnon']:.0f} / {mem['RssFile']:.0f} |", flush=True)
                del st, parts, index, exact
                engine.clear_cache()
                A.forget()
                for f in Path(var).rglob("*.npy"):
                    f.unlink()
    print(f"load {os.getloadavg()[0]:.1f} at {time.strftime('%H:%M:%S', time.gmtime())} UTC")


def A_PROBE():
    from teilhabe.search import ann

    return ann.PROBE_SHARE


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=80)
    parser.add_argument("--city", default="muenchen")
    parser.add_argument("--stack", help="numbers of municipalities, comma-separated, e.g. 200,2000")
    parser.add_argument("--ann", help="the approximate index against the exact scan, by size, e.g. 200,2000")
    parser.add_argument("--probe", help="--ann: shares of the lists probed, e.g. 0.04,0.1 (default: ann.PROBE_SHARE)")
    parser.add_argument("--kinds", default="random,demo", help="--ann: random, demo or both")
    parser.add_argument("--demo-db", help="--ann: a SQLite database whose embedded passages model real vectors")
    args = parser.parse_args()
    import django

    django.setup()
    if args.ann:
        return ann([int(n) for n in args.ann.split(",")], args.demo_db,
                   [float(p) for p in args.probe.split(",")] if args.probe else [A_PROBE()], args.kinds.split(","))
    if args.stack:
        return stack([int(n) for n in args.stack.split(",")])
    import numpy as np

    import search_quality as sq
    from teilhabe.search import text as T
    from teilhabe.search import vectors
    from teilhabe.search.embed import embed_passages, from_bytes, passage_hash, to_bytes
    from teilhabe.search.engine import Segment
    from teilhabe.search.query import fuse

    pages = [json.loads(line) for line in open(sq.DATA / "pages.jsonl", encoding="utf-8")]
    questions = [json.loads(line) for line in open(sq.DATA / "questions.jsonl", encoding="utf-8")]
    asked = {q["page_id"] for q in questions if q["answerable"] and q["city"] == args.city}
    pages = [p for p in pages if p["city"] == args.city and p["page_id"] in asked][:args.pages]
    ids = {p["page_id"]: i for i, p in enumerate(pages)}
    questions = [q for q in questions if q["answerable"] and q["city"] == args.city and q["page_id"] in ids
                 and q["lang"] in ("de", "ar")]

    docs, passages, texts = [], [], {}
    for i, p in enumerate(pages):
        docs.append({"id": i, "kind": "offer", "object_id": i, "language": "de", "analyzer": "de",
                     "terms": " ".join(T.terms(p["title_de"], "de")) + " | " + " ".join(T.terms(p["text_de"], "de")),
                     "sort_key": T.sort_key(p["title_de"])[:200], "facets": {}})
        for position, text in T.passages(p["title_de"], p["text_de"]):
            h = passage_hash(text)
            texts.setdefault(h, text)
            passages.append({"document_id": i, "position": position, "hash": h})
    cache = sq.DiskCache(sq.CACHE)
    known = cache.get(texts)
    todo = [h for h in texts if h not in known]
    started = time.perf_counter()
    for i in range(0, len(todo), 16):
        part = todo[i:i + 16]
        cache.put([(h, to_bytes(v)) for h, v in zip(part, embed_passages([texts[h] for h in part]))])
        print(f"  embedded {i + len(part)}/{len(todo)} ({time.perf_counter() - started:.0f} s)", flush=True)
    stored = {h: from_bytes(v).astype(np.float32) for h, v in cache.get(texts).items()}
    qvecs = sq.query_vectors(cache, [q["q"] for q in questions])

    quantised = Segment(1, 0, docs, passages, stored)   # int8, as the vector file holds them
    exact = Segment(1, 0, docs, passages, stored)
    # The same rows as stored before (float16 widened to float32): rows are the pages' ids.
    order = sorted((p["document_id"], p["position"], p["hash"]) for p in passages)
    exact.matrix = np.vstack([stored[h] for _, _, h in order]).astype(np.float32)
    exact._generic = None
    worst = 0.0
    figures = {}
    for setting, lang in (("de→de", "de"), ("ar→de", "ar")):
        for name, seg in (("float16 (before)", exact), ("int8 file", quantised)):
            ranks = {"semantic": [], "hybrid": []}
            for q in (q for q in questions if q["lang"] == lang):
                target = ids[q["page_id"]]
                sem, cos = seg.semantic(qvecs[q["q"]])
                lex = seg.record_scores(seg.lexical(q["q"]).scores)
                for mode, scores in (("semantic", sem), ("hybrid", fuse(lex, sem)[0])):
                    ranks[mode].append(int((scores > scores[target]).sum()) + 1)
                if seg is quantised:
                    _, exact_cos = exact.semantic(qvecs[q["q"]])
                    worst = max(worst, float(np.abs(exact_cos - cos).max()))
            figures[(setting, name)] = {mode: sq.metrics(r) for mode, r in ranks.items()}
    print(f"\n# search_vectors — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.city}: {len(pages)} pages, "
          f"{len(passages)} passages, {len(questions)} questions; load {os.getloadavg()[0]:.1f}\n")
    print("| setting | vectors | n | semantic r@1 / r@5 / MRR | hybrid r@1 / r@5 / MRR |\n|---|---|---:|---|---|")
    for (setting, name), f in figures.items():
        s, h = f["semantic"], f["hybrid"]
        print(f"| {setting} | {name} | {s['n']} | {s['r@1']:.3f} / {s['r@5']:.3f} / {s['mrr']:.3f} | "
              f"{h['r@1']:.3f} / {h['r@5']:.3f} / {h['mrr']:.3f} |")
    print(f"\nlargest difference of a passage's cosine (after the generic-passage correction): {worst:.5f}")


if __name__ == "__main__":
    main()
