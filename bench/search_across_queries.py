"""Benchmark: each of search_speed.py's 19 queries searched across all municipalities,
in-process, on a database search_speed.py generated (--generate-only) — which queries set
the p95 of a search across all. With --code given twice, the same rounds for two copies of
the code (base and branch), each in a process of its own, alternating round by round, and
their answers compared.

    .venv/bin/python bench/search_across_queries.py /tmp/m1.sqlite3 --var /tmp/me/m1var --rounds 3
    .venv/bin/python bench/search_across_queries.py /tmp/m1.sqlite3 --var /tmp/me/m1var \\
        --code /tmp/base --code . --rounds 3

Each process loads every segment and the Across and Stack, embeds the queries and runs one
warm-up round first (not counted); then each round searches the 19 queries as the API does
(search_offers with texts=False, facets=False, limit 20, the query's vector given, its
lang). Per query: p50 and max of the whole search and of its lexical part
(query.lexical_scores_across); per round VmHWM and VmRSS. `--var`: the TEILHABE_VAR_DIR to
use (default FILE.var). A search may write there (at 100,000 offers the stack file of
vectors.stacked, a rebuild of the approximate index where it is stale): point it at a
directory of symlinks to a read-only original's files (--overlay makes one)."""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The benchmark's typo: no town holds "deutschkurz" (or "kurz" to split it). "Vaeter" is
# found in every town as written (its stem "vat", as of Väter), so it is no typo there.
TYPOS = ("Deutschkurz",)


def overlay(original, target):
    """A directory at `target` mirroring `original`: its directories made, its files
    symlinked (lock files copied empty), so that whatever a search writes lands beside them."""
    for folder, _dirs, files in os.walk(original):
        into = Path(target) / Path(folder).relative_to(original)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            link = into / name
            if not link.exists() and not link.is_symlink():
                if name.endswith(".lock"):
                    link.touch()
                else:
                    link.symlink_to(Path(folder) / name)


def _status():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {key: int(fields[key].split()[0]) // 1024 for key in ("VmHWM", "VmRSS")}


def serve(args):
    """One process: loads everything, then runs a round of the queries per line on stdin."""
    os.environ.update({"DATABASE_URL": f"sqlite:///{args.sqlite_file.resolve()}",
                       "TEILHABE_VAR_DIR": str(args.var), "TEILHABE_SEARCH_SHARED_INDEX": "1",
                       "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
                       "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
                       "TEILHABE_LOG_LEVEL": "ERROR"})
    sys.path[:0] = [str(BENCH)]
    import django

    django.setup()
    import numpy as np

    import teilhabe
    from search_speed import QUERIES
    from teilhabe.search import ann, engine, search_offers
    from teilhabe.search import query as Q
    from teilhabe.search.embed import embed_query

    queries = [(q, lang) for q, lang in QUERIES if not args.only or q in args.only]
    vectors = [embed_query(q) for q, _ in queries]
    started = time.perf_counter()
    segs = engine.segments()
    engine.across(segs)
    loaded = time.perf_counter() - started
    lexical_ms = []
    across = Q.lexical_scores_across

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return across(*a, **kw)
        finally:
            lexical_ms.append((time.perf_counter() - t) * 1000)

    Q.lexical_scores_across = timed

    def one_round():
        out = []
        for (query, lang), vector in zip(queries, vectors):
            lexical_ms.clear()
            t = time.perf_counter()
            result = search_offers(query=query, lang=lang, limit=20, texts=False, facets=False, query_vector=vector)
            ms = (time.perf_counter() - t) * 1000
            answer = json.dumps([result.count, result.corrections,
                                 [(h.municipality_id, h.object_id, float(h.score)) for h in result.hits]])
            out.append({"query": query, "ms": ms, "lexical_ms": sum(lexical_ms),
                        "answer": hashlib.sha1(answer.encode()).hexdigest()[:12],
                        "count": result.count, "corrections": result.corrections})
        return out

    one_round()  # warm-up: the stack, the approximate index's view, pages
    if getattr(ann, "_builder", None) is not None and ann._builder.is_alive():
        sys.exit("the approximate index is being rebuilt: its generation does not match these segments")
    print(json.dumps({"ready": True, "code": str(Path(teilhabe.__file__).parent.parent), "segments": len(segs),
                      "load_s": round(loaded, 1), **_status()}), flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        load = os.getloadavg()[0]
        started_at = time.strftime("%H:%M:%S", time.gmtime())
        rows = one_round()
        print(json.dumps({"rows": rows, "load": [load, os.getloadavg()[0]], "utc": started_at, **_status()}),
              flush=True)


def _p95(values):
    ordered = sorted(values)
    return ordered[int(round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sqlite_file", type=Path)
    parser.add_argument("--var", type=Path, help="TEILHABE_VAR_DIR (default: FILE.var)")
    parser.add_argument("--overlay", type=Path, help="make --var a mirror of this read-only directory first")
    parser.add_argument("--code", action="append", type=Path, default=[],
                        help="a checkout whose teilhabe to run (twice: base and branch, alternating)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="this query only (repeatable; for py-spy)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.var = args.var or Path(f"{args.sqlite_file.resolve()}.var")
    if args.serve:
        return serve(args)
    if args.overlay:
        overlay(args.overlay, args.var)
    codes = args.code or [BENCH.parent]
    procs = []
    for code in codes:
        env = dict(os.environ, PYTHONPATH=str(Path(code).resolve()))
        procs.append(subprocess.Popen(
            [sys.executable, str(BENCH / "search_across_queries.py"), str(args.sqlite_file), "--var", str(args.var),
             "--serve", *(f"--only={q}" for q in args.only)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd="/"))
        ready = json.loads(procs[-1].stdout.readline())  # one at a time: not both loading at once
        print(f"{ready['code']}: {ready['segments']} segments loaded in {ready['load_s']} s; after the warm-up "
              f"VmHWM {ready['VmHWM']} MB, VmRSS {ready['VmRSS']} MB", flush=True)
    results = [[] for _ in codes]
    for n in range(args.rounds):
        order = range(len(codes)) if n % 2 == 0 else reversed(range(len(codes)))
        for c in order:
            procs[c].stdin.write("round\n")
            procs[c].stdin.flush()
            got = json.loads(procs[c].stdout.readline())
            results[c].append(got)
            ms = [row["ms"] for row in got["rows"]]
            print(f"round {n + 1} {codes[c]}: {got['utc']} UTC, load {got['load'][0]:.2f}–{got['load'][1]:.2f}; "
                  f"p50 / p95 / mean {statistics.median(ms):.0f} / {_p95(ms):.0f} / {statistics.fmean(ms):.0f} ms; "
                  f"VmHWM {got['VmHWM']} MB, VmRSS {got['VmRSS']} MB", flush=True)
    for proc in procs:
        proc.stdin.close()
        proc.wait()
    queries = [row["query"] for row in results[0][0]["rows"]]
    header = " | ".join(f"{Path(code).resolve().name}: ms p50 / max | lexical p50 / max" for code in codes)
    print(f"\n| query | {header} |\n|---|" + "---:|" * (2 * len(codes)))
    for q, query in enumerate(queries):
        cells = []
        for runs in results:
            ms = [r["rows"][q]["ms"] for r in runs]
            lex = [r["rows"][q]["lexical_ms"] for r in runs]
            cells.append(f"{statistics.median(ms):.0f} / {max(ms):.0f} | {statistics.median(lex):.0f} / {max(lex):.0f}")
        print(f"| {query}{' (typo)' if query in TYPOS else ''} | {' | '.join(cells)} |")
    for code, runs in zip(codes, results):
        every = [row["ms"] for r in runs for row in r["rows"]]
        typos = [row["ms"] for r in runs for row in r["rows"] if row["query"] in TYPOS] or [0]
        print(f"{code}: all {len(every)} searches p50 / p95 / mean {statistics.median(every):.0f} / "
              f"{_p95(every):.0f} / {statistics.fmean(every):.0f} ms; the typo's p50 / max "
              f"{statistics.median(typos):.0f} / {max(typos):.0f} ms; VmHWM {max(r['VmHWM'] for r in runs)} MB")
    if len(codes) > 1:
        answers = [{(row["query"], row["answer"]) for r in runs for row in r["rows"]} for runs in results]
        same = all(a == answers[0] for a in answers)
        print("answers (count, corrections, hits and scores):", "the same" if same else "DIFFERENT")
        if not same:
            for runs in results:
                print({row["query"]: (row["count"], row["corrections"]) for row in runs[-1]["rows"]})
            sys.exit(1)


if __name__ == "__main__":
    main()
