"""Domain records: small dataclasses with character offsets into the article text.

Vocabulary (as in the attribution literature): a quote is a *cue* (the speech
verb, participle or attribution phrase), a *source* (the speaker) and a
*content* (what was said).  All offsets are character offsets into
``doc.text``, end-exclusive, so ``text[start:end]`` is always the recorded text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class QuotedSpan:
    """A span of text between quotation marks (or between a mark and a repair point)."""

    outer_start: int  # the opening mark (or the repair point when it is missing)
    outer_end: int  # just after the closing mark (or the repair point)
    open_mark: str  # the opening mark, "" when it was missing and repaired
    close_mark: str  # the closing mark, "" when it was missing and repaired
    depth: int = 0  # 0 = outermost, 1 = nested inside another span
    repair: str = ""  # which documented heuristic closed/opened it, "" when balanced
    start: int = -1  # content start: inside the marks, spaces trimmed
    end: int = -1  # content end

    @classmethod
    def make(cls, text: str, outer_start: int, outer_end: int, open_mark: str, close_mark: str,
             depth: int = 0, repair: str = "") -> "QuotedSpan":
        start, end = outer_start + len(open_mark), outer_end - len(close_mark)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return cls(outer_start, outer_end, open_mark, close_mark, depth, repair, start, end)


@dataclass(slots=True)
class Cue:
    """A reporting cue: speech verb, circumstantial participle, attribution phrase."""

    start: int
    end: int
    text: str
    lemma: str
    kind: str  # verb | participle | phrase | colon
    gloss: str = ""
    person: str = ""  # "1" | "2" | "3" | ""
    gender: str = ""  # "m" | "f" | ""
    number: str = ""  # "s" | "d" | "p" | ""
    tense: str = ""  # past | present | ""
    speaker_side: str = "before"  # where its speaker usually is: after (VSO/بحسب X) | before | none
    needs_complement: bool = False  # only a cue with إن/أن, colon or quote
    complement_end: int = -1  # end of the complementiser/colon that opens the content, -1 if none
    negated: bool = False

    @property
    def agreement(self) -> str:
        return f"{self.gender}{self.number}"


@dataclass(slots=True)
class Mention:
    """A mention of a possible speaker: a named person, a role, a body, a group."""

    start: int
    end: int
    text: str
    kind: str  # person | organisation | group | unnamed_source
    name: str = ""  # canonical (fullest) name once merged; "" for descriptions
    role: str = ""
    gender: str = ""  # m | f | ""
    number: str = "s"  # s | d | p
    entity_id: str = ""  # registry / gazetteer id where known
    name_start: int = -1  # offsets of the personal name inside the mention, -1 if none
    name_end: int = -1
    chain: int = -1  # id of the speaker chain this mention belongs to
    entity_kind: str = ""  # gazetteer kind (country, organisation, place, group) where known
    latin: str = ""  # Latin name from the registry or gazetteer
    channel: bool = False  # a relaying body (وكالة، صحيفة، قناة)
    found_by: str = ""  # what read it: entity | role | gazetteer | registry | given | bare | known | relay | honorific
    entity: str = ""  # the recogniser's label of its name (PER, ORG …) where the name is an entity
    entity_score: float = 0.0


@dataclass(slots=True)
class Entity:
    """A named entity found by the recogniser: ``هاني الفضيلي`` PER, ``الواحة للأسمنت`` ORG.

    The span starts after a conjunction or preposition glued to the first word
    (``لأوكرانيا`` → ``أوكرانيا``) and keeps the article (``الناتو``)."""

    start: int
    end: int
    text: str
    label: str  # PER | ORG | GPE | LOC | GRP
    score: float  # mean probability of its words' tags (0..1)
    first: int = -1  # index of its first and last word in the article's words (normalize.Words)
    last: int = -1
    source: str = "model"  # model: the recogniser; rules: a person the speaker stage read by structure


@dataclass(slots=True)
class About:
    entity_id: str
    name: str  # Latin for registry and gazetteer entries, else the Arabic name (the CSV's about)
    kind: str
    start: int
    end: int
    text: str  # as written in the quote, glued clitics left out (للوحدة → الوحدة)
    ar: str = ""  # the Arabic name: canonical for listed entries, the article's fullest otherwise
    latin: str = ""  # the registry's or gazetteer's Latin name; "" when a label must be transliterated


@dataclass(slots=True)
class Quote:
    """One attribution relation.  Speaker fields are filled by the resolver."""

    start: int
    end: int
    text: str
    type: str  # direct | indirect | mixed
    cue: Cue | None = None
    id: str = ""
    sentence_start: int = -1
    sentence_end: int = -1
    marks: list = field(default_factory=list)  # QuotedSpans inside / making the quote
    speaker: str = ""
    speaker_text: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    speaker_role: str = ""
    speaker_kind: str = ""
    speaker_id: str = ""
    speaker_latin: str = ""
    speaker_entity: str = ""  # the entity recogniser's label of the speaker's name (PER, ORG …), "" if none
    resolution: str = ""
    confidence: float = 0.0
    channel: str = ""
    backend: str = "rules"
    about: list = field(default_factory=list)  # list[About]
    entities: list = field(default_factory=list)  # list[Entity]: what the recogniser found in the content

    def to_dict(self) -> dict:
        d = asdict(self)
        d["cue"] = asdict(self.cue) if self.cue else None
        return d


@dataclass(slots=True)
class DocWarning:
    code: str
    message: str
    offset: int
