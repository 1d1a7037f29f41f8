"""Every Doc extension quotetrack uses, declared in one place.

Results live on the Doc: ``doc._.quotes`` (the product), the intermediate
records of each stage (``qt_marks``, ``qt_cues``, ``qt_mentions`` …) and the
same as spaCy spans in ``doc.spans`` for displaCy and users' own code.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import repeat

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from .normalize import text_of

EXTENSIONS = {
    "quotes": "list[Quote]: the quotations of the article, in text order",
    "qt_marks": "list[QuotedSpan]: every span between quotation marks",
    "qt_warnings": "list[DocWarning]: unbalanced marks and other repairs",
    "qt_sentences": "list[(start, end)]: sentences, never cut inside a quotation",
    "qt_paragraphs": "list[Paragraph]: paragraphs with heading flags",
    "qt_cues": "list[Cue]: speech verbs, participles, attribution phrases, colons",
    "qt_entities": "list[Entity]: people, organisations, places and groups found by the entity recogniser",
    "qt_mentions": "list[Mention]: possible speakers",
    "qt_rejected": "list[(Quote, reason)]: candidates the resolver set aside (titles, scare quotes)",
    "qt_backend": "str: which backend made the Doc (rules | udpipe)",
}


def register() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def require(doc: Doc, name: str, component: str, producer: str):
    """``doc._.<name>``, or the coded error QT022 when the stage that makes it has not run."""
    value = getattr(doc._, name)
    if value is None:
        from .errors import Errors, PipelineError

        raise PipelineError(Errors.E022.format(name=component, needs=producer))
    return value


def char_spans(doc: Doc, offsets, label) -> list[Span]:
    """spaCy spans for char offsets, expanded to whole tokens (other tokenizers may glue marks);
    ``label``: one for all spans, or a list of one per offset.

    The spans ``doc.char_span(start, end, alignment_mode="expand")`` gives, found by bisection
    over the tokens' offsets (read once per Doc) instead of a ``char_span`` call per span: the
    stages make hundreds of spans an article, and each call built several Token objects."""
    starts, ends, limit = token_offsets(doc)
    out = []
    for (start, end), name in zip(offsets, repeat(label) if isinstance(label, str) else label):
        if end <= start or start < 0 or end > limit:
            continue  # char_span: no token holds the offset
        # a Doc's tokens (each with its trailing space) tile its text: the token holding an
        # offset is the last one starting at or before it
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1)  # exclusive
        if start == ends[first]:
            first += 1  # the start is in the trailing space of a token: not that token's
        if first < last:
            out.append(Span(doc, first, last, label=name))
    return out


def token_offsets(doc: Doc) -> tuple[list[int], list[int], int]:
    """The tokens' start and end offsets and the text's length, kept on the Doc (``qt_tokens``,
    dropped by the last stage with the other per-document caches); read again if the Doc was
    retokenised since."""
    cached = doc.user_data.get("qt_tokens")
    if cached is None or len(cached[0]) != len(doc):
        rows = doc.to_array([IDX, LENGTH])
        cached = doc.user_data["qt_tokens"] = (rows[:, 0].tolist(), (rows[:, 0] + rows[:, 1]).tolist(),
                                               len(text_of(doc)))
    return cached


register()
