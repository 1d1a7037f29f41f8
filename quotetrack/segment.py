"""Stage 2: sentences and paragraphs (component ``quotetrack_sentences``).

A sentence never ends inside a quotation: the seed's last quote
(``وأشار إلى أن “جميعهم ... روسيا ... الحرب. وأدان الحلفاء ... بقوة”.``)
holds a full stop and stays one sentence.  A full stop right before a closing
mark (``الدفاعية.”``) ends the sentence after the mark.

Paragraphs are lines.  A short line with no final punctuation is a section
heading (``أوكرانيا تغادر مجددا الاجتماع``): the resolver does not carry a
speaker across a heading.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .normalize import text_of
from .records import QuotedSpan

# a stop before a space or the end; or a stop glued between two Arabic words, as scraped news
# often has it (تصدى لها الحارس أحمد الفهمي.من جهته أثنى …): the word before it is long, so it
# is no abbreviation (أ.د.، أيه.إم.سي. have short letter groups)
_BOUNDARY = re.compile(r"[.!?؟…]+[\"”“»’›]*(?=\s|$)|\n|(?<=[\u0621-\u064a]{5})[.!؟](?=[\u0621-\u064a])")
HEADING_MAX_WORDS = 12


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    heading: bool = False


def paragraphs(text: str) -> list[Paragraph]:
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        body = text[start:end]
        words = len(body.split())
        heading = words <= HEADING_MAX_WORDS and body[-1] not in ".!?؟…:\"”»،" and "«" not in body
        out.append(Paragraph(start, end, heading))
    if out:  # a title line may be long; it still has no final punctuation
        first = text[out[0].start:out[0].end]
        out[0].heading = out[0].heading or (len(first.split()) <= 30 and first[-1] not in ".!?؟…:\"”»،")
    return out


def sentences(text: str, marks: list[QuotedSpan]) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets, whitespace trimmed, never cut inside a quoted span."""
    outer = sorted((s.outer_start, s.outer_end) for s in marks if s.depth == 0)
    out = []
    start = 0
    k = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
        if m.group() == "." and _abbreviation_before(text, m.start()):
            continue
        while k < len(outer) and outer[k][1] <= m.start():
            k += 1
        if k < len(outer) and outer[k][0] < m.start() and m.end() < outer[k][1]:
            continue  # inside a quotation (a stop right before the closing mark ends after it)
        _append(text, start, cut, out)
        start = cut
    _append(text, start, len(text), out)
    return out


def _abbreviation_before(text: str, dot: int) -> bool:
    """Does the full stop at ``dot`` close an abbreviation?  A word of short letter groups with
    inner dots (``أيه.إم.سي.``، ``أ.د.``، ``U.S.``) or a lone letter (``د.`` = الدكتور، ``م.`` =
    المهندس): ``وقال د. سامي إن …`` is one sentence."""
    word = text[max(0, text.rfind(" ", 0, dot) + 1, text.rfind("\n", 0, dot) + 1):dot]
    return (len(word) == 1 and word.isalpha()) or (
        "." in word and all(0 < len(part) <= 4 and part.isalpha() for part in word.split(".")))


def _append(text: str, start: int, end: int, out: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


@Language.factory("quotetrack_sentences", assigns=["token.is_sent_start", "doc._.qt_sentences",
                                                   "doc._.qt_paragraphs"],
                  requires=["doc._.qt_marks"], default_config={"set_sent_starts": True})
def make_sentences(nlp: Language, name: str, set_sent_starts: bool):
    """Split sentences and paragraphs without cutting a quotation."""
    return SentencesComponent(set_sent_starts)


class SentencesComponent:
    def __init__(self, set_sent_starts: bool = True):
        self.set_sent_starts = set_sent_starts

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        from .extensions import require, token_offsets

        sents = sentences(text, require(doc, "qt_marks", "quotetrack_sentences", "quotetrack_marks"))
        doc._.qt_sentences = sents
        doc._.qt_paragraphs = paragraphs(text)
        if self.set_sent_starts and len(doc):
            # one array write: setting token.is_sent_start one by one makes spaCy check the
            # whole Doc's annotation each time (quadratic on long articles)
            starts = token_offsets(doc)[0]
            flags = numpy.full((len(doc), 1), -1, dtype="int32").astype("uint64")
            flags[0, 0] = 1
            for s, _ in sents[1:]:
                # a sentence may start inside a token glued by another tokenizer: mark that token
                t = bisect_right(starts, s) - 1
                if t > 0:
                    flags[t, 0] = 1
            doc.from_array([SENT_START], flags)
        return doc
