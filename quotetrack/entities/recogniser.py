"""Stage 5a: named entities (component ``quotetrack_entities``).

People, organisations, places and groups, found by the shipped model
(``model.py``) over the article's words, put on the Doc in character offsets
like every other stage (``doc._.qt_entities``, ``doc.spans["qt_entities"]``).
The attribution and targets stages read them as evidence, never as a gate:
``وقال عوض الشمراني`` names a person whether or not any list holds عوض.

A glued conjunction or preposition is left outside the span (``لأوكرانيا`` →
``أوكرانيا``, ``والفضيلي`` → ``الفضيلي``), as the analyser reads the word;
the span never starts or ends inside a word otherwise.  When quotes exist
already, each gets the entities of its content (``Quote.entities``).
"""
from __future__ import annotations

from bisect import bisect_left

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..analyser import analyser_for
from ..lexicon import default_lexicon
from ..normalize import Words, text_of, words_of, written_offset
from ..records import Entity
from ..ruleset import Ruleset
from .features import gap_ids
from .model import MODEL, Network, Weights

_NETWORKS: dict = {}


def network_for(rules: Ruleset, path: str | None = None) -> Network:
    """One network per (model file, morphology tables) in a process: the word-vector cache is shared."""
    analyser = analyser_for(rules)
    key = (str(path or MODEL), analyser.tables.key())
    if key not in _NETWORKS:
        _NETWORKS[key] = Network(Weights.load(path or MODEL), analyser, default_lexicon())
    return _NETWORKS[key]


class EntityRecogniser:
    """Entities of a text from its words; usable without spaCy (``find(text, words)``)."""

    def __init__(self, rules: Ruleset, model: str | None = None):
        self.net = network_for(rules, model)
        self.tags = self.net.w.tags
        self._begins = np.array([t.startswith("B-") for t in self.tags])

    def find(self, text: str, words: Words) -> list[Entity]:
        gaps = gap_ids(text, words)
        logp = self.net.log_probs(words.folded, gaps)
        tags = self.net.decode(logp, gaps)
        names = self.tags
        out: list[Entity] = []
        n = len(tags)
        sure = np.exp(logp[np.arange(n), tags])  # each word's probability of its tag, for the scores
        begins = np.flatnonzero(self._begins[tags]).tolist()
        tags = tags.tolist()  # read word by word below: Python ints index the names faster
        j = 0
        # only the words tagged B- open an entity: visit those, not every word of the article
        for i in begins:
            if i < j:
                continue
            label = names[tags[i]][2:]
            inside = "I-" + label
            j = i + 1
            while j < n and names[tags[j]] == inside and self._joins(text, words, j):
                j += 1
            first = i
            while first < j and len(words.folded[first]) < 2:
                first += 1  # a lone preposition (لـ "الاقتصادية) is outside the name
            if first < j:
                # the mean as np.mean computes it (a float32 sum over float64 count, cast back), a
                # numpy call less per entity
                score = float(np.float32(float(np.add.reduce(sure[first:j])) / (j - first)))
                out.append(self._entity(text, words, first, j - 1, label, score))
        return out

    @staticmethod
    def _joins(text: str, words: Words, j: int) -> bool:
        """Word ``j`` may continue the entity before it only across a space: a name never spans a
        comma or a quotation mark (``دانيلز، مايكل أفنياتي`` are two people; ``بيب غوارديولا "غابرييل``)."""
        gap = text[words.ends[j - 1]:words.starts[j]]
        return not gap.strip(" \t\u00a0\u200e\u200f\u200c\u200d-")

    def _entity(self, text: str, words: Words, first: int, last: int, label: str, score: float) -> Entity:
        a = self.net.analyser.analyse(words.folded[first])
        # a lone ف before a bare name is the name's own letter far more often than "so" (فراس،
        # فهد، فيصل): ف joins clauses (فقال، فإن), و joins names (وهاني الفضيلي)
        glued = 0 if a.proclitics == "ف" and not a.article else len(a.proclitics)
        start = words.starts[first] + written_offset(words.texts[first], glued)
        end = words.ends[last]
        return Entity(start, end, text[start:end], label, round(score, 4), first, last)


def give_quotes(quotes: list, ents: list) -> None:
    """Each quote keeps the entities of its content (reports show them; targets read them)."""
    starts = [e.start for e in ents]
    for q in quotes:
        q.entities = [e for e in ents[bisect_left(starts, q.start):bisect_left(starts, q.end)] if e.end <= q.end]


@Language.factory("quotetrack_entities", assigns=["doc._.qt_entities", "doc.spans", "doc._.quotes"],
                  default_config={"rules": None, "model": None, "spans_key": "qt_entities"})
def make_entities(nlp: Language, name: str, rules: str | None, model: str | None, spans_key: str):
    """Find people (PER), organisations (ORG), places (GPE, LOC) and groups (GRP)."""
    return EntitiesComponent(Ruleset.load(rules), model, spans_key)


class EntitiesComponent:
    def __init__(self, rules: Ruleset, model: str | None = None, spans_key: str = "qt_entities"):
        self.recogniser = EntityRecogniser(rules, model)
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from ..extensions import char_spans

        ents = self.recogniser.find(text_of(doc), words_of(doc))
        doc._.qt_entities = ents
        give_quotes(doc._.quotes or [], ents)
        doc.spans[self.spans_key] = char_spans(doc, [(e.start, e.end) for e in ents], [e.label for e in ents])
        return doc
