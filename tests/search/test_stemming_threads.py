"""gunicorn's threads analyse queries at the same time: each gets its own Snowball stemmer
(one shared stemmer keeps the word it works on in itself — threads crashed with an
IndexError, a 500 under bench/search_speed.py's concurrent requests, or swapped stems)."""
import threading

from teilhabe.search import text as T


def test_threads_stemming_at_once_get_the_stems_of_their_own_words():
    words = [f"{stem}{n}{ending}" for n in range(100) for stem in ("beratungs", "kinderbetreu", "deutschkurs")
             for ending in ("ungen", "en", "es")]
    T.stem.cache_clear()
    expected = {w: T.stem(w, "de") for w in words}
    T.stem.cache_clear()
    wrong = []

    def work(offset):
        try:
            for w in words[offset:] + words[:offset]:
                if T._stemmer("de").stemWord(w) != T._stemmer("de").stemWord(w):
                    wrong.append(w)
            for w in words[offset:] + words[:offset]:
                if T.stem(w, "de") != expected[w]:
                    wrong.append(w)
        except IndexError as error:
            wrong.append(repr(error))

    threads = [threading.Thread(target=work, args=(i * 150,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    T.stem.cache_clear()
    assert not wrong, wrong[:5]
