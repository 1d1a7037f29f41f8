"""Reading the names of an article: what may be a target, wherever it stands (``Found``: found.py).

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

from ..normalize import Words, fold, written_offset
from .found import (FACILITY_ZIPF, MAX_NAME_WORDS, MAX_QUOTED_WORDS, NAME_LIKE_ZIPF, QUOTED_DEFINITE_ZIPF,
                    QUOTED_ZIPF, RARE_NAME_ZIPF, RARE_ZIPF, _OPENING, _PLAIN_GAP, _TANWIN_FATH, Found, fold_name)
from .recognised import RecognisedNames
from .tables import Head, TargetTables, where


class NameReader(RecognisedNames):
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
        gap = text[words.ends[k - 1]:words.starts[k]]
        return gap == " " or bool(_PLAIN_GAP.match(gap))  # one space: most gaps, no regex

    def listed_word(self, words: Words, k: int) -> bool:
        """Does a gazetteer or registry entry start at word ``k``?  (Remembered per article: the
        readers ask of the same words.)"""
        memo = words.memo.setdefault("qt_listed_word", {})
        hit = memo.get(k)
        if hit is None:
            hit = memo[k] = (_match(self.t.entities, words, k) is not None
                             or _match(self.t.registry, words, k) is not None)
        return hit

    def name_like(self, words: Words, k: int, covered: dict) -> bool:
        """A word that may be (part of) a name: the recogniser's, a listed or given name, or rare."""
        w = self.t.bare(words.folded[k])
        if w in self.t.not_names:
            return False
        return (k in covered or w in self.t.given or self.listed_word(words, k)
                or self.t.zipf(w) < NAME_LIKE_ZIPF)

    # -- listed names -----------------------------------------------------------
    def listed(self, text: str, words: Words) -> list[Found]:
        """Gazetteer and registry names; homographs only where the article holds their context."""
        out = []
        context = None  # (bare forms, folded text) of the article: built only when a homograph is met
        maybe = self.t.unlisted.maybe(words)
        starts = where(words, maybe)  # the words that may start an entry: most are known to start none
        for gaz in (self.t.entities, self.t.registry):
            for first, last, entry in _scan(gaz, words, starts):
                if entry.via == "adjective" and first and words.folded[first - 1] in self.t.particles:
                    continue  # دي روسي، دا سيلفا: a surname after its particle, not a nationality
                out.append(self._listed(text, words, first, last, entry, gaz))
            guarded = gaz.guarded
            if guarded is None:
                continue
            for first, last, entry in _scan(guarded, words, starts):
                if context is None:
                    context = self._context(words)
                if guarded.context_holds(entry, *context):
                    out.append(self._listed(text, words, first, last, entry, guarded))
                    words.memo.setdefault("qt_guarded_ok", []).append((first, last, entry))
        # words every gazetteer now knows start nothing (a word inside a match may not have been asked)
        self.t.unlisted.learn(w for w in maybe if all(g.can_start.get(w) is False for g in self.t.gazetteers))
        return out

    def _context(self, words: Words) -> tuple[frozenset, str]:
        """What ``Gazetteer.context_holds`` reads: the bare forms of the article's words (those that
        are context words: it asks of no other) and its folded words one space apart."""
        return self.t.context_forms(words), " " + " ".join(words.folded) + " "

    def _listed(self, text, words, first, last, entry, gaz) -> Found:
        s, e, name = self._span(text, words, first, last, gaz)
        hit = self.t.head(words.folded[first]) if last > first else None
        # تنظيم داعش، الاتحاد الأوروبي: a later التنظيم، الاتحاد refers back to it
        return Found(first, last, s, e, entry.kind, "listed", name, entry, head=hit[0].noun if hit else "")

    # -- heads and their names ----------------------------------------------------
    def headed(self, text: str, words: Words, covered: dict) -> list[Found]:
        out: list[Found] = []
        n = len(words)
        for i in self.t.heads_in(words):
            hit = self.t.head(words.folded[i])
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
        alias = fold_name(name)
        if head.role == "classifier":  # مدينة تعز: the entity is تعز
            return Found(i, last, s, e, head.kind, "head", name, head=head.noun, role=head.role, alias=alias)
        if head.number != "s":  # ناديي الطائي: the name, with the head in the singular
            # … and no head a later الشركة، النادي refers back by: it names two bodies or a class of them
            # (شركات البتروكيماويات … الشركة is not the petrochemicals)
            return Found(first, last, ns, e, head.kind, "head", name, role=head.role, alias=alias)
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
                         alias=fold_name(name))
        if head.kind not in ("organisation", "group") or head.number != "s":
            return None
        s, e, name = self._span(text, words, i, i)
        return Found(i, i, s, e, head.kind, "description", name, head=head.noun, role=head.role)

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
            if fold_name(text[m.start:m.end]) in self.t.not_names:
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


def _match(gaz, words: Words, k: int):
    """``gaz.match(words, k)``, answered without a call for a word the gazetteer already knows starts
    no entry (its ``can_start`` cache; most words): the readers ask of every word of the article."""
    if k < len(words.folded) and gaz.can_start.get(words.folded[k]) is False:
        return None
    return gaz.match(words, k)


def _scan(gaz, words: Words, starts: list[int]):
    """``gaz.scan(words)``: every non-overlapping match, (first, last, Entry), in text order, asked
    only at ``starts`` (the other words are known to start no entry: ``TargetTables.unlisted``)."""
    can, folded = gaz.can_start, words.folded
    after = 0  # the word after the last match: matches do not overlap
    for i in starts:
        if i < after or can.get(folded[i]) is False:
            continue
        hit = gaz.match(words, i)
        if hit is not None:
            yield i, hit[0], hit[1]
            after = hit[0] + 1
