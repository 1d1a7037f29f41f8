"""Stage 6: possible speakers (component ``quotetrack_speakers``).

Scans the article for speaker-like noun phrases (``nounphrase.py``: people
with roles, bodies, groups, unnamed sources), wherever a role, a body, a
gazetteer entry, a known name or the entity recogniser's person, organisation,
state or group starts one, and merges the mentions of one speaker into a chain
(``chains.py``).  People it reads by structure that the recogniser missed are
added to ``doc._.qt_entities`` as PER (source "rules").  The candidate proposer reads more noun phrases at cue
positions with the same reader.  Needs ``quotetrack_entities`` before it.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .chains import link_chains
from .names import ENTITIES, SPEAKING
from .nounphrase import NounPhraseReader
from ..normalize import Words, text_of, words_of
from ..entities.recogniser import give_quotes
from ..records import Entity, Mention
from ..ruleset import Ruleset

__all__ = ["NounPhraseReader", "SpeakerScanner", "SpeakersComponent", "make_speakers", "link_chains"]


class SpeakerScanner:
    """All speaker-like mentions of a text, in order, merged into chains."""

    def __init__(self, rules: Ruleset):
        self.reader = NounPhraseReader(rules)
        self._start_cache: dict[str, bool] = {}

    def _may_start(self, w: str) -> bool:
        """Can a mention start at this folded word?  One cached lookup per distinct word."""
        hit = self._start_cache.get(w)
        if hit is None:
            r = self.reader
            hit = w in r.given or w in r.honorific or w in r.titles or any(
                v in r.role_heads or v in r.gaz.index or v in r.registry.index for v in r.analyser.bare_forms(w)) \
                or r.analyser.nominative(w) in r.role_heads  # مسؤولا after لكن (the reader checks where)
            self._start_cache[w] = hit
        return hit

    def scan(self, text: str, words: Words, entities=()) -> list[Mention]:
        index = {e.first: e for e in entities}
        words.memo[ENTITIES] = index  # the reader's evidence for this article
        starts = {e.first for e in entities if e.label in SPEAKING}
        appositions = self._appositions(text, words)
        out: list[Mention] = []
        i, n = 0, len(words)
        r = self.reader
        while i < n:
            m = None
            if i in starts or self._may_start(words.folded[i]):
                m = r.read(text, words, i, n)
            if m is None and i in appositions:
                m = r.apposed(text, words, i, appositions[i], n)
            if m is not None:
                out.append(m)
                i = words.index_at(m.end)
            else:
                i += 1
        return out


    def _appositions(self, text: str, words: Words) -> dict[int, int]:
        """Names introduced by a role after a comma, ``كلود باول، مدرب ليستر سيتي``: where each
        such name starts -> the index of its role.  Found from the commas, not word by word."""
        r = self.reader
        out: dict[int, int] = {}
        for m in _COMMA.finditer(text):
            j = words.index_at(m.end())
            if j >= len(words) or j == 0 or not r.role_at(words, j, len(words)):
                continue
            start = r.apposed_start(text, words, j)
            if start is not None:
                out[start] = j
        return out


_COMMA = re.compile("[،,]")


def with_people(entities: list, mentions: list[Mention], text: str, words: Words) -> list:
    """The recogniser's entities and the people the structure of a sentence names that it missed
    (``وقال مدرب ليفربول الألماني يورغن كلوب إن``: a role and its holder), as PER with source
    "rules" — one layer of named entities for the targets and the reports."""
    people = [e for e in entities if e.label == "PER"]
    added = []
    for m in mentions:
        if m.kind != "person" or m.name_start < 0 or m.found_by not in RULE_NAMES:
            continue
        if any(e.start < m.name_end and m.name_start < e.end for e in people + added):
            continue
        first, last = words.index_at(m.name_start), words.index_before(m.name_end)
        added.append(Entity(m.name_start, m.name_end, text[m.name_start:m.name_end], "PER", 0.5, first, last, "rules"))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


RULE_NAMES = ("role", "given", "bare", "apposition", "registry")  # readings that name a person by structure


@Language.factory("quotetrack_speakers", assigns=["doc._.qt_mentions", "doc.spans", "doc._.qt_entities",
                                                  "doc._.quotes"],
                  requires=["doc._.qt_entities"], default_config={"rules": None, "spans_key": "qt_mentions"})
def make_speakers(nlp: Language, name: str, rules: str | None, spans_key: str):
    """Find possible speakers (people, roles, bodies, groups, unnamed sources) and chain them."""
    return SpeakersComponent(Ruleset.load(rules), spans_key)


class SpeakersComponent:
    def __init__(self, rules: Ruleset, spans_key: str = "qt_mentions"):
        self.scanner = SpeakerScanner(rules)
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from ..extensions import char_spans, require

        entities = require(doc, "qt_entities", "quotetrack_speakers", "quotetrack_entities")
        mentions = self.scanner.scan(text_of(doc), words_of(doc), entities)
        link_chains(mentions, self.scanner.reader.analyser)
        doc._.qt_entities = with_people(entities, mentions, text_of(doc), words_of(doc))
        if doc._.qt_entities is not entities:
            give_quotes(doc._.quotes or [], doc._.qt_entities)
        doc._.qt_mentions = mentions
        doc.spans[self.spans_key] = char_spans(doc, [(m.start, m.end) for m in mentions], "SPEAKER")
        return doc
