"""Giant articles in bounded parts, with offsets into the whole article.

Why: several pipeline stages cost more than linear time in the length of one
Doc (measured by ``benchmarks/bench_large.py``; README, "Inputs and errors",
"Limits"), so a 50 MB article, or a megabyte line without a newline, would
never finish in one piece.  :class:`Chunker` cuts an article longer than
``max_chars`` (or with more than ``max_marks`` quotation marks) into parts, at
the last paragraph break before the limit (else a sentence end, else a space,
else anywhere but inside a letter's diacritics), runs the parts through the
same engine as every other article, and merges their records back: every
offset is shifted into the whole article's text, quote ids are renumbered,
speaker chains kept apart.  A quotation or an anaphora never crosses a part
boundary, which costs little at a paragraph break and is the price of a
bound; the article gets a note saying it was split.

Hook (``quotetrack.corpus.work.run_items``, which every corpus engine runs on its
chunks, so a worker splits and merges the giant articles it is given)::

    chunker = Chunker()
    results = chunker.merge(run(nlp, chunker.split(articles)))

``run`` is any runner yielding one result per article in order: parts are
ordinary articles to it.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from ..inputs.articles import Article
from .runner import Result

MAX_CHARS = 10_000  # ~1,700 words: a long news article stays whole; see README "Limits" for the figures
MAX_MARKS = 1000  # quotation marks per part: mark pairing cost grows with their number squared
MARKS = "«»“”„‟\"＂‹›‘’‚「」『』"
_MARK_RE = re.compile("[" + re.escape(MARKS) + "]")
_SENTENCE_END = re.compile(r"[.!?؟…][\"”»’)\]]*\s+")
_AT = re.compile(r"(?<=\bat )\d+")  # offsets written into warning messages ("… at 1234: …")


@dataclass(slots=True)
class Part(Article):
    """One part of a split article; ``whole`` numbers the article, ``base`` is the part's offset in it."""

    whole: int = 0
    base: int = 0
    index: int = 0
    count: int = 0


def _safe(text: str, cut: int, lo: int) -> int:
    """Move a hard cut back so it splits no letter from its diacritics or joiners, nor CR from LF."""
    while cut > lo + 1 and (unicodedata.combining(text[cut]) or text[cut] in "\u200c\u200d\u0640"
                            or (text[cut] == "\n" and text[cut - 1] == "\r")):
        cut -= 1
    return cut


def _limit(text: str, pos: int, max_chars: int, max_marks: int) -> int:
    hi = min(len(text), pos + max_chars)
    if max_marks:
        for k, m in enumerate(_MARK_RE.finditer(text, pos, hi), 1):
            if k > max_marks:
                return m.start()
    return hi


def cut_points(text: str, max_chars: int = MAX_CHARS, max_marks: int = MAX_MARKS) -> list[int]:
    """Part boundaries ``[0, …, len(text)]``: each part within the limits, cut at the best break."""
    bounds = [0]
    pos, n = 0, len(text)
    while True:
        hi = _limit(text, pos, max_chars, max_marks)
        if hi >= n:
            break
        lo = pos + max(1, (hi - pos) // 2)  # never a part less than half the limit (unless forced)
        cut = -1
        k = text.rfind("\n\n", lo, hi)
        if k >= 0:
            cut = k + 2
        if cut < 0:
            k = text.rfind("\n", lo, hi)
            cut = k + 1 if k >= 0 else -1
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
            cut = ends[-1] if ends else -1
        if cut < 0:
            k = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
            cut = k + 1 if k >= 0 else -1
        if cut <= pos or cut > hi:
            cut = _safe(text, hi, pos)
        bounds.append(cut)
        pos = cut
    bounds.append(n)
    return bounds


class Chunker:
    """Splits long articles into :class:`Part` s and merges their results back (see the module doc)."""

    def __init__(self, max_chars: int = MAX_CHARS, max_marks: int = MAX_MARKS):
        self.max_chars = max_chars
        self.max_marks = max_marks
        self.wholes: dict[int, Article] = {}
        self._serial = 0

    def needs_split(self, text: str) -> bool:
        if len(text) > self.max_chars:
            return True
        return bool(self.max_marks) and len(_MARK_RE.findall(text)) > self.max_marks

    def split(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if not self.needs_split(article.text):
                yield article
                continue
            self._serial += 1
            self.wholes[self._serial] = article
            bounds = cut_points(article.text, self.max_chars, self.max_marks)
            count = len(bounds) - 1
            article.add_note(f"split into {count} parts of at most {self.max_chars:,} characters "
                             f"(quotes are not followed across parts)")
            for i in range(count):
                s, e = bounds[i], bounds[i + 1]
                # the part's text is sliced only when the engine takes it: a 50 MB article is never copied whole
                yield Part(article.id, article.text[s:e], article.title, article.source, article.date, article.url,
                           article.path, "", self._serial, s, i, count)

    def merge(self, results: Iterable[Result]) -> Iterator[Result]:
        """One result per article: the parts' records put together (:meth:`pieces`)."""
        merged = None
        for piece, last in self.pieces(results):
            if merged is None:
                merged = piece
            else:
                merged.quotes += piece.quotes
                merged.warnings += piece.warnings
                merged.mentions += piece.mentions
                merged.rejected += piece.rejected
            if last:
                yield merged
                merged = None

    def pieces(self, results: Iterable[Result], deep: bool = True) -> Iterator[tuple[Result, bool]]:
        """``(piece, last)`` for each result as it comes: an article's own result, or a part's records
        shifted into its whole article (quote ids and speaker chains continuing), ``last`` with the
        article's final piece.  An article need not be held whole: its table rows can be made and
        written part by part (``work.run_items``).

        ``deep=False``: only what a table needs — the quotes (their cue, speaker and entities, not their
        quotation marks) and the mentions; warnings and set-aside candidates are dropped.
        """
        state = None
        for result in results:
            part = result.article
            if state is not None and (not isinstance(part, Part) or part.whole != state[0]):
                yield self._close(state), True  # its last part failed: the article ends here
                state = None
            if not isinstance(part, Part):
                yield result, True
                continue
            if state is None:
                state = [part.whole, part.count, set(), 0, 0]  # whole, count, parts got, quotes, chain base
            piece, last = self._piece(state, result, deep), part.index == part.count - 1
            if last:
                self._close(state)  # before the piece goes: its note must be complete
                state = None
            yield piece, last
        if state is not None:
            yield self._close(state), True

    def _piece(self, state: list, result: Result, deep: bool) -> Result:
        part = result.article
        whole = self.wholes[part.whole]
        state[2].add(part.index)
        seen: set[int] = set()
        skip = () if deep else ("marks",)
        for record in (*result.quotes, *result.mentions):
            shift(record, part.base, seen, skip)
        if deep:
            for record in (*result.warnings, *(q for q, _ in result.rejected)):
                shift(record, part.base, seen)
        top = -1
        for m in result.mentions:
            if getattr(m, "chain", -1) >= 0:
                top = max(top, m.chain)
                m.chain += state[4]
        state[4] += top + 1
        for q in result.quotes:
            state[3] += 1
            q.id = f"q{state[3]:02d}"
        if deep:
            return Result(whole, result.quotes, result.warnings, result.rejected, result.mentions)
        return Result(whole, result.quotes, [], [], result.mentions)

    def _close(self, state: list) -> Result:
        """The end of a split article: its note names the parts that failed; an empty closing piece."""
        whole = self.wholes.pop(state[0])
        missing = [i + 1 for i in range(state[1]) if i not in state[2]]
        if missing:
            whole.add_note(f"part{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))} of "
                           f"{state[1]} failed (see the errors); the other parts were processed")
        return Result(whole, [], [], [], [])


def is_offset(name: str) -> bool:
    return name in ("start", "end", "offset") or name.endswith(("_start", "_end"))


@lru_cache(maxsize=None)
def _layout(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(offset fields, other fields that may hold records) of a record class, read once per class."""
    offsets, others = [], []
    for f in dataclasses.fields(cls):
        (offsets if is_offset(f.name) else others).append(f.name)
    return tuple(offsets), tuple(others)


def shift(record, base: int, seen: set[int], skip: tuple = ()) -> None:
    """Add ``base`` to every character offset of ``record`` and the records inside it, once each.

    Offset fields are found by name (``start``, ``end``, ``offset``, ``*_start``,
    ``*_end``); -1 means "none" and stays.  Records shared between quotes (a cue,
    a quoted span) are shifted once.  Fields named in ``skip`` are left alone.
    """
    if base == 0 or id(record) in seen or not dataclasses.is_dataclass(record):
        return
    seen.add(id(record))
    offsets, others = _layout(type(record))
    for name in offsets:
        value = getattr(record, name)
        if type(value) is int and value >= 0:
            setattr(record, name, value + base)
    for name in others:
        if name in skip:
            continue
        value = getattr(record, name)
        if isinstance(value, (list, tuple)):
            for item in value:
                if dataclasses.is_dataclass(item):
                    shift(item, base, seen)
        elif dataclasses.is_dataclass(value):
            shift(value, base, seen)
        elif name == "message" and isinstance(value, str):
            setattr(record, name, _AT.sub(lambda m: str(int(m.group()) + base), value))
