"""A documented Arabic → Latin romanisation for names not in the speakers registry.

A simple, reversible-looking scheme close to news usage (not a scholarly
transliteration): consonants by a fixed table, long vowels as a/i/u (و and ي
read as vowels between consonants), short vowels are not written in Arabic
and are not guessed.  ``روتي`` → ``Ruti``; the registry gives ``Rutte``.
"""
from __future__ import annotations

from functools import lru_cache

from .normalize import strip

TABLE = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "'", "ؤ": "'", "ئ": "'", "ب": "b", "ت": "t", "ث": "th",
         "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
         "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
         "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g"}


@lru_cache(maxsize=50_000)
def romanize(name: str) -> str:
    words = []
    for w in strip(name).split():
        out = []
        for k, ch in enumerate(w):
            t = TABLE.get(ch, ch)
            prev_cons = k > 0 and w[k - 1] not in "اوي"
            if ch == "و" and prev_cons and k > 0:
                t = "u"
            elif ch == "ي" and prev_cons and k > 0:
                t = "i"
            out.append(t)
        word = "".join(out).strip("'")
        if word.startswith("al") and len(word) > 3:
            word = "al-" + word[2:3].upper() + word[3:]
        words.append(word[:1].upper() + word[1:])
    return " ".join(words)
