"""Benchmark: the approximate index's part of a search across all municipalities, in-process,
on a database bench/search_speed.py generated (`--scale`, with its index files and the
approximate index in FILE.var), read-only. One process per run: it loads every segment with
a first search, resets VmHWM, then runs the 19 queries of search_speed.py across all
(`--repeat` times; the API's settings: texts=False, facets=False; query vectors embedded
beforehand) and times the whole search, ann.semantic and its parts (_cosines, _probe), by
the clock and in this thread's CPU time (less moved by other processes on a shared machine).

    PYTHONPATH=TREE .venv/bin/python bench/ann_across.py FILE.sqlite3 --out RUN.json --arrays RUN.json.d

TREE is the checkout whose teilhabe is measured (base or branch; run them alternately).
Each run writes every search's answers (hits, scores, count, corrections, facets) and
digests of ann.semantic's arrays to --out, and with --arrays the arrays of the first round;
`--compare A.json B.json` says where two runs differ (in the arrays too where A.json.d and
B.json.d are there).

Nothing is written into FILE or FILE.var: the index must be current for the stack loaded
(ann.start_build and ann.build raise here), and the files under FILE.var are compared
before and after."""
import argparse
import hashlib
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.append(str(BENCH))   # search_speed's QUERIES; teilhabe from PYTHONPATH (the tree measured)


def status():
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = int(line.split()[1]) // 1024
    return out


def files(var):
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in Path(var).rglob("*") if p.is_file()}


def minor_faults():
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def digest(*arrays):
    h = hashlib.sha1()
    for a in arrays:
        h.update(a.tobytes())
    return h.hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sqlite_file", type=Path, nargs="?")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--var", type=Path, help="TEILHABE_VAR_DIR (default: FILE.var; e.g. an index built otherwise)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--arrays", type=Path, help="a directory for ann.semantic's arrays of the first round")
    parser.add_argument("--compare", nargs=2, type=Path, help="two --out files (their --arrays beside: A.d, B.d)")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    var = str(args.var or f"{args.sqlite_file.resolve()}.var")
    os.environ.update({"DATABASE_URL": f"sqlite:///{args.sqlite_file.resolve()}", "TEILHABE_VAR_DIR": var,
                       "TEILHABE_SEARCH_SHARED_INDEX": "1", "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
                       "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
                       "TEILHABE_LOG_LEVEL": "ERROR"})
    before = files(var)
    import django

    django.setup()
    import numpy as np

    import teilhabe
    from search_speed import QUERIES
    from teilhabe.search import ann, embed, search_offers

    def refuse(*_, **__):
        raise RuntimeError("the approximate index is not current for this stack: it would be built")

    ann.start_build = ann.build = refuse
    timers = {}

    def timed(name, function):
        def wrapper(*a, **k):
            started, cpu, faults = time.perf_counter(), time.thread_time(), minor_faults()
            try:
                return function(*a, **k)
            finally:
                timers[name] = timers.get(name, 0.0) + time.perf_counter() - started
                # CPU time too: on a shared machine less moved by other processes than the clock.
                timers[name + " cpu"] = timers.get(name + " cpu", 0.0) + time.thread_time() - cpu
                # Page faults (a mapped file's pages mapped 64 KB or 2 MB at a time), in 1/1000.
                timers[name + " faults"] = timers.get(name + " faults", 0.0) + (minor_faults() - faults) / 1000
        return wrapper

    semantic = ann.semantic
    digests = []

    def semantic_digested(*a, **k):
        out = semantic(*a, **k)
        if out is None:
            raise RuntimeError("the exact scan answered, not the approximate index")
        digests.append(out)
        return out

    ann.semantic = timed("semantic", semantic_digested)
    for name in ("_cosines", "_probe", "_view"):
        setattr(ann, name, timed(name, getattr(ann, name)))
    vectors = {q: embed.embed_query(q) for q, _ in QUERIES}
    saved = [None] * len(QUERIES)   # the warm-up's not saved

    def search(q, lang, **extra):
        timers.clear()
        digests.clear()
        started, cpu, faults = time.perf_counter(), time.thread_time(), minor_faults()
        result = search_offers(query=q, lang=lang, query_vector=vectors[q], texts=False,
                               **({"facets": False} | extra))
        took = time.perf_counter() - started
        timers["search cpu"] = time.thread_time() - cpu
        timers["search faults"] = (minor_faults() - faults) / 1000
        answer = {"query": q, "count": result.count, "corrections": result.corrections,
                  "hits": [[h.object_id, h.municipality_id, float(h.score), h.matched_language] for h in result.hits],
                  "facets": result.facets,
                  "semantic": [[digest(s), digest(c.positions), digest(c.values)] for s, c in digests]}
        if args.arrays and len(saved) < len(QUERIES):   # ann.semantic's arrays of the first round
            s, c = digests[0]
            np.savez(args.arrays / f"{len(saved)}.npz", scores=s, positions=c.positions, values=c.values)
            saved.append(q)
        digests.clear()
        return took, dict(timers), answer

    started = time.perf_counter()
    search(*QUERIES[0])
    loaded = time.perf_counter() - started
    search(*QUERIES[1])
    saved.clear()
    if args.arrays:
        args.arrays.mkdir(parents=True, exist_ok=True)
    resting = status()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    load = [os.getloadavg()[0]]
    clock = time.strftime("%H:%M:%S", time.gmtime())
    took, parts, answers = [], {}, []
    for _ in range(args.repeat):
        for q, lang in QUERIES:
            t, timers_, answer = search(q, lang)
            took.append(t * 1000)
            for name, value in timers_.items():
                parts.setdefault(name, []).append(value * 1000)
            answers.append(answer)
    peak = status()
    load.append(os.getloadavg()[0])
    # Answers of deeper pages with facets (not timed).
    deep = [search(q, lang, limit=50, offset=10, facets=True)[2] for q, lang in QUERIES]
    after = files(var)
    if after != before:
        raise SystemExit(f"{var} changed: {sorted(set(after.items()) ^ set(before.items()))[:5]}")

    def line(values):
        return f"{percentile(values, 50):7.1f} / {percentile(values, 95):7.1f} / {statistics.mean(values):7.1f}"

    print(f"{clock} UTC, load {load[0]:.2f}–{load[1]:.2f}, {teilhabe.__file__}, segments loaded in {loaded:.0f} s, "
          f"{len(took)} searches")
    print(f"  search     p50 / p95 / mean ms {line(took)}")
    for name in ("semantic", "_cosines", "_probe"):
        print(f"  {name:10} p50 / p95 / mean ms {line(parts.get(name, [0]))}")
    for name in ("search", "semantic", "_cosines", "_probe"):
        print(f"  {name:10} CPU p50 / p95 / mean ms {line(parts.get(name + ' cpu', [0]))}")
    for name in ("search", "semantic", "_cosines", "_probe"):
        print(f"  {name:10} minor faults p50 / p95 / mean {line(parts.get(name + ' faults', [0]))}")
    print(f"  VmRSS resting {resting['VmRSS']} MB (RssAnon {resting['RssAnon']}), then VmHWM {peak['VmHWM']} MB, "
          f"VmRSS {peak['VmRSS']} MB", flush=True)
    if args.out:
        args.out.write_text(json.dumps({"answers": answers, "deep": deep, "took": took, "parts": parts,
                                        "resting": resting, "peak": peak, "load": load, "clock": clock}))


def compare(A, B):
    a, b = json.loads(A.read_text()), json.loads(B.read_text())
    differ = 0
    for kind in ("answers", "deep"):
        for x, y in zip(a[kind], b[kind]):
            for key in ("count", "corrections", "facets", "semantic"):
                if x[key] != y[key]:
                    differ += 1
                    print(f"{kind} {x['query']!r}: {key} differs")
            if [h[:2] + h[3:] for h in x["hits"]] != [h[:2] + h[3:] for h in y["hits"]]:
                differ += 1
                print(f"{kind} {x['query']!r}: hits or their order differ")
            scores = [(h[2], k[2]) for h, k in zip(x["hits"], y["hits"]) if h[2] != k[2]]
            if scores:
                differ += 1
                print(f"{kind} {x['query']!r}: {len(scores)} scores differ, at most by "
                      f"{max(abs(s - t) for s, t in scores):.2e}")
    import numpy as np

    for i in range(len(a["answers"]) // 2 if "answers" in a else 0):
        pa, pb = Path(str(A) + ".d") / f"{i}.npz", Path(str(B) + ".d") / f"{i}.npz"
        if not (pa.exists() and pb.exists()):
            continue
        x, y = np.load(pa), np.load(pb)
        q = a["answers"][i]["query"]
        if not np.array_equal(x["positions"], y["positions"]):
            print(f"  {q!r}: other passages scored ({len(x['positions'])} / {len(y['positions'])})")
            continue
        for key in ("values", "scores"):
            d = x[key] != y[key]
            if d.any():
                print(f"  {q!r}: {d.sum()} of {len(d)} {key} differ, at most by {np.abs(x[key] - y[key]).max():.2e}")
    print("identical" if not differ else f"{differ} differences")


if __name__ == "__main__":
    main()
