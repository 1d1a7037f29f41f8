"""Stage 3: reporting cues (component ``quotetrack_cues``).

Finds, by dictionary lookup on folded words:

* speech verbs in any inflection and with clitics (قال، وقالت، يؤكدون، فأشاروا);
* circumstantial participles (مؤكدا، مشددة، قائلا);
* attribution phrases (بحسب، وفقا لـ، نقلا عن، على حد قوله، حسبما);
and for each verb or participle the complement that opens its content: a
complementiser (إن، أن، بأن، إلى أن، على أن, with pronoun clitics: إنه، أنها),
a colon, or an opening quotation mark — the first one within
``COMPLEMENT_WINDOW`` words, not past the end of the sentence.

A verb marked ``strength: weak`` in the lexicon (كشف، ذكر، اعتبر) is a cue
only with such a complement: ``كشف عن خطة`` reports no speech.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress
from operator import or_

from spacy.language import Language
from spacy.tokens import Doc

from . import parse
from .analyser import Tables
from .morphology import verb_table
from .normalize import Words, fold, strip, words_of, text_of
from .records import Cue
from .ruleset import Ruleset

MIN_QUOTED_WORDS = 3  # حذر من "التراشق": after a weak verb, a quoted word or two is a scare quote
COMPLEMENT_WINDOW = 22  # words between a verb and its إن/أن: a long VSO subject with a relative clause fits
# (وأكد X محامي … في بيان أرسلته شركة "…"، التي ترعى أعماله، ونشرته الصحف، الأربعاء، بأن: 20 words)
# a colon or a coordinated وأن may stand further: a long channel phrase (وقال X في تصريحات لشبكة
# راديو … خلال تواجده في … 2018: أسمع …) or a verbal-noun object (أكد مدير … انتقال العدوى … وأنهم)
LONG_WINDOW = 32
NEAR_WORDS = 12  # a form read as a verb only with a complement takes it after its subject
# (بين المدير التنفيذي لشركة مترو جدة الدكتور أسامة إبراهيم عبده أن: 10 words)
NAME_WORDS = 3  # أعلنت "غلينكور" أن، شركة "جيستيفوت"، التي: a short span the sentence runs on after names
# a verb after ما/كما/حسبما is a relative clause inside the source (وفق ما أوردت صحيفة …، إن …):
# it does not take over the complement
_RELATIVE = {"ما", "كما", "حسبما", "وحسبما"}
# a mark right after ل/لـ/ب names a channel or a title, not the speech: ل "دنيا الرياضة"، لـ«عكاظ»
_CHANNEL_BEFORE = re.compile(r"(?:^|[\s])(?:ل|لـ|ب|بـ|و)\s*$")
_NEGATION = {"لم", "لن", "ما", "لا", "ولم", "ولا", "فلم", "لما"}


class CueFinder:
    def __init__(self, rules: Ruleset):
        verbs = rules["speech_verbs.yaml"]["verbs"]
        self.verbs = verbs
        self.table = verb_table(tuple((e["lemma"], e.get("present"), e.get("participle"), tuple(e.get("forms", [])))
                                      for e in verbs), Tables.from_rules(rules).key())
        ap = rules["attribution_phrases.yaml"]
        self.phrases: dict[str, list] = {}
        for entry in ap["phrases"]:
            for surface in [entry["phrase"], *entry.get("forms", [])]:
                toks = tuple(fold(w) for w in surface.split())
                self.phrases.setdefault(toks[0], []).append((toks, entry))
        for lst in self.phrases.values():
            lst.sort(key=lambda x: -len(x[0]))  # longest phrase first
        # complementisers: single words (إن، أن، بأن) with pronoun clitics, and
        # two-word ones whose first word is a preposition (إلى أن، على أن)
        self.comp_words: set[str] = set()
        pronouns = ("",) + Tables.from_rules(rules).enclitics  # إنه، أنها، إني: the analyser's pronouns
        for entry in ap["complementizers"]:
            last = fold(entry["form"].split()[-1])
            for pro in pronouns:
                self.comp_words.add(last + pro)
                self.comp_words.add("و" + last + pro)
        self.blocking = {fold(w) for w in ap["blocking_heads"]}
        self.span_words: dict[int, int] = {}  # opening mark offset -> words quoted (set per document)
        self.prep_comp = {fold(w) for w in ap["prepositional_complements"]}
        # a verb's own complementisers (أقر: بأن، أن): folded words (pronouns included), and
        # the prepositions a bare أن must not follow (أقر … على أن is "provided that")
        self.own_complements: dict[str, frozenset] = {}
        for e in verbs:
            if e.get("complements"):
                self.own_complements[e["lemma"]] = frozenset(
                    fold(f).split()[-1] + pro for f in e["complements"] for pro in pronouns)
        self.comp_preps = {fold(e["form"]).split()[0] for e in ap["complementizers"] if " " in e["form"]}
        self.span_close: dict[int, int] = {}  # opening mark offset -> offset after its closing mark
        sv = rules["speech_verbs.yaml"]
        self.readings: dict[str, list] = {}
        for e in sv["not_speech"]:
            self.readings.setdefault(fold(e["form"]), []).append(
                (e["when"], {fold(w) for w in e.get("words", [])}, strip(e["form"])))
        self.governing = {fold(w) for w in sv["governing_words"]}
        self.predicate_heads = {fold(w) for w in sv["predicate_heads"]}
        self.hypothetical = {fold(w) for w in sv["hypothetical_openers"]}
        self.adverbs = {fold(w) for w in rules["context_words.yaml"]["adverbs_after_verb"]}

    # -- lookups -----------------------------------------------------------
    def verb_at(self, words: Words, i: int):
        hit = self.table.get(words.folded[i])
        if hit is None:
            return None
        idx, tense, person, gender, number = hit
        return self.verbs[idx], tense, person, gender, number

    def is_complementizer(self, words: Words, i: int) -> bool:
        # آن "time" (في آن واحد، في آن معا) folds like أن: the madda tells them apart
        return words.folded[i] in self.comp_words and not (i > 0 and words.folded[i - 1] in self.blocking) \
            and "آ" not in words.texts[i][:2]

    def reading(self, text: str, words: Words, i: int, tense: str) -> str:
        """How the form at ``i`` reads when it reports no speech: "" (it may report speech),
        ``no_complement`` (speech only with إن/أن or a colon: بين "between"), else the reason.
        The word before counts only with nothing but spaces between (شبكة أي تي في، قالت: a verb)."""
        prev = words.folded[i - 1] if i > 0 and not text[words.ends[i - 1]:words.starts[i]].strip() else ""
        if prev in self.governing:
            return "verbal noun"  # في وصف العلاج، تم مخاطبة المدربين
        if tense == "participle" and prev in self.predicate_heads:
            return "predicate"  # كان متهما بأنه …
        w = words.folded[i]
        found = self.readings.get(w) or (self.readings.get(w[1:]) if w[:1] in "وف" else None) or []
        for when, context, spelled in found:
            if when == "complement_next":
                j = i + 1
                while j < len(words) and j <= i + 2 and words.folded[j] in self.adverbs:
                    j += 1  # تبين لاحقا أن
                if j < len(words) and words.folded[j] in self.comp_words:
                    return when
            elif when == "next" and i + 1 < len(words) and words.folded[i + 1] in context:
                return when
            elif when == "previous" and prev in context:
                return when
            elif when == "spelled" and strip(words.texts[i]) in (spelled, "و" + spelled, "ف" + spelled):
                return when
            elif when == "no_complement":
                return when
        return ""

    def _near_complement(self, words: Words, i: int, comp: int) -> bool:
        """Does the complement ending at ``comp`` follow word ``i`` closely enough to be its own
        (بين الوزير أن …), not a preposition's far-off على أن?"""
        k = words.index_before(comp)
        return k - i <= NEAR_WORDS and not (k > 0 and words.folded[k - 1] in self.comp_preps)

    def name_like(self, text: str, open_at: int) -> bool:
        """Is the quoted span opening at ``open_at`` a name or a term rather than speech?  A
        span of at most ``NAME_WORDS`` words the sentence runs on after (أعلنت "غلينكور" أن،
        شركة "جيستيفوت"، التي، نقلت "سكاي نيوز" عن); ``قال: "نعم".`` ends its sentence."""
        close = self.span_close.get(open_at)
        if close is None or self.span_words.get(open_at, 0) > NAME_WORDS:
            return False
        first = text[open_at + 1:close].split()[:1]
        if first and fold(first[0].strip("-–—")) in self.comp_words:
            return False  # قال الوزير «إن الوضع مستقر» في بيان: speech opens with its إن
        after = text[close:close + 40].lstrip(" \t\u00a0")
        if not after or after[0] in ".!?؟…\n\"”»":
            return False
        nxt = after.split(maxsplit=1)[0]
        return fold(nxt.strip("،,؛:")) not in self.table  # قال «نعم» وأضاف «لا»: a cue ends it, it is speech

    def complement_after(self, text: str, words: Words, i: int, limit: int, marks_at: list[int],
                         min_quoted: int = 1, own: frozenset | None = None) -> int:
        """End offset of the complement opening the content after word ``i``; -1 if none.

        Scans up to ``COMPLEMENT_WINDOW`` words (``LONG_WINDOW`` for a colon or a coordinated
        وأن) and never past ``limit`` (the sentence end) nor past another speech verb or a
        hypothetical (حتى لو كنتم تعتقدون أن: the أن is the hypothetical's).
        """
        pos = words.ends[i]
        skip_to = -1  # the end of a quoted name passed over: its words are not the cue's (شركة "لينكد إن")
        k = bisect_left(marks_at, pos)  # the first mark at or after pos (pos only grows: k follows it)
        folded, comp_words = words.folded, self.comp_words
        for j in range(i + 1, min(len(words), i + 1 + LONG_WINDOW)):
            start = words.starts[j]
            if start >= limit:
                break
            if start < skip_to:
                pos = words.ends[j]
                continue
            near = j <= i + COMPLEMENT_WINDOW
            gap = text[pos:start]
            if ":" in gap:
                return pos + gap.index(":") + 1
            while k < len(marks_at) and marks_at[k] < pos:
                k += 1
            mark = marks_at[k] if k < len(marks_at) and marks_at[k] < start else -1
            if mark != -1 and self.name_like(text, mark):
                skip_to = self.span_close[mark]  # أعلنت "غلينكور" أن: passed over, words and all
                pos = words.ends[j]
                continue
            if near and mark != -1 and not _CHANNEL_BEFORE.search(text, max(0, mark - 4), mark) \
                    and self.span_words.get(mark, min_quoted) >= min_quoted:
                return mark  # a quotation opens right here (…قال: «…» or قال الوزير «…»)
            if folded[j] in comp_words and self.is_complementizer(words, j) and (own is None or (
                    words.folded[j].removeprefix("و") in own and words.folded[j - 1] not in self.comp_preps)):
                if strip(words.texts[j]).startswith("وأن"):
                    # a coordinated clause after a verbal-noun object (أكد انتقال العدوى … وأنهم
                    # يخضعون للعلاج): the clause with its conjunction is the content
                    return words.starts[j]
                if near:
                    return words.ends[j]
            w = words.folded[j]
            if w in self.hypothetical:
                break
            if j > i + 1 and w in self.table and words.folded[j - 1] not in _RELATIVE \
                    and self.reading(text, words, j, "") != "verbal noun":  # في إفادته: a verbal noun
                break  # another speech verb or participle (وأخبرها بذلك، مؤكدا أن): the complement is its own
            pos = words.ends[j]
        gap = text[pos:min(limit, pos + 4)]
        if ":" in gap:
            return pos + gap.index(":") + 1
        return -1

    # -- main --------------------------------------------------------------
    def find(self, text: str, words: Words, sentences: list[tuple[int, int]], opens: list[int]) -> list[Cue]:
        cues: list[Cue] = []
        sent_ends = [e for _, e in sentences]
        n = len(words)
        folded, table, phrases = words.folded, self.table, self.phrases
        # the words that may open a cue, picked in C: most words are ordinary words
        opening = map(or_, map(table.__contains__, folded), map(phrases.__contains__, folded))
        after = 0  # the word after the last phrase: its words open nothing
        for i in compress(range(n), opening):
            if i < after:
                continue
            phrase = self._phrase_at(words, i)
            if phrase is not None:
                j, entry = phrase
                feats = self.verb_at(words, j)[1:] if self.verb_at(words, j) else ("", "", "", "")
                # حسبما أفاد / كما قالت: the verb belongs to the phrase and shows the speaker's gender
                if entry["kind"] in ("as_said", "according_to") and j + 1 < n and self.verb_at(words, j + 1) \
                        and words.starts[j + 1] - words.ends[j] <= 2:
                    j += 1
                    feats = self.verb_at(words, j)[1:]
                start, end = words.starts[i], words.ends[j]
                cues.append(Cue(start, end, text[start:end], entry["phrase"], "phrase", entry["gloss"],
                                feats[1], feats[2], feats[3], feats[0],
                                speaker_side=entry["speaker_side"], complement_end=-1))
                after = j + 1
                continue
            hit = self.verb_at(words, i)
            if hit is not None:
                entry, tense, person, gender, number = hit
                reading = self.reading(text, words, i, tense)
                if reading and reading != "no_complement":
                    continue  # يذكر أن، وردا على سؤال، ما ورد في: the writer's aside or a noun
                s_end = sent_ends[min(bisect_left(sent_ends, words.ends[i]), len(sent_ends) - 1)] if sent_ends else len(text)
                weak = entry.get("strength") == "weak"
                comp = self.complement_after(text, words, i, s_end, [] if reading else opens,
                                             MIN_QUOTED_WORDS if weak else 1, self.own_complements.get(entry["lemma"]))
                if reading and (comp == -1 or not self._near_complement(words, i, comp)):
                    continue  # بين "الدون" والفتاة، بين أطراف القضية … على أن: the preposition, not بيّن
                if comp == -1 and i + 2 < n and words.folded[i + 1] in self.prep_comp \
                        and (tense == "participle" or words.folded[i][0] in "وف"):
                    # مشددا على ضرورة ... / وشدد على أهمية ...: a verbal noun after the
                    # preposition reports what was said (indirect); not with an explicit
                    # subject in between, where أكد دعمه-like nominal objects dominate
                    comp = words.ends[i + 1]
                # a mark right before the verb (“…”، قال) also licenses a weak verb
                if comp != -1 or not weak or self._quote_before(text, words, i):
                    start, end = words.starts[i], words.ends[i]
                    cues.append(Cue(start, end, text[start:end], entry["lemma"],
                                    "participle" if tense == "participle" else "verb", entry["gloss"],
                                    person, gender, number, "" if tense == "participle" else tense,
                                    speaker_side="before" if tense == "participle" else "after",
                                    needs_complement=weak, complement_end=comp,
                                    negated=i > 0 and words.folded[i - 1] in _NEGATION))
        return cues

    def _phrase_at(self, words: Words, i: int):
        cands = self.phrases.get(words.folded[i])
        if not cands:
            return None
        for toks, entry in cands:
            j = i + len(toks) - 1
            if j >= len(words):
                continue
            ok = True
            for k, t in enumerate(toks[1:], 1):
                wf = words.folded[i + k]
                # a one-letter proclitic in the phrase (وفقا لـ) is glued to the next word
                if not (wf == t or (len(t) == 1 and wf.startswith(t))):
                    ok = False
                    break
            if ok:
                return j, entry
        return None

    @staticmethod
    def _quote_before(text: str, words: Words, i: int) -> bool:
        before = text[max(0, words.starts[i] - 4):words.starts[i]]
        return bool(re.search("[”»\"’›]\\s*[،,]?\\s*$", before))


@Language.factory("quotetrack_cues", assigns=["doc._.qt_cues", "doc.spans"],
                  requires=["doc._.qt_sentences", "doc._.qt_marks"], default_config={"rules": None, "spans_key": "qt_cues"})
def make_cues(nlp: Language, name: str, rules: str | None, spans_key: str):
    """Find speech verbs, participles and attribution phrases with their complements."""
    return CuesComponent(Ruleset.load(rules), spans_key)


class CuesComponent:
    def _with_parse(self, doc: Doc, cues: list[Cue]) -> list[Cue]:
        """udpipe backend: the tagger's gender and number where the form shows none
        (surface features win), and verbs the inflection tables missed, by the parse's lemma."""
        for c in cues:
            if not c.gender or not c.number:
                g, n = parse.morph_agreement(doc, c.start, c.end) or ("", "")
                c.gender, c.number = c.gender or g, c.number or n
        text, words = text_of(doc), words_of(doc)
        taken = {words.index_at(c.start) for c in cues}
        lemmas = self._parse_lemmas
        sent_ends = [e for _, e in (doc._.qt_sentences or [(0, len(text))])]
        for tok in doc:  # one pass over the tokens: the tagger's lemma against the lexicon
            entry = lemmas.get(fold(tok.lemma_)) if tok.pos_ in ("VERB", "AUX") else None
            if entry is None:
                continue
            i = words.index_before(tok.idx + len(tok.text))
            if i < 0 or i in taken or words.folded[i] in self.finder.table or words.ends[i] <= tok.idx \
                    or self.finder.reading(text, words, i, ""):
                continue  # a verbal noun after a preposition is no verb, whatever the tagger says (في قوله)
            s_end = sent_ends[min(bisect_left(sent_ends, words.ends[i]), len(sent_ends) - 1)]
            comp = self.finder.complement_after(text, words, i, s_end, sorted(self.finder.span_words))
            if comp == -1:
                continue  # without إن/أن, a colon or a quotation the parse's verb reports nothing we can bound
            g, n = parse.morph_agreement(doc, words.starts[i], words.ends[i]) or ("", "")
            cues.append(Cue(words.starts[i], words.ends[i], words.texts[i], entry["lemma"], "verb", entry["gloss"],
                            "3", g, n, "", speaker_side="after", complement_end=comp))
            taken.add(i)
        return sorted(cues, key=lambda c: c.start)


    def __init__(self, rules: Ruleset, spans_key: str = "qt_cues"):
        self.finder = CueFinder(rules)
        self._parse_lemmas = {fold(e["lemma"]): e for e in self.finder.verbs if e.get("strength") != "weak"}
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from .extensions import char_spans

        from .extensions import require

        marks = require(doc, "qt_marks", "quotetrack_cues", "quotetrack_marks")
        sentences = require(doc, "qt_sentences", "quotetrack_cues", "quotetrack_sentences")
        spans = [s for s in marks if s.open_mark]
        opens = sorted(s.outer_start for s in spans)
        text = text_of(doc)
        self.finder.span_words = {s.outer_start: len(text[s.start:s.end].split()) for s in spans}
        self.finder.span_close = {s.outer_start: s.outer_end for s in spans}
        cues = self.finder.find(text_of(doc), words_of(doc), sentences or [(0, len(text_of(doc)))], opens)
        if parse.has_parse(doc):
            cues = self._with_parse(doc, cues)
        doc._.qt_cues = cues
        doc.spans[self.spans_key] = char_spans(doc, [(c.start, c.end) for c in cues], "CUE")
        return doc
