"""What the entity recogniser sees of each word: hashed features, the same in training and use.

A word is read through the one analyser (``analyser.py``) and the frequency
table (``lexicon.py``), so the recogniser judges names nobody listed by their
shape: ``والفضيلي`` is و + ال + a stem ending in ي (a nisba surname), rare in
general Arabic; ``سولبرغ`` has no clitic, no Arabic pattern and no frequency.
Punctuation is not a token: what stands between two words (a comma after a
name, a colon after a speech verb, a quotation mark, a line break) is a small
set of flags on the next word, so the recogniser runs over the same regex
words (``normalize.Words``) as every other stage, on either backend.
"""
from __future__ import annotations

import math
import re
import zlib

import numpy as np

from ..normalize import Words

# flags of the gap before a word: what punctuation separates it from the previous word
GAP_FLAGS = (("NL", "\n"), ("END", ".؟?!"), ("COMMA", "،,؛;"), ("COLON", ":"),
             ("QUOTE", "\"«»“”„'‘’"), ("PAREN", "()[]{}"), ("DASH", "-–—/"))
N_GAPS = 1 << len(GAP_FLAGS)
BREAK_FLAGS = 0b11  # a line break or a sentence end: the window does not look across it
_LATIN = re.compile("[A-Za-z]")
_HASH_SEEDS = (b"a", b"b")  # each feature lands in two rows: collisions rarely hurt both


def gap_id(gap: str) -> int:
    """The flags of one gap of text between two words."""
    flags = 0
    for bit, (_name, chars) in enumerate(GAP_FLAGS):
        if any(c in gap for c in chars):
            flags |= 1 << bit
    return flags


_FLAG_CHARS = {c: 1 << bit for bit, (_name, chars) in enumerate(GAP_FLAGS) for c in chars}
_FLAG_RE = re.compile("[" + re.escape("".join(_FLAG_CHARS)) + "]")


def gap_ids(text: str, words: Words) -> np.ndarray:
    """The flags of the gap before each word (the first word's gap: the text before it).

    One regex pass over the punctuation of the text, not a look at every gap:
    most gaps are a single space."""
    out = np.zeros(len(words), dtype=np.int64)
    starts = words.starts
    from bisect import bisect_right

    for m in _FLAG_RE.finditer(text):
        k = bisect_right(starts, m.start())  # the word after this sign
        if k < len(out):
            out[k] |= _FLAG_CHARS[m.group()]
    return out


class CharModel:
    """How Arabic a word's spelling looks: a letter-trigram model of common Arabic words.

    Transliterated foreign names (``ياكوفليفيتش``، ``سولبرغ``، ``مايورغا``) have letter
    sequences common Arabic words rarely have; the mean log-probability per letter is
    a feature for names no training sentence held.  Built from the frequency table's
    common words when the recogniser is trained, stored with its weights."""

    SMOOTH, ALPHABET = 0.1, 40

    def __init__(self, trigrams: dict[str, float], contexts: dict[str, float]):
        self.tri, self.ctx = trigrams, contexts

    @classmethod
    def from_words(cls, words) -> "CharModel":
        tri: dict[str, float] = {}
        ctx: dict[str, float] = {}
        for w in words:
            m = "^^" + w + "$"
            for i in range(2, len(m)):
                tri[m[i - 2:i + 1]] = tri.get(m[i - 2:i + 1], 0) + 1
                ctx[m[i - 2:i]] = ctx.get(m[i - 2:i], 0) + 1
        return cls(tri, ctx)

    def score(self, word: str) -> float:
        m = "^^" + word + "$"
        total = 0.0
        for i in range(2, len(m)):
            total += math.log((self.tri.get(m[i - 2:i + 1], 0) + self.SMOOTH) /
                              (self.ctx.get(m[i - 2:i], 0) + self.SMOOTH * self.ALPHABET))
        return total / (len(m) - 2)

    def arrays(self) -> dict:
        return {"lm_tri": np.array(list(self.tri)), "lm_tri_n": np.array(list(self.tri.values()), np.float32),
                "lm_ctx": np.array(list(self.ctx)), "lm_ctx_n": np.array(list(self.ctx.values()), np.float32)}

    @classmethod
    def from_arrays(cls, a: dict) -> "CharModel":
        return cls(dict(zip(a["lm_tri"].tolist(), a["lm_tri_n"].tolist())),
                   dict(zip(a["lm_ctx"].tolist(), a["lm_ctx_n"].tolist())))


def _bucket(z: float) -> str:
    return str(int(z * 2))  # half Zipf points: 0 (unknown) … 16


def word_features(folded: str, analyser, lexicon, chars: CharModel | None = None) -> list[str]:
    """The features of one folded word (a word's features never depend on its neighbours:
    they are computed once per distinct word)."""
    a = analyser.analyse(folded)
    stem = a.stem
    if any(c.isdigit() for c in folded):
        shape = "digit"
    elif _LATIN.search(folded):
        shape = "latin"
    else:
        shape = "arabic"
    zipf = lexicon.zipf
    # letter n-grams of the stem, fastText-style: transliterated names share their shapes
    # (فايسل، هانتيلار، سولبرغ: long vowels between consonants, foreign endings)
    marked = "<" + stem + ">"
    grams = ["g=" + marked[i:i + n] for n in (3, 4) for i in range(len(marked) - n + 1)]
    extra = ["lm=" + str(int(chars.score(stem) * 4))] if chars is not None and shape == "arabic" else []
    return grams + extra + [
        "w=" + folded, "b=" + a.bare, "s=" + stem,
        "p2=" + stem[:2], "p3=" + stem[:3], "x1=" + stem[-1:], "x2=" + stem[-2:], "x3=" + stem[-3:],
        "cl=" + a.proclitics + ("+al" if a.article else ""), "n=" + str(min(len(stem), 10)), "sh=" + shape,
        "z=" + _bucket(zipf(folded)), "zb=" + _bucket(zipf(a.bare)), "zs=" + _bucket(zipf(stem)),
        "zd=" + _bucket(zipf("ال" + stem)) + ("+al" if a.article else ""),
    ]


IDENTITY = ("w=", "b=", "s=")  # the features that name the word itself; training sometimes hides them


def hash_rows(features: list[str], n_rows: int) -> list[int]:
    """Rows of the embedding table for these features (stable across processes and platforms)."""
    out = []
    for f in features:
        b = f.encode("utf-8")
        for seed in _HASH_SEEDS:
            out.append(zlib.crc32(seed + b) % n_rows)
    return out
