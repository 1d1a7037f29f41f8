"""Running the pipeline over articles, streaming: Docs are dropped as soon as their records are out.

``run`` is the one-process loop every engine ends in: the parallel engines
(``corpus.py``, ``dask_engine.py``) call ``extract_texts`` in their workers
and rebuild :class:`Result` records in the parent with ``result_from``, so
the article text travels to a worker but never back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .articles import Article
from .records import DocWarning, Quote

BATCH_SIZE = 32


@dataclass(slots=True)
class Result:
    article: Article
    quotes: list[Quote]
    warnings: list[DocWarning] = field(default_factory=list)
    rejected: list = field(default_factory=list)
    mentions: list = field(default_factory=list)


# What a worker sends back per article: (quotes, warnings, rejected, mentions).
Payload = tuple


def payload_of(doc) -> Payload:
    """The records of one Doc, detached from it (the Doc can be freed at once)."""
    return (list(doc._.quotes or []), list(doc._.qt_warnings or []),
            list(doc._.qt_rejected or []), list(doc._.qt_mentions or []))


def result_from(article: Article, payload: Payload) -> Result:
    return Result(article, *payload)


def extract_texts(nlp, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> list[Payload]:
    """Payloads for ``texts``, in order (used by workers: plain strings in, records out)."""
    return [payload_of(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


def run(nlp, articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield result_from(article, payload_of(doc))
