"""Reading a dependency parse as evidence, in character offsets.

The quotetrack stages work on character offsets and surface rules; a parse
(the udpipe backend) is extra evidence they may consult.  Every function here
takes and returns character offsets into ``doc.text`` — never token indices,
which differ between tokenizers (UDPipe splits و+قال, may glue a mark to a
word) — and returns None when the Doc has no parse (the rules backend) or the
parse has no answer.  None means "no evidence", so a caller falls back to its
rule sieve.

These functions report what the parse says, right or wrong: the weak test
model tags أكدت as a masculine noun and hangs ``دول الناتو`` on it as ``nmod``.
Whether surface evidence (the verb's suffix, a known name after the cue)
overrides the parse is the resolver's decision, not this module's.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# dependents that stay inside a subject noun phrase (UD v2): the name after a role
# (flat, appos), its modifiers and the genitive complement (المتحدث باسم الناتو)
NP_DEPS = {"flat", "flat:name", "flat:foreign", "appos", "amod", "nmod", "nmod:poss", "det", "compound",
           "nummod", "case", "conj", "cc"}
SUBJECT_DEPS = ("nsubj", "nsubj:pass")
COMPLEMENT_DEPS = ("ccomp",)
EDGE_SKIP = {"punct", "cc", "case", "mark"}  # not at the edges of a span we return
_GENDER = {"Masc": "m", "Fem": "f"}
_NUMBER = {"Sing": "s", "Dual": "d", "Plur": "p"}


def has_parse(doc: Doc) -> bool:
    """True when the Doc carries dependencies (udpipe backend), False for the rules backend."""
    return bool(len(doc)) and doc.has_annotation("DEP")


def span_at(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering chars [start, end), widened to whole tokens; None outside the text."""
    if end <= start or start < 0 or end > len(doc.text):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def head_token(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens at chars [start, end): the verb of وقال, not و."""
    if not has_parse(doc):
        return None
    span = span_at(doc, start, end)
    if span is None:
        return None
    words = [t for t in span if not t.is_space and t.dep_ not in EDGE_SKIP]
    if not words:
        return None
    inside = {t.i for t in words}
    # the word whose head lies outside the span (or is itself); first one wins on ties
    for t in words:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return words[0]


def _extent(tok: Token, allowed: set[str] | None) -> tuple[int, int]:
    """Char extent of ``tok`` with its dependents (only ``allowed`` relations when given), edges trimmed."""
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.is_space or (allowed is not None and c.dep_ not in allowed):
                continue
            keep.append(c)
            stack.append(c)
    keep.sort(key=lambda t: t.i)
    # a phrase is contiguous: stop at the first gap on either side of the head
    lo = hi = keep.index(tok)
    while lo > 0 and not _gap(keep[lo - 1], keep[lo]):
        lo -= 1
    while hi < len(keep) - 1 and not _gap(keep[hi], keep[hi + 1]):
        hi += 1
    keep = keep[lo:hi + 1]
    while len(keep) > 1 and keep[0].dep_ in EDGE_SKIP and keep[0] is not tok:
        keep.pop(0)
    while len(keep) > 1 and keep[-1].dep_ in EDGE_SKIP and keep[-1] is not tok:
        keep.pop()
    return keep[0].idx, keep[-1].idx + len(keep[-1].text)


def _gap(a: Token, b: Token) -> bool:
    """True when tokens a < b are not neighbours (only whitespace tokens may lie between them)."""
    doc = a.doc
    return any(not doc[k].is_space for k in range(a.i + 1, b.i))


def subject_token(doc: Doc, cue_start: int, cue_end: int) -> Token | None:
    """The parse's subject (nsubj) of the cue at chars [cue_start, cue_end), or None."""
    verb = head_token(doc, cue_start, cue_end)
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    return None


def subject_span(doc: Doc, cue_start: int, cue_end: int) -> tuple[int, int] | None:
    """Chars of the cue's subject noun phrase per the parse: nsubj with its flat/appos/nmod… dependents.

    ``وقال المتحدث باسم الناتو فرح دخل الله`` → the span of ``المتحدث باسم الناتو فرح دخل الله``
    when the parse is right.  None without a parse or without an nsubj.
    """
    subj = subject_token(doc, cue_start, cue_end)
    if subj is None:
        return None
    return _extent(subj, NP_DEPS)


def morph_agreement(doc: Doc, start: int, end: int) -> tuple[str, str] | None:
    """(gender, number) of the head word at chars [start, end) in quotetrack's codes.

    gender "m" | "f" | "", number "s" | "d" | "p" | "" (as on ``Cue`` and
    ``Mention``).  None without a parse or when the tagger gave neither.
    """
    tok = head_token(doc, start, end)
    if tok is None:
        return None
    gender = _GENDER.get(",".join(tok.morph.get("Gender")), "")
    number = _NUMBER.get(",".join(tok.morph.get("Number")), "")
    if not gender and not number:
        return None
    return gender, number


def lemma_at(doc: Doc, start: int, end: int) -> str | None:
    """The parse's lemma of the head word at chars [start, end) (for cue matching), or None."""
    tok = head_token(doc, start, end)
    if tok is None or not tok.lemma_:
        return None
    return tok.lemma_


def ccomp_extent(doc: Doc, cue_start: int, cue_end: int) -> tuple[int, int] | None:
    """Chars of the cue's clausal complement (ccomp) per the parse: the reported content.

    The whole subtree of the ccomp head, without the complementiser (إن/أن is
    ``mark``) and trailing punctuation.  None without a parse or a ccomp.
    """
    verb = head_token(doc, cue_start, cue_end)
    if verb is None:
        return None
    comp = next((c for c in verb.children if c.dep_ in COMPLEMENT_DEPS), None)
    if comp is None:
        return None
    toks = [t for t in comp.subtree if not t.is_space]
    while len(toks) > 1 and toks[0].dep_ in EDGE_SKIP:
        toks.pop(0)
    while len(toks) > 1 and toks[-1].dep_ in EDGE_SKIP:
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def evidence(doc: Doc, cue_start: int, cue_end: int) -> dict | None:
    """Everything the parse says about one cue, for reports and debugging; None without a parse."""
    verb = head_token(doc, cue_start, cue_end)
    if verb is None:
        return None
    subj = subject_span(doc, cue_start, cue_end)
    comp = ccomp_extent(doc, cue_start, cue_end)
    return {
        "cue_token": verb.text, "cue_pos": verb.pos_, "cue_dep": verb.dep_, "lemma": verb.lemma_,
        "agreement": morph_agreement(doc, cue_start, cue_end),
        "subject": subj, "subject_text": doc.text[subj[0]:subj[1]] if subj else None,
        "ccomp": comp,
    }
