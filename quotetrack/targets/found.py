"""What a reader of names gives (:class:`Found`) and the thresholds the readers share.

Frequencies are Zipf values of the shipped word-frequency table
(``quotetrack.lexicon``): 6 is a word of every sentence, 3 a rare word, 0
a word the table does not hold (most foreign names).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import CACHED_FOLD, fold_text

MAX_NAME_WORDS = 5  # words of a name after its head: مستشفى الملك فهد العام …
MAX_QUOTED_WORDS = 5  # a quoted name is short: "سيليبريتي بيغ براذر"
NAME_LIKE_ZIPF = 4.5  # an indefinite word rarer than this may be a name (أرامكو 3.9, هجر 3.9; كبيرة 5+)
RARE_ZIPF = 4.0  # a word this rare reads as part of a name even where nothing else says so
FACILITY_ZIPF = 4.3  # a facility's name needs one word this rare, or a known name (كأس العالم needs the list)
QUOTED_ZIPF = 3.2  # a quoted word is a name's if this rare ("سيليبريتي"; not "تفاؤله", "باستقلالية")
QUOTED_DEFINITE_ZIPF = 2.5  # … and rarer with the article («المستأجرة» 3.1 is an adjective)
RARE_NAME_ZIPF = 3.0  # a definite word after a head that is a common word too (حركة) must be this rare
LONE_NAME_ZIPF = 3.0  # a one-word body or place the lists do not hold must be rarer (أديكو; not مزحة, العيون)
LONE_PERSON_ZIPF = 2.5  # a one-word person no fuller name explains must be this rare (مايورغا; not يأسف 2.9)
COMMON_STEM = 4.3  # وبحث: بحث under a conjunction
PERSON_EDGE_ZIPF = 5.2  # a word this common opens no person's name (تماما 5.4, جميع 5.8; صلاح 5.0 may)
KINDS = {"PER": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "GRP": "group"}
_PLAIN_GAP = re.compile(r"^[\s\u00a0\u200c-\u200f\-ـ]*$")  # spaces (and a hyphen) between two words of a name
_OPENING = re.compile("[«“\"'„‹(]")
_TANWIN_FATH = "\u064b"  # بنداً، مروراً: an indefinite accusative is never a name
NAME_CACHE = 4096  # folded names remembered (the readers, the linker and the quotes fold the same names; ~1 MB)


def fold_name(name: str) -> str:
    """``fold_text`` of a name, cached when short (a name is; a long stretch of text is not kept)."""
    return _fold_name(name) if len(name) <= CACHED_FOLD else fold_text(name)


@lru_cache(maxsize=NAME_CACHE)
def _fold_name(name: str) -> str:
    return fold_text(name)


@dataclass(slots=True)
class Found:
    first: int  # word indices, inclusive
    last: int
    start: int  # characters, end-exclusive, glued clitics outside
    end: int
    kind: str  # person | organisation | place | country | group | event | disease
    source: str  # listed | head | recogniser | quoted | name | nisba | description
    name: str  # as written, clitics off (للوحدة → الوحدة)
    entry: object = None  # gazetteer or registry Entry when listed
    head: str = ""  # folded head noun: a description refers back by it
    role: str = ""  # the head's role (institution | classifier | facility)
    alias: str = ""  # folded name without its head: نادي الوحدة → الوحدة
    score: float = 1.0  # the recogniser's
    inner: bool = False  # a country named inside an institution's name
    cluster: int = -1

    def overlaps(self, other: "Found") -> bool:
        return self.first <= other.last and other.first <= self.last

    def within(self, other: "Found") -> bool:
        return other.first <= self.first and self.last <= other.last
