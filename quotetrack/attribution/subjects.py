"""Reading the noun phrases around a cue: the subject after it (VSO), before it (SVO), the
person a relay names after عن, a name met before.  The half of ``Proposer`` that reads words;
``candidates.py`` decides which patterns propose what it reads.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .. import parse
from ..normalize import Words, fold
from ..records import Cue, Mention
from .chains import attach

_OPEN = re.compile("[«“\"]")
_CLOSE = re.compile("[»”\"]")
_RELAY_NOUNS = ("قول", "تصريح")  # عن الوزير قوله / تصريحه
PREPOSITIONS = {"في", "من", "الى", "على", "عن", "مع", "لدى", "عند", "حول", "بين", "عبر", "ضد", "خلال", "بعد", "قبل"}
OPEN_WORDS = 12  # the longest open subject: عدد من الباعة في أسواق الأسماك بمحافظة القطيف


class SubjectReading:
    """Set up by ``Proposer.start``: text, words, mentions, ctx, doc, reader, index."""

    def np_after(self, i: int, stop: int) -> tuple[Mention | None, int]:
        """The subject after word ``i`` (the cue's last word), skipping adverbs, the addressee or
        channel (لـ«عكاظ»، للصحفيين) and the speech event (في بيان له); and how many words it skipped."""
        text, words = self.text, self.words
        j = i + 1
        skipped = 0
        while j < len(words) and words.starts[j] < stop and skipped <= 3:
            m = self.reader.read(text, words, j, len(words), after_verb=True) or self.known_name(j)
            if m is not None:
                return m, j - i - 1
            w = words.folded[j]
            if w in self.skippable or w.startswith("ل"):
                j += 2 if w in ("في", "من") else 1  # في طهران: a place, not the subject
                skipped += 1
                if w.startswith("ل"):  # لصحيفة التايمز، لوكالة الأنباء الرسمية: the addressee's whole name
                    while j < len(words) and words.starts[j] < stop and self._names_channel(j):
                        j += 1
                k = self._skip_quoted(j)  # a channel named in marks: وقال لـ "الاقتصادية" الدكتور ...
                if k != j:
                    j, skipped = k, skipped + 1
                continue
            return self.quoted_subject(j, stop) or self.open_subject(j, stop), j - i - 1
        return None, 0

    def quoted_subject(self, j: int, stop: int) -> Mention | None:
        """``أعلنت "غلينكور" أن …``، ``وقالت «برهوم للطاقة» إن …``: a company or a body often
        stands in quotation marks right after the verb; the marked name, closed and then followed
        by إن/أن, is the subject — the scanned mention there, or the marked words."""
        text, words = self.text, self.words
        k = self._skip_quoted(j)
        if k == j or k >= len(words) or k - j > QUOTED_NAME_WORDS or words.folded[k] not in self.reader.comp \
                or words.starts[k] > stop:
            return None  # a title or a quotation, not a name: no إن/أن right after the marks
        s, e = words.starts[j], words.ends[k - 1]
        known = self.ctx.mention_at(s, e)
        if known is not None and known.kind in ("organisation", "person", "group"):
            return known
        if any(self.reader.is_verb(w) or w in self.reader.stop for w in words.folded[j:k]):
            return None
        return self.register(Mention(s, e, text[s:e], "organisation", found_by="quoted"))

    def open_subject(self, j: int, stop: int) -> Mention | None:
        """Whatever noun phrase stands between the verb and إن/أن, a comma or a colon, when no
        reader knows it: ``قال رجال أعمال شاركوا في منتدى دافوس إن …`` — Arabic puts the subject
        there (VSO).  At most twelve words; it never starts with a function word or a verb."""
        text, words, r = self.text, self.words, self.reader
        k = j
        while k < len(words) and words.starts[k] < stop and k - j < OPEN_WORDS:
            w = words.folded[k]
            if k > j and (re.search("[،,:؛«“\"(]", text[words.ends[k - 1]:words.starts[k]]) or w in r.comp
                          or w in self.relatives):
                break  # … إن، … وهو أستاذ: the subject ends here
            if w in r.comp or r.is_verb(w) and k == j:
                return None
            k += 1
        after = self._skip_aside(k) if j < k <= j + ASIDE_WORDS and k < len(words) else k
        if after != k and after < len(words) and words.folded[after] in r.comp and self._namelike(j, k):
            # أوضح فلان الفلاني «بائع» أن: a name, then the speaker's occupation in marks or brackets
            s, e = words.starts[j], words.ends[k - 1]
            return Mention(s, e, text[s:e], "person", name=text[s:e], name_start=s, name_end=e, found_by="open")
        if k == j or k - j >= OPEN_WORDS or (k < len(words) and words.starts[k] < stop and words.folded[k] not in r.comp
                                    and words.folded[k] not in self.relatives
                                    and not re.search("[،,:]", text[words.ends[k - 1]:words.starts[k]])):
            return None  # not closed by a complementiser or punctuation within reach
        first, last = words.folded[j], words.folded[k - 1]
        if first in r.stop or first[:1].isdigit() or len(first) < 2 or first in r.titles or last in r.stop:
            return None  # على أن، إلى أن: the complementiser belongs to a preposition, not to the verb
        if first not in r.honorific and r.common_with_clitics(first):
            return None  # واختتم بقوله، أوضح خلال جولته في …: a verbal noun with its possessor, not a subject
        if k - j == 1 and r._common(first) and not r.role_at(words, j, len(words)):
            return None  # سابق، لاحقاً: a lone common word is an adverb or adjective, not a subject
        if first.endswith("ا") and r.analyser.lexicon.zipf(first[:-1]) >= 3.0:
            return None  # متحدثا، سابقا: an accusative adverb or participle, never the (nominative) subject
        s, e = words.starts[j], words.ends[k - 1]
        plural = first.endswith(("ون", "ين", "ات")) or first in r.plural_heads
        m = Mention(s, e, text[s:e], "unnamed_source", role=text[s:e], number="p" if plural else "s")
        m.found_by = "open"
        return m

    def _names_channel(self, j: int) -> bool:
        """Does word ``j`` continue the name of an addressee or channel (التايمز، الأنباء الرسمية)?"""
        r, words = self.reader, self.words
        w = words.folded[j]
        if r.role_at(words, j, len(words)) or w in r.stop or w in r.comp or r.is_verb(w):
            return False
        if r.person_at(words, j) is not None:
            return False
        return w.startswith("ال") and not r.given.intersection((w,)) or \
            r.entity_at(words, j, ("ORG", "GPE", "LOC")) is not None or bool(r.gaz.match(words, j))

    def known_name(self, j: int) -> Mention | None:
        """A surname or first name alone (وبيّن المعيبد، وأضاف ماكسينس) of a person named earlier."""
        text, words = self.text, self.words
        w = words.folded[j]
        if len(w) <= 2 or w in self.reader.tails or w in self.reader.particles:
            return None  # الله of فرح دخل الله names nobody alone
        a = self.reader.analyser.analyse(w)
        # the word itself names someone (باول), or without a glued conjunction (وماسك); behind a
        # glued preposition (لرويترز، لماسك) it is an object, not a subject
        forms = {w} if a.proclitics[-1:] in self.reader.analyser.tables.prepositions else {w, a.bare}
        for toks, chains in self.index.names.items():
            if not (forms & {toks[0], toks[-1]}):
                continue
            for chain in chains:
                for m in self.index.members.get(chain, ()):
                    if m.kind == "person" and m.start < words.starts[j]:
                        s, e = words.starts[j], words.ends[j]
                        return Mention(s, e, text[s:e], "person", name=text[s:e], gender=m.gender,
                                       name_start=s, name_end=e, found_by="known")
        return None

    def _namelike(self, j: int, k: int) -> bool:
        """Could words j..k be a personal name — no function word, no indefinite accusative (the
        analyser's reading), no lone letter (لـ), and a first word that is a given name or rare in
        general Arabic (فلان الفلاني, not خاص لـ، فإن بلاغاً)?"""
        r, words = self.reader, self.words
        span = words.folded[j:k]
        if any(w in r.stop or w in r.comp or r.is_verb(w) or len(w) < 2 or r._accusative(words, x)
               for x, w in enumerate(span, j)):
            return False
        return span[0] in r.given or not r._common(span[0])

    def _skip_aside(self, j: int) -> int:
        """If a short aside in marks or brackets (at most ``ASIDE_WORDS`` words) opens before word
        j — ``«بائع»``، ``(45 عاما)`` — the index of the first word after it, else j."""
        text, words = self.text, self.words
        gap = text[words.ends[j - 1]:words.starts[j]]
        close = ")" if "(" in gap else "»”\"" if _OPEN.search(gap) else ""
        if not close:
            return j
        k = j
        while k < len(words) and k - j < ASIDE_WORDS and not any(c in text[words.ends[k]:words.ends[k] + 1] for c in close):
            k += 1
        return k + 1 if k < len(words) and k - j < ASIDE_WORDS else j

    def _skip_quoted(self, j: int) -> int:
        """If a quotation mark opens before word j, the index of the first word after it closes."""
        text, words = self.text, self.words
        if j >= len(words) or not _OPEN.search(text[words.ends[j - 1]:words.starts[j]]):
            return j
        end = _CLOSE.search(text, words.starts[j], words.starts[j] + 80)
        return words.index_at(end.end()) if end else j

    def np_before(self, cue_start: int, floor: int, cue_end: int = -1) -> Mention | None:
        """A subject right before the verb: ``الناتو يؤكد``، ``بحسب أبيس الذي أضاف``، or — when
        إن/أن follows the verb at ``cue_end``, so no subject stands after it — before the relative
        clause that stands between it and the verb (``ماسك، الذي يشغل …، قال إنه``)."""
        found = self._subject_ending(cue_start, floor)
        k = self.words.index_at(cue_end) if cue_end >= 0 else len(self.words)
        opening = self._relative_opening(cue_start, floor) \
            if found is None and k < len(self.words) and self.words.folded[k] in self.reader.comp else None
        return self._subject_ending(opening, floor) if opening is not None else found

    def _subject_ending(self, cue_start: int, floor: int) -> Mention | None:
        """The scanned mention or the known name that ends right before ``cue_start``."""
        text, words = self.text, self.words
        found = self._mention_before(cue_start, floor)
        if found is not None:
            return found
        i = words.index_before(cue_start)
        while i >= 0 and words.folded[i] in self.relatives:
            i -= 1
        if i >= 0 and words.starts[i] >= floor and not re.search("[،,]", text[words.ends[i]:cue_start]):
            # (خلفا للربيش، قال: a comma closes the clause of the word before it, as above)
            known = self.known_name(i)
            if known is not None and _gap_words(text[words.ends[i]:cue_start]) in self.gaps_before:
                return self.register(known)
        return None

    def _relative_opening(self, cue_start: int, floor: int) -> int | None:
        """Where the comma stands that opens a relative clause closed by a comma right before the
        verb: ``ماسك، الذي يشغل أيضاً منصب رئيس شركة …، قال``."""
        gap = self.text[floor:cue_start]
        close = max(gap.rfind("،"), gap.rfind(","))
        if close < 0 or gap[close + 1:].strip():
            return None  # the verb follows the comma that closes the clause
        opening = max(gap.rfind("،", 0, close), gap.rfind(",", 0, close))
        clause = gap[opening + 1:close].split()
        if opening < 0 or not clause or fold(clause[0]) not in self.relatives or len(clause) > RELATIVE_WORDS:
            return None
        return floor + opening

    def _mention_before(self, cue_start: int, floor: int) -> Mention | None:
        """The scanned mention that ends right before the verb (only relatives or marks between)."""
        text, words = self.text, self.words
        k = bisect_left(self.mentions, cue_start, key=lambda e: e.start)
        for m in reversed(self.mentions[max(0, k - 20):k]):
            if m.end > cue_start:
                continue
            if m.end < floor:
                break
            if m.entity_kind in ("country", "place"):
                # غير أن فرنسا قالت: a state opening a clause speaks; في غرفة جدة، وقال: a place does not
                k = words.index_before(m.start)
                before = words.folded[k] if k >= 0 else ""
                gap = text[words.ends[k] if k >= 0 else 0:m.start]
                if not (k < 0 or before in self.clause_openers or any(ch in gap for ch in "،,.\n")):
                    return None
            gap = text[m.end:cue_start]
            words_between = _gap_words(gap)
            if any(ch in gap for ch in "،,") and not words_between:
                return None  # X، قال: a comma closes X's clause; the verb starts another
            return m if words_between in self.gaps_before else None
        return None

    def open_before(self, cue_start: int, floor: int) -> Mention | None:
        """A sentence that opens with its subject and then the verb (SVO), when no reader knows the
        subject: ``ماسك أكد …``.  One to three words, at least one rare in general Arabic, no
        function word, verb or preposition among them."""
        text, words, r = self.text, self.words, self.reader
        i, k = words.index_at(floor), words.index_before(cue_start)
        if k < i or k - i >= 3 or words.ends[k] > cue_start:
            return None
        span = words.folded[i:k + 1]
        if any(w in r.stop or r.is_verb(w) or w in r.comp or not w or w[0].isdigit() for w in span) or \
                re.search("[،,:«“\"]", text[words.starts[i]:cue_start]):
            return None
        if all(r._common(w) or r._common(r.analyser.analyse(w).bare) for w in span):
            return None  # الحكومة قالت is read by the readers; common words alone name nobody new
        s, e = words.starts[i], words.ends[k]
        a = r.analyser.analyse(span[0])
        if a.proclitics in r.analyser.tables.conjunctions and not a.article and \
                (a.stem in r.given or not r._common(a.stem)):
            s += len(a.proclitics)  # وزهران القطامي، وهو …، قال: the conjunction is glued to the name
        return self.register(Mention(s, e, text[s:e], "person", name=text[s:e], name_start=s, name_end=e,
                                     found_by="open"))

    def relayed(self, channel: Mention, relay_verb: bool) -> Mention | None:
        """``نقلت وكالة … عن الوزير قوله``: the person after عن (words may stand between:
        ``ونقلت وكالة فارس للأنباء اليوم السبت عن لاريجاني قوله``)."""
        if not (relay_verb or channel.channel or channel.kind == "organisation"):
            return None
        text, words = self.text, self.words
        j = words.index_at(channel.end)
        j = self._skip_quoted(j) if j < len(words) and words.folded[j] != "عن" else j
        limit = min(len(words), j + 6)
        while j < limit and words.folded[j] != "عن" and not _stops_relay(text, words, j):
            j += 1  # اليوم السبت، للأنباء الرسمية: what stands between the channel and عن
        if j >= len(words) or words.folded[j] != "عن":
            return None
        m = self.reader.read(text, words, j + 1, len(words), after_verb=True)
        if m is None:
            # عن جنتيلوني قوله: whatever stands between عن and قوله names the speaker
            k = j + 1
            while k < len(words) and k - j <= 5 and not words.folded[k].startswith(_RELAY_NOUNS):
                k += 1
            if k < len(words) and k > j + 1 and words.folded[k].startswith(_RELAY_NOUNS):
                s, e = words.starts[j + 1], words.ends[k - 1]
                m = Mention(s, e, text[s:e], "person", name=text[s:e], name_start=s, name_end=e, found_by="relay")
        return self.register(m) if m is not None else None

    def _parse_subject(self, cue: Cue) -> Mention | None:
        """The parse's subject (udpipe backend), read as a noun phrase by the surface reader."""
        sp = parse.subject_span(self.doc, cue.start, cue.end) if self.doc is not None else None
        if sp is None or sp[0] < cue.end:
            return None
        words = self.words
        j = words.index_at(sp[0])
        if j >= len(words) or j - words.index_at(cue.end) > 3:
            return None  # a subject far from the verb is more often a misparse than VSO
        m = self.reader.read(self.text, words, j, len(words), after_verb=True)
        if m is None or m.kind not in ("person", "organisation", "group", "unnamed_source"):
            return None
        return self.register(m)

    def governed(self, m: Mention) -> bool:
        """Is the mention the object of a preposition (في أوروبا، لماسك) — so never a subject?"""
        words = self.words
        i = words.index_at(m.start)
        if i >= len(words):
            return False
        if i > 0 and words.folded[i - 1] in PREPOSITIONS:
            return True
        a = self.reader.analyser.analyse(words.folded[i])
        return bool(a.proclitics) and a.proclitics[-1] in self.reader.analyser.tables.prepositions \
            and words.starts[i] == m.start

    def register(self, m: Mention) -> Mention:
        """The scanned mention at the same place, or ``m`` added to the article's mentions and chains."""
        k = bisect_left(self.mentions, m.start, key=lambda e: e.start)
        while k < len(self.mentions) and self.mentions[k].start == m.start:
            if self.mentions[k].end == m.end:
                return self.mentions[k]
            k += 1
        attach(m, self.mentions, self.index)
        return m


RELATIVE_WORDS = 20  # ماسك، الذي يشغل …، قال: the clause between the subject and its verb
ASIDE_WORDS = 3  # منير التاريخ «بائع»، فلان (45 عاما): an aside after a name is short
QUOTED_NAME_WORDS = 4  # أعلنت "أي سي إم بارتنرز" أن: a name in marks is short
GAP_CHARS = 40  # a subject and its verb stand closer: only relatives and marks come between


def _gap_words(gap: str) -> str:
    """The words between a subject and its verb, marks and commas dropped: ``"فيسبوك"، والتي``;
    a long gap is returned as it is (no relative is that long), never folded."""
    if len(gap) > GAP_CHARS:
        return gap
    return " ".join(re.sub("[،,\"”“»«]", " ", fold(gap)).split())


def _stops_relay(text: str, words: Words, j: int) -> bool:
    """A sentence end or a colon between a channel and عن ends the search for a relay."""
    return any(ch in text[words.ends[j - 1]:words.starts[j]] for ch in ".:\n؟!")
