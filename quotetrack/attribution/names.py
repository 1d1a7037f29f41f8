"""Reading personal names: where a name starts and ends, and the name-plus-role appositions.

A name is read from the recogniser's people (``entities/``), carried on over a
patronymic or a rare word it cut (``نبيل أبو | ردينة``), or — where the
recogniser is silent — from the shape of the sentence: a run of rare words
closed by إن/أن, punctuation, a relative (``وهو``) or a role in apposition
(``وقال آلان دوهاز رئيس مجموعة …``).  Rarity comes from the frequency table
(``lexicon.py``): names are rare words of general Arabic, ``حالياً`` and
``سابق`` are not.  Closed lists of given names are one more piece of evidence.
``NameReading`` is the half of ``NounPhraseReader`` that reads names.
"""
from __future__ import annotations

import re

from ..normalize import Words
from ..records import Mention

MAX_NAME_WORDS = 5
ENTITIES = "qt_entities_at"  # key in Words.memo: first word index -> Entity of the recogniser
SPEAKING = ("PER", "ORG", "GPE", "GRP")
FREQUENT_ZIPF = 4.0  # the second word of a common word's phrase: العدوى، المستشفى
RARE_ZIPF = 4.5  # a word rarer than this in general Arabic may be part of a name (سويلم، ردينة، ترامب)
_MARKS_GAP = re.compile(r"^\s*[«»“”\"]\s*$|^\s*[«»“”\"]\s*[«»“”\"]\s*$")
_PREP_CLITIC = re.compile("^(ب|ل|لل|وب|ول|فب|فل)")
_GAP_OK = re.compile(r"^[ \t\u00a0\u200f\u200e]*$")


def _by(m: Mention | None, how: str) -> Mention | None:
    if m is not None and not m.found_by:
        m.found_by = how
    return m


def _trim_to(m: Mention, start: int, text: str) -> None:
    """Start a mention where its entity starts: after a glued conjunction (وهاني الفضيلي)."""
    if m.start < start < m.end:
        m.start = start
        m.text = text[m.start:m.end]
        if m.name_start >= 0 and m.name_start < start:
            m.name_start = start
            m.name = text[m.name_start:m.name_end]


class NameReading:
    """Name reading over the tables ``NounPhraseReader`` sets up (given names, particles, roles …)."""

    @staticmethod
    def entity_at(words: Words, i: int, labels=SPEAKING):
        """The recogniser's entity starting at word ``i`` (one of ``labels``), or None."""
        e = words.memo.get(ENTITIES, {}).get(i)
        return e if e is not None and e.label in labels else None

    def person_at(self, words: Words, i: int):
        return self.entity_at(words, i, ("PER",))

    def glued(self, text: str, words: Words, j: int) -> bool:
        """No punctuation between word j-1 and word j."""
        return _GAP_OK.match(text[words.ends[j - 1]:words.starts[j]]) is not None

    def name_run(self, text: str, words: Words, j: int, limit: int) -> int:
        """Last index of a personal name starting at j (j-1 if none): the recogniser's person,
        carried on over a patronymic it cut (حمد بن محمد | آل ثاني), else the rules' run."""
        ent = self.person_at(words, j)
        if ent is not None:
            last = min(ent.last, limit - 1)
            while last + 1 < limit and self._continues_name(text, words, last + 1, limit, j):
                last += 1
            while last >= j and words.folded[last] in self.particles:
                last -= 1  # a name never ends on a particle (أبو، عبد، آل)
            return last
        last = j - 1
        k = j
        while k < limit and k - j < MAX_NAME_WORDS:
            w = words.folded[k]
            if k > j and not self.glued(text, words, k):
                break
            if not w or w[0].isdigit() or w in self.stop or w in self.comp or self.is_verb(w) \
                    or len(w) < 2 or w.startswith(("وال", "بال", "لل")):
                break
            if self.role_at(words, k, limit) and (k == j or w not in self.given) \
                    and not (k > j and self._middle_name(text, words, k, limit)):
                break  # حامد النيادي وكيل وزارة: a role word ends the name
            if k > j and len(w) > 4 and w.endswith(("ه", "ها", "هم", "هما")):
                break  # a possessed noun (زينة اعتداءها), not part of a name
            if k > j and self._glued_common(w):
                break  # زهران القطامي | بغضب: a preposition glued to a common noun
            if self.analyser.starts_definite(words.texts[k], w):
                prev = words.folded[k - 1] if k > j else ""
                if w in self.tails and k > j:
                    pass  # فرح دخل الله، عبد الرحمن
                elif k > j and prev not in self.particles and k - j <= 2 and self.gaz.match(words, k) is None \
                        and not self.role_at(words, k, limit):
                    pass  # a family name with ال after a first name: عبدالله الأحمري
                else:
                    break
            elif self.gaz.match(words, k) is not None and self.registry.match(words, k) is None:
                break
            last = k
            k += 1
        # a name never ends on a particle (أبو، عبد)
        while last >= j and words.folded[last] in self.particles:
            last -= 1
        return last

    # -- noun phrases --------------------------------------------------------

    def _continues_name(self, text: str, words: Words, k: int, limit: int, start: int) -> bool:
        """Does word ``k`` carry on the name before it?  A glued particle (بن، آل، أبو), a compound
        tail (الله، الدين), or a word rare in general Arabic that is no role, verb or function
        word: the recogniser often stops a name early (نبيل أبو | ردينة، كلير | ليولين)."""
        if not self.glued(text, words, k):
            return False
        w = words.folded[k]
        prev = words.folded[k - 1]
        if w in self.particles or w in self.tails or prev in self.particles:
            return w not in self.stop and not self.is_verb(w) and k + (w in self.particles) < limit
        if w in self.stop or w in self.comp or self.is_verb(w) or len(w) < 3:
            return False
        if self.role_at(words, k, limit) and not self._middle_name(text, words, k, limit):
            return False
        if self.entity_at(words, k, ("ORG", "GPE", "LOC")) is not None or w.startswith(("وال", "بال", "لل")):
            return False
        if self.common_with_clitics(w) and not (k + 1 < len(words) and words.folded[k + 1] in self.comp):
            # رامز الدبيسي | نظيره: a possessed noun (the object) follows the name — unless إن/أن
            # closes it, where the word can only be the name's last (الدكتور فلان الفلاني عبده أن)
            return False
        if w.startswith("ال") and any(words.folded[x].startswith("ال") for x in range(start, k)):
            return False  # one family name with ال: زهران بن رامز القطامي | الوفد
        if k - start >= 2 and (w.endswith("ة") or self._accusative(words, k)):
            return False  # رامز الدبيسي | استقالة، … القحطاني | عرضا: a noun after a full name
        if w.startswith("ال") and w.endswith("ة"):
            return False  # غوارديولا | الهجومية: a definite feminine adjective, not a family name
        lex = self.analyser.lexicon
        if lex is None:
            return False
        if self._glued_common(w):
            return False  # إنييستا | بغضب: a preposition glued to a common noun
        return lex.zipf(w) < RARE_ZIPF

    def _middle_name(self, text: str, words: Words, k: int, limit: int) -> bool:
        """An indefinite role word between two parts of a name is a name (محمت | أمين | أويماك,
        not حامد النيادي | وكيل وزارة): a word rare in general Arabic follows it, glued."""
        w = words.folded[k]
        if w.startswith("ال") or k + 1 >= limit or not self.glued(text, words, k + 1):
            return False
        nxt = words.folded[k + 1]
        return not (nxt in self.stop or nxt in self.comp or self.is_verb(nxt) or self._common(nxt)
                    or self.role_at(words, k + 1, limit) or self.analyser.lexicon is None)

    def _glued_common(self, w: str) -> bool:
        """بغضب، لكسر: a preposition glued to a word general Arabic knows — never part of a name."""
        lex = self.analyser.lexicon
        a = self.analyser.analyse(w)
        return lex is not None and a.proclitics[-1:] in self.analyser.tables.prepositions \
            and lex.zipf(a.bare) >= RARE_ZIPF - 1

    def apposed_start(self, text: str, words: Words, j: int) -> int | None:
        """Where a name that a comma and the role at ``j`` follow starts (one to three glued words,
        one of them rare in general Arabic, no function word or verb among them), or None."""
        end = j - 1
        k = end
        while k >= 0 and end - k < 3:
            w = words.folded[k]
            if w in self.stop or w in self.comp or self.is_verb(w) or w.startswith(("وال", "بال", "لل")) \
                    or not w or w[0].isdigit() or self.role_at(words, k, j) or (k < end and not self.glued(text, words, k + 1)):
                break
            k -= 1
        start = k + 1
        while start <= end and (words.folded[start].startswith("ال") or words.folded[start][:1] in ("ب", "ل")
                                and self._common(self.analyser.analyse(words.folded[start]).bare)):
            start += 1  # المعسكر بهذا الشكل، …: a definite or governed noun does not start a name
        if start > end or any(self._common(words.folded[x]) and words.folded[x] not in self.given
                              for x in range(start, end + 1)):
            return None  # names are rare words of general Arabic (or listed given names)
        return start

    def apposed(self, text: str, words: Words, i: int, j: int, limit: int) -> Mention | None:
        """The person of an apposition: the name at ``i`` and the role phrase at ``j``."""
        end = j - 1
        role = self.role_at(words, j, limit)
        if role is None or role[1][3] != "role":
            return None
        last = max(self._complement(text, words, role[0] + 1, limit), role[0])
        m = self._mention(text, words, i, end, "person", name_start=i, name_end=end, gender=role[1][1])
        m.role = text[words.starts[j]:words.ends[last]]
        return self._evidence(words, _by(self.with_registry(words, m), "apposition"))

    def _apposition(self, text: str, words: Words, m: Mention, end: int, limit: int) -> Mention:
        """A definite role right after a name describes it: ``بريزار” الخبير في تمويل الإرهاب``."""
        k = end + 1
        if k >= limit or not (self.glued(text, words, k) or _MARKS_GAP.match(text[words.ends[k - 1]:words.starts[k]])):
            return m
        role = self.role_at(words, k, limit)
        if not role or role[1][3] != "role":
            return m
        definite = words.folded[k].startswith("ال")
        last = max(self._complement(text, words, role[0] + 1, limit, construct=not definite), role[0])
        # a role in construct is definite when its complement is (محامي مهاجم يوفنتوس الإيطالي،
        # عضو اللجنة العقارية): then it describes the name before it
        definite = definite or any(words.folded[x].startswith("ال") or not self._common(words.folded[x])
                                   for x in range(role[0] + 1, last + 1))
        if definite:  # الخبير في …، عضو اللجنة العقارية، محامي مهاجم يوفنتوس
            m.role = text[words.starts[k]:words.ends[last]]
            m.gender = m.gender or role[1][1]
            m.end = words.ends[last]  # the apposition is part of the mention
            m.text = text[m.start:m.end]
        return m

    def with_registry(self, words: Words, m: Mention) -> Mention:
        """Give a person found by rules its registry id, Latin name and gender where listed
        (``الأمين العام … مارك روتي`` → mark_rutte)."""
        if m.name_start < 0 or m.entity_id:
            return m
        i = words.index_at(m.name_start)
        for k in range(i, words.index_at(m.name_end)):
            hit = self.registry.match(words, k)
            if hit and hit[1].kind == "person" and words.ends[hit[0]] <= m.name_end:
                m.entity_id, m.latin = hit[1].id, hit[1].latin
                m.gender = m.gender or hit[1].gender
                break
        return m

    def _looks_like_name(self, text: str, words: Words, j: int, last: int) -> bool:
        """A run after a role is a name if it starts with a known name, or if punctuation,
        إن/أن or a speech verb closes it (فرح دخل الله، إن ...)."""
        first = words.folded[j]
        if first in self.given or self.registry.match(words, j) or self.person_at(words, j) is not None:
            return True
        if self._accusative(words, j):
            return False  # مدير خلفا لفلان: "in succession to", not the director's name
        run = words.folded[j:last + 1]
        if len(run) <= 2 and (self._common(run[0]) if len(run) == 1 else self._frequent(run[0]) and self._frequent(run[1])):
            return False  # أكد المدير انتقال العدوى، أعلن الوزير افتتاح …: the verb's object, not a name
        if 2 <= len(run) <= 3 and not any(_PREP_CLITIC.match(w) or w.startswith("ال") for w in run[:-1]) \
                and not _PREP_CLITIC.match(run[-1]) and not self._common(run[0]):
            # الرئيس الأوغندي يوري موسفني، الوزير رامز الدبيسي: two or three name-like words after a role
            return True
        if _PREP_CLITIC.match(first) and len(first) > 4:
            return False  # بتعزيز، لمناقشة: prepositional phrases, not names
        after = text[words.ends[last]:words.ends[last] + 3]
        nxt = words.folded[last + 1] if last + 1 < len(words) else ""
        # closed by punctuation, إن/أن, a verb, a relative (X وهو أستاذ …) or a role in apposition
        return bool(re.match(r"\s*([،,:.«“\"(]|$)", after)) or nxt in self.comp or self.is_verb(nxt) or \
            nxt in self.relatives or (last + 1 < len(words) and bool(self.role_at(words, last + 1, len(words))))

    def _bare_name_ok(self, text: str, words: Words, i: int, limit: int) -> bool:
        """An unknown word after a speech verb is a name when إن/أن, a colon or a comma follows the run."""
        w = words.folded[i]
        if self.person_at(words, i) is not None:
            return True
        lex = self.analyser.lexicon
        if self._foreign_pair(text, words, i, limit):
            pass  # ولفت آلان روميلياك وهو …: a first name folded into a common word (الآن), then a rare one
        elif self.analyser.starts_definite(words.texts[i], w) or len(w) < 3 or (_PREP_CLITIC.match(w) and len(w) < 5):
            return False
        elif lex is not None and (lex.zipf(w) >= 4.0 or (w.endswith("ا") and lex.zipf(w[:-1]) >= 3.0)):
            return False  # سابق، حالياً، لاحقاً: common words and adverbs, not names nobody listed
        if self.common_with_clitics(w):
            return False  # بقوله، جولته: a preposition or a pronoun glued to a common word
        if lex is not None and _PREP_CLITIC.match(w) and w not in self.given:
            a = self.analyser.analyse(w)
            if a.proclitics[-1:] in self.analyser.tables.prepositions and lex.zipf(a.bare) >= lex.zipf(w) + 0.5:
                return False  # وأضاف لرويترز: the addressee behind ل (رويترز is commoner alone), not a name
        end = self.name_run(text, words, i, limit)
        if end < i:
            return False
        after = text[words.ends[end]:words.ends[end] + 3]
        nxt = words.folded[end + 1] if end + 1 < len(words) else ""
        # closed by punctuation, إن/أن, a relative (وهو) or a role in apposition (وقال آلان دوهاز رئيس …)
        return bool(re.match(r"\s*[،,:«“\"]", after)) or nxt in self.comp or nxt in self.relatives or \
            (end + 1 < limit and self.glued(text, words, end + 1) and bool(self.role_at(words, end + 1, limit)))

    def _foreign_pair(self, text: str, words: Words, i: int, limit: int) -> bool:
        """A first name written with آ (آلان، آدم) folds like a common word (الآن، ادم); followed by a
        glued word general Arabic does not know (روميلياك), the two are a transliterated name."""
        lex = self.analyser.lexicon
        if lex is None or not words.texts[i].startswith("آ") or i + 1 >= limit or not self.glued(text, words, i + 1):
            return False
        nxt = words.folded[i + 1]
        return len(nxt) >= 4 and lex.zipf(nxt) < 1.5 and nxt not in self.stop and not self.is_verb(nxt)

    def common_with_clitics(self, w: str) -> bool:
        """Is ``w`` a common word of general Arabic with an attached pronoun (بقوله = ب + قول + ه،
        جولته = جولة + ه)?  Such a word is never a name."""
        lex = self.analyser.lexicon
        if lex is None:
            return False
        for a in self.analyser.readings(w, enclitics=True):
            # third-person possessors only: news reports (جولته، تصريحاتها); a final ي or ك is
            # more often a name's own letter (روتي، مرسي) than "my" or "your"
            if not a.enclitic.startswith("ه"):
                continue  # (and a name may start like a preposition: باول is not ب + أول)
            stem = a.stem[:-1] + "ة" if a.enclitic and a.stem.endswith("ت") else a.stem
            if max(lex.zipf(a.definite_stem), lex.zipf(stem)) >= 3.5:
                return True
        return False

    def _accusative(self, words: Words, j: int) -> bool:
        """خلفا، مديرا، حاليا: the alif of an indefinite accusative (an adverb or an object) ends a
        noun phrase — a genitive never takes it.  Names that end in ا (روسيا) are listed or recognised."""
        nominative = self.analyser.nominative(words.folded[j])
        return nominative is not None and self._common(nominative) and self.gaz.match(words, j) is None \
            and self.entity_at(words, j, ("PER", "ORG", "GPE", "LOC")) is None

    def _evidence(self, words: Words, m: Mention | None) -> Mention | None:
        """Record the recogniser's label and score of the mention's name (or head) on it."""
        if m is None:
            return m
        i = words.index_at(m.name_start if m.name_start >= 0 else m.start)
        i = i - 1 if i > 0 and words.ends[i - 1] > (m.name_start if m.name_start >= 0 else m.start) else i
        for k in range(max(0, i - 1), min(len(words), i + 1)):
            e = words.memo.get(ENTITIES, {}).get(k)
            if e is not None and e.start < m.end and m.start < e.end:
                m.entity, m.entity_score = e.label, e.score
                break
        return m

    @staticmethod
    def _mention(text, words, i, end, kind, name=None, name_start=-1, name_end=-1, role="", gender="",
                 number="s", entity_id="", canonical="", pronoun=False, definite=True) -> Mention:
        start, stop = words.starts[i], words.ends[end]
        m = Mention(start, stop, text[start:stop], kind, role=role, gender=gender, number=number,
                    entity_id=entity_id)
        if name_start >= 0:
            m.name_start, m.name_end = words.starts[name_start], words.ends[name_end]
            m.name = text[m.name_start:m.name_end]
        elif canonical:
            m.name = canonical
        if pronoun:
            m.kind = "pronoun"
        if not definite and kind == "person":
            m.kind = "unnamed_source"
        return m

    def _frequent(self, w: str) -> bool:
        """Frequent enough in general Arabic that, after a common word, it is no surname
        (انتقال | العدوى; a surname that is a word, منير | التاريخ, follows a rarer given name)."""
        lex = self.analyser.lexicon
        return lex is not None and lex.zipf(w) >= FREQUENT_ZIPF

    def _common(self, w: str) -> bool:
        """Is this word a common noun of general Arabic (not a rare word that may be a name)?"""
        lex = self.analyser.lexicon
        return lex is not None and lex.zipf(w) >= RARE_ZIPF
