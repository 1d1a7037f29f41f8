"""A documented Arabic → Latin romanisation for names no registry holds.

Arabic script leaves short vowels unwritten, so a letter table alone gives
unreadable labels (``Mhmd Juad Zrif``).  Each word is first looked up in the
table of common Arabic names and name parts, ``rules/transliteration.yaml``,
which spells them as news usually does (محمد → Mohammed, جواد → Javad,
الجابر → Al-Jaber: the article is read off and the stem looked up).  Only a
word the table does not hold goes letter by letter: consonants by ``TABLE``,
و and ي as the long vowels u and i between consonants, and, where that leaves
no vowel at all or two consonants to start it, an ``a`` after the first
consonant (زرف → Zarf, ظريف → Zarif) so the label can be said.  ``romanize`` uses the shipped table; ``Romanizer(table)`` any other.
"""
from __future__ import annotations

from functools import lru_cache

from .normalize import fold, strip

TABLE = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "'", "ؤ": "'", "ئ": "'", "ب": "b", "ت": "t", "ث": "th",
         "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
         "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
         "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g"}
VOWELS = set("aeiou")


def letters(word: str) -> str:
    """One word by the letter table (no lookup): جبير → Jubir is not guessed, جبير → Jbir → Jabir."""
    out = []
    for k, ch in enumerate(word):
        t = TABLE.get(ch, ch)
        prev_cons = k > 0 and word[k - 1] not in "اوي"
        if ch == "و" and prev_cons:
            t = "u"
        elif ch == "ي" and prev_cons:
            t = "i"
        out.append(t)
    if len(out) > 2 and out[0] not in VOWELS and out[1] not in VOWELS and out[1] != "'":
        out.insert(1, "a")  # two consonants to start: say them (ظريف → Zarif, الكرملين → Al-Karmlin)
    elif len(out) > 1 and not any(c in VOWELS for c in "".join(out[1:])):
        out.insert(1, "a")  # no written vowel at all (زرف → Zarf, not Zrf)
    return "".join(out).strip("'")


class Romanizer:
    """Romanisation with a table of name parts: folded Arabic (one or two words) → Latin spelling."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def word(self, w: str) -> str:
        f = fold(w)
        if f in self.names:
            return self.names[f]
        if f.startswith("وال") and len(f) > 4:  # والمعادن → wal-Ma'adin: the conjunction and the article
            return "wal-" + (self.names.get(f[3:]) or _cap(letters(strip(w)[3:])))
        if f.startswith("ال") and len(f) > 3:
            stem = f[2:]
            return "Al-" + (self.names.get(stem) or _cap(letters(strip(w)[2:])))
        return _cap(letters(strip(w)))

    def __call__(self, name: str) -> str:
        ws = strip(name).split()
        out, i = [], 0
        while i < len(ws):
            pair = fold(ws[i]) + " " + fold(ws[i + 1]) if i + 1 < len(ws) else ""
            if pair in self.names:  # عبد الله → Abdullah
                out.append(self.names[pair])
                i += 2
                continue
            out.append(self.word(ws[i]))
            i += 1
        return " ".join(out)

    def is_listed(self, name: str) -> bool:
        """Is every word of ``name`` spelled by the table (not letter by letter)?"""
        return all(fold(w) in self.names or fold(w)[2:] in self.names for w in strip(name).split())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def table_of(rules) -> dict[str, str]:
    """The name parts of a Ruleset's ``transliteration.yaml``, folded."""
    return {" ".join(fold(w) for w in e["ar"].split()): e["latin"] for e in rules["transliteration.yaml"]["names"]}


@lru_cache(maxsize=1)
def shipped() -> Romanizer:
    from .ruleset import Ruleset

    return Romanizer(table_of(Ruleset.load(None)))


@lru_cache(maxsize=50_000)
def romanize(name: str) -> str:
    """``name`` in Latin letters with the shipped table: محمد جواد ظريف → Mohammed Javad Zarif."""
    return shipped()(name)
