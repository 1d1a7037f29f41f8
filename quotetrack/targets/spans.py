"""Reading the names of an article: what may be a target, wherever it stands.

Each reader gives :class:`Found` records (word indices and character offsets,
the name as written with its glued clitics left out):

* the gazetteers: entities, capitals, seats and nationality adjectives
  (الكرملين، السوريين، بالعراقيين), people of the registry, and homographs
  where the article holds their context (:meth:`NameReader.listed`);
* head nouns with the name after them (:meth:`NameReader.headed`): شركة
  أرامكو، ناديي الطائي والرائد، مستشفى الملك فهد العام، ولاية نيفادا; a
  definite head alone (الشركة، النادي) is a description;
* the entity recogniser's people, organisations, places and groups,
  trimmed of the words it read past the name (:meth:`NameReader.recognised`:
  ``صلاح يعكس`` → صلاح, ``لـ (سيليبريتي`` → سيليبريتي) and rid of words that
  name nothing alone (فيفري، ريال);
* short names in quotation marks (:meth:`NameReader.quoted`): "سابك"،
  "لينكد إن" — not scare quotes around common words ("احترام").

``resolve`` keeps one reading where they overlap (a listed multi-word name,
then a head and its name, then the registry …), keeping a country named
inside an institution (وزارة الخارجية الروسية → also Russia) and dropping one
inside a facility or a person's name (كأس آسيا, دي روسي).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import Words, fold, fold_text, strip, written_offset
from .tables import Head, TargetTables

MAX_NAME_WORDS = 5  # words of a name after its head: مستشفى الملك فهد العام …
MAX_QUOTED_WORDS = 5  # a quoted name is short: "سيليبريتي بيغ براذر"
NAME_LIKE_ZIPF = 4.5  # an indefinite word rarer than this may be a name (أرامكو 3.9, هجر 3.9; كبيرة 5+)
RARE_ZIPF = 4.0  # a word this rare reads as part of a name even where nothing else says so
FACILITY_ZIPF = 4.3  # a facility's name needs one word this rare, or a known name (كأس العالم needs the list)
QUOTED_ZIPF = 3.2  # a quoted word is a name's if this rare ("سيليبريتي"; not "تفاؤله", "باستقلالية")
QUOTED_DEFINITE_ZIPF = 2.5  # … and rarer with the article («المستأجرة» 3.1 is an adjective)
RARE_NAME_ZIPF = 3.0  # a definite word after a head that is a common word too (حركة) must be this rare
LONE_NAME_ZIPF = 3.0  # a one-word body or place the lists do not hold must be rarer (أديكو; not مزحة, العيون)
LONE_PERSON_ZIPF = 2.5
COMMON_STEM = 4.3  # وبحث: بحث under a conjunction
PERSON_EDGE_ZIPF = 5.2  # a word this common opens no person's name (تماما 5.4, جميع 5.8; صلاح 5.0 may)  # a one-word person no fuller name explains must be this rare (مايورغا; not يأسف 2.9)
KINDS = {"PER": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "GRP": "group"}
_PLAIN_GAP = re.compile(r"^[\s\u00a0\u200c-\u200f\-ـ]*$")  # spaces (and a hyphen) between two words of a name
_OPENING = re.compile("[«“\"'„‹(]")
_TANWIN_FATH = "\u064b"  # بنداً، مروراً: an indefinite accusative is never a name


@dataclass(slots=True)
class Found:
    first: int  # word indices, inclusive
    last: int
    start: int  # characters, end-exclusive, glued clitics outside
    end: int
    kind: str  # person | organisation | place | country | group | event | disease
    source: str  # listed | head | recogniser | quoted | name | nisba | description
    name: str  # as written, clitics off (للوحدة → الوحدة)
    entry: object = None  # gazetteer or registry Entry when listed
    head: str = ""  # folded head noun: a description refers back by it
    role: str = ""  # the head's role (institution | classifier | facility)
    alias: str = ""  # folded name without its head: نادي الوحدة → الوحدة
    score: float = 1.0  # the recogniser's
    inner: bool = False  # a country named inside an institution's name
    cluster: int = -1

    def overlaps(self, other: "Found") -> bool:
        return self.first <= other.last and other.first <= self.last

    def within(self, other: "Found") -> bool:
        return other.first <= self.first and self.last <= other.last


class NameReader:
    """The readers of one rules folder; ``read`` gives every Found of an article, resolved."""

    def __init__(self, tables: TargetTables):
        self.t = tables

    # -- helpers ----------------------------------------------------------------
    def _clitic_start(self, words: Words, i: int, gaz=None) -> int:
        """Character offset of word ``i`` after its glued conjunction/preposition, as the analyser
        reads it (for a listed word: the reading the gazetteer knows: لكييف → كييف)."""
        w = words.folded[i]
        n = len(self.t.analyser.analyse(w).proclitics)
        if gaz is not None:  # باسف is listed whole: no ب to strip; لكييف → كييف
            n = 0 if w in gaz.index else next(
                (len(a.proclitics) for a in self.t.analyser.readings(w) if a.bare in gaz.index), n)
        return words.starts[i] + written_offset(words.texts[i], n)

    def _span(self, text: str, words: Words, first: int, last: int, gaz=None) -> tuple[int, int, str]:
        s = self._clitic_start(words, first, gaz)
        e = words.ends[last]
        name = text[s:e]
        if words.folded[first].startswith("لل") and s > words.starts[first] and not fold(name).startswith("ال"):
            name = "ا" + name  # للوحدة: the ل of the article is shared with the preposition → الوحدة
        return s, e, name

    @staticmethod
    def _plain_gap(text: str, words: Words, k: int) -> bool:
        """Only spaces between word ``k - 1`` and word ``k`` (no comma, mark or bracket)."""
        return bool(_PLAIN_GAP.match(text[words.ends[k - 1]:words.starts[k]]))

    def listed_word(self, words: Words, k: int) -> bool:
        return self.t.entities.match(words, k) is not None or self.t.registry.match(words, k) is not None

    def name_like(self, words: Words, k: int, covered: dict) -> bool:
        """A word that may be (part of) a name: the recogniser's, a listed or given name, or rare."""
        w = self.t.bare(words.folded[k])
        if w in self.t.not_names:
            return False
        return (k in covered or w in self.t.given or self.listed_word(words, k)
                or self.t.zipf(w) < NAME_LIKE_ZIPF)

    # -- listed names -----------------------------------------------------------
    def listed(self, text: str, words: Words, context) -> list[Found]:
        """Gazetteer and registry names; homographs only where ``context`` (forms, folded text) holds."""
        out = []
        for gaz in (self.t.entities, self.t.registry):
            for first, last, entry in gaz.scan(words):
                if entry.via == "adjective" and first and words.folded[first - 1] in self.t.particles:
                    continue  # دي روسي، دا سيلفا: a surname after its particle, not a nationality
                out.append(self._listed(text, words, first, last, entry, gaz))
            guarded = gaz.guarded
            if guarded is None:
                continue
            for first, last, entry in guarded.scan(words):
                if guarded.context_holds(entry, *context):
                    out.append(self._listed(text, words, first, last, entry, guarded))
                    words.memo.setdefault("qt_guarded_ok", []).append((first, last, entry))
        return out

    def _listed(self, text, words, first, last, entry, gaz) -> Found:
        s, e, name = self._span(text, words, first, last, gaz)
        hit = self.t.head(words.folded[first]) if last > first else None
        # تنظيم داعش، الاتحاد الأوروبي: a later التنظيم، الاتحاد refers back to it
        return Found(first, last, s, e, entry.kind, "listed", name, entry, head=hit[0].noun if hit else "")

    # -- heads and their names ----------------------------------------------------
    def headed(self, text: str, words: Words, covered: dict) -> list[Found]:
        out: list[Found] = []
        n = len(words)
        for i in range(n):
            hit = self.t.head(words.folded[i])
            if hit is None:
                continue
            head, definite, _ = hit
            if definite:
                found = self._definite(text, words, i, head, covered)
                if found is not None:
                    out.append(found)
                continue
            last = self._name_after(text, words, i + 1, n, head, covered)
            if last < 0 or self._guarded(words, i + 1, last):
                continue  # منطقة الرباط in a football injury: the ligament, not the city
            out.append(self._headed(text, words, i, i + 1, last, head))
            if head.number != "s":  # ناديي الطائي والرائد: a second name after و
                second = self._second_name(text, words, last + 1, n, head, covered)
                if second is not None:
                    out.append(second)
        return out

    def _guarded(self, words: Words, first: int, last: int) -> bool:
        """Is words[first..last] a homograph of the lists whose context the article does not hold?"""
        for gaz in (self.t.entities, self.t.registry):
            g = gaz.guarded
            if g is None:
                continue
            hit = g.match(words, first, last + 1)
            if hit is not None and hit[0] == last and not any(
                    e.id == hit[1].id for _f, _l, e in self._context_hits(words)):
                return True
        return False

    def _context_hits(self, words: Words) -> list:
        return words.memo.get("qt_guarded_ok", [])

    def _headed(self, text, words, i, first, last, head: Head) -> Found:
        """The Found of a head at ``i`` and its name ``first..last``."""
        s, e, whole = self._span(text, words, i, last)
        ns, _ne, name = self._span(text, words, first, last)
        alias = fold_text(name)
        if head.role == "classifier":  # مدينة تعز: the entity is تعز
            return Found(i, last, s, e, head.kind, "head", name, head=head.noun, role=head.role, alias=alias)
        if head.number != "s":  # ناديي الطائي: the name, with the head in the singular
            whole = f"{words.texts[i] if False else ''}"  # noqa: the dual head is not written with one name
            return Found(first, last, ns, e, head.kind, "head", name, head=head.noun, role=head.role, alias=alias)
        return Found(i, last, s, e, head.kind, "head", whole, head=head.noun, role=head.role, alias=alias)

    def _name_after(self, text: str, words: Words, k0: int, end: int, head: Head, covered: dict) -> int:
        """Last word of the name after a head (``k0`` is its first word), or -1 when no name follows."""
        if k0 >= end or not self._plain_gap(text, words, k0):
            return self._quoted_after(text, words, k0, end)
        a = self.t.analyser
        last, joined = -1, False
        for k in range(k0, min(end, k0 + MAX_NAME_WORDS)):
            if k > k0 and not self._plain_gap(text, words, k):
                break
            w, raw = words.folded[k], words.texts[k]
            if w in self.t.stopwords or w.isdigit() or _TANWIN_FATH in raw or self.t.head(w) is not None and k > k0:
                break
            r = a.analyse(w)
            if k == k0:
                if r.proclitics or not self._first_name_word(words, k, r, head, covered):
                    return -1
            elif self.t.is_nationality(words, k):
                if head.role == "institution":  # وزارة الخارجية الروسية: the ministry's own adjective
                    last = k
                break
            elif r.proclitics == "و" and r.article and head.role == "institution" and not joined:
                joined = True  # وزارة التجارة والصناعة
            elif r.proclitics == "ل" and r.article:
                pass  # جهاز قطر للاستثمار، مجمع الأمل للصحة النفسية
            elif r.proclitics:
                break  # بجدة: where it is, not its name
            elif not (r.article or k in covered and covered[k] is covered.get(k - 1)
                      or self.t.bare(w) in self.t.given or self.t.zipf(w) < RARE_ZIPF) or (
                    not r.article and self.t.common(w) and self.t.bare(w) not in self.t.given):
                break  # جسر أبحر يعتبر، شركة سابك ترتيبها: a verb or a common word after the name
            last = k
        if last < 0 or head.role != "facility":
            return last
        # a facility's name needs one name-like word: ملعب أنفيلد, not كأس العالم (listed instead)
        ok = any(k in covered or self.t.bare(words.folded[k]) in self.t.given or self.listed_word(words, k)
                 or self.t.zipf(self.t.bare(words.folded[k])) < (
                     FACILITY_ZIPF if self.t.analyser.analyse(words.folded[k]).article else RARE_NAME_ZIPF)
                 for k in range(k0, last + 1))  # وثيقة قرطاج; not اتفاق زعمت (a verb is no name)
        return last if ok else -1

    def _first_name_word(self, words, k, r, head: Head, covered) -> bool:
        w = r.bare
        if w in self.t.not_names:
            return False
        if self.t.head(words.folded[k]) is not None:  # جمعية اتحاد الملاك: a head names the body's kind
            return head.role == "institution" and not r.proclitics and not r.article
        if r.article and head.role != "classifier":
            if not head.needs_name:
                return True  # وزارة الصحة، لجنة الانضباط، مستشفى الملك فهد
            # حركة النهضة (the recogniser's, or rare), not حركة المركبات (3.3)
            return k in covered or self.listed_word(words, k) or self.t.zipf(w) < RARE_NAME_ZIPF
        if self.t.common(words.folded[k]) and not self.listed_word(words, k) and not (
                k + 1 < len(words) and self.t.analyser.analyse(words.folded[k + 1]).article
                and not self.t.analyser.analyse(words.folded[k + 1]).proclitics):
            return False  # لجنة شكلت لدراسة: a verb after the head (مجلس نواب الشعب is a construct)
        return self.name_like(words, k, covered)  # شركة أرامكو، مدينة جدة; not شركة كبيرة

    def _quoted_after(self, text: str, words: Words, k0: int, end: int) -> int:
        """شركة "لينكد إن": the name is the quoted words right after the head."""
        if k0 >= end or not _OPENING.search(text[words.ends[k0 - 1]:words.starts[k0]]):
            return -1
        for k in range(k0, min(end, k0 + MAX_QUOTED_WORDS)):
            if k + 1 >= end or not self._plain_gap(text, words, k + 1):
                return k
        return -1

    def _second_name(self, text, words, k, end, head: Head, covered) -> Found | None:
        """The name after و that a dual head introduces: ناديي الطائي والرائد → الرائد."""
        if k >= end or not self._plain_gap(text, words, k):
            return None
        r = self.t.analyser.analyse(words.folded[k])
        if r.proclitics != "و" or not (r.article or self.name_like(words, k, covered)):
            return None
        s = words.starts[k] + written_offset(words.texts[k], 1)
        e = words.ends[k]
        return Found(k, k, s, e, head.kind, "head", text[s:e], head=head.noun, role=head.role,
                     alias=fold(text[s:e]))

    def _definite(self, text, words, i, head: Head, covered) -> Found | None:
        """الاتحاد السعودي، الدوري الممتاز: a name; الشركة، الفريق الأول: a description."""
        n = len(words)
        k = i + 1
        if k < n and self._plain_gap(text, words, k) and not self.t.analyser.analyse(words.folded[k]).proclitics and (
                self.t.bare(words.folded[k]) in self.t.name_adjectives or self.t.is_nationality(words, k)):
            last = k
            while last + 1 < min(n, i + MAX_NAME_WORDS) and self._plain_gap(text, words, last + 1):
                r = self.t.analyser.analyse(words.folded[last + 1])
                if not (r.article and (r.proclitics in ("", "ل")) and words.folded[last + 1] not in self.t.stopwords):
                    break
                if self.t.head(words.folded[last + 1]) is not None:
                    break
                last += 1
            s, e, name = self._span(text, words, i, last)
            return Found(i, last, s, e, head.kind, "head", name, head=head.noun, role=head.role,
                         alias=fold_text(name))
        if head.kind not in ("organisation", "group") or head.number != "s":
            return None
        s, e, name = self._span(text, words, i, i)
        return Found(i, i, s, e, head.kind, "description", name, head=head.noun, role=head.role)

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
                if fold_text(name) in self.t.not_names or not name or (
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

    # -- quoted names ---------------------------------------------------------------
    def quoted(self, text: str, words: Words, marks, covered: dict) -> list[Found]:
        out = []
        for m in marks:
            if m.start < 0 or m.end <= m.start:
                continue
            first, last = words.index_at(m.start), words.index_before(m.end)
            if first > last or last - first + 1 > MAX_QUOTED_WORDS:
                continue
            ws = range(first, last + 1)
            if words.folded[first] in self.t.stopwords or any(words.texts[k].isdigit() for k in ws):
                continue
            if fold_text(text[m.start:m.end]) in self.t.not_names:
                continue
            name_like = [k for k in ws if k in covered or self.listed_word(words, k) or self.t.zipf(
                self.t.bare(words.folded[k])) < (QUOTED_DEFINITE_ZIPF if self.t.analyser.analyse(
                    words.folded[k]).article else QUOTED_ZIPF)]
            if first not in name_like or 2 * len(name_like) < len(ws):
                continue  # "احترام", "حرب تجارية": scare quotes around common words
            if any(self.t.common(words.folded[k]) or _TANWIN_FATH in words.texts[k] or self._pronoun(words.folded[k])
                   for k in ws):
                continue  # "تفاؤله", "إضرابا عارما", "الخطير": a word of the sentence, not a name
            s, e, name = self._span(text, words, first, last)
            out.append(Found(first, last, s, e, "organisation", "quoted", name))
        return out
