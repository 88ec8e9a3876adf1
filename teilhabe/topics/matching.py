"""Topics and information texts that answer a search ("Wohnung", "Anmeldung"), for the
portal's search pages beside the offers. A small matcher of its own, not the search
engine's index: a municipality has a few topics with a few dozen short texts, read in one
query each and matched in well under a millisecond per text. Words are the engine's terms
(search.text: folded, stemmed per language) and a query is widened by the synonym
vocabulary (search.vocabulary: shipped and the municipality's own), so "Kindergarten"
finds the Kita text as the offer search does. Texts are matched in German and in the
visitor's language (where translated), so an Arabic question finds an Arabic text and a
German word still finds the German original."""
from django.utils.html import strip_tags

from teilhabe.search import text as T
from teilhabe.search import vocabulary
from teilhabe.search.models import Synonyms
from teilhabe.translations.texts import prefetch_all, texts_in

from .models import InformationText, Topic

# A word of a topic's title or summary counts more than one of a text's title, and that
# more than one in a text's body.
TOPIC_WEIGHT, TITLE_WEIGHT, BODY_WEIGHT = 3, 2, 1
# Stems this long match the start of longer ones ("wohn" – "wohnungssuch"): German compounds.
PREFIX_CHARS = 4


def _terms(texts, languages):
    out = set()
    for analyzer in {T.analyzer_for(language) for language in languages}:
        for text in texts:
            out.update(T.terms(strip_tags(text or ""), analyzer))
    return out


def _wanted(query, lang, own):
    """What a text must hold to answer the query: each of its words, and each synonym's
    phrase whole ("Wohnung finden" for "Wohnung" — not every text with "finden")."""
    terms = T.query_terms(query, T.analyzer_for(lang)) + T.query_terms(query, "de")
    phrases = {frozenset([term]) for term in terms}
    phrases.update(vocabulary.phrase_terms(p) for p in vocabulary.expansion_phrases(query, own))
    return [p for p in phrases if p]


def _hits(wanted, document_terms):
    def found(term):
        if term in document_terms:
            return True
        return len(term) >= PREFIX_CHARS and any(word.startswith(term) for word in document_terms)
    return sum(1 for phrase in wanted if all(found(term) for term in phrase))


def _fields(obj, lang, names):
    """The German fields and their translation into `lang` (where there is one; Leichte
    Sprache too)."""
    german = [getattr(obj, name) for name in names]
    if lang in ("de", None):
        return german
    translated = texts_in(obj, lang)
    return german + [str(translated[name]) for name in names if translated[name].language != "de"]


def matching_topics(municipalities, query, *, lang, limit=3, texts_per_topic=3):
    """[(topic, [text])] of the published topics of `municipalities` that the query's words
    name, best first; each with its published information texts that name them."""
    municipalities = list(municipalities)
    own = [vocabulary.own_sets(text) for text in Synonyms.objects.filter(
        municipality__in=municipalities).values_list("text", flat=True)]
    wanted = _wanted(query, lang, [s for sets in own for s in sets])
    if not wanted:
        return []
    languages = ["de"] if lang in ("de", None) else ["de", lang]
    topics = prefetch_all(Topic.objects.public().filter(municipality__in=municipalities)
                          .select_related("municipality"))
    texts = prefetch_all(InformationText.objects.public().filter(topic__in=topics))
    by_topic = {}
    for text in texts:
        score = (TITLE_WEIGHT * _hits(wanted, _terms(_fields(text, lang, ["title"]), languages))
                 + BODY_WEIGHT * _hits(wanted, _terms(_fields(text, lang, ["body"]), languages)))
        if score:
            by_topic.setdefault(text.topic_id, []).append((score, text))
    found = []
    for topic in topics:
        own_score = TOPIC_WEIGHT * _hits(wanted, _terms(_fields(topic, lang, ["title", "summary"]), languages))
        matched = sorted(by_topic.get(topic.pk, []), key=lambda pair: (-pair[0], pair[1].position))
        score = own_score + sum(s for s, _ in matched)
        if score:
            found.append((score, topic, [text for _, text in matched[:texts_per_topic]]))
    found.sort(key=lambda item: (-item[0], item[1].position, item[1].title))
    return [(topic, matched) for _, topic, matched in found[:limit]]
