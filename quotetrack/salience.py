"""Who is salient where: the memory the anaphora sieves of the resolver consult.

A speaker stays salient within its section: a heading line
(``أوكرانيا تغادر مجددا الاجتماع``) starts a new one, so the seed's q09
(``وأشار``, masculine) goes to Natalia Galibarenko, the speaker of the same
section, not to Mark Rutte in the section before.  Within a section, recency
(same sentence > same paragraph > paragraphs back), having spoken before, and
agreement with the cue's gender and number add up; agreement is a *soft* cue
(``وقال المتحدث`` is masculine for a woman; Arabic news often keeps the
masculine for women in office).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from .records import Cue, Mention, Quote

MAX_PARAGRAPHS_BACK = 3
MAX_MENTIONS_BACK = 400  # a bound for paragraphs that never end (one-line articles)
W_SAME_SENTENCE, W_SAME_PARAGRAPH = 4.5, 2.0
W_PARAGRAPH_BACK = (1.5, 0.8, 0.4)
W_SPOKE, W_LAST_SPEAKER = 1.5, 0.5
W_AGREE, W_CLASH = 0.6, -0.6
KIND_BONUS = {"person": 0.3, "unnamed_source": 0.2, "group": 0.0, "organisation": 0.0, "pronoun": 0.0}
SPEAKER_KINDS = set(KIND_BONUS)


class Salience:
    def __init__(self, text: str, mentions: list[Mention], paragraphs: list, sentences: list,
                 quoted: list[tuple[int, int]] = ()):
        self.text = text
        self.mentions = mentions
        # mentions inside what was said are not speakers: «... اتحاد القدم ...», وأضاف → not the federation
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
        self.spoken: dict[int, int] = {}  # chain -> offset of its last quote
        self.gender: dict[int, str] = {}  # chain -> gender learnt from explicit cues
        self.last_chain = -1

    def para_of(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def section_of(self, pos: int) -> int:
        return self.section[min(self.para_of(pos), len(self.section) - 1)]

    def same_or_next_paragraph(self, a: int, b: int) -> bool:
        return 0 <= self.para_of(b) - self.para_of(a) <= 1 and self.section_of(a) == self.section_of(b)

    def mention_at(self, start: int, end: int) -> Mention | None:
        k = bisect_right(self.mentions, start, key=lambda e: e.start)
        for m in reversed(self.mentions[max(0, k - 50):k]):
            if m.start <= start and end <= m.end:
                return m
        return None

    def spoke(self, m: Mention, pos: int, cue: Cue | None = None, explicit: bool = False) -> None:
        self.spoken[m.chain] = pos
        self.last_chain = m.chain
        # وقالت زينة: an explicit feminine verb tells the person's gender for later anaphora
        if explicit and cue is not None and cue.gender and cue.number == "s" and m.kind == "person":
            self.gender.setdefault(m.chain, cue.gender)

    def gender_of(self, m: Mention) -> str:
        return m.gender or self.gender.get(m.chain, "")

    def inside_quote(self, m: Mention) -> bool:
        k = bisect_right(self.quoted, (m.start, 1 << 60)) - 1
        return k >= 0 and self.quoted[k][0] <= m.start and m.end <= self.quoted[k][1]

    def _candidate(self, m: Mention) -> bool:
        if m.kind not in SPEAKER_KINDS or self.inside_quote(m):
            return False
        if self.heading[min(self.para_of(m.start), len(self.heading) - 1)]:
            return False  # titles, outlet lines and section headings name no speaker of the body
        # countries and places speak only as explicit subjects (وتقول الإمارات), never by anaphora
        return m.entity_kind not in ("country", "place")

    def score(self, m: Mention, cue: Cue, pos: int) -> float | None:
        if self.section_of(m.start) != self.section_of(pos) or not self._candidate(m):
            return None
        back = self.para_of(pos) - self.para_of(m.start)
        if back > MAX_PARAGRAPHS_BACK:
            return None
        if self.sent_of(m.start) == self.sent_of(pos):
            s = W_SAME_SENTENCE
        elif back == 0:
            s = W_SAME_PARAGRAPH
        else:
            s = W_PARAGRAPH_BACK[back - 1]
        if m.chain in self.spoken:
            s += W_SPOKE + (W_LAST_SPEAKER if m.chain == self.last_chain else 0.0)
        s += KIND_BONUS.get(m.kind, 0.0)
        s += agreement(cue, m, self.gender_of(m))
        return s

    def best(self, cue: Cue, person_only: bool = False) -> Mention | None:
        """The most salient mention for a subject-less cue (زero anaphora)."""
        pos = cue.start
        best, best_score = None, None
        chains_seen = set()
        floor = self.para_starts[max(0, self.para_of(pos) - MAX_PARAGRAPHS_BACK)]
        k = bisect_left(self.mentions, pos, key=lambda e: e.start)
        for m in reversed(self.mentions[max(0, k - MAX_MENTIONS_BACK):k]):  # latest mention of each chain first
            if m.start < floor:
                break  # beyond MAX_PARAGRAPHS_BACK: nothing further back can score
            if m.chain in chains_seen:
                continue
            if person_only and m.kind != "person":
                continue
            sc = self.score(m, cue, pos)
            if sc is None:
                continue  # a mention inside a quote or a heading: an earlier one of its chain may count
            chains_seen.add(m.chain)
            if best_score is None or sc > best_score:
                best, best_score = m, sc
        return best

    def clause_subject(self, cue: Cue, kept: list[Quote]) -> Mention | None:
        """The subject a participle shares: the speaker of a quote earlier in its sentence,
        else the first speaker-like mention of the sentence before it."""
        s = self.sent_of(cue.start)
        for q in reversed(kept):
            if q.cue and q.cue.start < self.sent_starts[s]:
                break  # quotes are kept in text order: the rest are in earlier sentences
            if q.cue and self.sent_of(q.cue.start) == s and q.speaker_start >= 0:
                return self.mention_at(q.speaker_start, q.speaker_end)
        first = None
        k = bisect_left(self.mentions, self.sent_starts[s], key=lambda e: e.start)
        for m in self.mentions[k:]:
            if m.start >= cue.start:
                break
            if self.sent_of(m.start) == s and self._candidate(m):
                if m.kind in ("person", "unnamed_source"):
                    return m
                first = first or m
        return first

    def antecedent_for_role(self, m: Mention, cue: Cue) -> Mention | None:
        """A definite role with no name: the named mention of its chain, else the most
        salient person who has spoken in the section and agrees with the cue
        (زعيم المنظمة العسكرية → the secretary general)."""
        named = [e for e in self.mentions if e.chain == m.chain and e.name and e.start < m.start]
        if named:
            return named[-1]
        same_chain_earlier = [e for e in self.mentions if e.chain == m.chain and e.start < m.start]
        if same_chain_earlier:
            return same_chain_earlier[0]
        if len(m.role.split()) > 1:
            return None  # وزير المالية: a role with its complement describes the speaker well enough
        best, best_score = None, None
        for e in self.mentions:
            if e.start >= m.start or e.chain not in self.spoken or e.kind != "person" or not e.name:
                continue
            if m.gender and self.gender_of(e) and m.gender != self.gender_of(e) or agreement(cue, e, self.gender_of(e)) < 0:
                continue  # وأضاف السائح cannot be the singer who spoke before
            sc = self.score(e, cue, m.start)
            if sc is not None and (best_score is None or sc >= best_score):
                best, best_score = e, sc
        return best


def agreement(cue: Cue, m: Mention, gender: str = "") -> float:
    """Soft agreement between a cue's gender/number and a mention's."""
    gender = gender or m.gender
    if not cue.gender and not cue.number:
        return 0.0
    plural_m = m.number == "p" or m.kind == "group"
    plural_c = cue.number == "p"
    if plural_c != plural_m:
        return W_CLASH
    if cue.gender and gender and cue.gender != gender:
        return W_CLASH / 2
    return W_AGREE
