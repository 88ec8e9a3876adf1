"""German word frequencies exactly as wordfreq gives them (`zipf_frequency(word, "de")`),
held in about 10 MB instead of the 85 MB of wordfreq's own table.

wordfreq keeps its 634,502 German words as a dict of Python strings to floats (and, behind
its lru_cache, the lists they were read from) in every process that asks once. Here the
same list becomes one sorted UTF-8 blob, an array of offsets and an array of frequency
classes (centibels), searched by bisection; the words are read from wordfreq's own file
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
    def __init__(self, buckets):
        # wordfreq's dict keeps the last bucket of a word listed twice: so does the sort.
        entries = sorted((word, centibels) for centibels, bucket in enumerate(buckets) for word in bucket)
        entries = [entry for entry, after in itertools.zip_longest(entries, entries[1:])
                   if after is None or after[0] != entry[0]]
        encoded = [word.encode() for word, _ in entries]
        self.blob = b"".join(encoded)
        self.offsets = array.array("I", itertools.accumulate(map(len, encoded), initial=0))
        self.centibels = array.array("H", (centibels for _, centibels in entries))

    def _word(self, i):
        return self.blob[self.offsets[i]:self.offsets[i + 1]]

    def centibels_of(self, token):
        """The frequency class of a token (0 … about 800: 10 ** (-cB / 100)), or None."""
        key = token.encode()
        i = bisect.bisect_left(range(len(self.centibels)), key, key=self._word)
        if i < len(self.centibels) and self._word(i) == key:
            return self.centibels[i]
        return None


@lru_cache(maxsize=1)
def _table():
    import wordfreq

    # read_cBpack, not get_frequency_list: that one's lru_cache would keep the lists.
    table = _Table(wordfreq.read_cBpack(wordfreq.available_languages("best")[LANGUAGE]))
    gc.collect()  # hands the building's 600,000 strings and tuples back (≈ 65 MB more otherwise)
    return table


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
