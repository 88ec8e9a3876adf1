"""Benchmark: the OParl endpoint's list pages over HTTP on gunicorn, for a municipality with
50 meetings, 2,000 papers and 10,000 files (issue 13), beside the ceiling — the same server
answering a constant JSON body (bench/search_speed_urls.py) — measured in the same run.

    .venv/bin/python bench/oparl.py                  # --papers 2000 --files 10000 --meetings 50

Generates into a fresh SQLite database (a temporary file, migrated first): one Body with a
legislative term, 6 organizations, 60 persons (with consent) with a membership each, 50
meetings of 10 agenda items (one in ten non-public), 2,000 published papers with 2
consultations each (in the meetings' items where there are items), and 10,000 files — an
invitation and a protocol per meeting, a main file per paper, the rest attachments of
papers and agenda items (rows only: every row names the same stored PDF; a list page never
opens the file). Then gunicorn (2 workers × 4 threads, like search_speed.py) answers
8 concurrent clients (search_speed.py's, sending `Accept-Encoding: gzip` as harvesters do;
`--plain` without), each phase a fixed number of requests:

- the ceiling, `/bench/constant`;
- pages of 100 objects of the Body's lists: papers (every one of its 20 pages), files (all
  100 pages), agenda items (5), consultations (40) and the 50 meetings on one page, each
  plain and with `modified_since` (a moment older than every object: the whole list, as a
  client's first incremental crawl asks it) — each read first once (every page made on
  request and kept: api/oparl/cache.py), then `--rounds` times again (kept);
- then `--rounds` times a change (one paper renamed, through the model, as the office
  would): a real worker (`teilhabe worker`) runs the job oparl.warm, which makes the new
  generation's pages (api/oparl/warm.py); then every list is crawled once, plain and with
  another client's `modified_since` each time — the first read after a change, which now
  finds the pages kept; and eight crawlers at once, each with a moment of its own (each
  asks the floor of its moment once per server process); requests and time summed over the
  rounds. A list of few pages read once by one crawler keeps fewer than 8 clients busy:
  its figure is bounded by its slowest request, and the eight crawlers' figure is the fairer
  one;
- the ceiling again. The share is taken of the lower of the two ceilings.

A list of one page (the meetings) cannot be read "once" by 8 clients: its first request is
given as one client's latency instead.

Target (issue 13): list pages of 100 objects at ≥ 30 % of the ceiling's requests per second.
Figures go into bench/README.md. Loopback only; the script stops its server itself.
"""
import argparse
import datetime
import http.client
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))
TMP = Path(tempfile.mkdtemp(prefix="teilhabe-bench-oparl-"))
DB = TMP / "oparl.sqlite3"
os.environ.update({"DATABASE_URL": f"sqlite:///{DB}", "TEILHABE_VAR_DIR": str(TMP), "TEILHABE_LOG_LEVEL": "ERROR",
                   "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from teilhabe.council import actions  # noqa: E402
from teilhabe.council.models import (  # noqa: E402
    AgendaItem, Consultation, File, LegislativeTerm, Location, Meeting, Membership, Organization, Paper, Person,
)
from teilhabe.council.pdf import simple_pdf  # noqa: E402
from teilhabe.municipalities.models import Municipality  # noqa: E402

import search_speed  # noqa: E402  (its gunicorn, HTTP client and throughput: the house's load tools)

search_speed.CACHE_DIR = TMP / "cache"
search_speed.VAR_DIR = TMP
_plain_request = search_speed.request


def request(port, path, *, retry=True):
    """search_speed's keep-alive GET, with `Accept-Encoding: gzip` like OParl harvesters
    (Python's requests, curl --compressed) — unless --plain."""
    if not GZIP:
        return _plain_request(port, path, retry=retry)
    connection = getattr(search_speed._local, "connection", None)
    reused = connection is not None
    if connection is None or search_speed._local.port != port:
        connection = search_speed._local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        search_speed._local.port = port
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
    except (http.client.HTTPException, OSError):
        connection.close()
        search_speed._local.connection = None
        if reused and retry:
            return request(port, path, retry=False)
        raise
    return response.status, time.perf_counter() - started


search_speed.request = request
GZIP = True


def generate(meetings, papers, files):
    m = Municipality.objects.create(slug="ratsstadt", name="Ratsstadt", kind="town")
    actions.open_council(m, name="Stadt Ratsstadt")
    LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2025–2030",
                                   start_date=datetime.date(2025, 11, 1))
    hall = Location.objects.create(municipality=m, description="Rathaus, Ratssaal", locality="Ratsstadt")
    orgs = [Organization.objects.create(municipality=m, kind=kind, name=f"Gremium {i}", location=hall)
            for i, kind in enumerate(["council", "integration_council", "committee", "committee", "committee",
                                      "working_group"])]
    people = Person.objects.bulk_create([Person(municipality=m, given_name=f"Vorname{i}", family_name=f"Probe{i}",
                                                consent_at=timezone.now()) for i in range(60)])
    Membership.objects.bulk_create([Membership(person=p, organization=orgs[i % 6]) for i, p in enumerate(people)])
    start = timezone.now() - datetime.timedelta(days=400)
    meets = Meeting.objects.bulk_create([
        Meeting(municipality=m, organization=orgs[i % 6], name=f"{i + 1}. Sitzung", location=hall, state="held",
                start=start + datetime.timedelta(days=7 * i)) for i in range(meetings)])
    items = AgendaItem.objects.bulk_create([
        AgendaItem(meeting=mt, number=str(n + 1), order=n, public=n != 7, name=f"Punkt {n + 1}", result="beschlossen")
        for mt in meets for n in range(10)])
    docs = Paper.objects.bulk_create([
        Paper(municipality=m, name=f"Vorlage {i}", reference=f"2026/{i:05d}", date=datetime.date(2026, 1, 1),
              kind="proposal", originator_organization=orgs[1], is_published=True) for i in range(papers)])
    free_items = iter(items)
    consultations = []
    for i, paper in enumerate(docs):
        item = next(free_items, None)
        consultations.append(Consultation(paper=paper, organization=item.meeting.organization if item else orgs[2],
                                          meeting=item.meeting if item else None, agenda_item=item,
                                          role="preliminary", result="empfohlen"))
        consultations.append(Consultation(paper=paper, organization=orgs[0], role="decision", authoritative=True))
    Consultation.objects.bulk_create(consultations)
    content = simple_pdf("Anlage")
    sha1, sha512 = File.digests(content)
    stored = File.file.field.storage.save(f"council/{m.pk}/{sha1}.pdf", ContentFile(content))
    owners = ([("meeting", mt, "invitation") for mt in meets] + [("meeting", mt, "results_protocol") for mt in meets]
              + [("paper", p, "main") for p in docs])
    rest = files - len(owners)
    attachable = [("paper", p) for p in docs] + [("agenda_item", it) for it in items if it.public]
    owners += [(kind, obj, "auxiliary") for kind, obj in (attachable[i % len(attachable)] for i in range(rest))]
    File.objects.bulk_create([
        File(municipality=m, role=role, name=f"Datei {i}", file_name=f"datei-{i}.pdf", file=stored,
             size=len(content), sha1=f"{i:040x}", sha512=sha512, date=datetime.date(2026, 1, 1), **{kind: obj})
        for i, (kind, obj, role) in enumerate(owners[:files])], batch_size=2000)
    return m


def wait_for_warming(timeout=900):
    """Until the worker has run every oparl.warm job: seconds waited."""
    from teilhabe.jobs.models import Job

    started = time.perf_counter()
    while Job.objects.filter(name="oparl.warm").exclude(status=Job.Status.DONE).exists():
        if time.perf_counter() - started > timeout:
            raise SystemExit("the worker did not finish oparl.warm in time")
        time.sleep(0.5)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=50)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3, help="each list phase reads its pages this often")
    parser.add_argument("--plain", action="store_true", help="clients that do not accept gzip")
    args = parser.parse_args()
    global GZIP
    GZIP = not args.plain
    from teilhabe.jobs.models import Job

    load_before = os.getloadavg()
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        m = generate(args.meetings, args.papers, args.files)
        Job.objects.all().delete()  # what generating queued: the change below queues its own
        connection.close()
        print(f"generated in {time.perf_counter() - started:.1f} s: {Meeting.objects.count()} meetings, "
              f"{AgendaItem.objects.count()} agenda items, {Paper.objects.count()} papers, "
              f"{Consultation.objects.count()} consultations, {File.objects.count()} files", flush=True)
        body = f"/oparl/v1/body/{m.pk}"

        def since(moment):
            return "?modified_since=" + quote(moment)

        def pages(name, total, query=""):
            n = max(1, -(-total // 100))
            sep = "&" if query else "?"
            return [f"{body}/{name}{query}" + (f"{sep}page={p}" if p > 1 else "") for p in range(1, n + 1)]

        totals = {"papers": Paper.objects.count(), "files": File.objects.count(),
                  "agenda-items": AgendaItem.objects.count(), "consultations": Consultation.objects.count(),
                  "meetings": Meeting.objects.count()}
        label = {"meetings": "meetings (50 on one page)"}

        def lists(query=""):
            return {label.get(name, name) + (", modified_since" if query else ""): pages(name, total, query)
                    for name, total in totals.items()}

        # Every client asks with its own moment; all of these are older than every object.
        crawls = {**lists(), **lists(since("2000-01-01T00:00:00+01:00"))}
        server = search_speed.Server(f"sqlite:///{DB}", workers=2, threads=4)
        try:
            port = server.port
            search_speed.throughput(port, ["/bench/constant"] * 500)
            figures = {"ceiling": search_speed.throughput(port, ["/bench/constant"] * 3000)}
            first_latency = {}
            for name, paths in crawls.items():
                # The first read makes (and keeps) every page; later reads find them kept.
                if len(paths) > 1:
                    figures[f"{name}: first read, made on request"] = search_speed.throughput(port, paths)
                else:
                    first_latency[f"{name}: first read, made on request"] = search_speed.latencies(port, paths)
                again = paths * args.rounds * (20 if len(paths) == 1 else 1)
                figures[f"{name}: read again"] = search_speed.throughput(port, again)
            # A change, as the office makes one: the worker makes the new generation's pages;
            # then each list is read once, as a crawler does. `--rounds` changes, summed.
            paper = Paper.objects.order_by("pk").first()
            done, took, warmed = {}, {}, []
            for change in range(args.rounds):
                paper.name = f"Vorlage 0 (Änderung {change + 1})"
                paper.save()
                worker = search_speed.start_worker(f"sqlite:///{DB}")
                try:
                    warmed.append(wait_for_warming())
                finally:
                    search_speed.stop_worker(worker)
                connection.close()
                print(f"change {change + 1}: the worker made the pages in {warmed[-1]:.0f} s", flush=True)
                moment = since(f"1999-06-{change + 10}T12:00:00+02:00")  # another client's moment each time
                for name, paths in {**lists(), **lists(moment)}.items():
                    key = f"{name}: first read after a change"
                    if len(paths) > 1:
                        rps = search_speed.throughput(port, paths)
                        done[key] = done.get(key, 0) + len(paths)
                        took[key] = took.get(key, 0) + len(paths) / rps
                    else:
                        first_latency.setdefault(key, []).append(search_speed.latencies(port, paths)[0])
                # Eight harvesters, each with a moment of its own, crawl each list once.
                for name in totals:
                    for query in ("", "since"):
                        crawlers = [pages(name, totals[name], since(f"1998-0{c + 1}-{change + 10}T08:00:00Z"))
                                    if query else pages(name, totals[name]) for c in range(8)]
                        paths = [path for crawl in zip(*crawlers) for path in crawl]
                        key = (f"{label.get(name, name)}{', modified_since' if query else ''}: "
                               "8 crawlers after a change")
                        rps = search_speed.throughput(port, paths)
                        done[key] = done.get(key, 0) + len(paths)
                        took[key] = took.get(key, 0) + len(paths) / rps
            figures.update({key: done[key] / took[key] for key in done})
            figures["ceiling, after"] = search_speed.throughput(port, ["/bench/constant"] * 3000)
            one = search_speed.summary(search_speed.latencies(port, ["/bench/constant"] * 20))
            latency = {f"{name}: read again": search_speed.summary(search_speed.latencies(port, (paths * 20)[:20]))
                       for name, paths in crawls.items()}
        finally:
            server.stop()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    load = os.getloadavg()
    ceiling = min(figures["ceiling"], figures["ceiling, after"])
    print(f"\n{datetime.date.today()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite, load average before {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}, "
          f"after {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}, clients {'accept gzip' if GZIP else 'plain'}, "
          f"the worker's runs after each change {', '.join(f'{w:.0f}' for w in warmed)} s\n")
    print("| what (8 clients, gunicorn 2 workers × 4 threads) | requests/s | share of the lower ceiling "
          "| p50 / p95 ms, 1 client |")
    print("|---|---:|---:|---:|")
    for name, rps in figures.items():
        lat = latency.get(name)
        lat_text = f"{lat['p50']:.0f} / {lat['p95']:.0f}" if lat else ""
        print(f"| {name} | {rps:.0f} | {rps / ceiling:.0%} | {lat_text} |")
    print(f"\nOne client, the ceiling: p50 {one['p50']:.1f} ms. Lists of one page, its first request, one client:")
    for name, ms in first_latency.items():
        print(f"- {name}: {', '.join(f'{v:.0f}' for v in ms)} ms")
    for when in ("first read, made on request", "read again", "first read after a change",
                 "8 crawlers after a change"):
        worst = min((rps, name) for name, rps in figures.items() if name.endswith(when))
        print(f"slowest list ({when}): {worst[1]} at {worst[0] / ceiling:.0%} of the lower ceiling; "
              f"target ≥ 30 %: {'met' if worst[0] / ceiling >= 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
