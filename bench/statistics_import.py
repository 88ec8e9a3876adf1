"""Benchmark: importing one million observations from a long-format CSV (`;`, decimal
commas, thousands dots, some missing values) through teilhabe.monitoring.importer into a
fresh SQLite database, against a same-run baseline: a plain `Observation.objects.bulk_create`
of the same rows, built from already-parsed Python values (no CSV, no checks).

    .venv/bin/python bench/statistics_import.py [--rows 1000000] [--keep]

The target in issue 5 is < 60 s for one million observations. Figures go into bench/README.md."""
import argparse
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

INDICATORS = 5
DISTRICTS = 50
CATEGORIES = 20


def setup(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def periods(count):
    return [f"{2000 + n // 12}-{n % 12 + 1:02d}" for n in range(count)]


def rows(total):
    """(indicator, period, district, category, value as text) for `total` observations."""
    per_period = INDICATORS * DISTRICTS * CATEGORIES
    n = 0
    for period in periods(-(-total // per_period)):
        for i in range(INDICATORS):
            for d in range(DISTRICTS):
                for c in range(CATEGORIES):
                    if n == total:
                        return
                    value = (n * 7919) % 2_000_000
                    yield f"ind-{i}", period, f"bezirk-{d}", f"kat-{c}", value
                    n += 1


def german(value):
    # 1234567 → "12.345,67"
    whole, cents = divmod(value, 100)
    return f"{whole:,}".replace(",", ".") + f",{cents:02d}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary databases")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-statistics-"))
    setup(tmp / "bench.sqlite3")

    from django.db import connection

    from teilhabe.monitoring.importer import import_statistics
    from teilhabe.monitoring.models import Indicator, Observation
    from teilhabe.municipalities.models import District, Municipality

    m = Municipality.objects.create(slug="benchstadt", name="Benchstadt")
    districts = {f"bezirk-{d}": District.objects.create(municipality=m, key=f"bezirk-{d}", name=f"Bezirk {d}")
                 for d in range(DISTRICTS)}
    indicators = {f"ind-{i}": Indicator.objects.create(municipality=m, key=f"ind-{i}", name=f"Indikator {i}")
                  for i in range(INDICATORS)}
    lines = ["Indikator;Monat;Gebiet;Gruppe;Wert"]
    for n, (i, period, d, c, value) in enumerate(rows(args.rows)):
        lines.append(f"{i};{period};{d};{c};{'-' if n % 997 == 0 else german(value)}")
    csv_path = tmp / "statistik.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = sum(1 for n in range(args.rows) if n % 997 == 0)
    mapping = {"columns": {"period": "Monat", "area": "Gebiet", "category": "Gruppe", "value": "Wert"},
               "indicators": [{"indicator": key, "where": {"Indikator": key}} for key in indicators]}
    print(f"{args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB CSV), {missing:,} of them missing values; "
          f"SQLite {connection.Database.sqlite_version}")

    # Baseline: the same observations, values already Decimals, straight into bulk_create.
    prepared = [(indicators[i].pk, period, districts[d].pk, c, Decimal(value) / 100)
                for n, (i, period, d, c, value) in enumerate(rows(args.rows)) if n % 997]
    start = time.perf_counter()
    from django.db import transaction

    with transaction.atomic():
        for offset in range(0, len(prepared), 5000):
            Observation.objects.bulk_create([
                Observation(indicator_id=i, period=p, district_id=d, category=c, value=v)
                for i, p, d, c, v in prepared[offset:offset + 5000]])
    baseline = time.perf_counter() - start
    assert Observation.objects.count() == len(prepared)
    Observation.objects.all().delete()
    del prepared

    start = time.perf_counter()
    summary = import_statistics(csv_path, municipality=m, mapping=mapping)
    seconds = time.perf_counter() - start
    assert sum(summary.written.values()) == args.rows - missing == Observation.objects.count()
    assert summary.decimal == "," and summary.missing == missing
    print(f"baseline bulk_create: {baseline:6.1f} s")
    print(f"import-statistics:    {seconds:6.1f} s  ({seconds / baseline:.1f} × baseline; target < 60 s: "
          f"{'met' if seconds < 60 else 'MISSED'})")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        for path in tmp.iterdir():
            path.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
