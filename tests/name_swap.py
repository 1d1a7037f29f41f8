"""Name substitution: every gold person's name in an article replaced, consistently, by an
invented name that no list, gazetteer or frequency table holds — in the text and in the gold.

A resolver that learnt the dev set's names loses accuracy under it; one that reads the structure
of the sentence does not.  Used by ``test_generalisation.py``.
"""
from __future__ import annotations

import random
import re

from quotetrack.lexicon import default_lexicon
from quotetrack.normalize import fold

CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
LONG = "اوي"
PROCLITIC = "(?:و|ف|ب|ل|وب|ول|فب|فل)?"
COMMON = 4.0  # Zipf: a name word this common is a word of the language too


def invent(rng: random.Random, taken: set[str]) -> str:
    """A pronounceable Arabic-letter word of 4–6 letters that general Arabic does not use."""
    lex = default_lexicon()
    while True:
        c = [rng.choice(CONSONANTS) for _ in range(3)]
        word = c[0] + rng.choice(LONG) + c[1] + c[2] + rng.choice(["", "ي", "ان", "ون"])
        if fold(word) not in lex and word not in taken:
            taken.add(word)
            return word


def name_tokens(name: str, reader) -> list[str]:
    """The words of a gold person name that are the person's own (not roles, titles, particles)."""
    out = []
    for tok in name.split():
        f = fold(tok)
        bare = f[2:] if f.startswith("ال") else f
        if len(bare) < 3 or f in reader.particles or f in reader.titles or f in reader.tails:
            continue
        if reader.role_heads & {f, "ال" + bare, bare} or f in reader.stop:
            continue
        out.append(tok)
    return out


_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "van", "von", "le", "la", "di"}


def is_person_name(latin: str) -> bool:
    """The gold's Latin form tells a name (``Saud Al-Suwailem``) from a description
    (``Houthi military spokesman``, ``another Twitter user``): a name's words are capitalised."""
    toks = [t for t in re.split(r"[\s-]+", latin) if t]
    return bool(toks) and all(t[0].isupper() or t.lower() in _PARTICLES for t in toks)


def swap_article(text: str, gold: dict, reader, seed: int = 0) -> tuple[str, dict, dict]:
    """(text, gold, mapping) with every person speaker's name words replaced."""
    rng = random.Random(seed)
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for sp in gold.get("speakers", []):
        if sp.get("gender") not in ("male", "female") or not is_person_name(sp.get("name", "")):
            continue
        for tok in name_tokens(re.sub(r"[()/]", " ", sp.get("ar", "")), reader):
            if tok not in mapping:
                new = invent(rng, taken)
                mapping[tok] = ("ال" + new) if tok.startswith("ال") else new
    if not mapping:
        return text, gold, mapping
    # a name word that is also a common word (خلف "behind", صالح "good") is replaced only where
    # it stands next to another word of a name; a rare one wherever it stands
    lex = default_lexicon()
    alone = [t for t in mapping if lex.zipf(fold(t)) < COMMON]
    names = "|".join(re.escape(t) for t in sorted(mapping, key=len, reverse=True))
    pair = re.compile(r"(?<![\w])(" + PROCLITIC + r")(" + names + r")(\s+)(" + names + r")(?![\w])")
    single = re.compile(r"(?<![\w])(" + PROCLITIC + r")(" + "|".join(
        re.escape(t) for t in sorted(alone, key=len, reverse=True)) + r")(?![\w])") if alone else None

    def sub(s: str) -> str:
        for _ in range(2):  # three-word names: the second pass takes the pair that overlapped
            s = pair.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3)
                         + mapping.get(m.group(4), m.group(4)), s)
        return single.sub(lambda m: m.group(1) + mapping[m.group(2)], s) if single else s

    new_gold = dict(gold)
    new_gold["quotes"] = [dict(q, speaker=[sub(n) for n in q["speaker"]],
                               about=[[sub(n) for n in ent] for ent in q.get("about", [])])
                          for q in gold["quotes"]]
    new_gold["quotes"] = [dict(q, anchor=sub(q["anchor"])) for q in new_gold["quotes"]]
    return sub(text), new_gold, mapping
