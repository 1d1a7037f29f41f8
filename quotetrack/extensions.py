"""Every Doc extension quotetrack uses, declared in one place.

Results live on the Doc: ``doc._.quotes`` (the product), the intermediate
records of each stage (``qt_marks``, ``qt_cues``, ``qt_mentions`` …) and the
same as spaCy spans in ``doc.spans`` for displaCy and users' own code.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

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


def char_spans(doc: Doc, offsets, label: str) -> list[Span]:
    """spaCy spans for char offsets, expanded to whole tokens (other tokenizers may glue marks)."""
    out = []
    for start, end in offsets:
        if end <= start:
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            out.append(span)
    return out


register()
