"""Cue lexicons earn their entries by frequency, not by one article (issue 16).

The floors are read from the shipped frequency table (quotetrack/lexicon.py, Zipf scale): a
speech verb is at least as common as the rarest verbs the lexicon has always held (أردف،
استطرد: 2.0); a non-speech reading is listed because its form is common (a rare form's
misreading costs little); the function words that decide a reading are very common.
"""
from __future__ import annotations

import pytest

from quotetrack.cues import CueFinder
from quotetrack.lexicon import default_lexicon
from quotetrack.normalize import fold
from quotetrack.ruleset import Ruleset

VERB_FLOOR, READING_FLOOR, FUNCTION_WORD_FLOOR = 2.0, 3.0, 4.0


@pytest.fixture(scope="module")
def rules():
    return Ruleset.load()


@pytest.fixture(scope="module")
def lexicon():
    return default_lexicon()


def test_every_speech_verb_has_a_common_form(rules, lexicon):
    finder = CueFinder(rules)
    best: dict[int, float] = {}
    for form, (index, *_features) in finder.table.items():
        best[index] = max(best.get(index, 0.0), lexicon.zipf(form))
    rare = [(e["lemma"], best.get(i, 0.0)) for i, e in enumerate(finder.verbs) if best.get(i, 0.0) < VERB_FLOOR]
    assert rare == []


@pytest.mark.parametrize("section, floor", [
    ("not_speech", READING_FLOOR),
    ("governing_words", FUNCTION_WORD_FLOOR),
    ("predicate_heads", FUNCTION_WORD_FLOOR),
    ("hypothetical_openers", FUNCTION_WORD_FLOOR),
])
def test_readings_and_context_words_are_common(rules, lexicon, section, floor):
    entries = rules["speech_verbs.yaml"][section]
    assert entries, section
    forms = [e["form"] if isinstance(e, dict) else e for e in entries]
    assert [(f, lexicon.zipf(fold(f))) for f in forms if lexicon.zipf(fold(f)) < floor] == []


def test_attribution_phrases_are_common(rules, lexicon):
    rare = []
    for e in rules["attribution_phrases.yaml"]["phrases"]:
        zipf = min(lexicon.zipf(fold(w)) for w in e["phrase"].split() if len(fold(w)) > 1)
        if zipf < VERB_FLOOR:
            rare.append((e["phrase"], zipf))
    assert rare == []


def test_a_rare_form_would_fail_the_floor(lexicon):
    # the floors are not vacuous: an invented verb form and a rare loanword sit below them
    assert lexicon.zipf(fold("استفسطر")) < VERB_FLOOR
    assert lexicon.zipf(fold("جيستيفوت")) < READING_FLOOR
