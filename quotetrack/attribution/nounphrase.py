"""Reading speaker noun phrases, for the speaker stage and the candidate proposer.

A speaker noun phrase is read from the text's structure, with the entity
recogniser's names as evidence: a role noun with its complement, then a
personal name, with or without commas (``المتحدث باسم الناتو فرح دخل الله``،
``رئيسة البعثة … لدى حلف شمال الأطلسي، ناتاليا جاليبارينكو،``); people the
recogniser names (``وقال عوض الشمراني``); organisations, states and groups
from the gazetteer (الناتو، دول الناتو), the recogniser and bodies (وزارة
الخارجية الإيطالية); unnamed sources (مصدر أمني، متحدثة باسم الجيش); and,
after a speech verb, a run of words that a comma, a colon or إن/أن closes.
Closed lists of given names are one more piece of evidence, never a gate.
Each mention records what read it (``found_by``) for the ranker.

The recogniser's entities of the current article are read from
``words.memo[ENTITIES]`` (first word index → Entity), set by the speaker stage.
"""
from __future__ import annotations

import re

from ..analyser import Tables, analyser_for
from ..gazetteer import entity_gazetteer, registry_gazetteer
from ..morphology import verb_table
from ..normalize import Words, fold
from ..records import Mention
from .names import (_MARKS_GAP, _PREP_CLITIC,
                    NameReading, _by, _trim_to)
from ..ruleset import Ruleset



class NounPhraseReader(NameReading):
    def __init__(self, rules: Ruleset):
        self.analyser = analyser_for(rules)
        self.gaz = entity_gazetteer(rules)
        self.registry = registry_gazetteer(rules)
        names = rules["names.yaml"]
        self.stop = {fold(w) for w in names["stopwords"]}
        self.particles = {fold(w) for w in names["particles"]}
        self.tails = {fold(w) for w in names["compound_tails"]}
        self.given = {fold(w) for w in names["given_names"]}
        self.honorific = {fold(w) for w in names["pronoun_subjects"]}
        self.titles = {fold(w) for w in names["titles"]}
        # role nouns that are also titles before a name (الدكتور جريدي المنصوري، الشيخ …)
        self.title_roles = {fold(e["noun"]) for e in rules["role_nouns.yaml"]["roles"] if e["noun"].startswith("ال")}
        # plural role nouns (شهود، علماء، مسؤولون): an open subject headed by one is a group
        self.plural_heads = {fold(p) for e in rules["role_nouns.yaml"]["roles"] for p in e.get("plural", [])}
        self.governs = {e["noun"]: frozenset(fold(w) for w in e.get("governs", ()))
                        for e in rules["role_nouns.yaml"]["roles"] if e.get("governs")}
        context = rules["context_words.yaml"]
        self.role_preps = {fold(w) for w in context["role_prepositions"]}
        self.relatives = {fold(w) for w in context["relatives"]}
        self.accusative_openers = {fold(w) for w in context.get("accusative_subject_openers", ())}
        # speech events: "قال الوزير في بيان" — في بيان is not part of the role
        self.events = {fold(w) for w in context["speech_events"]}
        verbs = rules["speech_verbs.yaml"]["verbs"]
        self.verbs = verb_table(tuple((e["lemma"], e.get("present"), e.get("participle"), tuple(e.get("forms", [])))
                                      for e in verbs), Tables.from_rules(rules).key())
        comps = rules["attribution_phrases.yaml"]["complementizers"]
        # with ف or و before it too: ووفقا للخبير، فإن … — فإن opens the report, it names nobody
        self.comp = {c + fold(c2["form"].split()[-1]) + p for c2 in comps for p in ("",) + self.analyser.tables.enclitics
                     for c in ("",) + self.analyser.tables.conjunctions}
        # role nouns: folded surface -> (entry, gender, number); multi-word roles by first word
        self.roles: dict[tuple, tuple] = {}
        self.role_heads: set[str] = set()
        roles = rules["role_nouns.yaml"]
        for e in roles["roles"]:
            forms = [(e["noun"], "m", "s")] + ([(e["feminine"], "f", "s")] if "feminine" in e else []) + \
                    [(p, "", "p") for p in e.get("plural", [])]
            for surface, g, n in forms:
                self._add_role(surface, (e, g, n, "role"))
        for e in roles["bodies"]:
            for surface in [e["noun"], *e.get("plural", [])]:
                self._add_role(surface, (e, "f" if surface.endswith("ة") else "m", "s", "body"))

    def _add_role(self, surface: str, value: tuple) -> None:
        toks = [fold(w) for w in surface.split()]
        heads = {toks[0]}
        if not toks[0].startswith("ال"):
            # the article and attached possessors: الرئيس، رئيسها، رئيستها (ة is written ت before them)
            possessive = self.analyser.tables.enclitics
            heads |= {"ال" + toks[0]} | {toks[0] + p for p in possessive}
            if toks[0].endswith("ة"):
                heads |= {toks[0][:-1] + "ت" + p for p in possessive}
        for h in heads:
            self.roles.setdefault((h, *toks[1:]), value)
            self.role_heads.add(h)

    # -- word classes --------------------------------------------------------
    def role_at(self, words: Words, i: int, limit: int):
        variants = self.analyser.bare_forms(words.folded[i])
        following = words.folded[i + 1:i + 3]
        if not any(v in self.role_heads for v in variants):
            variants = self._accusative_subject(words, i)
            if not variants:
                return None  # most words start no role: one set lookup
            nom = self.analyser.nominative  # مصدرا مطلعا: its adjectives agree in the accusative
            following = [nom(w) or w for w in following]
        for length in (3, 2, 1):
            if i + length > limit:
                continue
            for first in variants:
                key = (first, *following[:length - 1])
                hit = self.roles.get(key)
                if hit:
                    return i + length - 1, hit
        return None

    def _accusative_subject(self, words: Words, i: int) -> tuple[str, ...]:
        """``لكن مسؤولا سعوديا قال``: after a sister of إن the subject is accusative; the role noun
        there is read in its nominative (مسؤول).  Elsewhere the alif marks an adverb: ()."""
        nominative = self.analyser.nominative(words.folded[i])
        if nominative not in self.role_heads or i == 0:
            return ()  # (most words: no ending, or no role under it — checked first, it is cheap)
        opener = self.accusative_openers.intersection(self.analyser.bare_forms(words.folded[i - 1]))
        return (nominative,) if opener else ()

    def _nisba_after(self, text: str, words: Words, k: int) -> bool:
        """A glued definite nisba adjective (النفسيين، الخيرية، الوطنية) qualifies the name before it."""
        w = words.folded[k]
        nisba = self.analyser.tables.nisba_endings
        return self.glued(text, words, k) and w.startswith("ال") and bool(nisba) and w.endswith(nisba) and len(w) > 5 \
            and w not in self.stop and not self.is_verb(w) and self.entity_at(words, k, ("PER", "ORG", "GPE")) is None

    def _channel_at(self, words: Words, j: int, limit: int) -> bool:
        """``قال المدرب لقناة …``: a medium the words were said to, not the role's organisation."""
        role = self.role_at(words, j, limit)
        return role is not None and role[1][0]["kind"] == "channel"

    def is_verb(self, w: str) -> bool:
        return w in self.verbs

    def read(self, text: str, words: Words, i: int, limit: int, after_verb: bool = False) -> Mention | None:
        """Read a speaker noun phrase starting at word ``i`` (not past word ``limit``)."""
        m = self._read(text, words, i, limit, after_verb)
        return self.with_registry(words, m) if m is not None and m.kind == "person" else m

    def _read(self, text: str, words: Words, i: int, limit: int, after_verb: bool = False) -> Mention | None:
        if i >= limit:
            return None
        w = words.folded[i]
        if w in self.titles:
            return self._titled(text, words, i, limit, after_verb)
        ent = self.entity_at(words, i)
        if ent is not None and (w in self.comp or self.analyser.analyse(w).bare in self.comp):
            ent = None  # فإن بلاغاً: a complementiser that the recogniser read as a name's first word
        if self._governed(words, i, limit, ent):
            return None  # لأوكرانيا، بالحكومة، لماسك: governed by a preposition, not a subject
        if w in self.honorific:
            m = self._mention(text, words, i, i, "person", name="", role=words.texts[i], gender="m", pronoun=True)
            return _by(m, "honorific")
        reg = self.registry.match(words, i, limit)
        if reg and reg[1].kind == "person":
            end = reg[0]  # the listed name, carried on only as a name cut short is (غوارديولا | الهجومية)
            while end + 1 < limit and self._continues_name(text, words, end + 1, limit, i):
                end += 1
            m = self._mention(text, words, i, end, "person", name_start=i, name_end=end,
                              gender=reg[1].gender, entity_id=reg[1].id)
            m.latin = reg[1].latin
            return self._evidence(words, _by(m, "registry"))
        role = self.role_at(words, i, limit)
        if role:
            return self._evidence(words, self.role_phrase(text, words, i, role, limit))
        gaz = self.gaz.match(words, i, limit)
        if gaz and not (ent is not None and ent.label == "PER" and ent.last > gaz[0]):
            j, entry = gaz
            kind = "group" if entry.kind == "group" or entry.via == "members" else "organisation"
            if entry.via == "adjective":
                return None  # الروسي alone is not a speaker
            m = self._mention(text, words, i, j, kind, name="", entity_id=entry.id,
                              number="p" if kind == "group" else "s", canonical=entry.ar)
            m.entity_kind, m.latin = entry.kind, entry.latin
            return self._evidence(words, _by(m, "gazetteer"))
        if ent is not None and ent.label == "PER":
            end = self.name_run(text, words, i, limit)
            m = self._mention(text, words, i, end, "person", name_start=i, name_end=end)
            _trim_to(m, ent.start, text)
            return self._evidence(words, _by(self._apposition(text, words, m, end, limit), "entity"))
        if ent is not None:  # ORG, GPE, GRP the recogniser names: تسلا، سبيس إكس، الواحة للأسمنت
            last = min(ent.last, limit - 1)
            while last + 1 < limit and self._nisba_after(text, words, last + 1):
                last += 1  # الكلية الملكية للأطباء | النفسيين: the name's last adjective, cut off
            kind = "group" if ent.label == "GRP" else "organisation"
            m = self._mention(text, words, i, last, kind, name="", number="p" if kind == "group" else "s")
            _trim_to(m, ent.start, text)
            m.name = m.text
            m.entity_kind = "country" if ent.label == "GPE" else ""
            return self._evidence(words, _by(m, "entity"))
        given = w in self.given
        if given or (after_verb and self._bare_name_ok(text, words, i, limit)):
            end = self.name_run(text, words, i, limit)
            # a lone given name away from a verb is too often a word (رد فعل حازم)
            if end > i or (end == i and after_verb):
                m = self._mention(text, words, i, end, "person", name_start=i, name_end=end)
                return self._evidence(words, _by(self._apposition(text, words, m, end, limit),
                                                 "given" if given else "bare"))
        return None

    def _titled(self, text: str, words: Words, i: int, limit: int, after_verb: bool) -> Mention | None:
        """Honorific titles before a role or a name (معالي وزير الإسكان …، صاحب السمو الملكي الأمير …):
        the mention starts at the first title; the titles alone name nobody."""
        j = i
        while j < limit and words.folded[j] in self.titles and (j == i or self.glued(text, words, j)):
            j += 1
        if j >= limit or j == i or not self.glued(text, words, j):
            return None
        m = self._read(text, words, j, limit, after_verb)
        if m is None and self.role_at(words, i, limit):
            return self.role_phrase(text, words, i, self.role_at(words, i, limit), limit)  # الدكتور + an unknown name
        if m is None or m.kind not in ("person", "unnamed_source"):
            return m
        m.start = words.starts[i]
        m.text = text[m.start:m.end]
        if m.name_start < 0 and not m.role:
            m.role = m.text
        return m

    def _governed(self, words: Words, i: int, limit: int, ent) -> bool:
        """Is the word at ``i`` the object of a glued preposition (ب ل ك) rather than a subject?"""
        w = words.folded[i]
        if not _PREP_CLITIC.match(w) or w in self.given or self.registry.match(words, i):
            return False
        preps = self.analyser.tables.prepositions
        a = self.analyser.analyse(w)
        if not a.proclitics or a.proclitics[-1] not in preps:
            # the frequency table may keep the letter (لرويترز 3.5, رويترز 4.3): a known body or
            # person behind it still shows the preposition (وأضاف لرويترز)
            return any(r.proclitics[-1:] in preps and (r.bare in self.gaz.index or r.bare in self.registry.index)
                       for r in self.analyser.readings(w))
        return ent is not None or bool(self.gaz.match(words, i, limit) or self.role_at(words, i, limit))

    def _complement(self, text: str, words: Words, j: int, limit: int, construct: bool = False,
                    governs: frozenset = frozenset()) -> int:
        """Extend a role or body over its complement; return the last word index.

        ``الباحث في معهد العلاقات الدولية “الفرنسي” وكاتب “الجغرافية السياسية للقمح”``:
        ال-words, a preposition's object (باسم وزير الخارجية، في معهد ...), quoted
        adjectives or titles and a coordinated second role all belong to it.
        """
        last = j - 1
        first = True
        genitive = False  # the previous word was an indefinite noun: its genitive comes next
        while j < limit and (self.glued(text, words, j) or _MARKS_GAP.match(text[words.ends[j - 1]:words.starts[j]])):
            w = words.folded[j]
            nxt = words.folded[j + 1] if j + 1 < limit else ""
            if first and w in governs and j + 1 < limit and self.glued(text, words, j + 1):
                obj = self.gaz.match(words, j + 1, limit)
                last = j = obj[0] if obj else j + 1  # المشرفون على | الدراسة: the office's object
                j += 1
                first = False
                continue
            if self.person_at(words, j) is not None:
                break  # the role's holder: الرئيس التنفيذي لشركة … | هاني الفضيلي
            if w in self.titles or (w in self.title_roles and not first):
                break  # الدكتور، الأستاذ: a title before the holder's name, not the complement
            place = self.entity_at(words, j, ("ORG", "GPE", "LOC"))
            if place is not None and genitive and words.folded[j - 1] not in self.stop:
                last = j = min(place.last, limit - 1)  # أمين سوق عكاظ، مدير التعليم بمنطقة عسير
                j += 1
                continue
            a = self.analyser.analyse(w)
            if w.startswith("ل") and self._channel_at(words, j, limit):
                break  # قال الوزير لوكالة …: the medium he spoke to, a channel, not his office
            if a.proclitics.endswith("ب") and not first and j + 1 < limit and self.glued(text, words, j + 1) \
                    and not a.article and w not in self.stop:
                last = j  # بمنطقة عسير، بإمارة منطقة مكة: where the role is held, with its genitive
                j += 1
                genitive = True
                continue
            gaz = self.gaz.match(words, j, limit)
            if gaz and gaz[1].kind != "person":
                last = j = gaz[0]
                j += 1
                first = False
                continue
            if (w in self.role_preps or (w == "في" and nxt and nxt not in self.events and nxt not in self.stop)) \
                    and j + 1 < limit and self.glued(text, words, j + 1):
                obj = self.gaz.match(words, j + 1, limit)
                last = j = obj[0] if obj else j + 1  # the preposition and its object
                j += 1
                first = False
                continue
            if w in self.stop or w in self.comp or self.is_verb(w):
                break
            if w.startswith("و") and self.role_at(words, j, limit) and not first:
                last = j  # وكاتب: a second role of the same person
                j += 1
                continue
            a_l = a.proclitics == "ل" and not a.article and len(a.stem) > 2
            if a_l and nxt and self.glued(text, words, j + 1) and self._common(a.stem) \
                    and nxt not in self.stop and nxt not in self.comp and not self.is_verb(nxt) \
                    and self.person_at(words, j + 1) is None:
                last = j  # لشركة | مترو جدة، لمؤسسة | النقد: ل + an indefinite noun wants its genitive
                j += 1
                genitive = True
                continue
            # ال-words, بال/لل/وال + noun (بالاتحاد السعودي، للأنباء، والحوكمة) and ل + noun
            # opening an idafa (لكرة القدم) continue a role's complement
            if w.startswith(("ال", "لل", "بال", "وال")) or (w.startswith("ل") and (
                    self.role_at(words, j, limit) or nxt.startswith("ال"))):
                if w in self.tails:
                    break
                last = j
                j += 1
                first = False
                continue
            if (construct and first or genitive) and w not in self.given and w not in self.stop \
                    and not self.is_verb(w) and w not in self.comp and not self._accusative(words, j):
                last = j  # idafa: وزير خارجية روسيا، مصدر أمني، أمين سوق عكاظ، بإمارة منطقة …
                j += 1
                # an indefinite common noun still wants its genitive: سوق | عكاظ
                genitive = not w.startswith("ال") and self._common(w)
                first = False
                continue
            break
        return last

    def role_phrase(self, text: str, words: Words, i: int, role, limit: int) -> Mention:
        j, (entry, gender, number, what) = role
        definite = words.folded[i].startswith("ال") or words.folded[i][1:].startswith("ال")
        end = self._complement(text, words, j + 1, limit, construct=not definite,
                               governs=self.governs.get(entry["noun"], frozenset()))
        if end == j and self._accusative_subject(words, i):
            while end + 1 < limit and end - j < 2 and self.glued(text, words, end + 1) and \
                    self._accusative(words, end + 1):
                end += 1  # مصدرا مطلعا: the adjectives of an accusative subject are accusative too
        if not definite and end > j:
            # construct state takes the definiteness of its complement (زعيم المنظمة العسكرية،
            # مدرب ليفربول الألماني) — but not through a preposition (متحدث باسم الوزير)
            for k in range(j + 1, end + 1):
                w = words.folded[k]
                if w in self.role_preps or w == "في":
                    break
                gz = self.gaz.match(words, k)
                named = self.entity_at(words, k, ("ORG", "GPE", "LOC")) is not None or not self._common(w)
                if w.startswith("ال") or (gz is not None and gz[1].via == "name") or (named and k > j + 1):
                    definite = True  # أمين سوق عكاظ: a proper noun makes the construct definite
                    break
        if what == "body" and entry["kind"] == "document" and end == j and j + 1 < limit:
            # تقرير لجون سباركس: a report by a named person speaks with that person's voice
            w = words.folded[j + 1]
            if w.startswith("ل") and (w[1:] in self.given or self.person_at(words, j + 1) is not None):
                last = self.name_run(text, words, j + 2, limit) if j + 2 < limit else j + 1
                last = max(last, j + 1)
                s0, e0 = words.starts[j + 1] + 1, words.ends[last]
                m = Mention(s0, e0, text[s0:e0], "person", name=text[s0:e0], name_start=s0, name_end=e0)
                return _by(m, "role")
        if what == "body":
            kind = "group" if entry["kind"] == "group" else "organisation"
            m = self._mention(text, words, i, end, kind, name="", role=text[words.starts[i]:words.ends[end]],
                              gender=gender)
            m.channel = entry["kind"] == "channel"
            if entry["kind"] == "document":
                m.entity_kind = "document"  # البيان، التقرير، الدراسة: a text that speaks for its authors
            return _by(m, "role")
        # a name right after the role, or after a comma and closed by a comma (apposition)
        n0 = end + 1
        name_end = -1
        # an indefinite role is never followed by its own name: in ``متحدث باسم وزير الخارجية
        # الإيطالي باولو جنتيلوني`` the name is the minister's, the speaker an unnamed spokesman
        if not definite and end > j:
            nm = self.name_run(text, words, n0, limit) if n0 < limit and self.glued(text, words, n0) else -1
            if nm >= n0 and self._looks_like_name(text, words, n0, nm):
                end = nm
            n0 = limit
        t0 = n0  # the first word after the role: a title or the name
        while n0 + 1 < limit and (words.folded[n0] in self.titles or words.folded[n0] in self.title_roles) \
                and entry["kind"] == "person" and self.glued(text, words, n0 + 1):
            n0 += 1  # أمين سوق عكاظ الدكتور جريدي المنصوري: the title stands before the name
        if n0 < limit and entry["kind"] == "person":
            gap = text[words.ends[end]:words.starts[t0]]
            if (self.glued(text, words, t0) if t0 == n0 else not gap.strip()) or re.match(r"^\s*[،,]\s*$", gap) \
                    or _MARKS_GAP.match(gap):
                cand = self.name_run(text, words, n0, limit)
                if cand >= n0 and self._looks_like_name(text, words, n0, cand):
                    name_end = cand
        role_text = text[words.starts[i]:words.ends[end]]
        if name_end >= n0:
            return _by(self._mention(text, words, i, name_end, "person", name_start=n0, name_end=name_end,
                                     role=role_text, gender=gender, number=number), "role")
        kind = {"unnamed_source": "unnamed_source", "group": "group"}.get(entry["kind"], "person")
        if kind == "person" and not definite:
            kind = "unnamed_source"  # متحدثة باسم الجيش: described, not named
        return _by(self._mention(text, words, i, end, kind, name="", role=role_text, gender=gender,
                                 number="p" if kind == "group" else number, definite=definite), "role")
