"""Benchmark: search quality on Kaltenbrück, a fictional town of 200 offers written for
issue 14 §4 (bench/data/kaltenbrueck.json, made by bench/search_town_data.py), with 181
judged queries (bench/search_town_judged.json): recall@5 and MRR per category and per part
(tuning / held-out), for the lexical, the semantic and the hybrid search in the same run,
through the public search_offers() as the portal calls it.

    .venv/bin/python bench/search_town.py [--json FILE] [--misses tuning]

The town is imported through the exchange importer into a fresh SQLite database and indexed
by the engine's own code; embeddings come from the disk cache of search_quality.py
(var/bench-cache/embeddings.sqlite3), the first run embeds ~600 passages (a few minutes).
no_result queries (nothing is offered) count as right when the search finds nothing; they
are reported apart. `--misses tuning` lists the tuning queries missed: the held-out part's
misses are never printed, so tuning cannot look at them."""
import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_quality as SQ  # noqa: E402

HERE = Path(__file__).resolve().parent
TOWN = HERE / "data" / "kaltenbrueck.json"
JUDGED = HERE / "search_town_judged.json"
MODES = ("lexical", "semantic", "hybrid")


def load():
    from teilhabe.exchange.importer import import_document
    from teilhabe.municipalities.models import Municipality
    from teilhabe.search import index

    import_document(json.loads(TOWN.read_text(encoding="utf-8")))
    town = Municipality.objects.get(slug="kaltenbrueck")
    index.refresh_municipality(town)
    embedded, _ = SQ.fill_vectors(SQ.DiskCache(SQ.CACHE))
    print(f"  passages embedded: {embedded}", flush=True)
    return town


def evaluate(town, mode):
    """{(part, type): [rank or None]} for the answerable queries, {(part, query): count}
    for the no_result ones, and the misses (rank > 5) per part."""
    from teilhabe.offers.models import Offer
    from teilhabe.search import query as api

    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    pk = dict(Offer.objects.filter(municipality=town).values_list("external_id", "pk"))
    ranks, empty, misses = {}, {}, {"tuning": {}, "held-out": {}}
    for case in judged["queries"]:
        result = api.search_offers(municipality=town, query=case["query"], lang=case["lang"], limit=50, mode=mode)
        if not case["expected"]:
            empty[(case["part"], case["query"])] = result.count
            continue
        wanted = {pk[e] for e in case["expected"]}
        ids = [h.offer_id for h in result.hits]
        rank = next((i + 1 for i, o in enumerate(ids) if o in wanted), None)
        for part in (case["part"], "all"):
            ranks.setdefault((part, case["type"]), []).append(rank)
            ranks.setdefault((part, "overall"), []).append(rank)
        if rank is None or rank > 5:
            misses[case["part"]][case["query"]] = rank
    return ranks, empty, misses


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--misses", choices=("tuning",), help="list the tuning queries missed (hybrid)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="teilhabe-town-") as tmp:
        SQ.setup(Path(tmp))
        print("Kaltenbrück: importing and indexing 200 offers …", flush=True)
        town = load()
        out, results = {}, {}
        for mode in MODES:
            results[mode] = evaluate(town, mode)
        for part in ("tuning", "held-out", "all"):
            keys = [k for k in results["hybrid"][0] if k[0] == part]
            keys.sort(key=lambda k: (k[1] == "overall", k[1]))
            print(f"\n{part}: recall@5 / MRR (n)")
            print("| category | " + " | ".join(MODES) + " |\n|---|" + "---:|" * len(MODES))
            for key in keys:
                cells = []
                for mode in MODES:
                    m = SQ.metrics(results[mode][0][key])
                    out.setdefault(mode, {}).setdefault(part, {})[key[1]] = m
                    cells.append(f"{m['r@5']:.2f} / {m['mrr']:.2f}")
                print(f"| {key[1]} (n={len(results['hybrid'][0][key])}) | " + " | ".join(cells) + " |")
            if part != "all":
                for mode in MODES:
                    empty = {q: c for (p, q), c in results[mode][1].items() if p == part}
                    right = sum(c == 0 for c in empty.values())
                    out[mode][part]["no_result"] = {"n": len(empty), "right": right / len(empty)}
                print("no_result (nothing found, as it must be): " + ", ".join(
                    f"{mode} {out[mode][part]['no_result']['right']:.2f}" for mode in MODES)
                    + f" (n={out['hybrid'][part]['no_result']['n']})")
        if args.misses:
            print("\nhybrid misses on the tuning part (query: rank, None = not found):")
            for query, rank in results["hybrid"][2]["tuning"].items():
                print(f"  {query!r}: {rank}")
            print("no_result queries of the tuning part that found something: " + ", ".join(
                f"{q!r} ({c})" for (p, q), c in results["hybrid"][1].items() if p == "tuning" and c))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
