"""Benchmark: a search across all municipalities in-process, this checkout's code against a
base commit's in the same run — one process per run, the two codes alternating — on a
database bench/search_speed.py generated (`--scale` files), with the shared index on.

    .venv/bin/python bench/search_across_ab.py /tmp/i16m1/m1.sqlite3 --base f6ff518 --rounds 3

The base is `git archive`d into a temporary directory. Each run loads every municipality's
segment (a first search across all), runs two warm-up searches, resets VmHWM, then times
the 19 QUERIES of search_speed.py (× --repeat) as the API asks them (texts=False,
facets=False), once more as the portal does (facets, a deeper page), and with a few
filters; the query vectors are embedded once beforehand, the same for every run. Prints
p50 / p95 / mean ms of each kind per run, wall clock and the process's CPU time (less
moved by other processes on a shared machine), VmRSS and VmHWM, the 1-minute load, and checks
that every run gave the same answers: hits (kind, id, municipality, float32 score, matched
language, document, passage, rank), counts, facets and corrections.

FILE.var is only read: the runs use an overlay of symlinks to its files (what a search may
write — the stack file below ann.MIN_PASSAGES, lock files — goes there), removed at the end.
`--child CODE` runs one run of CODE's teilhabe by hand (e.g. under py-spy)."""
import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def overlay(var, into):
    """A directory tree like `var` whose files are symlinks to var's (lock files left out)."""
    for directory, _dirs, files in os.walk(var):
        target = into / Path(directory).relative_to(var)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            if not name.endswith(".lock"):
                (target / name).symlink_to(Path(directory) / name)
    return into


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return None


def child(args):
    code = Path(args.child).resolve()
    sys.path[:0] = [str(code), str(BENCH)]
    os.environ.update({"DATABASE_URL": f"sqlite:///{args.sqlite_file.resolve()}", "TEILHABE_VAR_DIR": args.var,
                       "TEILHABE_SEARCH_SHARED_INDEX": "1", "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
                       "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
                       "TEILHABE_LOG_LEVEL": "ERROR"})
    from teilhabe.lib import malloc

    malloc.configure()   # as a worker (teilhabe/wsgi.py)
    import django

    django.setup()
    import numpy as np

    import teilhabe
    from search_speed import QUERIES
    from teilhabe.search import search_offers
    from teilhabe.search.models import IndexState

    assert Path(teilhabe.__file__).resolve().is_relative_to(code), teilhabe.__file__
    vectors = np.load(args.vectors)
    # A few filters across all: languages (every town has them), and the first towns'
    # target groups and districts (one town's ids each).
    from teilhabe.municipalities.models import District, TargetGroup

    groups = list(TargetGroup.objects.order_by("pk").values_list("pk", flat=True)[:2])
    districts = list(District.objects.order_by("pk").values_list("pk", flat=True)[:1])
    filters = [{"language": "en"}, {"language": ["ar", "tr"]}, {"target_group": groups},
               {"district": districts, "language": "de"}]
    started = time.perf_counter()
    search_offers(query="Deutschkurs", query_vector=vectors[0], texts=False, facets=False)
    loaded = time.perf_counter() - started
    towns = IndexState.objects.count()
    for n in (1, 2):
        search_offers(query=QUERIES[n][0], lang=QUERIES[n][1], query_vector=vectors[n], texts=False, facets=False)
    Path("/proc/self/clear_refs").write_text("5")
    rss_before = _status("VmRSS")

    def answer(result):
        hits = [(h.kind, h.object_id, h.municipality_id, np.float32(h.score).tobytes().hex(), h.matched_language,
                 h._doc_id, h._passage, h.rank) for h in result.hits]
        facets = {name: sorted(values.items()) for name, values in result.facets.items()}
        return [result.count, hits, facets, sorted(result.corrections.items())]

    times = {"api": []} if args.api_only else {"api": [], "portal": [], "filtered": []}
    cpu = {kind: [] for kind in times}
    answers = []
    plan = [("api", n, {}) for _ in range(args.repeat) for n in range(len(QUERIES))]
    if not args.api_only:
        plan += [("portal", n, {"facets": True, "limit": 50, "offset": 10}) for n in range(len(QUERIES))]
        plan += [("filtered", n, {"filters": f}) for f in filters for n in (0, 3, 10, 13)]
    for kind, n, options in plan:
        query, lang = QUERIES[n]
        kw = {"texts": False, "facets": False, **options}
        started, cpu_started = time.perf_counter(), time.process_time()
        result = search_offers(query=query, lang=lang, query_vector=vectors[n], **kw)
        times[kind].append((time.perf_counter() - started) * 1000)
        cpu[kind].append((time.process_time() - cpu_started) * 1000)
        answers.append([kind, query, sorted((k, str(v)) for k, v in options.items()), answer(result)])
    print(json.dumps({"towns": towns, "loaded_s": loaded, "rss_before": rss_before, "rss": _status("VmRSS"),
                      "hwm": _status("VmHWM"), "times": times, "cpu": cpu, "load": os.getloadavg()[0],
                      "answers": answers}))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sqlite_file", type=Path)
    parser.add_argument("--base", help="the commit to compare with (git archive)")
    parser.add_argument("--branch", help="a commit to measure instead of this checkout's files (git archive)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=2, help="the API's 19 queries this many times per run")
    parser.add_argument("--api-only", action="store_true", help="only the API's searches (no facets, no filters)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--var", help=argparse.SUPPRESS)
    parser.add_argument("--vectors", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    work = Path(tempfile.mkdtemp(prefix="search-across-ab-"))
    try:
        var = overlay(Path(f"{args.sqlite_file.resolve()}.var"), work / "var")
        sys.path[:0] = [str(REPO), str(BENCH)]
        import numpy as np

        from search_speed import QUERIES
        from teilhabe.search.embed import embed_query

        np.save(work / "vectors.npy", np.stack([embed_query(q) for q, _ in QUERIES]))
        def archived(commit, name):
            (work / name).mkdir()
            subprocess.run(f"git -C {REPO} archive {commit} teilhabe | tar -x -C {work / name}", shell=True, check=True)
            return work / name

        codes = [(f"branch {args.branch}", archived(args.branch, "branch")) if args.branch else ("branch", REPO)]
        if args.base:
            codes.insert(0, (f"base {args.base}", archived(args.base, "base")))
        reference, runs = None, []
        for round_ in range(args.rounds):
            for label, code in (codes if round_ % 2 == 0 else codes[::-1]):
                clock = time.strftime("%H:%M:%S", time.gmtime())
                load = os.getloadavg()[0]
                out = subprocess.run([sys.executable, __file__, str(args.sqlite_file), "--child", str(code),
                                      "--var", str(var), "--vectors", str(work / "vectors.npy"),
                                      "--repeat", str(args.repeat), *(["--api-only"] if args.api_only else [])],
                                     check=True, capture_output=True, text=True).stdout
                run = json.loads(out.strip().splitlines()[-1])
                digest = hashlib.sha256(json.dumps(run["answers"]).encode()).hexdigest()[:12]
                if reference is None:
                    reference = run["answers"]
                different = [a[:3] for a, b in zip(run["answers"], reference) if a != b]
                figures = "; ".join(f"{kind} {statistics.median(v):,.0f} / {percentile(v, 95):,.0f} / "
                                    f"{statistics.fmean(v):,.0f} (CPU {statistics.median(c):,.0f} / "
                                    f"{percentile(c, 95):,.0f} / {statistics.fmean(c):,.0f})"
                                    for (kind, v), c in zip(run["times"].items(), run["cpu"].values()))
                print(f"{clock} UTC, load {load:.2f}–{run['load']:.2f}, {label}: p50 / p95 / mean ms {figures}; "
                      f"VmRSS {run['rss_before']} → {run['rss']} MB, VmHWM {run['hwm']} MB; {run['towns']} towns "
                      f"loaded in {run['loaded_s']:.0f} s; answers {digest}"
                      + (f", DIFFERENT from the first run's: {different}" if different else ""), flush=True)
                runs.append((label, run, different))
        for label in dict.fromkeys(label for label, _, _ in runs):
            api = [t for lab, run, _ in runs if lab == label for t in run["times"]["api"]]
            api_cpu = [t for lab, run, _ in runs if lab == label for t in run["cpu"]["api"]]
            print(f"{label}: API searches across all, all runs: p50 / p95 / mean {statistics.median(api):,.0f} / "
                  f"{percentile(api, 95):,.0f} / {statistics.fmean(api):,.0f} ms, CPU "
                  f"{statistics.median(api_cpu):,.0f} / {percentile(api_cpu, 95):,.0f} / "
                  f"{statistics.fmean(api_cpu):,.0f} ms ({len(api)} searches)")
        if any(different for _, _, different in runs):
            raise SystemExit("the answers differ between runs")
        print("the same answers in every run")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
