"""Arabic orthographic normalisation and word scanning, done once for every stage.

Matching folds the spellings that vary between outlets for the same word:
hamza seats (أكد / اكد, واضاف / وأضاف), alef maqsura (على / علي), teh marbuta
diacritics (مؤكداً / مؤكدا) and tatweel (قـال / قال).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate

DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
TATWEEL = "\u0640"
_STRIP = re.compile(f"[{DIACRITICS}{TATWEEL}\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ة is not folded to ه: أشار+ه (object) and إشارة (noun) must stay apart.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ؤ": "و", "ئ": "ي",
                       "ی": "ي", "ک": "ك"})

# A word: letters/digits with their diacritics, tatweel and zero-width joiners.
WORD_RE = re.compile(f"[\\w{DIACRITICS}{TATWEEL}\u200c\u200d]+")
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")


CACHED_FOLD = 64  # characters: words and short phrases are cached, long stretches of text are not


def fold(word: str) -> str:
    """Normalise one word (or phrase) for matching; never used for offsets.

    Only short strings go through the cache: a cache of 200,000 stretches of text between a
    mention and its verb held 1.4 GB on an article of 80,000 short quotes."""
    return _fold_cached(word) if len(word) <= CACHED_FOLD else _fold(word)


@lru_cache(maxsize=200_000)
def _fold_cached(word: str) -> str:
    return _fold(word)


def _fold(word: str) -> str:
    return _STRIP.sub("", word).translate(_FOLD).lower()


def strip(word: str) -> str:
    """Remove diacritics, tatweel and invisible controls, keeping letters as written."""
    return _STRIP.sub("", word)


def written_offset(word: str, n_folded: int) -> int:
    """Offset in ``word`` as written after its first ``n_folded`` folded letters, the marks
    on those letters included: ``وَالمسلمين``, 1 → 2 (the و with its fatha)."""
    if n_folded <= 0 and _STRIP.match(word) is None:
        return 0  # nothing to skip, and no mark before the first letter
    if _STRIP.search(word) is None and len(fold(word)) == len(word):
        return max(0, min(n_folded, len(word)))  # no marks, one folded letter a letter: most words
    count = 0
    for i, ch in enumerate(word):
        if count >= n_folded and not _STRIP.match(ch):
            return i
        if not _STRIP.match(ch):
            count += len(fold(ch))
    return len(word)


def fold_text(text: str) -> str:
    """Normalise a phrase: fold each word and collapse spacing."""
    return " ".join(fold(w) for w in WORD_RE.findall(text))


_FOLDED: dict[str, str] = {}  # word -> folded word, shared by all documents (bounded)


def has_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


class Words:
    """The words of a text with their offsets and folded forms, scanned once.

    Stages work from character offsets, not from spaCy tokens, so they run
    unchanged on any tokenizer's Doc (ours, or UDPipe's with clitics split).
    """

    __slots__ = ("starts", "ends", "texts", "folded", "memo")

    def __init__(self, text: str):
        # one split into gap, word, gap, word … gap and the running sum of their lengths give
        # the words and their offsets without a Python step per match
        parts = _WORD_SPLIT.split(text)
        offsets = list(accumulate(map(len, parts)))
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]
        self.texts = texts = parts[1::2]
        cache = _FOLDED
        folded = list(map(cache.get, texts))
        if None in folded:
            for k, f in enumerate(folded):
                if f is None:
                    f = folded[k] = fold(texts[k])
                    if len(cache) < 500_000:
                        cache[texts[k]] = f
        self.folded = folded
        self.memo: dict = {}  # per-document caches of the stages (gazetteer matches ...)

    def __len__(self) -> int:
        return len(self.starts)

    def index_at(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def index_before(self, offset: int) -> int:
        """Index of the last word ending at or before ``offset`` (-1 if none)."""
        return bisect_right(self.ends, offset) - 1


def text_of(doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from the tokens at every access."""
    text = doc.user_data.get("qt_text")
    if text is None:
        text = doc.user_data["qt_text"] = doc.text
    return text


def words_of(doc) -> Words:
    """The cached :class:`Words` of a Doc (computed by the first stage that asks)."""
    words = doc.user_data.get("qt_words")
    if words is None:
        words = doc.user_data["qt_words"] = Words(text_of(doc))
    return words
