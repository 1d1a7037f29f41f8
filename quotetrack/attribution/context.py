"""What the attribution stage knows of an article's layout and of who has spoken so far.

Layout: sentences, paragraphs and sections (a heading line such as
``أوكرانيا تغادر مجددا الاجتماع`` starts a new section), which spans are
quoted content and which paragraphs are headings — mentions inside quoted
content (``«... اتحاد القدم ...»``) or in headings never speak for a quote of
the body.

History: the chains that have spoken, in which section, how often and last;
the genders that explicit cues taught (``وقالت زينة``: Zeina is a woman, so a
later feminine ``وأشارت`` may be hers).  The ranker reads the history as
features; the resolver writes it as it decides, quote by quote (training
writes the gold decisions instead).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..normalize import fold
from ..records import Cue, Mention

MAX_PARAGRAPHS_BACK = 3
MAX_MENTIONS_BACK = 400  # a bound for paragraphs that never end (one-line articles)


@dataclass
class History:
    spoken: dict[int, int] = field(default_factory=dict)  # chain -> offset of its last quote
    count: dict[int, int] = field(default_factory=dict)  # chain -> quotes so far
    gender: dict[int, str] = field(default_factory=dict)  # chain -> gender learnt from explicit cues
    last_chain: int = -1
    last_section: int = -1


BYLINE_PARAGRAPHS = 4  # the title, a dateline or source line, and the first paragraphs
BYLINE_CHARS = 70
BYLINE_WORDS = 7  # a name, an outlet and a place
_BYLINE = re.compile(r"\s*(?=[^:\n.«“\"]{0,60}[-–—])[^:\n.،,«“\"]{2,%d}:" % BYLINE_CHARS)


class Context:
    def __init__(self, text: str, mentions: list[Mention], paragraphs: list, sentences: list,
                 quoted: list[tuple[int, int]] = (), is_verb=lambda w: False):
        self.text = text
        self.mentions = mentions
        self.quoted = sorted(quoted)
        self.para_starts = [p.start for p in paragraphs] or [0]
        sec, self.section = 0, []
        for p in paragraphs:
            if p.heading:
                sec += 1
            self.section.append(sec)
        self.section = self.section or [0]
        self.heading = [p.heading for p in paragraphs] or [False]
        self.sent_starts = [s for s, _ in sentences] or [0]
        self.sent_ends = [e for _, e in sentences] or [len(text)]
        self.history = History()
        # bylines: "فهد المنجومي- سبق- مكة المكرمة: …" opens a paragraph with the reporter, the
        # outlet and the place before a colon — the reporter never speaks the story's quotes; a
        # byline has no speech verb ("وقال الوزير - في تصريح -:" is a clause with dashes)
        self.bylines = [(p.start, m.end()) for p in paragraphs[:BYLINE_PARAGRAPHS]
                        for m in [_BYLINE.match(text, p.start, p.start + BYLINE_CHARS)]
                        if m and len(m.group(0).split()) <= BYLINE_WORDS
                        and not any(is_verb(fold(w)) for w in m.group(0).split())]
        self._para: dict[int, int] = {}
        self._sent: dict[int, int] = {}

    # -- layout -------------------------------------------------------------------------
    # the same few hundred offsets (mention starts, cues) are asked about again for every
    # candidate of every quote: one bisect per offset and article, then a dict lookup
    def para_of(self, pos: int) -> int:
        k = self._para.get(pos)
        if k is None:
            k = self._para[pos] = max(0, bisect_right(self.para_starts, pos) - 1)
        return k

    def sent_of(self, pos: int) -> int:
        k = self._sent.get(pos)
        if k is None:
            k = self._sent[pos] = max(0, bisect_right(self.sent_starts, pos) - 1)
        return k

    def section_of(self, pos: int) -> int:
        return self.section[min(self.para_of(pos), len(self.section) - 1)]

    def in_heading(self, pos: int) -> bool:
        return self.heading[min(self.para_of(pos), len(self.heading) - 1)]

    def same_or_next_paragraph(self, a: int, b: int) -> bool:
        return 0 <= self.para_of(b) - self.para_of(a) <= 1 and self.section_of(a) == self.section_of(b)

    def in_byline(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.bylines)

    def inside_quote(self, start: int, end: int, around: int = -1) -> bool:
        """Does [start, end) lie inside some quote's content — other than one that also holds
        ``around`` (a reported clause holding the cue of a nested quote: ``ذكرت الصحيفة أن
        الرئيس قال إن …`` — the president speaks inside the newspaper's clause)?"""
        k = bisect_right(self.quoted, (start, 1 << 60))
        # contents rarely overlap; a mixed quote may hold a shorter one: look at the last few
        return any(qs <= start and end <= qe and not qs <= around < qe for qs, qe in self.quoted[max(0, k - 3):k])

    def mention_at(self, start: int, end: int) -> Mention | None:
        k = bisect_right(self.mentions, start, key=lambda e: e.start)
        for m in reversed(self.mentions[max(0, k - 50):k]):
            if m.start <= start and end <= m.end:
                return m
        return None

    def mentions_back(self, pos: int):
        """Mentions before ``pos``, latest first, within MAX_PARAGRAPHS_BACK paragraphs."""
        floor = self.para_starts[max(0, self.para_of(pos) - MAX_PARAGRAPHS_BACK)]
        k = bisect_left(self.mentions, pos, key=lambda e: e.start)
        for m in reversed(self.mentions[max(0, k - MAX_MENTIONS_BACK):k]):
            if m.start < floor:
                return
            yield m

    def sentence_mentions(self, pos: int, before: int):
        """Mentions of the sentence holding ``pos`` that start before ``before``, in order."""
        s = self.sent_of(pos)
        k = bisect_left(self.mentions, self.sent_starts[s], key=lambda e: e.start)
        for m in self.mentions[k:]:
            if m.start >= before:
                return
            yield m

    # -- history ------------------------------------------------------------------------
    def spoke(self, m: Mention, pos: int, cue: Cue | None = None, explicit: bool = False) -> None:
        h = self.history
        h.spoken[m.chain] = pos
        h.count[m.chain] = h.count.get(m.chain, 0) + 1
        h.last_chain, h.last_section = m.chain, self.section_of(pos)
        # وقالت زينة: an explicit feminine verb tells the person's gender for later anaphora
        if explicit and cue is not None and cue.gender and cue.number == "s" and m.kind == "person":
            h.gender.setdefault(m.chain, cue.gender)

    def gender_of(self, m: Mention) -> str:
        return m.gender or self.history.gender.get(m.chain, "")

    def spoke_in_section(self, m: Mention, pos: int) -> bool:
        last = self.history.spoken.get(m.chain)
        return last is not None and self.section_of(last) == self.section_of(pos)
