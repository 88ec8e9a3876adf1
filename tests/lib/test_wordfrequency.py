"""The Leichte-Sprache checker's word data in little memory (lib/wordfrequency.py and
simplemma's low-memory store, which searches the same dictionary), measured in a process of
its own, as a web worker is: fresh, then after its first check; and lib/wordfrequency.py
gives wordfreq's own figures."""
import json
import os
import subprocess
import sys

from tests.processes import REPO_DIR

SCRIPT = """
import json, django
django.setup()

def own():  # RssAnon in MB: what this process holds that it shares with no other
    return int(next(l for l in open("/proc/self/status") if l.startswith("RssAnon")).split()[1]) / 1024

from teilhabe.lib import plainlanguage, wordfrequency
before = own()
hints = plainlanguage.check("Der Integrationskursanmeldungsbogen wird von der Ausländerbehörde geprüft.")
grown = own() - before
import wordfreq
words = [w for bucket in wordfreq.read_cBpack(wordfreq.available_languages("best")["de"]) for w in bucket][::401]
words += [w.upper() for w in words[::7]] + [w + "s" for w in words[::5]] + [
    "", "  ", "!!!", "2024", "12.03.2027", "18.30", "100 €", "3%", "z. B.", "Kita-Platz", "weiter·gegeben",
    "Straße", "STRASSE", "İstanbul", "Lindenau", "x1", "E-Mail", "Integrationskursanmeldung"]
print(json.dumps({
    "grown": grown, "rules": sorted({hint.rule for hint in hints}), "words": len(words),
    "zipf": [w for w in words if wordfrequency.zipf(w) != wordfreq.zipf_frequency(w, "de")],
}))
"""


def test_the_checker_holds_its_word_data_in_little_memory_and_its_frequencies_are_wordfreqs():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO_DIR, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "DJANGO_SETTINGS_MODULE": "teilhabe.settings"})
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {"long_word", "passive"} <= set(found["rules"])  # frequencies and lemmas were read
    assert found["grown"] < 80, found["grown"]  # MB; wordfreq's dict and simplemma's took ≈ 180
    assert found["words"] > 2000 and found["zipf"] == []
