"""The integration domain's vocabulary that ships with teilhabe (data/vocabulary.json): the
words that name a target group ("Mütter", "Geflüchtete") and sets of words that mean the
same offer ("Kindergarten" – Kita). A query naming one of a municipality's districts or
target groups ranks the offers held there or for them higher (query.py); a synonym widens
the query to the other words of its set."""
import functools
import json
from pathlib import Path

from teilhabe.search import text as T

DATA = Path(__file__).resolve().parent / "data" / "vocabulary.json"


@functools.lru_cache(maxsize=1)
def _data():
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4096)
def phrase_terms(phrase):
    """The German terms of a word or phrase, as a query's would be ("Am Hafen" → haf).
    One frozenset per phrase for all segments of a process: every municipality's names
    repeat the vocabulary's target-group words (≈ 11 KB per segment, 22 MB at 2,000)."""
    return frozenset(T.terms(phrase, "de"))


def names(districts, target_groups):
    """[(terms, facet, value)]: the phrases that name a municipality's districts
    ({id: name}) and target groups ({id: {language: name}}). A target group is named by its
    names in every language and, when its German name holds the head word of one of the
    vocabulary's sets ("Frauen" – frau …), by every word of that set ("Mütter")."""
    out = []
    for pk, name in districts.items():
        terms = phrase_terms(name)
        if terms:
            out.append((terms, "district", pk))
    sets = [[phrase_terms(w) for w in words] for words in _data()["target_groups"]]
    for pk, group_names in target_groups.items():
        german = phrase_terms(group_names.get("de", ""))
        phrases = {phrase_terms(n) for n in group_names.values()}
        for words in sets:
            if words[0] and words[0] <= german:
                phrases.update(words)
        out += [(terms, "target_group", pk) for terms in phrases if terms]
    return out


def named(query, phrases, *, terms=None):
    """{facet: {value}} of the phrases (from names()) all of whose terms the query holds
    (`terms`: the query's German terms as a set, where the caller has them already)."""
    terms = set(T.terms(query, "de")) if terms is None else terms
    found = {}
    for phrase, facet, value in phrases:
        if phrase <= terms:
            found.setdefault(facet, set()).add(value)
    return found


@functools.lru_cache(maxsize=1)
def _synonym_sets():
    return [[(phrase_terms(w), w) for w in words] for words in _data()["synonyms"]]


def own_sets(text):
    """A municipality's own sets (Synonyms.text: one set per line, comma-separated), in the
    form expansions() takes."""
    sets = []
    for line in (text or "").splitlines():
        words = [w.strip() for w in line.split(",") if w.strip()]
        if len(words) > 1:
            sets.append([(phrase_terms(w), w) for w in words])
    return sets


def expansion_phrases(query, own=()):
    """The other words and phrases of each synonym set (shipped, and the municipality's
    `own`) one of whose words or phrases the query holds ("kindergarten platz" → kita,
    kindertagesstätte …), each on its own (the topics' matcher wants a phrase whole)."""
    terms = set(T.terms(query, "de"))
    out = []
    for words in [*_synonym_sets(), *own]:
        if any(phrase and phrase <= terms for phrase, _ in words):
            out += [w for phrase, w in words if phrase and not phrase <= terms and w not in out]
    return out


def expansions(query, own=()):
    """expansion_phrases() as one text; "" when none."""
    return " ".join(expansion_phrases(query, own))
