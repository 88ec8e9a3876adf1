"""Text analysis for the lexical index, done in Python so that SQLite and PostgreSQL behave
identically: words are case-folded (ß → ss), stemmed with Snowball per language (the German
stemmer also folds ä/ae, ö/oe, ü/ue), and the stored result is a plain string of terms.
Chunking for the embeddings and snippets with highlighted words live here too."""
import functools
import html
import re
import threading
import unicodedata

import snowballstemmer

# Words: runs of letters and digits. A hyphen joins parts of a compound ("Deutsch-Kurs"),
# which are indexed each on their own and joined.
WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# Snowball algorithms by language code; languages without one are only case-folded.
STEMMERS = {
    "de": "german", "de-ls": "german", "en": "english", "fr": "french", "ar": "arabic",
    "tr": "turkish", "ru": "russian", "fa": "persian", "prs": "persian", "es": "spanish",
    "it": "italian", "pl": "polish", "ro": "romanian", "el": "greek", "sr": "serbian",
    "hr": "serbian", "bs": "serbian",
}

# Frequent function words: they carry no meaning for a search and would only make every
# document match. Kept short on purpose; BM25's idf handles the rest.
STOPWORDS = {
    "de": set("""aber alle allem allen aller alles als also am an ander andere anderen auch auf aus
        bei beim bin bis bist da damit dann das dass dem den denen der des dessen die dies diese
        diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es
        etwas euch euer für gegen gibt hat hatte haben habe hier hin ich ihm ihn ihnen ihr ihre
        ihrem ihren ihrer im in ist ja jede jedem jeden jeder jedes kann kein keine man mich mir
        mit muss müssen nach nicht noch nur ob oder ohne sehr sein seine sich sie sind so soll
        sollte um und uns unser unter viel vom von vor war waren was welche welchem welchen
        welcher wenn wer werde werden wie wieder wir wird wo wobei zu zum zur über gibt es
        wann warum wieso weshalb welches woher wohin""".split()),
    "en": set("""a about an and are as at be by can do does for from has have how i if in is it
        its me my of on or so that the their them there this to was we what when where which
        who why will with you your""".split()),
    "fr": set("""a au aux avec ce ces comment dans de des du elle en est et il ils je la le les
        leur mais me ne nous on ou où par pas pour qu que qui quoi quand sa se son sont sur ta
        te un une vous y""".split()),
}


def _stemmer(language):
    name = STEMMERS.get(language)
    return _stemmer_by_name(name) if name else None


def analyzer_for(language):
    """The analyzer a text in `language` goes through: German for German and for languages
    we know nothing about (place names, loan words), else that language's own."""
    language = (language or "de").lower()
    if language in STEMMERS:
        return STEMMERS[language] if STEMMERS[language] != "german" else "de"
    return language


def fold(word):
    return unicodedata.normalize("NFKC", word).casefold()


@functools.lru_cache(maxsize=500_000)
def stem(word, analyzer="de"):
    """One folded word → its term. German is stemmed to a fixed point, because the Snowball
    German stemmer removes either "-e" or "-s" but not both ("Kurse" → kurs, "Kurs" → kur)."""
    if analyzer == "de":
        stemmer = _stemmer("de")
        for _ in range(3):
            stemmed = stemmer.stemWord(word)
            if stemmed == word:
                break
            word = stemmed
        return word
    algorithm = _stemmer_by_name(analyzer)
    return algorithm.stemWord(word) if algorithm else word


_local = threading.local()


def _stemmer_by_name(name):
    """This thread's stemmer: a Snowball stemmer keeps the word it works on in itself, so
    gunicorn's threads stemming at once with one shared stemmer crashed (IndexError in
    find_among, a 500) or got each other's stems."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if name not in stemmers:
        try:
            stemmers[name] = snowballstemmer.stemmer(name)
        except KeyError:
            stemmers[name] = None
    return stemmers[name]


def _stoplist(analyzer):
    return STOPWORDS.get({"de": "de", "english": "en", "french": "fr"}.get(analyzer, ""), ())


def words(text):
    """(start, end, word) for each word of `text`; hyphenated compounds count as one."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text or "")]


@functools.lru_cache(maxsize=200_000)
def word_terms(word, analyzer):
    """The terms of one word as written: its stem, and for hyphenated compounds the stem of
    each part and of the parts joined. Stop words give none."""
    folded = fold(word)
    if "-" not in folded:
        if folded in _stoplist(analyzer) or not _meaningful(folded):
            return ()
        return (stem(folded, analyzer),)
    parts = [p for p in folded.split("-") if p and p not in _stoplist(analyzer) and _meaningful(p)]
    terms = [stem(p, analyzer) for p in parts]
    if len(parts) > 1:
        terms.append(stem("".join(parts), analyzer))
    return tuple(terms)


def _meaningful(word):
    # Single letters carry nothing; single digits neither, but "3" in "U3" is part of a word.
    return len(word) > 1


def terms(text, analyzer):
    out = []
    for _, _, word in words(text):
        out.extend(word_terms(word, analyzer))
    return out


def query_terms(text, analyzer):
    """Distinct terms of a query, in order."""
    seen = []
    for term in terms(text, analyzer):
        if term not in seen:
            seen.append(term)
    return seen


# --- Passages for the embeddings -------------------------------------------------------------

CHUNK_CHARS = 700
_SENTENCE_RE = re.compile(r"(?<=[.!?:;])\s+|\n+")


def chunks(title, body, *, size=CHUNK_CHARS):
    """The passages a document is embedded as: the title, then the body cut at line and
    sentence boundaries into pieces of at most about `size` characters, each prefixed with
    the title. A long page would otherwise be averaged into one vector (or cut off), and a
    question about one of its paragraphs would not find it."""
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not body:
        return [title] if title else []
    pieces = [p.strip() for p in _SENTENCE_RE.split(body) if p and p.strip()]
    out, current = [], ""
    for piece in pieces:
        while len(piece) > size:  # a single overlong sentence: cut at a space
            cut = piece.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                out.append(current)
                current = ""
            out.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if current and len(current) + 1 + len(piece) > size:
            out.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        out.append(current)
    return [f"{title}\n{chunk}" if title else chunk for chunk in out]


# Short windows are embedded beside the ≤ 700-character passages: a question about one or
# two sentences of a long page matches them more closely, most of all across languages
# (omos-qa, Arabic questions on German texts: recall@5 0.72 → 0.78, 0.77 on the held-out
# ids, with the generic-passage correction of engine.Segment.semantic_parts;
# bench/search_quality.py). Their positions
# start at SHORT_POSITION, so that positions below it are those of chunks() and no
# migration is needed to tell them apart.
SHORT_CHARS = 250
SHORT_POSITION = 100_000


def passages(title, body):
    """(position, text) of every passage a document is embedded as: chunks() at 0, 1, …,
    and, where the body is longer than one short window, windows of at most SHORT_CHARS
    characters (each with the title) at SHORT_POSITION, SHORT_POSITION + 1, …"""
    out = list(enumerate(chunks(title, body)))
    short = chunks(title, body, size=SHORT_CHARS)
    if short != [text for _, text in out]:
        out += [(SHORT_POSITION + i, text) for i, text in enumerate(short)]
    return out


# --- Snippets --------------------------------------------------------------------------------

SNIPPET_CHARS = 220


def snippet(text, matches, *, size=SNIPPET_CHARS):
    """A passage of `text` around the densest run of matching words, as (text, is_match)
    segments. `matches(word)` says whether a word matches the query. Plain text in, plain
    text out: the caller escapes (see segments_html)."""
    text = " ".join((text or "").split())
    if not text:
        return []
    found = [(start, end) for start, end, word in words(text) if matches(word)]
    if not found:
        return [(_cut(text, size), False)]
    # The window of `size` characters that holds the most matches, starting at a match.
    best, best_count = 0, 0
    right = 0
    for left in range(len(found)):
        while right < len(found) and found[right][1] - found[left][0] <= size:
            right += 1
        if right - left > best_count:
            best, best_count = left, right - left
    start = found[best][0]
    # Step back a little for context, to a word boundary.
    back = max(0, start - size // 4)
    if back > 0:
        space = text.rfind(" ", 0, back + 1)
        back = space + 1 if space >= 0 else 0
    end = min(len(text), back + size)
    if end < len(text):
        space = text.rfind(" ", back, end)
        end = space if space > found[best][1] - back else end
    segments = []
    if back > 0:
        segments.append(("… ", False))
    position = back
    for m_start, m_end in found:
        if m_start < back or m_end > end:
            continue
        if m_start > position:
            segments.append((text[position:m_start], False))
        segments.append((text[m_start:m_end], True))
        position = m_end
    if position < end:
        segments.append((text[position:end], False))
    if end < len(text):
        segments.append((" …", False))
    return _merge(segments)


def highlight(text, matches):
    """All of `text` (a title) as (text, is_match) segments."""
    segments, position = [], 0
    for start, end, word in words(text or ""):
        if matches(word):
            if start > position:
                segments.append((text[position:start], False))
            segments.append((text[start:end], True))
            position = end
    if position < len(text or ""):
        segments.append((text[position:], False))
    return segments


def _cut(text, size):
    if len(text) <= size:
        return text
    space = text.rfind(" ", 0, size)
    return text[: space if space > size // 2 else size] + " …"


def _merge(segments):
    out = []
    for text, is_match in segments:
        if out and out[-1][1] == is_match:
            out[-1] = (out[-1][0] + text, is_match)
        else:
            out.append((text, is_match))
    return out


def segments_html(segments):
    """Escaped HTML with <mark> around matching words: safe whatever the offer text holds."""
    return "".join(f"<mark>{html.escape(text)}</mark>" if is_match else html.escape(text)
                   for text, is_match in segments)


def sort_key(title):
    return fold(title).replace("ä", "a").replace("ö", "o").replace("ü", "u")
