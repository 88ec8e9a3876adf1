"""German word frequencies exactly as wordfreq gives them (`zipf_frequency(word, "de")`),
held in about 10 MB instead of the 85 MB of wordfreq's own table.

wordfreq keeps its 634,502 German words as a dict of Python strings to floats (and, behind
its lru_cache, the lists they were read from) in every process that asks once. Here the
same list becomes one sorted UTF-8 blob, an array of offsets and an array of frequency
classes (centibels), searched by bisection and `bytes.find`; the words are read from wordfreq's own file
and tokenised by its own `lossy_tokenize`, and `zipf` repeats wordfreq's arithmetic
(tests/lib/test_wordfrequency.py holds it to wordfreq's figures).
"""
import array
import bisect
import gc
import itertools
import math
from functools import lru_cache

LANGUAGE = "de"
_MINIMUM = 1e-9  # wordfreq's `zipf_to_freq(0)`: what an unknown word counts


class _Table:
    """The words sorted, one per line in one blob; every BLOCK-th word as a bytes object,
    to bisect in C to a block of BLOCK words, in which `find` looks for the line."""
    BLOCK = 64

    def __init__(self, path):
        self.blob, self.starts, self.centibels = _pack(path)
        # Only now, with the 600,000 strings and tuples of the packing gone (a full
        # collection also empties the free lists), the heads: made earlier, they would be
        # scattered over the memory of the packing and keep ≈ 40 MB of it from going back.
        gc.collect()
        self.heads = [self.blob[self.starts[i]:self.starts[i + 1] - 1]
                      for i in range(0, len(self.centibels), self.BLOCK)]

    def centibels_of(self, token):
        """The frequency class of a token (0 … about 800: 10 ** (-cB / 100)), or None."""
        key = token.encode()
        block = bisect.bisect_right(self.heads, key) - 1
        if block < 0 or b"\n" in key:
            return None
        first, end = block * self.BLOCK, min((block + 1) * self.BLOCK, len(self.centibels))
        at = self.blob.find(b"\n" + key + b"\n", self.starts[first] - 1, self.starts[end])
        if at < 0:
            return None
        return self.centibels[first + self.blob.count(b"\n", self.starts[first], at + 1)]  # lines before it


def _pack(path):
    """wordfreq's file as (blob, starts, centibels): starts[i] is where word i begins,
    starts[len] = len(blob), after the last line."""
    import wordfreq

    # read_cBpack, not get_frequency_list: that one's lru_cache would keep the lists. And
    # wordfreq's dict keeps the last bucket of a word listed twice: so does the sort.
    buckets = wordfreq.read_cBpack(path)
    entries = sorted((word, centibels) for centibels, bucket in enumerate(buckets) for word in bucket)
    del buckets
    entries = [entry for entry, after in itertools.zip_longest(entries, entries[1:])
               if after is None or after[0] != entry[0]]
    encoded = [word.encode() for word, _ in entries]
    return (b"\n" + b"\n".join(encoded) + b"\n",
            array.array("I", itertools.accumulate((len(word) + 1 for word in encoded), initial=1)),
            array.array("H", (centibels for _, centibels in entries)))


@lru_cache(maxsize=1)
def _table():
    import wordfreq

    return _Table(wordfreq.available_languages("best")[LANGUAGE])


def zipf(word):
    """How common a word is in German on the Zipf scale, 0 (never seen) to about 8 ("die"):
    wordfreq's `_word_frequency` and `zipf_frequency` with minimum 0, step by step."""
    import wordfreq

    tokens = wordfreq.lossy_tokenize(word, LANGUAGE)
    if not tokens:
        return round(wordfreq.freq_to_zipf(_MINIMUM), 2)
    table, one_over_result = _table(), 0.0
    for token in tokens:
        smashed = wordfreq.smash_numbers(token)
        centibels = table.centibels_of(smashed)
        if centibels is None:
            return round(wordfreq.freq_to_zipf(_MINIMUM), 2)
        freq = wordfreq.cB_to_freq(-centibels)
        if smashed != token:
            freq *= wordfreq.digit_freq(token)
        one_over_result += 1.0 / freq
    unrounded = max(1.0 / one_over_result, _MINIMUM)
    freq = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(wordfreq.freq_to_zipf(freq), 2)
