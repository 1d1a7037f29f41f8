"""One name, one kind, across a document: the recogniser's second look.

A story names a person in full once (``وشارك العداء محسن الشهيبي``) and then by
the surname alone (``واكتفى الشهيبي بالمرتبة الثامنة``), where the window of
two words on each side sees too little.  After the network has read every
word, each occurrence of a rare word form takes a share of the evidence the
*other* occurrences of the same form in the document have for each label:
the log-odds of B-X and I-X rise by ``weight × mean p(X elsewhere)``.  The
mean, not the strongest: in a story on fishing one odd reading of
``الروبيان`` (shrimp) as a name must not make its eight occurrences people.
Decoding (Viterbi) then decides where the names start and end.  Forms are
compared without their glued conjunction and preposition (``والشهيبي`` is
``الشهيبي``); common words (``على`` folds to ``علي``) are left alone.
"""
from __future__ import annotations

import numpy as np

MAX_ZIPF = 5.0  # forms at least this common in general Arabic are not propagated
MIN_LETTERS = 3


def document_key(folded: str, analyser, lexicon) -> str | None:
    """The form a word is compared by (without its glued conjunction and preposition), or None
    for a short or common word."""
    if len(folded) < MIN_LETTERS:
        return None
    key = analyser.analyse(folded).bare
    return key if len(key) >= MIN_LETTERS and lexicon.zipf(key) < MAX_ZIPF else None


def label_columns(tags: list[str]) -> tuple[list[int], list[int]]:
    """The B- and I- columns of each label, in the same order."""
    labels = sorted({t[2:] for t in tags if t != "O"})
    return [tags.index("B-" + lab) for lab in labels], [tags.index("I-" + lab) for lab in labels]


def consistent(logp: np.ndarray, keys: np.ndarray, columns: tuple[list[int], list[int]],
               weight: float) -> np.ndarray:
    """``logp`` (n, n_tags) with each rare form's label evidence shared between its occurrences;
    ``keys``: a number per word naming its form (``document_key``), -1 for words left alone."""
    pos = np.flatnonzero(keys >= 0)
    if len(pos) < 2:
        return logp
    _uniq, group, counts = np.unique(keys[pos], return_inverse=True, return_counts=True)
    repeated = counts[group] > 1
    if not repeated.any():
        return logp
    pos, group = pos[repeated], group[repeated]
    begin, inside = columns
    p = np.exp(logp[np.ix_(pos, begin)]) + np.exp(logp[np.ix_(pos, inside)])  # p(word inside an X)
    sums = np.stack([np.bincount(group, p[:, j], len(counts)) for j in range(len(begin))], axis=1)
    others = (sums[group] - p) / (counts[group] - 1)[:, None]  # each occurrence: the mean of the others
    out = logp.copy()
    out[np.ix_(pos, begin)] += weight * others
    out[np.ix_(pos, inside)] += weight * others
    rows = out[pos]
    top = rows.max(axis=1, keepdims=True)
    out[pos] = rows - top - np.log(np.exp(rows - top).sum(axis=1, keepdims=True))  # log-probabilities again
    return out
