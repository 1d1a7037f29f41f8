"""Stage 4: quote candidates from marks and cues (component ``quotetrack_quotes``).

Three types, as in the annotation guideline:

* **direct** — the content is the text inside the marks: ``قال X: «...»``,
  ``إن “...”``, ``«...»، قال الوزير``;
* **indirect** — cue + إن/أن clause or colon, up to the end of the sentence
  (``قال X إن ...``); after a colon with no marks, up to the end of the
  paragraph (the speech of ``وتابع: ...`` runs on);
* **mixed** — an indirect clause holding quoted fragments
  (``أن روسيا تشرع في “توسيع خطير” للحرب``).

The speaker fields stay empty here; the resolver fills them and sets aside
candidates that are not quotations (titles, scare quotes).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from .normalize import text_of
from .records import Cue, Quote, QuotedSpan

_TRAIL = " \t\n.،,؛;:-–—"
_LIGHT = re.compile(r"^[\s،,:؛\-–—]*$")
_AFTER_SPAN_DIRECT = re.compile(r"^\s*([.،,؛;!?؟…\-–—]|$)")  # a dash too: «…»- ثم غادر
ATTACH_AFTER_CHARS = 4  # «…»، قال — at most a comma and spaces between a quote and a cue after it
NAME_WORDS = 3  # a quoted name or term: شركة "جيستيفوت"، التي … / بين "الدون" والفتاة
_SPEECH_OPENING = re.compile(r"[-–—\s]*[وب]?[أإ]ن")  # «إن الوضع مستقر» في بيان: speech, not a name
CONNECTOR_WORDS = 4  # أن "…"، ما يستدعي "…": words between two fragments of one mixed quote
# the source of بحسب/وفق/طبقا/استنادا/نقلا عن may run long; فإن opens the content after it
# (وبحسب X الرئيس التنفيذي لشركة Y فإن …), with its pronoun like قال إنه (فإنه لا توجد …)
_FA_INNA = re.compile(r"(?:^|\s)ف[إا]ن(?:ه|ها|هم|هما|هن|نا)?(?=\s)")
_COMMA = re.compile(r"[،,]")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


def _new_attribution(text: str, begin: int, cut: int) -> bool:
    """Does the speech verb at ``cut`` open a new attribution that ends the content begun at
    ``begin``?  After a comma (…، بينما قال الوزير إن) or with a conjunction (…، وأشاروا إلى أن)."""
    return bool(re.search(r"[،,]\s*(\S+\s+){0,2}$", text[begin:cut])) or text[cut] in "وف"


class CandidateBuilder:
    def build(self, text: str, marks: list[QuotedSpan], sentences: list[tuple[int, int]],
              paragraphs: list, cues: list[Cue]) -> list[Quote]:
        sent_starts = [s for s, _ in sentences]
        para_ends = [p.end for p in paragraphs]
        outer = [self._cut_at_attribution(text, m, cues) for m in marks if m.depth == 0 and m.end > m.start]
        outer_starts = [m.outer_start for m in outer]
        strays = [m for m in marks if m.repair == "opened_at_sentence_start"]
        used: set[int] = set()  # indexes into `outer` taken as direct content or inside an indirect one
        quotes: list[Quote] = []
        # first-person cues (نؤكد، سنرى) are found but report nothing: they are a speaker's
        # own words inside a larger quotation, or the writer's
        cues = [c for c in cues if c.person != "1"]
        verb_cues = [c for c in cues if c.kind in ("verb", "participle") and c.complement_end != -1]
        cue_starts = [c.start for c in verb_cues]
        all_starts = sorted(c.start for c in cues)

        def cue_right_after(pos: int) -> bool:
            """Does a cue follow ``pos`` with at most spaces and punctuation between (قال «نعم» وأضاف)?"""
            a = bisect_left(all_starts, pos)
            return a < len(all_starts) and _LIGHT.match(text[pos:all_starts[a]]) is not None

        def sentence_of(pos: int) -> tuple[int, int]:
            k = bisect_right(sent_starts, pos) - 1
            return sentences[k] if k >= 0 else (0, len(text))

        def spans_within(start: int, end: int) -> list[int]:
            """Indexes of the quoted spans inside [start, end] (spans are in text order)."""
            k = bisect_left(outer_starts, start)
            out = []
            while k < len(outer) and outer_starts[k] <= end:
                if outer[k].outer_end <= end + 1:
                    out.append(k)
                k += 1
            return out

        def span_around(pos: int) -> bool:
            k = bisect_right(outer_starts, pos) - 1
            return any(outer[j].outer_start <= pos < outer[j].outer_end for j in range(max(0, k - 2), k + 1))

        def span_starting_at(pos: int) -> int:
            k = bisect_left(outer_starts, pos)
            while k < len(outer) and outer_starts[k] <= pos + 2:
                if text[pos:outer_starts[k]].strip() == "":
                    return k
                k += 1
            return -1

        # (A) verbs and participles with a complement
        for c in verb_cues:
            s_start, s_end = sentence_of(c.start)
            begin = c.complement_end
            while begin < len(text) and text[begin] in " \t":
                begin += 1
            k = span_starting_at(begin)
            if k != -1 and k not in used:
                span = outer[k]
                rest = text[span.outer_end:max(span.outer_end, s_end)]
                if (_AFTER_SPAN_DIRECT.match(rest) or span.outer_end >= s_end or cue_right_after(span.outer_end)) \
                        and not self._fragment_follows(text, outer, k, s_end, all_starts):
                    used.add(k)
                    quotes.append(self._quote(text, span.start, span.end, "direct", c, (s_start, max(s_end, span.outer_end)), [span]))
                    continue
            colon = text[c.complement_end - 1] == ":"
            if colon and k == -1:
                # unmarked speech after a colon runs to the end of the paragraph
                p = bisect_left(para_ends, begin)
                end = para_ends[p] if p < len(para_ends) else len(text)
            else:
                end = max(s_end, begin)
                # a coordinated speech verb with its own complement ends this content:
                # أن الحلفاء أكدوا ...، وأشاروا إلى أن ...
                nxt = bisect_right(cue_starts, begin)
                if nxt < len(verb_cues) and verb_cues[nxt].start < end:
                    cut = verb_cues[nxt].start
                    if _new_attribution(text, begin, cut):
                        end = cut
                end = self._extend_over_stray_close(text, end, strays, para_ends)
            start, end = _trim(text, begin, end)
            if end - start < 2:
                continue
            inside = spans_within(start, end)
            used.update(inside)
            qtype = "mixed" if inside else "indirect"
            quotes.append(self._quote(text, start, end, qtype, c, sentence_of(c.start), [outer[i] for i in inside]))

        by_start = sorted(quotes, key=lambda q: q.start)
        q_starts = [q.start for q in by_start]
        longest = max((q.end - q.start for q in quotes), default=0)

        def overlapping(start: int, end: int) -> bool:
            """Does a quote built so far overlap [start, end)?  (bisect: linear on long articles)"""
            k = bisect_left(q_starts, end)
            lo = bisect_left(q_starts, start - longest)
            return any(by_start[j].start < end and start < by_start[j].end for j in range(lo, k))

        # (C) attribution phrases that introduce or follow content: بحسب مصدر أمني، ... / ...، بحسب الخبير
        phrase_cues = [c for c in cues if c.kind == "phrase"]
        for c in phrase_cues:
            if c.speaker_side != "after":
                continue
            s_start, s_end = sentence_of(c.start)
            if overlapping(c.start, c.start + 1) or any(q.cue is c for q in quotes):
                continue
            if span_around(c.start):
                continue  # a phrase inside a quotation belongs to the quoted speaker
            if any(s_start <= v.start < c.start and v.complement_end > c.end for v in verb_cues):
                continue  # وقال علماء، وفق ما أوردت صحيفة …، إن …: the phrase relays the verb's speech
            k = bisect_left(outer_starts, c.end)
            if k < len(outer) and outer_starts[k] - c.end <= 3 and _LIGHT.match(text[c.end:outer_starts[k]]):
                continue  # كما أشاروا، ” لن يردع ...”: the phrase introduces the quotation after it
            head = text[s_start:c.start]
            if len(head.split()) <= 1:  # وبحسب مصدر أمني، content / وبحسب X … فإن content
                opener = _FA_INNA.search(text, c.end, s_end) or _COMMA.search(text, c.end, s_end)
                if not opener:
                    continue
                start, end = _trim(text, opener.end(), s_end)
            elif len(head.split()) <= 3 and not re.search(r"[،,.:؛]\s*$", head):
                continue  # كما تسببت بحسب الأمم المتحدة بـ"…": the phrase stands inside a clause
            else:  # content، بحسب مصدر أمني
                start, end = _trim(text, s_start, c.start)
            nxt = bisect_right(cue_starts, start)
            if nxt < len(verb_cues) and verb_cues[nxt].start < end and _new_attribution(text, start, verb_cues[nxt].start):
                start, end = _trim(text, start, verb_cues[nxt].start)  # …، وأشار إلى أن …: its own content
            if end - start < 8:
                continue
            inside = spans_within(start, end)
            if overlapping(start, end):
                continue
            if len(inside) == 1 and _LIGHT.match(text[start:outer[inside[0]].outer_start]) \
                    and _LIGHT.match(text[outer[inside[0]].outer_end:end]):
                continue  # the whole content is one quotation: a direct quote, made below
            used.update(inside)
            quotes.append(self._quote(text, start, end, "mixed" if inside else "indirect", c, (s_start, s_end),
                                      [outer[k] for k in inside]))
            k = bisect_right(q_starts, start)
            q_starts.insert(k, start)
            by_start.insert(k, quotes[-1])
            longest = max(longest, end - start)

        # (B) quoted spans not yet used: attach the nearest cue before or after, or none
        all_cues = sorted(verb_cues + phrase_cues + [c for c in cues if c.kind in ("verb", "participle")
                                                     and c.complement_end == -1], key=lambda c: c.start)
        starts = [c.start for c in all_cues]
        for k, span in enumerate(outer):
            if k in used:
                continue
            cue = self._cue_for_span(text, span, all_cues, starts, sentence_of)
            if not cue_right_after(span.outer_end) and self._name_like(text, span, cue):
                cue = None  # a name or a term: the resolver sets it aside with its reason
            s = sentence_of(span.outer_start)
            quotes.append(self._quote(text, span.start, span.end, "direct", cue, s, [span]))
            used.add(k)

        # reported speech nested in a direct quote (“جميعهم أشاروا إلى أن ...”) is the
        # quoted speaker's report, not the article's: left out (optional in the guideline)
        directs = sorted((q.start, q.end) for q in quotes if q.type == "direct")
        d_starts = [d[0] for d in directs]

        def in_direct(pos: int) -> bool:
            k = bisect_right(d_starts, pos) - 1
            return any(directs[j][0] <= pos < directs[j][1] for j in range(max(0, k - 2), k + 1))

        # so is speech reported inside the marked part of a mixed quote (إن المنتجين "أصروا على أنها …")
        paired = [m for m in outer if not m.repair]
        p_starts = [m.outer_start for m in paired]

        def in_marks(pos: int) -> bool:
            k = bisect_right(p_starts, pos) - 1
            return k >= 0 and paired[k].outer_start < pos < paired[k].outer_end

        quotes = [q for q in quotes if not (q.cue and (in_direct(q.cue.start)
                                                       or (q.type != "direct" and in_marks(q.cue.start))))]
        # one content, two cues: keep the cue nearest to it (وأخبرها بذلك، مؤكدا أن …)
        best: dict[tuple, Quote] = {}
        for q in quotes:
            key = (q.start, q.end)
            old = best.get(key)
            if old is None or (q.cue and old.cue and abs(q.start - q.cue.end) < abs(old.start - old.cue.end)):
                best[key] = q
        quotes = list(best.values())
        quotes.sort(key=lambda q: (q.start, q.end))
        for i, q in enumerate(quotes, 1):
            q.id = f"q{i:02d}"
        return quotes

    @staticmethod
    def _cut_at_attribution(text: str, span: QuotedSpan, cues: list[Cue]) -> QuotedSpan:
        """A quotation left open to the end of its paragraph stops before an attribution
        after a sentence end or comma: ``“... المحاصيل؟ على ما تساءل الباحث أبيس.``"""
        if span.repair != "closed_at_paragraph_end":
            return span
        for c in cues:
            if span.start < c.start < span.end and (c.kind == "phrase" or c.speaker_side == "after"):
                before = text[span.start:c.start].rstrip()
                if before and before[-1] in ".؟?!،,":
                    cut = span.start + len(before)
                    if before[-1] in "،,":
                        cut -= 1
                    return QuotedSpan.make(text, span.outer_start, cut, span.open_mark, "", span.depth,
                                           "closed_before_attribution")
        return span

    @staticmethod
    def _fragment_follows(text: str, outer: list[QuotedSpan], k: int, s_end: int, cue_starts: list[int]) -> bool:
        """Does another quoted fragment follow span ``k`` in its sentence, joined by a connector
        that is no cue (أن "…"، ما يستدعي "…")?  Then both are one mixed quote."""
        if k + 1 >= len(outer) or outer[k + 1].outer_start >= s_end:
            return False
        a, b = outer[k].outer_end, outer[k + 1].outer_start
        between = text[a:b]
        if len(between.split()) > CONNECTOR_WORDS or re.search(r"[.!?؟:]", between):
            return False
        return bisect_left(cue_starts, a) == bisect_left(cue_starts, b)  # no cue in between

    @staticmethod
    def _name_like(text: str, span: QuotedSpan, cue: Cue | None) -> bool:
        """A short quoted span is a name, a nickname or a term, not a quotation, when no cue
        introduces it with a colon or follows it, and the sentence runs on after it
        (دورية "لانسيت"، إن …، بين "الدون" والفتاة، أعلنت "غلينكور" أن …); a cue right after it
        (قال «نعم» وأضاف …) is checked by the caller."""
        if len(text[span.start:span.end].split()) > NAME_WORDS or _SPEECH_OPENING.match(text, span.start, span.end):
            return False
        if cue is not None and cue.start >= span.outer_end:
            return False  # «كلا»، قال الوزير
        if cue is not None and ":" in text[cue.end:span.outer_start]:
            return False  # قال: «كلا».
        after = text[span.outer_end:span.outer_end + 40].lstrip(" \t\u00a0")
        return cue is None or (bool(after) and after[0] not in ".!?؟…\n")

    @staticmethod
    def _quote(text, start, end, qtype, cue, sentence, marks) -> Quote:
        return Quote(start, end, text[start:end], qtype, cue, sentence_start=sentence[0],
                     sentence_end=sentence[1], marks=marks)

    @staticmethod
    def _extend_over_stray_close(text: str, end: int, strays: list[QuotedSpan], para_ends: list[int]) -> int:
        """A closing mark with no opener in the next sentence of the same paragraph
        continues the reported clause (``... الصينية. منتجات ... الدفاعية.”``)."""
        p = bisect_left(para_ends, end)
        limit = para_ends[p] if p < len(para_ends) else len(text)
        k = bisect_left(strays, end, key=lambda m: m.start)
        if k < len(strays) and strays[k].start <= end + 3 and strays[k].outer_end <= limit:
            return strays[k].outer_end
        return end

    @staticmethod
    def _cue_for_span(text, span, cues, starts, sentence_of):
        # a cue just before the mark: كما أشاروا، ” ...”  /  وقال المصدر لـ«سبق»: «...»
        k = bisect_left(starts, span.outer_start) - 1
        if k >= 0:
            c = cues[k]
            if c.end <= span.outer_start and _LIGHT.match(text[c.end:span.outer_start]) and \
                    sentence_of(c.start) == sentence_of(span.outer_start):
                return c
        # a cue right after the closing mark: «…»، قال الوزير  /  “…” حسب تعبيره
        k = bisect_left(starts, span.outer_end)
        if k < len(cues):
            c = cues[k]
            gap = text[span.outer_end:c.start]
            if len(gap) <= ATTACH_AFTER_CHARS and _LIGHT.match(re.sub("[.؟?!]", "", gap)) and \
                    (c.complement_end == -1 or c.kind == "phrase"):
                return c
        return None


@Language.factory("quotetrack_quotes", assigns=["doc._.quotes", "doc.spans"],
                  requires=["doc._.qt_cues", "doc._.qt_marks", "doc._.qt_sentences"],
                  default_config={"spans_key": "qt_quotes"})
def make_quotes(nlp: Language, name: str, spans_key: str):
    """Build direct, indirect and mixed quote candidates (speaker still empty)."""
    return QuotesComponent(spans_key)


class QuotesComponent:
    def __init__(self, spans_key: str = "qt_quotes"):
        self.builder = CandidateBuilder()
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from .extensions import char_spans

        from .extensions import require

        name = "quotetrack_quotes"
        marks = require(doc, "qt_marks", name, "quotetrack_marks")
        sentences = require(doc, "qt_sentences", name, "quotetrack_sentences")
        cues = require(doc, "qt_cues", name, "quotetrack_cues")
        quotes = self.builder.build(text_of(doc), marks, sentences or [(0, len(text_of(doc)))],
                                    doc._.qt_paragraphs or [], cues)
        doc._.quotes = quotes
        doc.spans[self.spans_key] = char_spans(doc, [(q.start, q.end) for q in quotes], "QUOTE")
        return doc
