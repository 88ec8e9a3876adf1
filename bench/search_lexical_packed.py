"""Benchmark: a search across all gathering its postings from the machine's file of all
segments' postings (engine.Across.packed, postings.py) against the code of a base commit
gathering them town by town, in-process on a database bench/search_speed.py generated,
alternating processes of each (3+ rounds). Each process loads all segments, warms up on
the 19 QUERIES of search_speed.py, then times per query the lexical part
(query.lexical_scores_across over all segments, hybrid: with synonyms) and the whole
search across all (search_offers, hybrid, a fixed random query vector per query: no
model in the process; malloc set up as in a web worker); prints p50/p95 and its VmHWM and
VmRSS, and checks that both give the same answers (record scores bit for bit, hits with
scores, counts, facets, corrections).

    git archive <base> | tar -x -C /tmp/base
    nice -n 10 .venv/bin/python bench/search_lexical_packed.py FILE.sqlite3 --var VAR --base-tree /tmp/base

VAR: a directory the processes may write into (the file of postings, a stack file) holding
links to the database's search files (the generated .var stays read-only). The file is
written once first, by a process of its own (its time, size and that process's VmHWM
printed)."""
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


def env(db, var, tree):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{Path(db).resolve()}", "TEILHABE_VAR_DIR": str(var),
            "TEILHABE_SEARCH_SHARED_INDEX": "1", "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
            "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
            "TEILHABE_LOG_LEVEL": "ERROR", "PYTHONPATH": str(tree), "BENCH_TREE": str(tree)}


def status():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmHWM", "VmRSS")}


def child(mode, out):
    sys.path[:0] = [os.environ["BENCH_TREE"], str(BENCH)]
    from teilhabe.lib import malloc

    malloc.configure()  # as a web worker (teilhabe/wsgi.py)
    import django

    django.setup()
    import numpy as np

    from search_speed import QUERIES
    from teilhabe.search import engine, search_offers
    from teilhabe.search import query as Q
    from teilhabe.search.embed import DIM

    if mode != "base":
        engine.PACK_LATER = False  # "write": the first search writes it (timed); "packed": it is there
    started = time.perf_counter()
    segs = engine.segments()
    across = engine.across(segs)
    built = time.perf_counter() - started
    result = {"mode": mode, "segments": len(segs), "across_s": built}
    if mode == "write":
        from teilhabe.search import postings as P

        started = time.perf_counter()
        assert across.packed() is not None
        result.update(write_s=time.perf_counter() - started, bytes=P.path(across.digest).stat().st_size,
                      **status())
        Path(out).write_text(json.dumps(result))
        return
    rng = np.random.default_rng(16)
    vectors = {}
    for query, _ in QUERIES:
        vector = rng.standard_normal(DIM).astype(np.float32)
        vectors[query] = vector / np.linalg.norm(vector)
    times, answers = {"lexical": [], "search": []}, {}
    for round_ in range(2):  # the first warms up (pages, caches), not counted
        for query, _ in QUERIES:
            started = time.perf_counter()
            found = Q.lexical_scores_across(across, segs, query, mode="hybrid", memo={})
            lexical = time.perf_counter() - started
            for seg in segs:
                seg.release()
            started = time.perf_counter()
            hits = search_offers(query=query, mode="hybrid", query_vector=vectors[query], limit=20)
            whole = time.perf_counter() - started
            if round_:
                times["lexical"].append(lexical * 1000)
                times["search"].append(whole * 1000)
                digest = hashlib.sha1()
                for seg in segs:
                    match, lex = found[seg.municipality_id]
                    digest.update(lex.tobytes())
                    digest.update(repr(sorted(match.corrections.items())).encode())
                answers[query] = [digest.hexdigest(), hits.count, hits.corrections,
                                  [(h.municipality_id, h.object_id, float(h.score)) for h in hits.hits],
                                  json.loads(json.dumps(hits.facets, default=str))]
            del found
    result.update(times=times, answers=answers, packed=mode != "base" and across.packed() is not None, **status())
    Path(out).write_text(json.dumps(result))


def p50_p95(values):
    ordered = sorted(values)
    return f"{statistics.median(values):.1f}/{ordered[int(round(0.95 * (len(ordered) - 1)))]:.1f} ms"


def load():
    return open("/proc/loadavg").read().strip()


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sqlite_file", type=Path)
    parser.add_argument("--var", type=Path, required=True)
    parser.add_argument("--base-tree", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    tree = BENCH.parent
    out = args.var / "bench-child.json"

    def run(mode):
        source = args.base_tree if mode == "base" else tree
        subprocess.run([sys.executable, str(BENCH / Path(__file__).name), "--child", mode, str(out)],
                       env=env(args.sqlite_file, args.var, source), check=True)
        return json.loads(out.read_text())

    print(f"{args.sqlite_file.name}: {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {load()}")
    written = run("write")
    print(f"  file of postings written in {written['write_s']:.1f} s, {written['bytes'] / 1e6:.0f} MB; that process "
          f"VmHWM {written['VmHWM']:.0f} MB (Across built in {written['across_s']:.1f} s before)", flush=True)
    runs = {"base": [], "packed": []}
    for round_ in range(args.rounds):
        for mode in (("base", "packed") if round_ % 2 == 0 else ("packed", "base")):
            found = run(mode)
            runs[mode].append(found)
            print(f"  round {round_ + 1} {mode:6s}: lexical p50/p95 {p50_p95(found['times']['lexical'])}, "
                  f"search p50/p95 {p50_p95(found['times']['search'])}, VmHWM {found['VmHWM']:.0f} MB, "
                  f"VmRSS {found['VmRSS']:.0f} MB; load {load().split()[0]}", flush=True)
            assert mode == "base" or found["packed"]
    reference = runs["base"][0]["answers"]
    for mode, found in runs.items():
        for one in found:
            for query, answer in one["answers"].items():
                assert answer == reference[query], (mode, query)
    for mode, found in runs.items():
        lexical = [t for one in found for t in one["times"]["lexical"]]
        whole = [t for one in found for t in one["times"]["search"]]
        print(f"  {mode:6s} all rounds: lexical p50/p95 {p50_p95(lexical)}, search p50/p95 {p50_p95(whole)}, "
              f"VmHWM {min(o['VmHWM'] for o in found):.0f}–{max(o['VmHWM'] for o in found):.0f} MB")
    print(f"  same answers in every process (record scores, hits and scores, counts, facets, corrections); "
          f"load {load()}, {time.strftime('%H:%M:%S', time.gmtime())} UTC")


if __name__ == "__main__":
    main()
