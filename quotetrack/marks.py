"""Stage 1: pair quotation marks into quoted spans (component ``quotetrack_marks``).

Every quoted span is recorded here — quotations, titles, scare quotes alike;
telling them apart is the resolver's job.  Real Arabic text mis-types marks,
so a mark's role is read from the text around it before its glyph:

* glued to the next word, it opens; glued to the previous word, it closes
  (``” لن يردع الدعم لكييف”``: the first ” stands alone and nothing is open,
  so it opens; the second closes);
* ``ب"الغريب"`` — a one-letter proclitic (ب ل و ف ك) before a mark still lets
  it open;
* a straight ``"`` glued after a word ending in alef (``رسميا"``, ``قائلا"``)
  with nothing open is a mistyped tanween (ً shares its key), not a mark.

Unbalanced marks never crash and never swallow the article (documented in
README, "Unbalanced quotation marks"):

* an opening mark left open at the end of its paragraph runs on into the next
  paragraphs only when the next mark of its family closes within
  ``MAX_PARAGRAPHS`` paragraphs; otherwise the span is closed at the end of
  its paragraph;
* a closing mark with nothing open (``... لصناعتها الدفاعية.”``) opens at the
  start of its sentence (at most ``MAX_LOOKBACK`` characters back);
each repair is a warning on the Doc.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .analyser import Tables
from .errors import Warnings
from .normalize import text_of
from .records import DocWarning, QuotedSpan
from .ruleset import Ruleset

MAX_PARAGRAPHS = 3  # how far an open quotation may run across paragraph breaks
MAX_LOOKBACK = 2000
MAX_OPEN = 8  # quotations open at once; real text nests two or three  # how far back a stray closing mark looks for its sentence start
_BOUNDARY = set(" \t\r\n\u00a0.,،؛;:!?؟()[]{}<>-–—…/|*")
_DASHES = "-–—"
_SENT_END = re.compile(r"[.!?؟…](?=[\s\"”“»’]|$)|\n")


class MarkPairer:
    """Pairs the quotation marks of a text.  Rules: ``quote_marks.yaml``."""

    def __init__(self, rules: Ruleset):
        self.mark = {e["char"]: (e["family"], e["role"]) for e in rules["quote_marks.yaml"]["marks"]}
        # a one-letter conjunction or preposition glued to an opening mark: ب"الغريب"، و«…
        tables = Tables.from_rules(rules)
        self.proclitics = {c for c in tables.conjunctions + tables.prepositions if len(c) == 1}
        self.pattern = re.compile("[" + re.escape("".join(self.mark)) + "]")

    def _flanks(self, text: str, i: int) -> tuple[bool, bool]:
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        prev_b = prev in _BOUNDARY or prev in self.mark
        next_b = nxt in _BOUNDARY or nxt in self.mark
        if next_b and (nxt in _DASHES or (prev == ":" and nxt in " \t\u00a0")):
            # the quotation opens on a dash (قال: "-نحن …"، "- نحن …") or after a colon glued to
            # the mark (مضيفا:" عندما …، عكاظ :" إن …): the word after the dash or space is its first
            j = i + 1
            while j < len(text) and (text[j] in _DASHES or text[j] in " \t\u00a0"):
                j += 1
            next_b = not (j < len(text) and text[j].isalnum())
        glued_clitic = prev in self.proclitics and (i < 2 or text[i - 2] in _BOUNDARY)
        can_open = not next_b and (prev_b or glued_clitic)
        can_close = not prev_b or (prev in ".!?؟…" and next_b)
        if (not prev_b and not next_b and not glued_clitic) or (prev.isspace() and nxt.isspace()):
            # glued on both sides, or free-standing (” لن يردع): let the state decide
            can_open = can_close = True
        return can_open, can_close

    def find(self, text: str) -> tuple[list[QuotedSpan], list[DocWarning]]:
        marks = [(m.start(), m.group()) for m in self.pattern.finditer(text)]
        spans: list[QuotedSpan] = []
        warnings: list[DocWarning] = []
        if not marks:
            return spans, warnings
        # next mark of each family, to decide whether an open quote crosses a paragraph
        next_of_family: list[int] = [-1] * len(marks)
        last: dict[str, int] = {}
        for k in range(len(marks) - 1, -1, -1):
            fam = self.mark[marks[k][1]][0]
            next_of_family[k] = last.get(fam, -1)
            last[fam] = k
        stack: list[tuple[int, str, int]] = []  # (mark index, char, position)
        floor = 0  # no repaired span may start before the end of the last closed one

        def close_open_at_paragraph(upto: int) -> None:
            """Close spans still open when a paragraph ends at ``upto`` (newline position)."""
            nonlocal floor
            keep = []
            for k, ch, pos in stack:
                nxt = next_of_family[k]
                if nxt != -1:
                    npos = marks[nxt][0]
                    paras = text.count("\n", pos, npos) if npos - pos < 20000 else MAX_PARAGRAPHS + 1
                    can_open, can_close = self._flanks(text, npos)
                    if paras <= MAX_PARAGRAPHS and can_close and not (can_open and not can_close):
                        keep.append((k, ch, pos))
                        continue
                end = upto
                while end > pos + 1 and text[end - 1].isspace():
                    end -= 1
                spans.append(QuotedSpan.make(text, pos, end, ch, "", 0, "closed_at_paragraph_end"))
                warnings.append(DocWarning("QT102", Warnings.W002.format(
                    offset=pos, end=end, resolution="closed at the end of its paragraph"), pos))
                floor = max(floor, end)
            stack[:] = keep

        para_breaks = [m.start() for m in re.finditer("\n", text)] if "\n" in text else []
        pb = 0
        for k, (pos, ch) in enumerate(marks):
            while pb < len(para_breaks) and para_breaks[pb] < pos:
                if stack:
                    close_open_at_paragraph(para_breaks[pb])
                pb += 1
            fam, role = self.mark[ch]
            can_open, can_close = self._flanks(text, pos)
            if role == "open":
                can_open, can_close = True, False
            elif role == "close" and not can_open:
                can_close = True
            # apostrophe inside a Latin word (Daniels’s, don't)
            if fam in ("single", "straight") and 0 < pos < len(text) - 1 and text[pos - 1].isascii() \
                    and text[pos - 1].isalpha() and text[pos + 1].isascii() and text[pos + 1].isalpha():
                continue
            open_idx = next((j for j in range(len(stack) - 1, -1, -1) if self.mark[stack[j][1]][0] == fam), -1)
            if open_idx >= 0 and can_close:
                # spans opened after the one we close are left unclosed: close them here
                for _k, ich, ipos in stack[open_idx + 1:]:
                    spans.append(QuotedSpan.make(text, ipos, pos, ich, "", 0, "closed_with_outer_quote"))
                    warnings.append(DocWarning("QT102", Warnings.W002.format(
                        offset=ipos, end=pos, resolution="closed with the enclosing quotation"), ipos))
                _k, och, opos = stack[open_idx]
                del stack[open_idx:]
                spans.append(QuotedSpan.make(text, opos, pos + 1, och, ch))
                if not stack:
                    floor = pos + 1
                continue
            if can_open and (role != "close" or not can_close):
                if len(stack) >= MAX_OPEN:
                    # more open quotations than any text nests: the oldest is closed here, which
                    # keeps the pairing linear on pathological input («««««« …)
                    _k, och, opos = stack.pop(0)
                    spans.append(QuotedSpan.make(text, opos, pos, och, "", 0, "closed_at_depth_limit"))
                    warnings.append(DocWarning("QT102", Warnings.W002.format(
                        offset=opos, end=pos, resolution=f"closed: more than {MAX_OPEN} quotations open"), opos))
                stack.append((k, ch, pos))
                continue
            # a closing mark with nothing to close
            if fam == "straight" and pos > 0 and text[pos - 1] in "اًٌٍ":
                warnings.append(DocWarning("QT101", Warnings.W001.format(
                    mark=ch, offset=pos, resolution="read as a mistyped tanween after alef, not a quotation mark"), pos))
                continue
            start = _sentence_start(text, pos, max(floor, pos - MAX_LOOKBACK))
            spans.append(QuotedSpan.make(text, start, pos + 1, "", ch, 0, "opened_at_sentence_start"))
            warnings.append(DocWarning("QT103", Warnings.W003.format(
                mark=ch, offset=pos, start=start, resolution="opened at the start of its sentence"), pos))
            floor = max(floor, pos + 1)
        if stack:
            close_open_at_paragraph(len(text))
            if stack:  # next mark of the family lies past the text end: cannot happen, but never lose a span
                for _k, ch, pos in stack:
                    spans.append(QuotedSpan.make(text, pos, len(text), ch, "", 0, "closed_at_paragraph_end"))
        spans.sort(key=lambda s: (s.outer_start, -s.outer_end))
        _set_depths(spans)
        return spans, warnings


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding ``pos``, skipping the full stop right before a mark."""
    end = pos
    while end > floor and text[end - 1] in ".!?؟… ":
        end -= 1
    start = floor
    for m in _SENT_END.finditer(text, floor, end):
        start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    return start


def _set_depths(spans: list[QuotedSpan]) -> None:
    open_ends: list[int] = []
    for s in spans:
        while open_ends and open_ends[-1] <= s.outer_start:
            open_ends.pop()
        s.depth = len(open_ends)
        open_ends.append(s.outer_end)


@Language.factory("quotetrack_marks", assigns=["doc._.qt_marks", "doc._.qt_warnings", "doc.spans"],
                  default_config={"rules": None, "spans_key": "qt_marks"})
def make_marks(nlp: Language, name: str, rules: str | None, spans_key: str):
    """Pair quotation marks into ``doc._.qt_marks`` and ``doc.spans[spans_key]``."""
    return MarksComponent(Ruleset.load(rules), spans_key)


class MarksComponent:
    def __init__(self, rules: Ruleset, spans_key: str = "qt_marks"):
        self.pairer = MarkPairer(rules)
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from .extensions import char_spans

        spans, warnings = self.pairer.find(text_of(doc))
        doc._.qt_marks = spans
        doc._.qt_warnings = list(doc._.qt_warnings or []) + warnings
        doc.spans[self.spans_key] = char_spans(doc, [(s.start, s.end) for s in spans], "QUOTED")
        return doc
