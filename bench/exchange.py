"""Benchmark: `teilhabe export` and `teilhabe import` of a large municipality — 10,000 offers,
500 events (two workshops each), 2,000 ideas (with a status change each) and 50 indicators
with 100,000 values (issue 15 §3) — each as its
own process, with its seconds and peak memory (maximum resident set size), and the round
trip: the export imported into an empty database and exported again gives the same bytes.

    .venv/bin/python bench/exchange.py [--keep]

Target: export and import each under 60 s. Figures go into bench/README.md."""
import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_offers import offer, setup, skeleton

REPO = Path(__file__).resolve().parent.parent
TEILHABE = [sys.executable, "-m", "teilhabe"]
OFFERS, EVENTS, IDEAS, INDICATORS, VALUES = 10_000, 500, 2_000, 50, 100_000


def fill(slug):
    """The offers through the importer, the rest with bulk inserts (not measured)."""
    from django.utils import timezone

    from teilhabe.exchange.importer import import_document
    from teilhabe.monitoring.models import Indicator, Observation
    from teilhabe.municipalities.models import Municipality
    from teilhabe.participation.models import Event, Idea, IdeaStatusChange, Workshop
    from teilhabe.strategy.models import FieldOfAction

    doc = skeleton(slug)
    doc["offers"] = [offer(n) for n in range(OFFERS)]
    import_document(doc)
    m = Municipality.objects.get(slug=slug)
    fields = list(FieldOfAction.objects.filter(concept__municipality=m))
    districts = list(m.districts.all())
    start = timezone.now()
    events = Event.objects.bulk_create([
        Event(municipality=m, title=f"Integrationskonferenz {n}", description="Programm " * 20,
              starts_at=start + datetime.timedelta(days=n), place_name="Rathaus", capacity=100)
        for n in range(EVENTS)], batch_size=500)
    Workshop.objects.bulk_create([Workshop(event=e, title=f"Tisch {k}", field=fields[k % len(fields)], capacity=20,
                                           position=k) for e in events for k in range(2)], batch_size=500)
    ideas = Idea.objects.bulk_create([Idea(municipality=m, title=f"Idee {n}", description="Vorschlag " * 30,
                                           field=fields[n % len(fields)], submitter_name=f"Person {n}",
                                           submitter_email=f"person{n}@example.org", event=events[n % EVENTS])
                                      for n in range(IDEAS)], batch_size=500)
    IdeaStatusChange.objects.bulk_create([IdeaStatusChange(idea=i, from_status="", to_status=i.status)
                                          for i in ideas], batch_size=500)
    indicators = Indicator.objects.bulk_create([
        Indicator(municipality=m, key=f"indikator-{n:02d}", name=f"Indikator {n}", unit="Personen", position=n)
        for n in range(INDICATORS)])
    rng = random.Random(15)
    per = VALUES // INDICATORS  # 2,000 each: 20 years × (1 total + 10 districts) × 9 categories ≈ 1,980
    rows = []
    for indicator in indicators:
        cells = [(str(year), district, category) for year in range(2006, 2026)
                 for district in [None, *districts] for category in ["", *[f"k{c}" for c in range(8)]]]
        cells += [(f"2025-{month:02d}", None, f"m{c}") for month in range(1, 13) for c in range(10)]
        for period, district, category in cells[:per]:
            rows.append(Observation(indicator=indicator, period=period, district=district, category=category,
                                    value=f"{rng.uniform(0, 5000):.4f}"))
    Observation.objects.bulk_create(rows, batch_size=5000)
    return Observation.objects.filter(indicator__municipality=m).count()


def run(args, env):
    """A teilhabe command as its own process: (seconds, its peak RSS in MiB, from wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(TEILHABE + args, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{args[0]} failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def database(path):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "teilhabe.settings"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the databases and documents")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="teilhabe-bench-exchange-"))
    source, target = workdir / "source.sqlite3", workdir / "empty.sqlite3"
    first, second = workdir / "export.json", workdir / "again.json"
    setup(source)
    values = fill("benchstadt")
    from django.db import connection

    connection.close()
    subprocess.run(TEILHABE + ["migrate", "-v", "0"], env=database(target), check=True, cwd=REPO)
    print(f"{OFFERS} offers, {EVENTS} events, {IDEAS} ideas, {INDICATORS} indicators with {values} values")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    export_s, export_mb = run(["export", "benchstadt", "-o", str(first)], database(source))
    print(f"teilhabe export                  {export_s:7.2f} s  peak {export_mb:6.0f} MiB  "
          f"({first.stat().st_size / 2**20:.1f} MiB document)", flush=True)
    import_s, import_mb = run(["import", "--quiet", str(first)], database(target))
    print(f"teilhabe import (empty database) {import_s:7.2f} s  peak {import_mb:6.0f} MiB", flush=True)
    again_s, _mb = run(["export", "benchstadt", "-o", str(second)], database(target))
    same = first.read_bytes() == second.read_bytes()
    print(f"export again                     {again_s:7.2f} s  identical: {same}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"target (each under 60 s): {'met' if max(export_s, import_s) < 60 else 'MISSED'}")
    if not args.keep:
        shutil.rmtree(workdir)
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
