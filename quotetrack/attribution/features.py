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
from .candidates import Candidate, EXPLICIT
from .context import Context

_PREPOSITIONS = {"في", "من", "الى", "على", "عن", "مع", "لدى", "عند", "حول", "بين", "عبر", "ضد"}


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
    """agree | clash_number | clash_gender | none: the cue's gender/number against the mention's."""
    if cue is None or (not cue.gender and not cue.number):
        return "none"
    plural_m = m.number == "p" or m.kind == "group"
    if (cue.number == "p") != plural_m:
        return "clash_number"
    if cue.gender and gender and cue.gender != gender:
        return "clash_gender"
    return "agree"


class Featurizer:
    """Feature dicts for the candidates of one article's quotes (one per article: ``start``)."""

    def __init__(self, reader, lexicon):
        self.reader = reader
        self.lexicon = lexicon
        self.given = reader.given

    def start(self, text: str, words, ctx: Context) -> None:
        self.text, self.words, self.ctx = text, words, ctx

    def candidate(self, q: Quote, c: Candidate) -> dict[str, float]:
        m, cue, ctx = c.mention, q.cue, self.ctx
        pos = cue.start if cue is not None else q.start
        f: dict[str, float] = {"p:" + p: 1.0 for p in c.patterns}
        kind = _kind(m)
        f["k:" + kind] = 1.0
        f["by:" + (m.found_by or "scan")] = 1.0
        if m.entity:
            f["ner:" + m.entity] = 1.0
            f["ner_score"] = m.entity_score
        explicit = c.patterns.keys() & EXPLICIT
        if explicit:
            dist = min(c.patterns[p] for p in explicit)
            f["explicit_far"] = min(dist, 6) / 6
        for p in ("zero_anaphora", "sentence_subject", "participle"):
            if p in c.patterns and cue is not None:
                f[f"p:{p}&cue:{cue.kind}"] = 1.0
        # the words of the mention
        w0 = self.words.index_at(m.name_start if m.name_start >= 0 else m.start)
        if w0 < len(self.words):
            first = self.words.folded[w0]
            bare = self.reader.analyser.analyse(first).bare
            zipf = max(self.lexicon.zipf(first), self.lexicon.zipf(bare))
            f["zipf"] = zipf / 7
            f["common_word"] = 1.0 if zipf >= 4.5 and kind in ("named", "role", "unnamed") else 0.0
            f["given"] = 1.0 if first in self.given or bare in self.given else 0.0
            prev = self.words.folded[w0 - 1] if w0 > 0 else ""
            if prev in _PREPOSITIONS or self.reader._governed(self.words, w0, len(self.words), None):
                f["governed"] = 1.0
        n_words = len(m.text.split())
        f["one_word"] = 1.0 if n_words == 1 else 0.0
        if kind == "role" and n_words == 1:
            f["bare_role"] = 1.0  # المدرب alone names nobody
        if ctx.in_heading(m.start):
            f["in_heading"] = 1.0
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
        else:
            f[f"para_back{min(max(back, 0), 3)}"] = 1.0 if back <= 3 else 0.0
        # agreement and history
        f["agr:" + agreement(cue, m, ctx.gender_of(m))] = 1.0
        h = ctx.history
        if m.chain in h.spoken and ctx.section_of(h.spoken[m.chain]) == ctx.section_of(pos):
            f["spoke_section"] = 1.0
            f["spoke_count"] = math.log1p(h.count.get(m.chain, 0)) / 2
            if h.last_chain == m.chain:
                f["spoke_last"] = 1.0
        elif m.chain in h.spoken:
            f["spoke_before"] = 1.0
        return f

    @staticmethod
    def null(q: Quote, cands: list[Candidate]) -> dict[str, float]:
        f = {"null": 1.0, "null:cue:" + (q.cue.kind if q.cue is not None else "none"): 1.0}
        if not any(c.patterns.keys() & EXPLICIT for c in cands):
            f["null:no_explicit"] = 1.0
        if q.type == "direct":
            f["null:direct"] = 1.0
        return f
