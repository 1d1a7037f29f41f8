"""Running the pipeline over articles, streaming: Docs are dropped as soon as their records are out.

``run`` is the plain one-process loop (the Python API).  The corpus engines
run ``work.run_items`` on chunks instead (reading, splitting giant articles,
isolating failures) and send records across processes packed
(:func:`pack` / :func:`unpack`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable, Iterator

from ..inputs.articles import Article, analysed_text
from ..records import About, Cue, DocWarning, Entity, Mention, Quote, QuotedSpan

BATCH_SIZE = 32


@dataclass(slots=True)
class Result:
    article: Article
    quotes: list[Quote]
    warnings: list[DocWarning] = field(default_factory=list)
    rejected: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    rows: list | None = None  # table rows prepared by a corpus worker (work.py, shape "csv"/"jsonl")

    @property
    def quote_count(self) -> int:
        return len(self.rows) if self.rows is not None else len(self.quotes)


class Failed:
    """Stands for an input that failed (recorded in the failures) in a stream of results."""

    __slots__ = ("article",)

    def __init__(self, article):
        self.article = article


# What a worker sends back per article: (quotes, warnings, rejected, mentions).
Payload = tuple


def payload_of(doc) -> Payload:
    """The records of one Doc, detached from it (the Doc can be freed at once)."""
    return (list(doc._.quotes or []), list(doc._.qt_warnings or []),
            list(doc._.qt_rejected or []), list(doc._.qt_mentions or []))


# Records cross process boundaries as tuples: pickling slotted dataclasses
# goes through copyreg one object at a time and costs about twice as much as
# packing them into tuples here and rebuilding them on the other side.
def _getter(cls):
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields):
        return None, []
    names = [f.name for f in fields]
    return attrgetter(*names), names


_QUOTE, _QUOTE_NAMES = _getter(Quote)
_CUE, _ = _getter(Cue)
_SPAN, _ = _getter(QuotedSpan)
_ABOUT, _ = _getter(About)
_ENTITY, _ = _getter(Entity)
_MENTION, _ = _getter(Mention)
_WARNING, _ = _getter(DocWarning)
_PACKABLE = all((_QUOTE, _CUE, _SPAN, _ABOUT, _ENTITY, _MENTION, _WARNING)) and \
    {"cue", "marks", "about", "entities"} <= set(_QUOTE_NAMES)
if _PACKABLE:
    _CUE_AT, _MARKS_AT, _ABOUT_AT, _ENTITIES_AT = (_QUOTE_NAMES.index(n) for n in ("cue", "marks", "about", "entities"))


def _pack_quote(q: Quote):
    if type(q) is not Quote:
        return q
    t = list(_QUOTE(q))
    if type(t[_CUE_AT]) is Cue:
        t[_CUE_AT] = _CUE(t[_CUE_AT])
    t[_MARKS_AT] = [_SPAN(m) if type(m) is QuotedSpan else m for m in t[_MARKS_AT]]
    t[_ABOUT_AT] = [_ABOUT(a) if type(a) is About else a for a in t[_ABOUT_AT]]
    t[_ENTITIES_AT] = [_ENTITY(e) if type(e) is Entity else e for e in t[_ENTITIES_AT]]
    return t  # a list: a Quote packed, told apart from anything else on unpacking


def _unpack_quote(t) -> Quote:
    if type(t) is not list:
        return t
    if type(t[_CUE_AT]) is tuple:
        t[_CUE_AT] = Cue(*t[_CUE_AT])
    t[_MARKS_AT] = [QuotedSpan(*m) if type(m) is tuple else m for m in t[_MARKS_AT]]
    t[_ABOUT_AT] = [About(*a) if type(a) is tuple else a for a in t[_ABOUT_AT]]
    t[_ENTITIES_AT] = [Entity(*e) if type(e) is tuple else e for e in t[_ENTITIES_AT]]
    return Quote(*t)


def pack(payload: Payload):
    """A payload as nested tuples and lists (``unpack`` gives it back, equal)."""
    if not _PACKABLE:
        return payload
    quotes, warnings, rejected, mentions = payload
    return ("packed", [_pack_quote(q) for q in quotes],
            [_WARNING(w) if type(w) is DocWarning else w for w in warnings],
            [(_pack_quote(q), reason) for q, reason in rejected],
            [_MENTION(m) if type(m) is Mention else m for m in mentions])


def unpack(packed) -> Payload:
    if not packed or packed[0] != "packed":
        return packed
    _, quotes, warnings, rejected, mentions = packed
    return ([_unpack_quote(q) for q in quotes], [DocWarning(*w) if type(w) is tuple else w for w in warnings],
            [(_unpack_quote(q), reason) for q, reason in rejected],
            [Mention(*m) if type(m) is tuple else m for m in mentions])


def run(nlp, articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order (none for text without Arabic letters)."""
    pairs = ((analysed_text(a.text), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield Result(article, *payload_of(doc))
