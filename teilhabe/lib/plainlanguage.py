"""An offline checker for Leichte Sprache ("ls") and plain German ("plain").

check(text, mode) names, per sentence, what the rules of the Netzwerk Leichte Sprache and
the BMAS guide ask to change: long sentences, long compounds (with the Mediopunkt split to
use), passive, negation, subjunctive, genitive, abbreviations, numbers and dates; rare
words by word frequency. readability(text) gives Amstad's Flesch for German and the first
Wiener Sachtextformel. Hints advise, they never refuse a text.

Everything runs in this process from data the packages ship — no text leaves the server:
wordfreq (frequencies of German words; compounds are split where both parts are common),
pyphen (the LibreOffice hyphenation patterns: syllables for the readability scores) and
simplemma (German lemmas: is a word after "wird" a verb's participle?). Each loads its
German data once, on first use, and into little memory, since every web process that
checks a text holds it: wordfreq's list as lib/wordfrequency.py packs it, simplemma's
dictionary as its low-memory store (together ≈ 50 MB instead of ≈ 180; bench/README.md).
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

LS, PLAIN = "ls", "plain"
MODES = (LS, PLAIN)
RULES = ("sentence_length", "long_word", "passive", "negation", "subjunctive", "genitive",
         "abbreviation", "numbers", "dates", "rare_word")
# Which rules speak in which mode: plain German may say "nicht", write "drei" and use the
# Konjunktiv of indirect speech; Leichte Sprache avoids all of them.
MODE_RULES = {
    LS: set(RULES),
    PLAIN: {"sentence_length", "long_word", "passive", "negation", "abbreviation", "dates", "rare_word"},
}
MAX_WORDS = {LS: 12, PLAIN: 20}      # BMAS/Netzwerk: short sentences (8–15 words); plain: ≤ 20
LONG_WORD = {LS: 11, PLAIN: 20}      # letters from which a compound is worth splitting
RARE_ZIPF = {LS: 3.0, PLAIN: 2.0}    # Zipf 3 = once per million words
COMMON_PART = 3.0                    # both parts of a split must be at least this common
MAX_TEXT = 100_000                   # characters checked; the rest of a longer text is not
MAX_COMPOUND = 64                    # letters; longer "words" are no German compound to split

LETTERS = "A-Za-zÄÖÜäöüß"
WORD = re.compile(rf"[{LETTERS}0-9]+(?:[-·‧][{LETTERS}0-9]+)*")


@dataclass(frozen=True)
class Hint:
    rule: str
    sentence_index: int      # 1-based, as the hint names it: "Satz 3"
    sentence: str
    span: tuple              # (start, end) of the words concerned within the sentence
    message: str
    suggestion: str = ""

    @property
    def excerpt(self):
        return self.sentence[self.span[0]:self.span[1]]


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    flesch_amstad: float     # 0 (very hard) … 100 (very easy)
    wiener: float            # 1st Wiener Sachtextformel: school grade 4 (easy) … 15 (very hard)


# --- sentences and words ------------------------------------------------------------------

ABBREVIATIONS = {
    "abs", "allg", "bspw", "bzgl", "bzw", "ca", "d", "di", "do", "dt", "etc", "evtl", "fr", "gem", "ggf",
    "hr", "i", "inkl", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "mi",
    "mo", "sa", "max", "min", "mio", "mrd", "nr", "o", "s", "std", "str", "tel", "tsd", "u", "usw",
    "v", "vgl", "z", "zt", "zzgl", "sog", "geb", "lt", "ehem", "einschl", "a", "b", "h", "ä",
    "g", "ggfs", "tägl", "wg", "ff", "f", "jh", "kath", "ev", "od", "hbf", "mind", "zb", "dh",
}
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")
# After an ordinal ("3. März", "im 2. Stock") a sentence goes on; after "Haus·nummer 4." it ends.
AFTER_ORDINAL = {m.lower() for m in MONTHS} | {"jan", "feb", "mrz", "apr", "jun", "jul", "aug", "sep", "sept",
                                               "okt", "nov", "dez", "stock", "etage", "klasse", "mal", "platz",
                                               "jahrhundert", "lebensjahr", "schuljahr", "advent", "obergeschoss"}
_END = re.compile(r"[.!?…]+[\"'“”»«)]*(?=\s)|\n+|;")


def sentences(text):
    """[(start, end)] of each sentence: lines and paragraphs end one (a list item, a heading),
    and so do . ! ? — except after an abbreviation, a single letter or a number ("3. März")
    or before a word in lower case."""
    result, start = [], 0
    for match in _END.finditer(text):
        if match.group().startswith("."):
            before = re.search(rf"([{LETTERS}0-9]+)$", text[start:match.start()])
            after = re.match(rf"\s*([{LETTERS}0-9]+)", text[match.end():])
            token, following = before.group(1) if before else "", after.group(1) if after else ""
            if (token.lower() in ABBREVIATIONS or following[:1].islower()
                    or token.isdigit() and (following.lower() in AFTER_ORDINAL or following.isdigit())):
                continue
        _add(result, text, start, match.end())
        start = match.end()
    _add(result, text, start, len(text))
    return result


def _add(result, text, start, end):
    chunk = text[start:end]
    stripped = chunk.strip()
    if any(c.isalnum() for c in stripped):
        offset = start + len(chunk) - len(chunk.lstrip())
        result.append((offset, offset + len(stripped)))


def words(sentence):
    return list(WORD.finditer(sentence))


# --- word data, loaded once ---------------------------------------------------------------

@lru_cache(maxsize=200_000)
def zipf(word):
    """How common a word is in German, 0 (never seen) to about 8 ("die")."""
    from teilhabe.lib import wordfrequency  # loads the German list (≈ 1 s) on first use only
    return wordfrequency.zipf(word)


@lru_cache(maxsize=20_000)
def lemma(word):
    import simplemma

    # low_memory: the same dictionary, searched in its compressed stream (≈ 20 MB) instead
    # of unpacked into a dict (≈ 105 MB); the lru_cache above makes up for the slower lookup.
    return simplemma.lemmatize(word, lang="de", low_memory=True)


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen
    return pyphen.Pyphen(lang="de_DE", left=1, right=1)


@lru_cache(maxsize=100_000)
def syllables(word):
    vowels = sum(1 for c in word.lower() if c in "aeiouäöüy")
    if not vowels:
        return 1
    return len(_hyphenator().positions(word)) + 1


# Fugen-elements between the parts of a German compound: Integration·s·kurs, Kinder·garten.
_LINKS = ("s", "es", "n", "en", "")


@lru_cache(maxsize=20_000)
def split_compound(word):
    """The parts of a compound, each a common word ("Integrationskursanmeldung" →
    ["Integrations", "kurs", "anmeldung"]), or [] when no split leaves common parts. A part
    that is itself a common word stays whole ("Ausländer·behörde")."""
    if len(word) > MAX_COMPOUND:
        return []
    lengths = _split(word.lower())
    if not lengths or len(lengths) < 2:
        return []
    parts, at = [], 0
    for length in lengths:
        parts.append(word[at:at + length])
        at += length
    return parts


@lru_cache(maxsize=50_000)
def _split(lower, depth=0):
    """Lengths of the best split of a lower-case word, its score the rarest part's Zipf."""
    best, best_score = None, COMMON_PART
    for cut in range(4, len(lower) - 3):
        head, left = lower[cut:], lower[:cut]
        head_parts = [len(head)] if zipf(head) >= COMMON_PART else (
            _split(head, depth + 1) if depth < 3 and len(head) >= 8 else None)
        if not head_parts:
            continue
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            stem = left[:len(left) - len(link)]
            if len(stem) < 3:
                continue
            left_parts = [cut] if zipf(stem) >= COMMON_PART else (
                _split(left, depth + 1) if depth < 3 and len(left) >= 8 and not link else None)
            if not left_parts:
                continue
            score = min(zipf(stem) if len(left_parts) == 1 else COMMON_PART,
                        zipf(head) if len(head_parts) == 1 else COMMON_PART)
            parts = [*left_parts, *head_parts]
            if best is None or score > best_score or (score == best_score and len(parts) < len(best)):
                best, best_score = parts, score
    return tuple(best) if best else None


# --- the rules ----------------------------------------------------------------------------

NEGATIONS = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
             "niemand", "niemanden", "niemandem", "nichts", "nirgends", "nirgendwo", "weder"}
WERDEN = {"werde", "wirst", "wird", "werden", "werdet", "wurde", "wurdest", "wurden", "wurdet",
          "würde", "würden", "würdest", "würdet"}
SUBJUNCTIVE = {
    "würde", "würden", "würdest", "würdet", "wäre", "wären", "wärst", "wärest", "wäret", "hätte",
    "hätten", "hättest", "hättet", "könnte", "könnten", "könntest", "müsste", "müssten", "müßte",
    "dürfte", "dürften", "sollte", "sollten", "solltest", "käme", "kämen", "ginge", "gingen", "gäbe",
    "gäben", "wüsste", "wüssten", "bräuchte", "bräuchten", "täte", "täten", "ließe", "ließen",
    "stünde", "stünden", "stände", "läge", "lägen", "sähe", "fände", "fänden", "bliebe", "hülfe",
    # Konjunktiv I of indirect speech, where the form is unmistakable
    "sei", "seien", "seiest", "könne", "müsse", "solle", "wolle", "dürfe",
}
GENITIVE_ARTICLES = {"des", "eines", "meines", "deines", "seines", "ihres", "unseres", "eures", "wessen"}
GENITIVE_PREPOSITIONS = {"wegen", "während", "trotz", "statt", "anstatt", "innerhalb", "außerhalb",
                         "aufgrund", "anhand", "bezüglich", "hinsichtlich", "mithilfe", "oberhalb",
                         "unterhalb", "zwecks", "infolge", "seitens", "angesichts", "einschließlich"}
NUMBER_WORDS = {"null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
                "elf", "zwölf", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig",
                "achtzig", "neunzig", "hundert", "tausend", "dutzend", "zweimal", "dreimal", "viermal"}
_NUMBER_COMPOUND = re.compile(r"^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und"
                              r"(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)$")
ROMAN = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XX"}
MIXED_ABBREVIATIONS = {"Pkw", "Lkw", "Kfz", "Azubi", "Abi", "Kita", "KiTa", "Uni", "Ausw", "Vers"}
KNOWN_SHORT = {"Kita", "Uni", "Azubi", "Abi"}  # short words, not abbreviations any more
_PARTICIPLE_SHAPE = re.compile(
    r"^(ge\w+(t|en)|(be|ver|er|ent|zer|emp|miss|über|unter|hinter|wider)\w{2,}(t|en)|\w+iert|"
    r"(ab|an|auf|aus|bei|dar|durch|ein|fest|frei|her|hin|los|mit|nach|teil|um|vor|weg|weiter|wieder|zu|zurück|"
    r"zusammen|statt|vorbei|heraus|hinzu|entgegen)"
    r"ge\w+(t|en))$")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?=\s*Uhr)")
_ABBREVIATION = re.compile(rf"(?<![{LETTERS}])(?:[{LETTERS}]{{1,2}}\.\s?){{2,3}}|"
                           rf"(?<![{LETTERS}])([{LETTERS}]{{1,5}})\.(?=\s|$|[,;:)])")
_PERCENT = re.compile(r"\d\s?%|\bProzent\b")
_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")


def check(text, mode=LS, *, known=()):
    """[Hint] for a German text; mode LS (Leichte Sprache) or PLAIN (plain German). `known`
    are words not to call rare (names of the town, its districts, its offers)."""
    if mode not in MODES:
        raise ValueError(f"mode is {LS!r} or {PLAIN!r}, not {mode!r}")
    text = (text or "")[:MAX_TEXT]
    known = {k.lower() for k in known}
    rules = MODE_RULES[mode]
    hints = []
    for index, (start, end) in enumerate(sentences(text), 1):
        sentence = text[start:end]
        found = []
        for rule in RULES:
            if rule in rules:
                found.extend(_RULES[rule](sentence, mode, known))
        hints.extend(Hint(rule, index, sentence, span, message, suggestion)
                     for rule, span, message, suggestion in sorted(found, key=lambda h: h[1]))
    return hints


def _sentence_length(sentence, mode, known):
    count = len(words(sentence))
    if count > MAX_WORDS[mode]:
        yield ("sentence_length", (0, len(sentence)),
               _("%(count)s Wörter – höchstens %(max)s sind leicht zu lesen. Teilen Sie den Satz.")
               % {"count": count, "max": MAX_WORDS[mode]}, "")


def _long_word(sentence, mode, known):
    for match in words(sentence):
        word = match.group()
        if not word.isalpha() or len(word) < LONG_WORD[mode] or word.lower() in known or word.isupper():
            continue
        parts = split_compound(word) if word[0].isupper() else []
        if parts:
            joined = "·".join([parts[0], *(p.lower() for p in parts[1:])]) if mode == LS else \
                "-".join([parts[0], *(p[0].upper() + p[1:] for p in parts[1:])])
            yield ("long_word", match.span(),
                   _("„%(word)s“ ist ein langes Wort. Trennen Sie es: %(split)s")
                   % {"word": word, "split": joined}, joined)
        elif len(word) >= LONG_WORD[PLAIN] - (4 if mode == LS else 0):
            yield ("long_word", match.span(),
                   _("„%(word)s“ ist ein langes Wort. Nehmen Sie ein kürzeres.") % {"word": word}, "")


def _clauses(sentence):
    """(start, [word matches]) per clause: a comma or colon ends one."""
    start = 0
    for part in re.split(r"([,:–])", sentence + ","):
        if part in (",", ":", "–"):
            start += 1
            continue
        yield [m for m in WORD.finditer(sentence, start, start + len(part))]
        start += len(part)


def _is_participle(word):
    if not word.islower() or not _PARTICIPLE_SHAPE.match(word) or word in WERDEN:
        return False
    base = lemma(word)
    return base != word and base.endswith("n") and base.islower()


def _passive(sentence, mode, known):
    for clause in _clauses(sentence):
        lowered = [m.group().lower() for m in clause]
        aux = [m for m, w in zip(clause, lowered) if w in WERDEN or w == "worden"]
        if not aux:
            continue
        participles = [m for m in clause if m not in aux and _is_participle(m.group())]
        if participles or any(m.group().lower() == "worden" for m in aux):
            first = min([*aux, *participles], key=lambda m: m.start())
            last = max([*aux, *participles], key=lambda m: m.end())
            yield ("passive", (first.start(), last.end()),
                   _("Passiv: „%(words)s“. Sagen Sie, wer etwas tut (Aktiv).")
                   % {"words": sentence[first.start():last.end()]}, "")


def _negation(sentence, mode, known):
    found = [m for m in words(sentence) if m.group().lower() in NEGATIONS]
    if mode == PLAIN and len(found) < 2:  # plain German avoids only double negation
        return
    for match in found:
        yield ("negation", match.span(),
               _("Verneinung „%(word)s“: sagen Sie es positiv, wenn es geht.") % {"word": match.group()}, "")


def _subjunctive(sentence, mode, known):
    matches = words(sentence)
    for i, match in enumerate(matches):
        word = match.group()
        if word.lower() not in SUBJUNCTIVE:
            continue
        following = matches[i + 1].group() if i + 1 < len(matches) else ""
        if word in ("Sei", "Seien") and i == 0 and following in ("Sie", "du", "ihr", "wir"):
            continue  # "Seien Sie pünktlich.": the imperative, not the Konjunktiv
        yield ("subjunctive", match.span(),
               _("Konjunktiv „%(word)s“: schreiben Sie, was ist oder was getan werden kann.")
               % {"word": word}, "")


def _genitive(sentence, mode, known):
    matches = words(sentence)
    for i, match in enumerate(matches):
        word = match.group().lower()
        following = matches[i + 1].group().lower() if i + 1 < len(matches) else ""
        if word in GENITIVE_ARTICLES or (
                word in GENITIVE_PREPOSITIONS and following in {"des", "der", "eines", "einer"}):
            yield ("genitive", match.span(),
                   _("Genitiv „%(word)s“: schreiben Sie „von dem …“ oder „vom …“.") % {"word": match.group()},
                   "")


def _abbreviation(sentence, mode, known):
    spans = []
    for match in _ABBREVIATION.finditer(sentence):
        if match.group(1) is not None:  # one word with a period: only the known abbreviations
            word = match.group(1)
            if word.lower() not in ABBREVIATIONS or len(word) == 1:
                continue
        text = match.group().strip()
        if re.fullmatch(r"\d+\.", text):
            continue
        spans.append((match.start(), match.start() + len(text), text))
    for match in words(sentence):
        word = match.group()
        if word in ROMAN or word in KNOWN_SHORT or word.lower() in known:
            continue
        letters = re.sub(r"[^A-Za-zÄÖÜäöüß]", "", word)
        if (len(letters) >= 2 and letters.isupper() and len(word) <= 8) or word in MIXED_ABBREVIATIONS:
            spans.append((match.start(), match.end(), word))
    for start, end, text in spans:
        yield ("abbreviation", (start, end),
               _("Abkürzung „%(text)s“: schreiben Sie das Wort aus oder erklären Sie es.") % {"text": text}, "")


def _numbers(sentence, mode, known):
    for match in words(sentence):
        word = match.group()
        lower = word.lower()
        if lower in NUMBER_WORDS or _NUMBER_COMPOUND.match(lower):
            yield ("numbers", match.span(),
                   _("Zahlwort „%(word)s“: schreiben Sie die Zahl als Ziffer.") % {"word": word}, "")
        elif word in ROMAN:
            yield ("numbers", match.span(),
                   _("Römische Zahl „%(word)s“: schreiben Sie %(number)s.")
                   % {"word": word, "number": _roman(word)}, str(_roman(word)))
    for match in _PERCENT.finditer(sentence):
        yield ("numbers", match.span(),
               _("Prozent-Angaben sind schwer. Schreiben Sie „viele“, „wenige“ oder „die Hälfte“."), "")
    for match in _LONG_NUMBER.finditer(sentence):
        grouped = f"{int(match.group()):,}".replace(",", ".")
        yield ("numbers", match.span(),
               _("Lange Zahl „%(number)s“: gliedern Sie sie (%(grouped)s) oder schreiben Sie „viele“.")
               % {"number": match.group(), "grouped": grouped}, grouped)


def _roman(word):
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(word, word[1:] + " "):
        total += -values[a] if b != " " and values[a] < values[b] else values[a]
    return total


def _dates(sentence, mode, known):
    for match in _NUMERIC_DATE.finditer(sentence):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        if year and len(year) == 2:
            year = f"20{year}"
        written = f"{day}. {MONTHS[month - 1]}" + (f" {year}" if year else "")
        yield ("dates", match.span(),
               _("Datum „%(date)s“: schreiben Sie den Monat aus: %(written)s")
               % {"date": match.group(), "written": written}, written)
    for match in _DOTTED_TIME.finditer(sentence):
        written = f"{int(match.group(1))}:{match.group(2)}"
        yield ("dates", match.span(),
               _("Uhrzeit „%(time)s“: schreiben Sie %(written)s Uhr.") % {"time": match.group(), "written": written},
               f"{written} Uhr")


def _rare_word(sentence, mode, known):
    for match in words(sentence):
        word = match.group()
        if not word.isalpha() or len(word) < 4 or word.lower() in known or word.isupper():
            continue
        for part in re.split(r"[-·‧]", word):
            if len(part) > MAX_COMPOUND:
                break  # the long-word hint speaks of it
            frequency = zipf(part)
            if frequency >= RARE_ZIPF[mode]:
                continue
            if frequency == 0 and part[:1].isupper():
                continue  # unknown and capitalised: most likely a name
            if part[:1].isupper() and split_compound(part):
                continue  # a compound of common words is no rare word (long ones get their split)
            yield ("rare_word", match.span(),
                   _("„%(word)s“ ist ein seltenes Wort. Nehmen Sie ein bekanntes Wort oder erklären Sie es.")
                   % {"word": part}, "")
            break


_RULES = {"sentence_length": _sentence_length, "long_word": _long_word, "passive": _passive,
          "negation": _negation, "subjunctive": _subjunctive, "genitive": _genitive,
          "abbreviation": _abbreviation, "numbers": _numbers, "dates": _dates, "rare_word": _rare_word}


# --- readability --------------------------------------------------------------------------

def readability(text):
    """Amstad's Flesch reading ease for German (180 − ASL − 58.5 × ASW; Amstad 1978) and the
    first Wiener Sachtextformel (Bamberger & Vanecek 1984); None for a text without words."""
    text = (text or "")[:MAX_TEXT]
    spans = sentences(text)
    tokens = [m.group() for start, end in spans for m in words(text[start:end]) if not m.group().isdigit()]
    if not tokens:
        return None
    counts = [sum(syllables(p) for p in re.split(r"[-·‧]", t) if p) for t in tokens]
    n = len(tokens)
    asl = n / len(spans)
    asw = sum(counts) / n
    ms = 100 * sum(1 for c in counts if c >= 3) / n
    iw = 100 * sum(1 for t in tokens if len(t.replace("·", "")) > 6) / n
    es = 100 * sum(1 for c in counts if c == 1) / n
    flesch = 180 - asl - 58.5 * asw
    wiener = 0.1935 * ms + 0.1672 * asl + 0.1297 * iw - 0.0327 * es - 0.875
    return Readability(sentences=len(spans), words=n, flesch_amstad=round(max(0.0, min(100.0, flesch)), 1),
                       wiener=round(wiener, 1))


def describe_flesch(score):
    """A word for Amstad's scale: the published table's seven bands in four (80–100 leicht,
    60–80 mittel, 30–60 schwer, below 30 sehr schwer)."""
    for limit, label in ((80, _("leicht")), (60, _("mittel")), (30, _("schwer"))):
        if score >= limit:
            return label
    return _("sehr schwer")


__all__ = ["check", "readability", "describe_flesch", "sentences", "split_compound", "Hint", "Readability",
           "LS", "PLAIN", "RULES"]
