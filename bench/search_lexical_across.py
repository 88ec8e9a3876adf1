"""Benchmark: the lexical part of a search across many municipalities, in-process — every
segment scored on its own (query.lexical_scores, as for a segment the Across does not
cover) against all in one pass (query.lexical_scores_across, engine.Across.lexical), the
same queries alternately, over the index files of a database bench/search_speed.py
generated, each town's files mapped `--copies` times under other ids (2,000 segments from
200 towns' files).

    .venv/bin/python bench/search_lexical_across.py FILE.sqlite3 --copies 10

Prints p50 / p95 ms per query of each, and checks that both give the same scores and
corrections. (Until m1lex the Across only told each segment's own Segment.lexical what
to skip; the figures of that time in bench/README.md compare that with the loop
without it.)"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sqlite_file", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile the one pass")
    args = parser.parse_args()
    os.environ.update({"DATABASE_URL": f"sqlite:///{args.sqlite_file.resolve()}",
                       "TEILHABE_VAR_DIR": f"{args.sqlite_file.resolve()}.var",
                       "TEILHABE_SEARCH_SHARED_INDEX": "1", "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
                       "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
                       "TEILHABE_LOG_LEVEL": "ERROR"})
    import django

    django.setup()
    import numpy as np

    from search_speed import QUERIES
    from teilhabe.search import engine
    from teilhabe.search import query as Q
    from teilhabe.search import segment_file as F

    segs = engine.segments()
    towns = len(segs)
    for copy in range(1, args.copies):
        for seg in segs[:towns]:
            found = F.read(F.path(seg.municipality_id, seg.version), seg.municipality_id, seg.version)
            segs.append(engine.Segment.from_file(10**6 * copy + seg.municipality_id, seg.version, *found,
                                                 names=seg.names, synonyms=seg.synonyms))
    started = time.perf_counter()
    across = engine.Across(segs)
    print(f"{len(segs)} segments ({towns} towns' files × {args.copies}); Across built in "
          f"{time.perf_counter() - started:.1f} s; load {os.getloadavg()[0]:.2f}", flush=True)

    def run(query, with_across):
        memo = {}
        if with_across:
            together = Q.lexical_scores_across(across, segs, query, memo=memo)
            found = [together[seg.municipality_id] for seg in segs]
        else:  # as query._search does it for a segment the Across does not cover
            found = []
            for seg in segs:
                found.append(Q.lexical_scores(seg, query, memo=memo))
                seg.release()
        return [(lex, match.corrections) for match, lex in found]

    times = {False: [], True: []}
    for round_ in range(args.rounds + 1):  # the first round warms up (pages, caches), not counted
        for query, _lang in QUERIES:
            answers = {}
            for with_across in ((False, True) if round_ % 2 else (True, False)):
                started = time.perf_counter()
                answers[with_across] = run(query, with_across)
                if round_:
                    times[with_across].append((time.perf_counter() - started) * 1000)
            for (a, ca), (b, cb) in zip(answers[False], answers[True]):
                assert np.array_equal(a, b) and ca == cb, query
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [run(query, True) for query, _ in QUERIES])
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
    for with_across, values in times.items():
        ordered = sorted(values)
        print(f"{'in one pass' if with_across else 'every segment on its own'}: p50 {statistics.median(values):.1f} "
              f"ms, p95 {ordered[int(round(0.95 * (len(ordered) - 1)))]:.1f} ms ({len(values)} queries)")
    print(f"load {os.getloadavg()[0]:.2f}; same scores and corrections for every query and segment")


if __name__ == "__main__":
    main()
