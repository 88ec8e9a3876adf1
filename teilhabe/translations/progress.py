"""How far the translation into each language has come, per kind of content."""
from collections import Counter

from teilhabe.translations.xliff import NEW, OUTDATED, TRANSLATED, units


def progress(municipality, code):
    """[(kind, {"translated": n, "outdated": n, "missing": n})] in the order of the files."""
    counts = {}
    names = {TRANSLATED: "translated", OUTDATED: "outdated", NEW: "missing"}
    for unit in units(municipality, code):
        counts.setdefault(unit.id.split(".")[0], Counter())[names[unit.state]] += 1
    return list(counts.items())
