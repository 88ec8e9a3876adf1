"""A search's query is embedded on a background thread (embed.query_soon) while the
request does its other work; the vector is the same as embedded in place, and nothing
is kept: the same text in the next search is embedded again."""
import threading

import numpy as np

from teilhabe.search import embed


def test_it_embeds_the_query_on_another_thread_exactly_as_in_place():
    threads = []
    real = embed.embed_query

    def spy(text):
        threads.append(threading.current_thread())
        return real(text)

    embed.embed_query = spy
    try:
        vector = embed.query_soon("Deutschkurs für Frauen").result(timeout=60)
        again = embed.query_soon("Deutschkurs für Frauen").result(timeout=60)
    finally:
        embed.embed_query = real
    assert len(threads) == 2  # no vector kept between searches
    assert threads[0] is not threading.current_thread()
    np.testing.assert_array_equal(vector, real("Deutschkurs für Frauen"))
    np.testing.assert_array_equal(again, vector)
