"""How far the translation into each language has come, per kind of content."""
from collections import Counter

from teilhabe.translations.registry import kind_of
from teilhabe.translations.texts import translations_of
from teilhabe.translations.xliff import NEW, OUTDATED, TRANSLATED, units


def progress(municipality, code):
    """[(kind, {"translated": n, "outdated": n, "missing": n})] in the order of the files."""
    counts = {}
    names = {TRANSLATED: "translated", OUTDATED: "outdated", NEW: "missing"}
    for unit in units(municipality, code):
        counts.setdefault(unit.id.split(".")[0], Counter())[names[unit.state]] += 1
    return list(counts.items())


def states(obj, codes):
    """{code: "translated" | "outdated" | "partial" | "missing"} of one registered object:
    outdated when a field's German changed since its translation, partial when a field with
    German text has none."""
    kind = kind_of(obj)
    rows = {}
    for t in translations_of(obj):
        rows.setdefault(t.language, {})[t.field] = t
    result = {}
    for code in codes:
        done = rows.get(code, {})
        wanted = [name for name in kind.fields if getattr(obj, name)]
        if any(done[name].is_outdated_for(getattr(obj, name)) for name in wanted if name in done):
            result[code] = "outdated"
        elif not any(name in done for name in wanted):
            result[code] = "missing"
        else:
            result[code] = "translated" if all(name in done for name in wanted) else "partial"
    return result
