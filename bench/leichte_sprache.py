"""Scores the Leichte-Sprache checker (teilhabe/lib/plainlanguage.py) on judged sentences.

    .venv/bin/python bench/leichte_sprache.py

bench/data/leichte_sprache.json holds sentences written and judged by hand per rule
(broken or met) before the checker ran. Prints per rule: true/false positives, false
negatives, precision and recall; the readability scores' correlation with the plain /
not-plain labels (point-biserial: Pearson's r against 0/1); and the time to check a
2,000-word text, against the baseline of splitting the same text into words; and the
memory the first check adds to a fresh process (VmRSS and RssAnon from /proc; with
--tracemalloc also what Python allocated, which makes the load several times slower).
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")

import django  # noqa: E402

django.setup()

from teilhabe.lib import plainlanguage as pl  # noqa: E402


def pearson(xs, ys):
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sx = sum((x - mx) ** 2 for x in xs) ** .5
    sy = sum((y - my) ** 2 for y in ys) ** .5
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (sx * sy)


def score(data, verbose=False):
    counts = {rule: [0, 0, 0] for rule in pl.RULES}  # tp, fp, fn
    misses = []
    for item in data["sentences"]:
        found = {h.rule for h in pl.check(item["text"], data["mode"])}
        judged = set(item["broken"])
        for rule in pl.RULES:
            if rule in found and rule in judged:
                counts[rule][0] += 1
            elif rule in found:
                counts[rule][1] += 1
                misses.append(("FP", rule, item["text"]))
            elif rule in judged:
                counts[rule][2] += 1
                misses.append(("FN", rule, item["text"]))
    print(f"{len(data['sentences'])} judged sentences, mode {data['mode']}\n")
    print(f"| rule | judged broken | TP | FP | FN | precision | recall |\n|---|---:|---:|---:|---:|---:|---:|")
    total = [0, 0, 0]
    for rule, (tp, fp, fn) in counts.items():
        total = [a + b for a, b in zip(total, (tp, fp, fn))]
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "–"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "–"
        print(f"| {rule} | {tp + fn} | {tp} | {fp} | {fn} | {precision} | {recall} |")
    tp, fp, fn = total
    print(f"| **all rules** | {tp + fn} | {tp} | {fp} | {fn} | {tp / (tp + fp):.2f} | {tp / (tp + fn):.2f} |")
    if verbose:
        print()
        for kind, rule, text in misses:
            print(f"{kind} {rule}: {text}")


def correlation(data):
    labels, flesch, wiener = [], [], []
    for item in data["sentences"]:
        r = pl.readability(item["text"])
        labels.append(1.0 if item["plain"] else 0.0)
        flesch.append(r.flesch_amstad)
        wiener.append(r.wiener)
    plain = [f for f, label in zip(flesch, labels) if label]
    other = [f for f, label in zip(flesch, labels) if not label]
    print(f"\nreadability against the plain label ({len(plain)} plain, {len(other)} not plain):")
    print(f"  Flesch-Amstad: r = {pearson(flesch, labels):+.2f}  (mean {statistics.fmean(plain):.1f} plain, "
          f"{statistics.fmean(other):.1f} not plain)")
    print(f"  Wiener Sachtextformel: r = {pearson(wiener, labels):+.2f}")


def speed(data, cold):
    sentences = [item["text"] for item in data["sentences"]]
    text = "\n".join(sentences * 20)
    words = len(text.split())
    text = " ".join(text.split()[:2000])
    pl.zipf.cache_clear(), pl.split_compound.cache_clear(), pl._split.cache_clear(), pl.syllables.cache_clear()
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        pl.check(text, pl.LS)
        pl.readability(text)
        runs.append(time.perf_counter() - started)
        pl.zipf.cache_clear(), pl.split_compound.cache_clear(), pl._split.cache_clear(), pl.syllables.cache_clear()
    started = time.perf_counter()
    for _ in range(5):
        pl.words(text)
    baseline = (time.perf_counter() - started) / 5
    print(f"\nspeed ({min(words, 2000)} words, caches emptied before each run):")
    print(f"  first check in a process (loads wordfreq and simplemma): {cold:.2f} s")
    print(f"  check + readability: median {statistics.median(runs) * 1000:.0f} ms, "
          f"worst {max(runs) * 1000:.0f} ms")
    print(f"  baseline, splitting the text into words: {baseline * 1000:.1f} ms")


def memory():
    """VmRSS and RssAnon of this process in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "RssAnon")}


if __name__ == "__main__":
    data = json.loads((ROOT / "bench/data/leichte_sprache.json").read_text())
    if "--tracemalloc" in sys.argv:
        import tracemalloc
        tracemalloc.start()
    before = memory()
    started = time.perf_counter()
    pl.check("Der Kurs wird angeboten.")
    cold = time.perf_counter() - started
    after = memory()
    print("memory the first check adds to this process: " + ", ".join(
        f"{name} {before[name]:.0f} → {after[name]:.0f} MB (+{after[name] - before[name]:.0f})" for name in before))
    if "--tracemalloc" in sys.argv:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  Python allocations (tracemalloc): {current / 2**20:.0f} MB kept, peak {peak / 2**20:.0f} MB")
    print()
    score(data, verbose="-v" in sys.argv)
    correlation(data)
    speed(data, cold)
