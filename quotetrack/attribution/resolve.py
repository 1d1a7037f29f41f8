"""Stage 7: attribution — every quote linked to its speaker (component ``quotetrack_attribution``).

For each quote in text order: the proposer (``candidates.py``) lists every
plausible speaker with the patterns that proposed it, the featurizer
(``features.py``) describes each, and the ranker (``ranker.py``) chooses one
or nobody, with a calibrated confidence.  The decision is written into the
history (who spoke, where, how often) that later quotes' features read.

``resolution`` is the strongest pattern that proposed the winner
(``explicit_subject``, ``after_quote``, ``channel``, ``preverbal_subject``,
``sentence_subject``, ``participle``, ``nominal_anaphora``, ``honorific``,
``zero_anaphora``, ``continuation``, ``parse_subject``), or ``unknown``.

Candidates that are not quotations (titles, scare quotes, names in marks,
an attribution phrase with no source) are set aside in ``doc._.qt_rejected``
with the reason.  Needs ``quotetrack_quotes`` and ``quotetrack_speakers``;
adds the mentions it reads at cues to ``doc._.qt_mentions``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from .. import parse
from ..lexicon import default_lexicon
from ..normalize import Words, fold, text_of, words_of
from ..records import Mention, Quote
from ..romanize import romanize
from ..ruleset import Ruleset
from .candidates import Candidate, Proposer
from .chains import canonicalise
from .context import Context
from .features import Featurizer
from .nounphrase import NounPhraseReader
from .ranker import Decision, Ranker

_MARKS = re.compile("[«»“”\"]")
MIN_QUOTE_WORDS = 3  # one- or two-word spans with no cue are scare quotes or names
# chooser(quote, candidates, their features, null features) -> Decision; training passes the gold one
Chooser = Callable[[Quote, list[Candidate], list[dict], dict], Decision]


class Resolver:
    def __init__(self, rules: Ruleset, ranker: Ranker | None = None):
        self.reader = NounPhraseReader(rules)
        words = {k: {fold(w) for w in v} for k, v in rules["context_words.yaml"].items()}
        self.title_nouns = words["title_nouns"]
        self.proposer = Proposer(self.reader, {
            "skippable": words["adverbs_after_verb"] | words["event_particles"] | words["speech_events"],
            "relatives": words["relatives"], "clause_openers": words["clause_openers"],
            "manner_frames": words.get("manner_frames", set()), "topic_markers": words.get("topic_markers", set())})
        self.featurizer = Featurizer(self.reader, default_lexicon())
        self.ranker = ranker or Ranker.from_rules(rules)

    def resolve(self, text: str, words: Words, quotes: list[Quote], mentions: list[Mention], sentences: list,
                paragraphs: list, doc: Doc | None = None, chooser: Chooser | None = None) -> tuple[list, list]:
        # a name in marks (أعلنت "غلينكور" أن) is no quotation: its words may speak
        reasons = {id(q): self._not_a_quote(words, q) for q in quotes}
        ctx = Context(text, mentions, paragraphs, sentences, [(q.start, q.end) for q in quotes if not reasons[id(q)]],
                      self.reader.is_verb)
        self.proposer.start(text, words, mentions, ctx, doc)
        self.featurizer.start(text, words, ctx, self.proposer)
        kept: list[Quote] = []
        rejected: list = []
        chosen: dict[int, tuple[Mention, Candidate]] = {}
        for q in quotes:
            reason = reasons[id(q)]
            if reason:
                rejected.append((q, reason))
                continue
            cands = self.proposer.propose(q, kept)
            if q.cue is not None and q.cue.kind == "phrase" and q.cue.start >= q.end - 1 and \
                    not any(c.patterns.keys() & {"after_quote", "channel"} for c in cands):
                rejected.append((q, "attribution phrase with no source after it"))
                continue  # …، وفقا لهذه القوانين: a phrase with no source reports nothing
            feats = self.featurizer.quote(q, cands)
            null = self.featurizer.null(q, cands)
            decision = (chooser or self._choose)(q, cands, feats, null)
            if decision.index >= 0:
                c = cands[decision.index]
                chosen[id(q)] = (c.mention, c)
                self._fill(q, c, decision)
                ctx.spoke(c.mention, q.cue.start if q.cue else q.start, q.cue,
                          explicit=bool(c.patterns.keys() & {"explicit_subject", "after_quote", "preverbal_subject"}))
            else:
                self._fill(q, None, decision)
            kept.append(q)
        canonicalise(mentions)
        for q in kept:  # names may have grown since the decision (a fuller name read later)
            if id(q) in chosen:
                m, c = chosen[id(q)]
                self._name(q, m)
        return self._relay_chains(kept, rejected), rejected

    def _choose(self, q: Quote, cands: list[Candidate], feats: list[dict], null: dict) -> Decision:
        return self.ranker.decide(feats, null)

    @staticmethod
    def _relay_chains(quotes: list[Quote], rejected: list) -> list[Quote]:
        """``ذكرت صحيفة … أن الرئيس قال إن …``: the newspaper relays the president.

        When a reported clause opens with a speaker and a speech verb whose own
        quote lies inside it, the inner quote is the attribution and the outer
        speaker its channel; the outer candidate is set aside.
        """
        drop = set()
        by_cue = sorted((q for q in quotes if q.cue is not None), key=lambda q: q.cue.start)
        cue_starts = [q.cue.start for q in by_cue]
        for a in quotes:
            if a.type == "direct" or a.speaker == "unknown":
                continue
            for b in by_cue[bisect_left(cue_starts, a.start):bisect_left(cue_starts, a.end)]:
                if b is a or b.end > a.end:
                    continue
                svo_inside = a.start <= b.speaker_start and b.speaker_end <= b.cue.start  # أن الرئيس قال
                if svo_inside and len(a.text[:b.cue.start - a.start].split()) <= 6 and b.speaker != "unknown":
                    b.channel = b.channel or a.speaker_text or a.speaker
                    drop.add(id(a))
                    rejected.append((a, "relay of a nested attribution (the channel of " + b.speaker + ")"))
                    break
        return [q for q in quotes if id(q) not in drop]

    def _not_a_quote(self, words: Words, q: Quote) -> str:
        if q.type != "direct":
            return ""
        n_words = len(q.text.split())
        cue = q.cue
        if cue is not None and cue.kind == "phrase" and cue.speaker_side == "after" and \
                0 <= q.start - cue.end <= 3 and n_words <= 4:
            return "speaker's name in quotation marks (بحسب “X”)"
        if cue is None or cue.complement_end == -1 and cue.start > q.start:
            i = words.index_before(q.start - 1)
            before = words.folded[i] if i >= 0 else ""
            if before in self.title_nouns or before[1:] in self.title_nouns:
                return "title or name in quotation marks"
            if n_words < MIN_QUOTE_WORDS:
                return "scare quote (one or two words, no cue)"
            if self.reader.gaz.match(words, words.index_at(q.start)) and n_words <= 4:
                return "name in quotation marks"
        if cue is None and n_words < 6:
            return "short quoted span with no speech cue"
        return ""

    @classmethod
    def _fill(cls, q: Quote, c: Candidate | None, decision: Decision) -> None:
        if c is None:  # nobody: no speaker to be confident about
            q.speaker, q.resolution, q.channel, q.confidence = "unknown", "unknown", "", 0.0
            return
        q.confidence = round(decision.confidence, 3)
        q.resolution = c.pattern
        q.channel = c.channel
        cls._name(q, c.mention)

    @staticmethod
    def _name(q: Quote, m: Mention) -> None:
        # the name, not the marks around a part of it: وقال رئيس "سيسكو" → رئيس سيسكو
        q.speaker = " ".join(_MARKS.sub(" ", m.name or m.text).split()) or m.name or m.text
        q.speaker_text = m.text[m.name_start - m.start:m.name_end - m.start] if m.name_start >= 0 else m.text
        q.speaker_start = m.name_start if m.name_start >= 0 else m.start
        q.speaker_end = m.name_end if m.name_start >= 0 else m.end
        q.speaker_role = m.role
        q.speaker_kind = {"pronoun": "person"}.get(m.kind, m.kind)
        q.speaker_id = m.entity_id or ("ar:" + fold(q.speaker).replace(" ", "_"))
        q.speaker_latin = m.latin or romanize(q.speaker)
        q.speaker_entity = m.entity


@Language.factory("quotetrack_attribution", assigns=["doc._.quotes", "doc._.qt_rejected", "doc._.qt_mentions"],
                  requires=["doc._.quotes", "doc._.qt_mentions"], default_config={"rules": None})
def make_attribution(nlp: Language, name: str, rules: str | None):
    """Link every quote to its speaker, with the pattern that proposed it and a calibrated confidence."""
    return AttributionComponent(Ruleset.load(rules))


class AttributionComponent:
    def __init__(self, rules: Ruleset):
        self.resolver = Resolver(rules)

    def __call__(self, doc: Doc) -> Doc:
        from ..extensions import require

        quotes = require(doc, "quotes", "quotetrack_attribution", "quotetrack_quotes")
        mentions = require(doc, "qt_mentions", "quotetrack_attribution", "quotetrack_speakers")
        kept, rejected = self.resolver.resolve(text_of(doc), words_of(doc), quotes, mentions,
                                               doc._.qt_sentences or [], doc._.qt_paragraphs or [],
                                               doc if parse.has_parse(doc) else None)
        for i, q in enumerate(kept, 1):
            q.id = f"q{i:02d}"
            q.backend = doc._.qt_backend or "rules"
        doc._.quotes = kept
        doc._.qt_rejected = rejected
        return doc
