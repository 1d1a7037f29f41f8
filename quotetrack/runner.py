"""Running the pipeline over articles, streaming: Docs are dropped as soon as their records are out."""
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


def run(nlp, articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield Result(article, list(doc._.quotes or []), list(doc._.qt_warnings or []),
                     list(doc._.qt_rejected or []), list(doc._.qt_mentions or []))
