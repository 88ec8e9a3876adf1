"""Benchmark: a Kreis's offer search over its towns (issue 15 §1), in-process on SQLite.

    .venv/bin/python bench/search_region.py                    # a Kreis of 10 towns × 500 offers
    .venv/bin/python bench/search_region.py --towns 20 --offers 20000

How a Kreis query runs: the engine keeps one index segment per municipality; a Kreis's
search takes the segments of the Kreis and its towns, scores them lexically one after
another, stacks their passage vectors into one matrix product (engine.stack, cached while
the versions hold) and fuses both scores over all of them at once (query.fuse normalises
over the whole region, so the scores are comparable), then counts per town. Measured:
p50/p95 of search_offers() for one town and for the Kreis with its towns, the query vector
given (the ~20 ms of embedding the query are the same for both). Data as in
bench/search_speed_engine.py (German, English, Arabic per offer; random unit vectors).
"""
import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_speed_engine import QUERIES, build, percentile, setup, timed  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--towns", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="teilhabe-region-") as tmp:
        setup(Path(tmp))
        from teilhabe.municipalities.models import Municipality
        from teilhabe.search import engine, query
        from teilhabe.search.embed import embed_query

        towns = build(args.offers, args.towns)
        kreis = Municipality.objects.create(slug="kreis", name="Kreis", kind="kreis")
        Municipality.objects.filter(pk__in=[t.pk for t in towns]).update(parent=kreis)
        region = kreis.region()
        vectors = {q: embed_query(q) for q in QUERIES}
        engine.segments()
        query.search_offers(municipality=region, query="Deutschkurs", query_vector=vectors["Deutschkurs"])
        rng = random.Random(3)
        town, kreis_times, counts = [], [], []
        for _ in range(args.rounds):
            for q in QUERIES:
                one = rng.choice(towns)
                town += timed(lambda: query.search_offers(municipality=one, query=q, limit=20,
                                                          query_vector=vectors[q]), 1)
                kreis_times += timed(lambda: counts.append(query.search_offers(
                    municipality=region, query=q, limit=20, query_vector=vectors[q]).count), 1)
        print(f"\n{args.offers:,} offers in a Kreis of {args.towns} towns; {statistics.median(counts):.0f} hits "
              "per Kreis query (median)\n\n| what | p50 ms | p95 ms | n |\n|---|---:|---:|---:|")
        for name, values in (("one town, query vector given", town),
                             ("the Kreis with its towns, query vector given", kreis_times)):
            print(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} | {len(values)} |")


if __name__ == "__main__":
    main()
