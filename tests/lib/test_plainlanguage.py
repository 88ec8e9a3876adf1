"""The checker for Leichte Sprache and plain German: per rule, sentences that must and must
not bring a hint (bench/leichte_sprache.py scores it on a larger judged set)."""
import time

import pytest

from teilhabe.lib import plainlanguage as pl
from teilhabe.lib.plainlanguage import LS, PLAIN


def rules(text, mode=LS, **kwargs):
    return {hint.rule for hint in pl.check(text, mode, **kwargs)}


@pytest.mark.parametrize(("rule", "broken", "kept"), [
    ("sentence_length",
     "Die Anmeldung für den Kurs im Frühjahr ist ab sofort im Büro am Markt und auch online möglich.",
     "Sie können sich jetzt anmelden."),
    ("long_word", "Der Integrationskurs beginnt im Mai.", "Der Integrations·kurs beginnt im Mai."),
    ("passive", "Der Kurs wird von der Stadt bezahlt.", "Die Stadt bezahlt den Kurs."),
    ("passive", "Das Formular ist schon ausgefüllt worden.", "Die Stadt wird Ihnen helfen."),
    ("negation", "Der Kurs kostet nichts.", "Der Kurs ist kostenlos."),
    ("subjunctive", "Sie könnten sich im Büro melden.", "Sie können sich im Büro melden."),
    ("subjunctive", "Wenn Sie Zeit hätten, kommen Sie vorbei.", "Seien Sie bitte pünktlich."),
    ("genitive", "Das Büro des Bürgermeisters ist im Rathaus.", "Das Büro vom Bürger·meister ist im Rathaus."),
    ("genitive", "Sie müssen sich innerhalb der Frist melden.", "Sie melden sich in der Schule."),
    ("abbreviation", "Bringen Sie z. B. Ihren Pass mit.", "Bringen Sie zum Beispiel Ihren Pass mit."),
    ("abbreviation", "Die VHS hat viele Kurse.", "Die Volks·hoch·schule hat viele Kurse."),
    ("numbers", "Der Kurs hat drei Teile.", "Der Kurs hat 3 Teile."),
    ("numbers", "Das ist Teil IV vom Kurs.", "Das ist Teil 4 vom Kurs."),
    ("dates", "Der Kurs beginnt am 03.03.27.", "Der Kurs beginnt am 3. März 2027."),
    ("dates", "Wir treffen uns um 9.30 Uhr.", "Wir treffen uns um 9:30 Uhr."),
    ("rare_word", "Bitte reichen Sie die Unterlagen fristgemäß nach.", "Bitte bringen Sie die Papiere mit."),
])
def test_it_names_each_rule_only_where_it_is_broken(rule, broken, kept):
    assert rule in rules(broken)
    assert rule not in rules(kept)


def test_hints_name_the_sentence_and_the_words():
    hints = pl.check("Wir helfen Ihnen gern.\nDer Kurs wird von der Stadt bezahlt.")
    [hint] = [h for h in hints if h.rule == "passive"]
    assert hint.sentence_index == 2
    assert hint.sentence == "Der Kurs wird von der Stadt bezahlt."
    assert hint.excerpt == "wird von der Stadt bezahlt"


def test_long_words_get_their_mediopunkt_split():
    [hint] = [h for h in pl.check("Der Integrationskurs beginnt.") if h.rule == "long_word"]
    assert hint.suggestion == "Integrations·kurs"
    [plain] = [h for h in pl.check("Die Integrationskursanmeldung ist online.", PLAIN) if h.rule == "long_word"]
    assert plain.suggestion == "Integrations-Kurs-Anmeldung"


def test_dates_suggest_the_written_month():
    [hint] = [h for h in pl.check("Anmeldung bis 1.2.2027.") if h.rule == "dates"]
    assert hint.suggestion == "1. Februar 2027"


def test_abbreviations_and_ordinals_do_not_end_a_sentence():
    assert len(pl.sentences("Sie kommen z. B. am 3. März. Wir warten.")) == 2
    assert len(pl.sentences("Titel\nErster Satz. Zweiter Satz!")) == 3
    assert len(pl.sentences("Das Büro ist im 2. Stock. Der Kurs beginnt um 9 Uhr. Kommen Sie pünktlich.")) == 3
    assert len(pl.sentences("Die Kita ist in der Schulstraße 4. Sie ist offen.")) == 2


def test_plain_german_allows_what_only_leichte_sprache_avoids():
    text = "Der Kurs hat drei Teile, aber er kostet nicht viel, und man könnte ihn später machen."
    assert {"negation", "numbers", "subjunctive"} <= rules(text)
    assert not {"negation", "numbers", "subjunctive"} & rules(text, PLAIN)
    assert "negation" in rules("Niemand muss nicht kommen.", PLAIN)  # double negation


def test_known_names_are_not_rare_words():
    text = "Das Treffen ist in Röhlinghausen bei Wanderbrücke."
    assert "rare_word" not in rules(text, known=["Wanderbrücke"])


def test_readability_scores_a_plain_text_above_a_dense_one():
    easy = pl.readability("Wir helfen Ihnen. Der Kurs ist im Rathaus. Sie lernen Deutsch.")
    hard = pl.readability("Die Antragstellung erfolgt unter Beifügung sämtlicher erforderlicher "
                          "Nachweisdokumente innerhalb der gesetzlich vorgeschriebenen Einreichungsfrist.")
    assert easy.flesch_amstad > 70 > hard.flesch_amstad
    assert easy.wiener < 6 < hard.wiener
    assert pl.readability("  ") is None


def test_a_long_text_checks_in_well_under_a_second():
    text = " ".join(f"Der Kurs Nummer {i} wird am 3.{i % 12 + 1}.2027 von der Volkshochschule angeboten, "
                    f"bzw. von der VHS und den Integrationskursträgern." for i in range(150))
    pl.check("Der Kurs wird angeboten.")  # loads the word lists once
    started = time.perf_counter()
    hints = pl.check(text, LS)
    pl.readability(text)
    assert time.perf_counter() - started < 1.0
    assert len(text.split()) > 2000 and len(hints) > 150


def test_it_refuses_an_unknown_mode():
    with pytest.raises(ValueError):
        pl.check("Text", "easy")


@pytest.mark.parametrize("text", ["a" * 5000, "Haus" * 1000, "99.99.99 und 0.0. und 31.02.", "IIII XXXX",
                                  "1" * 40 + ".", ". . . ! ? ;", "مرحبا بكم 😀\u200f\x00", "z. B. " * 200, ""])
def test_it_takes_any_text(text):
    for mode in pl.MODES:
        assert isinstance(pl.check(text, mode), list)
    pl.readability(text)


def test_a_compound_of_common_words_is_no_rare_word():
    # wordfreq has seen "Integrationsbüro" about once in ten million words, "Integration" and "Büro" often
    assert "rare_word" not in rules("Fragen Sie im Integrationsbüro.", PLAIN)
    assert "rare_word" in rules("Bitte reichen Sie die Unterlagen fristgemäß nach.")  # lower case: no compound hint
