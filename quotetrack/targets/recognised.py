"""The entity recogniser's names and the speaker stage's roles, cut to the name they hold.

The recogniser reads past names (``صلاح يعكس``, ``زهير الذوادي لارتداء شعار``),
runs two names together (``دانيلز، جين مور``) and now and then tags a common
word (``العيون``, ``مزحة``, ``لافتا``).  :class:`RecognisedNames` (a part of
``spans.NameReader``) splits its spans at punctuation, trims titles, common
words, participles and glued prepositions off their edges and drops what is
left when it is no name; ``role_end``/``role_names_one`` do the same for the
roles the speaker stage read (وزير الصحة بعدد → وزير الصحة).
"""
from __future__ import annotations

from ..normalize import Words, strip
from .found import (COMMON_STEM, KINDS, LONE_NAME_ZIPF, LONE_PERSON_ZIPF, PERSON_EDGE_ZIPF, _TANWIN_FATH,
                    Found, fold_name)


class RecognisedNames:
    """Needs ``self.t`` (TargetTables), ``_span``, ``_plain_gap`` and ``listed_word`` (spans.NameReader)."""


    # -- the recogniser's names ---------------------------------------------------
    def recognised(self, text: str, words: Words, entities) -> list[Found]:
        out = []
        # words of the article's fuller person names: a lone مايورغا is explained by كاثرين مايورغا
        fuller = {words.folded[k] for e in entities if e.label == "PER" and e.last > e.first >= 0
                  for k in range(e.first, e.last + 1)}
        for e in entities:
            kind = KINDS.get(e.label)
            if kind is None or e.first < 0:
                continue
            for first, last in self._segments(text, words, e.first, e.last):
                first, last = self._trim(words, first, last, kind)
                if first > last:
                    continue
                s, end, name = self._span(text, words, first, last)
                if fold_name(name) in self.t.not_names or not name or (
                        first == last and self.t.analyser.analyse(words.folded[first]).stem in self.t.not_names):
                    continue  # الليرة، فيفري
                if kind == "person" and any(self._not_in_a_name(words, k) for k in range(first, last + 1)):
                    continue  # وبحث معهم مسائل: a verb, a pronoun, a very common word is in no one's name
                if first == last and kind == "person" and (self._lone_word_not_person(words, first) or (
                        words.folded[first] not in fuller and self.t.bare(words.folded[first]) not in self.t.given
                        and not self.listed_word(words, first)
                        and self.t.zipf(words.folded[first]) >= LONE_PERSON_ZIPF)):
                    continue  # الكوميدي: a description the recogniser read as a person
                if first == last and kind != "person" and not self.listed_word(words, first) and (
                        self._participle(words.folded[first]) or
                        self._word_zipf(words.folded[first]) >= LONE_NAME_ZIPF or self.t.common(words.folded[first])
                        or self._adjective(text, words, first)):
                    continue  # العيون، البتروكيماويات، مزحة: a common noun the recogniser read as a name
                hit = self.t.head(words.folded[first]) if first == last else None
                if hit is not None and hit[1]:  # الوزارة، المجمع alone: a description, not a name
                    out.append(Found(first, last, s, end, hit[0].kind, "description", name, head=hit[0].noun,
                                     role=hit[0].role))
                    continue
                out.append(Found(first, last, s, end, kind, "recogniser", name, score=e.score))
        return out

    def _segments(self, text, words, first, last):
        """The parts of an entity between punctuation: ``دانيلز، جين مور`` is two names."""
        start = first
        for k in range(first + 1, last + 1):
            if not self._plain_gap(text, words, k):
                yield start, k - 1
                start = k
        yield start, last

    def _common_edge(self, words: Words, k: int, person: bool = False) -> bool:
        """A common word with no article at a name's edge (أوفق، شكل، سيطرتهم، التوفيق لي)."""
        t = self.t
        w = words.folded[k]
        return (t.common(w, person) and not t.analyser.analyse(w).article and not self.listed_word(words, k))

    def _not_in_a_name(self, words: Words, k: int) -> bool:
        t = self.t
        w = words.folded[k]
        if t.bare(w) in t.given or w in t.particles or self.listed_word(words, k):
            return False
        r = t.analyser.analyse(w)
        return (self._pronoun(w) or t.zipf(w) >= PERSON_EDGE_ZIPF
                or r.proclitics in ("و", "ف") and not r.article and t.zipf(r.stem) >= COMMON_STEM)

    def _participle(self, w: str) -> bool:
        """لافتا، مؤكدا: an indefinite accusative (the participle of the next clause), never a name."""
        return w.endswith("ا") and not self.t.analyser.analyse(w).article and self.t.zipf(w) >= 2.5

    def _pronoun(self, w: str) -> bool:
        """A known word with a pronoun glued to it (عواقبها): a name carries none."""
        return any(a.enclitic and a.enclitic != "ي" and self.t.zipf(a.stem) >= 3.0
                   for a in self.t.analyser.readings(w, enclitics=True))

    def _word_zipf(self, w: str) -> float:
        """How common a word is, with or without its article (الأدوية: أدوية)."""
        return max(self.t.zipf(w), self.t.zipf(self.t.analyser.analyse(w).stem))

    def _adjective(self, text: str, words: Words, k: int) -> bool:
        """A definite word right after a definite noun is its adjective (المدارس المستأجرة)."""
        if k == 0 or not self._plain_gap(text, words, k):
            return False
        a = self.t.analyser
        return a.analyse(words.folded[k]).article and a.analyse(words.folded[k - 1]).article

    def _lone_word_not_person(self, words: Words, k: int) -> bool:
        t = self.t
        w = words.folded[k]
        if t.bare(w) in t.given or self.listed_word(words, k):
            return False
        if self._participle(w):
            return True  # لافتا، مؤكدا: a participle, not a person
        return t.common(w, True) or (t.analyser.analyse(w).article and t.zipf(t.bare(w)) >= 3.0)

    def _glued(self, words: Words, k: int) -> bool:
        """A word with a glued ل that is no name (لارتداء; باول is Powell, not ب + أول)."""
        w = words.folded[k]
        r = self.t.analyser.analyse(w)
        # the word read without its clitic is a commoner word than as written (لارتداء → ارتداء),
        # unlike a name that merely starts like one (سمير، بار، فاليري)
        return r.proclitics in ("ل", "ول", "فل") and not self.listed_word(words, k) and r.bare not in self.t.given \
            and self.t.zipf(r.bare) >= 3.5 and self.t.zipf(r.bare) > self.t.zipf(w) + 0.5

    def role_names_one(self, words: Words, first: int, last: int) -> bool:
        """A role in construct with what it heads names one person or body (وزير الصحة، أمير المنطقة،
        مدير عام التعليم، المدير التنفيذي للمجمع); a definite role and its adjective alone (المدير
        التنفيذي، الفريق الطبي), a list
        (العلماء والمشايخ) or a pronoun (إدارته) does not."""
        a = self.t.analyser
        for k in range(first + 1, last + 1):
            r = a.analyse(words.folded[k])
            if r.proclitics.startswith("و") or self._pronoun(words.folded[k]) or self._participle(words.folded[k]):
                return False
        return True

    def role_end(self, text: str, words: Words, first: int, last: int) -> int:
        """The last word of a role phrase the speaker stage read: its head and the definite words
        after it (وزير الصحة بعدد → وزير الصحة, أمير المنطقة), up to a comma or a common word."""
        for k in range(first + 1, last + 1):
            w = words.folded[k]
            if not self._plain_gap(text, words, k) or w in self.t.stopwords or _TANWIN_FATH in words.texts[k] or (
                    not self.t.analyser.analyse(w).article and self.t.common(w) and not self.listed_word(words, k)):
                return k - 1
        return last

    def span(self, text: str, words: Words, first: int, last: int) -> tuple[int, int, str]:
        return self._span(text, words, first, last)

    def _trim(self, words: Words, first: int, last: int, kind: str) -> tuple[int, int]:
        """Drop the words the recogniser read past the name: function words, a lone preposition
        (لـ), accusatives (مروراً), piety formulae, titles (الأمير), a verb after a surname."""
        t = self.t

        def junk(k: int, edge: str) -> bool:
            w, raw = words.folded[k], words.texts[k]
            bare = t.bare(w)
            if kind == "person" and bare in t.given and not strip(raw).endswith("ى"):
                return False  # علي folds like على: a given name, not the preposition (written على)
            if w in t.stopwords or bare in t.not_names or _TANWIN_FATH in raw or len(w.strip("ـ")) <= 1:
                return True
            if edge == "first" and kind == "person" and w in t.titles:
                return True
            return False

        person = kind == "person"
        while first <= last and (junk(first, "first") or not person and self._common_edge(words, first)):
            first += 1
        while last >= first and junk(last, "last"):
            last -= 1
        # الوزارة ستطور، ابو ماريا بدم بارد: common words read past the name
        while last > first and self._common_edge(words, last, person):
            last -= 1
        if kind != "person":  # الطائي والرائد خاطب الأخير، جميلة ومشاهدة الأفلام: the name ends before
            cut = next((k for k in range(first + 1, last + 1)
                        if self._common_edge(words, k) or _TANWIN_FATH in words.texts[k]), None)
            if cut is not None:
                last = cut - 1
        if kind == "person":
            # الكوميدي روزان، واسع الثراء جورج سوروس: a description before the name
            while first <= last and not self.listed_word(words, first) and t.bare(words.folded[first]) not in t.given \
                    and words.folded[first] not in t.particles and (
                    t.analyser.analyse(words.folded[first]).article and t.common(words.folded[first])
                    or t.zipf(words.folded[first]) >= PERSON_EDGE_ZIPF):  # تماما جميع الاتهامات
                first += 1
            # زهير الذوادي لارتداء شعار: a word with a glued preposition ends a person's name
            cut = next((k for k in range(first + 1, last + 1) if self._glued(words, k)), None)
            if cut is not None:
                last = cut - 1
            # صلاح يعكس، ناصيف البياوي واستطاع: a common word or a conjunction after the name
            while last > first:
                w = words.folded[last]
                r = t.analyser.analyse(w)
                if w.endswith("ا") and not r.article and t.zipf(w) >= 2.5 and r.bare not in t.given:
                    last -= 1  # مؤكدا، لافتا، مضيفا: the participle of the next clause
                    continue
                if r.proclitics.startswith("و") and not r.article and t.zipf(w) == 0.0 and r.stem not in t.given:
                    last -= 1
                elif (not r.article and t.common(w, True) and w not in t.particles
                      and not self.listed_word(words, last) and words.folded[last - 1] not in t.particles):
                    last -= 1
                else:
                    break
        return first, last
