"""What the ranker knows of each (quote, candidate speaker) pair: named, mostly binary features.

None of them names a word or a person of any article; they describe the
evidence a reader weighs:

* how the candidate was proposed (``p:explicit_subject`` …) and how far from
  the cue it stands (same sentence, paragraphs back, words between);
* what it is (a named person, a role without a name ``المدرب``, an unnamed
  source ``مصدر أمني``, a body, a state, a channel ``وكالة``, a document
  ``البيان``, an unresolved honorific ``سموه``) and what read it (the entity
  recogniser and its label and score, a role, a gazetteer, a given name, or a
  bare run of words after the verb — ``حالياً``، ``نريد`` are read that way);
* how common its first word is in general Arabic (``lexicon.py``): speakers'
  names are rare words, ``حالياً`` is not;
* whether it is governed by a preposition (``لماسك``) or sits in a heading;
* agreement with the cue's gender and number (``وقالت`` and a man clash);
* the history: did it speak in this section, was it the last speaker, how often.

The "nobody" option (``unknown``) has features of its own (``null:*``), so the
ranker learns when no candidate is good enough.
"""
from __future__ import annotations

import math

from ..records import Cue, Mention, Quote
from .candidates import EXPLICIT, LEDE_PARAGRAPHS, Candidate
from .context import Context



ANAPHORIC = ("zero_anaphora", "sentence_subject", "participle", "continuation", "honorific", "nominal_anaphora")
# (pattern × kind crossings — "a state proposed as a sentence's subject" — were features until
# this version: about thirty weights on a few hundred quotes, and refits swung on single examples; pattern
# and kind now count separately)


def _kind(m: Mention) -> str:
    if m.kind == "pronoun":
        return "pronoun"
    if m.channel:
        return "channel"
    if m.entity_kind == "document":
        return "document"
    if m.entity_kind in ("country", "place"):
        return "state"
    if m.kind == "person":
        return "named" if m.name else "role"
    return {"unnamed_source": "unnamed", "organisation": "body", "group": "group"}.get(m.kind, "other")


def agreement(cue: Cue | None, m: Mention, gender: str) -> str:
    """agree | clash_number | clash_gender | clash_feminine | none: the cue's gender and number
    against the mention's."""
    if cue is None or (not cue.gender and not cue.number):
        return "none"
    plural_m = m.number == "p" or m.kind == "group"
    if (cue.number == "p") != plural_m:
        return "clash_number"
    if cue.gender and gender and cue.gender != gender:
        # asymmetric: news often keeps the masculine verb for a woman in office (وقال المتحدثة),
        # almost never a feminine verb for a man
        return "clash_feminine" if cue.gender == "f" else "clash_gender"
    return "agree"


class Featurizer:
    """Feature dicts for the candidates of one article's quotes (one per article: ``start``)."""

    def __init__(self, reader, lexicon):
        self.reader = reader
        self.lexicon = lexicon
        self.given = reader.given

    def start(self, text: str, words, ctx: Context, proposer) -> None:
        self.text, self.words, self.ctx, self.proposer = text, words, ctx, proposer
        self._static: dict[int, tuple] = {}  # id(mention) -> what depends on the mention alone
        self._lede: dict[int, bool] = {}  # chain -> named in the lede

    def _mention(self, m: Mention) -> tuple:
        """(features of the mention alone, its kind, governed?) — once per mention and article."""
        key = id(m)
        hit = self._static.get(key)
        if hit is not None and hit[3] is m:
            return hit
        ctx = self.ctx
        kind = _kind(m)
        f: dict[str, float] = {"k:" + kind: 1.0, "by:" + (m.found_by or "scan"): 1.0}
        if m.found_by == "open":
            f["open_len"] = len(m.text.split()) / 12
        if m.entity:
            f["ner:" + m.entity] = 1.0
            f["ner_score"] = m.entity_score
        w0 = self.words.index_at(m.name_start if m.name_start >= 0 else m.start)
        if w0 < len(self.words):
            first = self.words.folded[w0]
            bare = self.reader.analyser.analyse(first).bare
            zipf = max(self.lexicon.zipf(first), self.lexicon.zipf(bare))
            f["zipf"] = zipf / 7
            if zipf >= 4.5 and m.found_by in ("open", "bare", "known"):
                f["common_word"] = 1.0  # حالياً، سابق: a common word read where a name was wanted
            if first in self.given or bare in self.given:
                f["given"] = 1.0
        n_words = len(m.text.split())
        if n_words == 1:
            f["one_word"] = 1.0
            if kind == "role":
                f["bare_role"] = 1.0  # المدرب alone names nobody
        if ctx.in_heading(m.start):
            f["in_heading"] = 1.0
        lede = self._lede.get(m.chain)
        if lede is None:
            lede = self._lede[m.chain] = any(ctx.para_of(e.start) <= LEDE_PARAGRAPHS and not ctx.in_heading(e.start)
                                             for e in self.proposer.index.members.get(m.chain, ()))
        if lede:
            f["in_lede"] = 1.0
        hit = self._static[key] = (f, kind, self.proposer.governed(m), m)
        return hit

    def candidate(self, q: Quote, c: Candidate) -> dict[str, float]:
        m, cue, ctx = c.mention, q.cue, self.ctx
        pos = cue.start if cue is not None else q.start
        static, kind, governed, _m = self._mention(m)
        # the strongest pattern decides the pattern feature (a VSO subject that zero anaphora also
        # proposes is a VSO subject); how many patterns agree is one more piece of evidence
        pattern = c.pattern
        f = dict(static)
        f["p:" + pattern] = 1.0
        f["patterns"] = (len(c.patterns) - 1) / 2
        explicit = c.patterns.keys() & EXPLICIT
        if explicit:
            f["explicit_far"] = min(min(c.patterns[p] for p in explicit), 6) / 6
        if pattern in ("zero_anaphora", "sentence_subject", "participle") and cue is not None:
            f[f"p:{pattern}&cue:{cue.kind}"] = 1.0
        if governed and pattern != "channel":
            f["governed"] = 1.0  # (the relayed speaker stands after عن by construction)
        # where it stands
        back = ctx.para_of(pos) - ctx.para_of(m.start)
        if ctx.section_of(m.start) != ctx.section_of(pos):
            f["other_section"] = 1.0
        if back > 3:
            f["far_back"] = 1.0
        if m.start >= pos:
            f["after_cue"] = 1.0
        elif ctx.sent_of(m.start) == ctx.sent_of(pos):
            f["same_sentence"] = 1.0
        elif back <= 3:
            f[f"para_back{max(back, 0)}"] = 1.0
        # (how often the article mentioned it before is no feature: it raised neither the dev
        # articles left out nor the check set — long stories mention their objects often too)
        # agreement and history; the cue of a relay agrees with the channel (ونقلت الوكالة), not
        # with the person it relays
        f["agr:" + (agreement(cue, m, ctx.gender_of(m)) if pattern != "channel" else "none")] = 1.0
        h = ctx.history
        if m.chain in h.spoken:
            f["spoke_count"] = math.log1p(h.count.get(m.chain, 0)) / 2
            f["spoke_section" if ctx.section_of(h.spoken[m.chain]) == ctx.section_of(pos) else "spoke_before"] = 1.0
            if h.last_chain == m.chain:
                f["spoke_last"] = 1.0
        return f

    def quote(self, q: Quote, cands: list[Candidate]) -> list[dict[str, float]]:
        """The features of every candidate of a quote, with the ones that compare candidates:
        the latest person before the cue, the only person, the latest of those that spoke."""
        feats = [self.candidate(q, c) for c in cands]
        pos = q.cue.start if q.cue is not None else q.start
        people = [(c.mention.start, k) for k, c in enumerate(cands)
                  if c.mention.kind == "person" and c.mention.start < pos and c.pattern in ANAPHORIC]
        if people:
            feats[max(people)[1]]["latest_person"] = 1.0
            if len(people) == 1:
                feats[people[0][1]]["only_person"] = 1.0
        spoken = [(self.ctx.history.spoken[c.mention.chain], k) for k, c in enumerate(cands)
                  if c.mention.chain in self.ctx.history.spoken]
        if spoken:
            feats[max(spoken)[1]]["latest_speaker"] = 1.0
        return feats

    @staticmethod
    def null(q: Quote, cands: list[Candidate]) -> dict[str, float]:
        f = {"null": 1.0, "null:cue:" + (q.cue.kind if q.cue is not None else "none"): 1.0}
        if not any(c.patterns.keys() & EXPLICIT for c in cands):
            f["null:no_explicit"] = 1.0
        if q.type == "direct":
            f["null:direct"] = 1.0
        return f
