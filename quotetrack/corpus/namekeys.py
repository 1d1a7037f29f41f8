"""Comparing personal names across outlets: the keys the corpus identity rules (``identity.py``)
and the about-entities across the corpus (``targets/corpus.py``) both use.

A name is compared word by word on folded words with its particles joined (``عبد الله`` =
``عبدالله``), and each word on a loose consonant skeleton that absorbs how outlets transcribe a
foreign name (``جاليبارينكو``/``غاليبارينكو``, ``روتي``/``روته``).
"""
from __future__ import annotations

from ..normalize import fold

UNKNOWN = "unknown"
# Folded particles written either glued or apart (عبد الله / عبدالله, ابو مازن / ابومازن).
JOIN_NEXT = frozenset({"عبد", "ابو", "ابي", "ابن", "بن", "بنت", "ال"})
# How outlets vary foreign names: g as ج/غ/ق/ك, emphatics, sh/s; long vowels and final ه/ة come and go.
_LOOSE = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "ط": "ت", "ص": "س", "ض": "د", "ظ": "ز", "ذ": "ز",
                        "ث": "س", "ش": "س", "ة": "ه"})
_DROP = frozenset("اويىءه")
MIN_SURNAME_LETTERS = 4  # a one-word name this short (علي، عمر) is too common to stand for one person


def name_key(name: str) -> tuple[str, ...]:
    """Folded words of a name, particles joined to the next word."""
    out: list[str] = []
    pending = ""
    for w in name.split():
        f = fold(w)
        if f in JOIN_NEXT:
            pending += f
            continue
        out.append(pending + f)
        pending = ""
    if pending:
        out.append(pending)
    return tuple(out)


def skeleton(word: str) -> str:
    """Loose key of one folded word: first letter kept, then consonants only."""
    w = word.translate(_LOOSE)
    return w[:1] + "".join(c for c in w[1:] if c not in _DROP)


def fits(short: tuple, full: tuple) -> bool:
    """``short`` names the same person as ``full``.

    One word: any word of ``full`` but the first (the surname, wherever a
    word read past the name leaves it: ``عبدالله باوارث حجم``); more words:
    the end or the beginning of ``full``.
    """
    n = len(short)
    if not n or n >= len(full):
        return False
    if n == 1:
        return short[0] in full[1:]
    return full[-n:] == short or full[:n] == short
