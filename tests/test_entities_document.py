"""The recogniser's second look across a document (``entities/document.py``) and how training
chooses the decoding settings and reads held-out sentences within their story."""
from __future__ import annotations

import numpy as np
import pytest

from quotetrack.analyser import default_analyser
from quotetrack.entities.document import consistent, document_key, label_columns
from quotetrack.entities.model import tag_bias
from quotetrack.entities.training import in_context, tag_names

TAGS = tag_names()
PER_B, PER_I, GPE_B, O = TAGS.index("B-PER"), TAGS.index("I-PER"), TAGS.index("B-GPE"), TAGS.index("O")


def logp_of(rows: list[dict[int, float]]) -> np.ndarray:
    """Log-probabilities from {tag: probability} rows; the rest of each row spread over the other tags."""
    out = np.zeros((len(rows), len(TAGS)))
    for k, row in enumerate(rows):
        rest = (1 - sum(row.values())) / (len(TAGS) - len(row))
        out[k] = [row.get(t, rest) for t in range(len(TAGS))]
    return np.log(out)


@pytest.fixture(scope="module")
def tools():
    from quotetrack.lexicon import default_lexicon

    return default_analyser(), default_lexicon()


def second_look(words: list[str], logp: np.ndarray, tools, weight: float = 4.0) -> np.ndarray:
    analyser, lexicon = tools
    names: dict[str, int] = {}
    keys = [document_key(w, analyser, lexicon) for w in words]
    keys = np.array([-1 if k is None else names.setdefault(k, len(names)) for k in keys])
    return consistent(logp, keys, label_columns(TAGS), weight)


SURE_PER, UNSURE = {PER_B: 0.9, O: 0.05}, {O: 0.7, PER_B: 0.1}


@pytest.mark.parametrize("words, rows, lifted, label", [
    # the surname named in full once, alone later: the lone one leans to PER
    (["محسن", "الشهيبي", "واكتفى", "الشهيبي"], [{}, SURE_PER, {}, UNSURE], [3], PER_B),
    # a glued conjunction does not hide the form (والشهيبي is الشهيبي)
    (["الشهيبي", "فاز", "والشهيبي"], [SURE_PER, {}, UNSURE], [2], PER_B),
    # a place too
    (["ينشوبينغ", "مدينة", "ينشوبينغ"], [{GPE_B: 0.9}, {}, {O: 0.8, GPE_B: 0.1}], [2], GPE_B),
    # once only: nothing to share
    (["الشهيبي", "فاز"], [SURE_PER, UNSURE], [], PER_B),
    # a common word is left alone even where one reading of it looks like a name (علي / على)
    (["علي", "الطاولة", "علي"], [SURE_PER, {}, UNSURE], [], PER_B),
])
def test_a_rare_form_shares_its_label_across_the_document(tools, words, rows, lifted, label):
    before = logp_of(rows)
    after = second_look(words, before, tools)
    assert np.allclose(np.exp(after).sum(axis=1), 1.0)  # still log-probabilities
    for k in range(len(words)):
        if k in lifted:
            assert after[k, label] > before[k, label] + 1.0
            assert np.exp(after[k, O]) < np.exp(before[k, O])
        elif lifted:  # the sure occurrence stays what it was
            assert after[k].argmax() == before[k].argmax()
        else:
            assert np.allclose(after[k], before[k], atol=1e-6)


def test_one_odd_reading_does_not_turn_every_occurrence(tools):
    """The mean of the other occurrences, not the strongest: one of six readings of a common noun
    as a name lifts the others a little, never over "outside"."""
    words = ["الروبيان"] * 6
    before = logp_of([SURE_PER] + [{O: 0.97, PER_B: 0.01}] * 5)
    after = second_look(words, before, tools)
    assert all(after[k].argmax() == O for k in range(1, 6))


@pytest.mark.parametrize("word, key", [
    ("والشهيبي", "الشهيبي"), ("بكييف", "كييف"), ("الشهيبي", "الشهيبي"),
    ("علي", None), ("قال", None), ("في", None),  # common or short: never shared
])
def test_document_key(tools, word, key):
    assert document_key(word, *tools) == key


@pytest.mark.parametrize("config, expected", [
    ({"begin_bias": 2.0, "inside_bias": -0.5}, {"O": 0.0, "B-PER": 2.0, "I-PER": -0.5, "I-GRP": -0.5}),
    ({"outside_bias": 1.5}, {"O": 0.0, "B-PER": 1.5, "I-PER": 1.5}),  # models of before: one bias
    ({}, {"O": 0.0, "B-ORG": 0.0}),
])
def test_tag_bias(config, expected):
    bias = tag_bias(config, TAGS)
    assert {t: float(bias[TAGS.index(t)]) for t in expected} == expected


def test_held_out_sentence_is_read_within_its_story_and_scored_alone():
    sents = [[("و", "O"), ("قال", "O"), ("زهران", "B-Politician"), ("القطامي", "I-Politician"), (".", "O")],
             [("زار", "O"), ("القطامي", "B-Politician"), ("دمشق", "B-Population-Center"), (".", "O")],
             [("وصل", "O"), ("الى", "O"), ("عمان", "B-Population-Center"), (".", "O")]]
    from quotetrack.entities.newsfane import read_conll  # noqa: F401  (the tags are NewsFANE's)
    from quotetrack.entities.newsfane import FINE_TO_COARSE

    coarse = [[(t, g if g == "O" else g[:2] + FINE_TO_COARSE[g[2:]]) for t, g in s] for s in sents]
    ex = in_context(coarse, 1, context=1, tags=TAGS)
    assert ex.folded[:4] == ["وقال", "زهران", "القطامي", "."] or ex.folded[:3] == ["وقال", "زهران", "القطامي"]
    first, last = ex.scored
    assert [ex.folded[i] for i in range(first, last + 1)][:3] == ["زار", "القطامي", "دمشق"]
    # only the held-out sentence's own entities are gold
    assert sorted((ex.folded[s], lab) for s, _e, lab in ex.spans) == [("القطامي", "PER"), ("دمشق", "GPE")]
    alone = in_context(coarse, 0, context=0, tags=TAGS)
    assert alone.scored == (0, len(alone.folded) - 1)
