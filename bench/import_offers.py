"""Benchmark: importing 10,000 offers (exchange-format JSON and CSV) into a fresh SQLite
database, against a same-run baseline: a plain `Offer.objects.bulk_create` of the same
10,000 rows without validation, relations, translations or history.

    .venv/bin/python bench/import_offers.py [--offers 10000] [--keep]

The target in issue 2 is < 30 s for 10,000 offers. Figures go into bench/README.md."""
import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def setup(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


FIELDS = ["sprache", "bildung", "arbeit", "gesundheit", "wohnen", "kultur", "sport", "beratung"]
DISTRICTS = ["altstadt", "nord", "sued", "ost", "west", "hafen", "bahnhof", "feld", "berg", "tal"]
GROUPS = ["kinder", "jugendliche", "eltern", "frauen", "maenner", "senioren", "gefluechtete", "alle"]
LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru", "fa"]


def skeleton(slug):
    """Vocabularies, one adopted concept with its fields, a few actors."""
    return {
        "format": "teilhabe-exchange/1",
        "municipality": {"slug": slug, "name": f"Benchstadt {slug}", "languages": LANGUAGES},
        "districts": [{"key": k, "name": k.title()} for k in DISTRICTS],
        "target_groups": [{"key": k, "name": {"de": k.title(), "en": k}} for k in GROUPS],
        "concepts": [{"version": 1, "title": "Integrationskonzept", "status": "adopted",
                      "adopted_on": "2020-01-15", "adopted_by": "Rat der Stadt"}],
        "fields_of_action": [{"key": k, "name": {"de": k.title()}} for k in FIELDS],
        "actors": [{"external_id": f"akteur-{n}", "name": f"Träger {n}", "kind": "association",
                    "languages": ["de", "ar"], "districts": [DISTRICTS[n % 10]]} for n in range(20)],
    }


def offer(n, variant=""):
    return {
        "external_id": f"A-{n:05d}",
        "field_of_action": FIELDS[n % len(FIELDS)],
        "provider": f"akteur-{n % 20}",
        "title": {"de": f"Deutschkurs {n}{variant}", "en": f"German course {n}"},
        "description": {"de": f"Ein Kurs für Neuzugewanderte, Gruppe {n}. " * 5,
                        "en": f"A course for newcomers, group {n}. " * 5},
        "schedule": {"de": "dienstags 9–11 Uhr"},
        "cost": {"de": "kostenlos"},
        "target_groups": [GROUPS[n % 8], GROUPS[(n + 3) % 8]],
        "districts": [DISTRICTS[n % 10]],
        "languages": ["de", LANGUAGES[1 + n % 6]],
        "place": {"name": "Familienzentrum", "street": f"Hauptstraße {n % 200}", "postcode": "45699",
                  "city": "Herten"},
        "contact": {"name": "Beratungsstelle", "email": "beratung@example.org", "phone": "02366 303-0"},
        "website": "https://example.org/kurse",
        "published": True,
    }


def csv_text(count):
    out = io.StringIO()
    columns = ["external_id", "title", "title_en", "description", "field_of_action", "provider",
               "target_groups", "districts", "languages", "place_name", "street", "postcode", "city",
               "schedule", "cost", "contact_name", "contact_email", "website", "published"]
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns)
    for n in range(count):
        o = offer(n)
        writer.writerow([
            f"C-{n:05d}", o["title"]["de"], o["title"]["en"], o["description"]["de"], o["field_of_action"],
            o["provider"], ";".join(o["target_groups"]), ";".join(o["districts"]), ";".join(o["languages"]),
            o["place"]["name"], o["place"]["street"], o["place"]["postcode"], o["place"]["city"],
            o["schedule"]["de"], o["cost"]["de"], o["contact"]["name"], o["contact"]["email"], o["website"], "ja",
        ])
    return "\ufeff" + out.getvalue()


def timed(label, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<58} {seconds:7.2f} s", flush=True)
    return seconds, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()
    count = args.offers

    workdir = tempfile.mkdtemp(prefix="teilhabe-bench-")
    db_path = Path(workdir) / "bench.sqlite3"
    setup(db_path)

    from django.db import connection

    from teilhabe.actors.models import Actor
    from teilhabe.exchange.csv_offers import import_offers_csv
    from teilhabe.exchange.importer import import_document
    from teilhabe.municipalities.models import ChangeRecord, Municipality
    from teilhabe.offers.models import Offer

    print(f"{count} offers, {connection.vendor} at {db_path}")
    doc = skeleton("bench")
    doc["offers"] = [offer(n) for n in range(count)]

    # Baseline: the same rows, straight into the table.
    import_document(skeleton("baseline"))
    baseline_m = Municipality.objects.get(slug="baseline")
    actors = {a.external_id: a for a in Actor.objects.filter(municipality=baseline_m)}

    def baseline():
        rows = []
        for o in doc["offers"]:
            rows.append(Offer(
                municipality=baseline_m, external_id=o["external_id"], provider=actors[o["provider"]],
                title=o["title"]["de"], description=o["description"]["de"], schedule=o["schedule"]["de"],
                cost=o["cost"]["de"], place_name=o["place"]["name"], street=o["place"]["street"],
                postcode=o["place"]["postcode"], city=o["place"]["city"], contact_name=o["contact"]["name"],
                contact_email=o["contact"]["email"], contact_phone=o["contact"]["phone"],
                website=o["website"], is_published=True))
        Offer.objects.bulk_create(rows, batch_size=500)

    base, _ = timed("baseline: Offer.objects.bulk_create (no checks, no M2M)", baseline)
    first, summary = timed("import_document, first import (all new)", lambda: import_document(doc))
    assert summary.created("offers") == count, summary
    records = ChangeRecord.objects.count()
    again, summary = timed("import_document, same document again (no changes)", lambda: import_document(doc))
    assert summary.updated("offers") == 0 and ChangeRecord.objects.count() == records, summary
    changed_doc = dict(doc, offers=[offer(n, variant=" (neu)") for n in range(count)])
    changed, summary = timed("import_document, every German title changed",
                             lambda: import_document(changed_doc))
    assert summary.updated("offers") == count, summary

    import_document(skeleton("csv"))
    text = csv_text(count)
    csv_first, summary = timed("import_offers_csv, first import (all new)",
                               lambda: import_offers_csv(text, municipality="csv"))
    assert summary.created("offers") == count, summary
    csv_again, _ = timed("import_offers_csv, same file again (no changes)",
                         lambda: import_offers_csv(text, municipality="csv"))

    print()
    print(f"first import / baseline: {first / base:5.1f}×   (target: first import < 30 s: "
          f"{'met' if first < 30 else 'MISSED'})")
    print(f"re-import / baseline:    {again / base:5.1f}×")
    print(f"CSV import / baseline:   {csv_first / base:5.1f}×")
    if not args.keep:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.rmdir(workdir)


if __name__ == "__main__":
    main()
