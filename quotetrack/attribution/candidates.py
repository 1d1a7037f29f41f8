"""Every plausible speaker of a quote, with the patterns that proposed it.

Rules propose, the ranker decides (``ranker.py``).  Each pattern is a way
Arabic news names who speaks; one mention may be proposed by several:

* ``explicit_subject`` — the noun phrase after the cue (VSO):
  ``وقال المتحدث باسم الناتو فرح دخل الله، إن`` ; ``بحسب مصدر أمني``;
* ``after_quote`` — the cue follows the quotation: ``«…»، قال الوزير``;
* ``channel`` — a relay names the speaker after عن: ``نقلت الوكالة عن الوزير
  قوله`` (the agency itself is proposed as ``relay_source``);
* ``parse_subject`` — the parse's subject (udpipe backend only);
* ``preverbal_subject`` — right before the cue: ``الناتو يؤكد``،
  ``بحسب أبيس الذي أضاف``;
* ``sentence_subject`` — the first possible speaker of the cue's sentence,
  however far: ``ماسك أكد في المقابلة التي شهدت … أنه``;
* ``participle`` — a circumstantial participle (``مؤكدا``) shares the subject
  of its clause;
* ``nominal_anaphora`` — a role after the cue (``وقال المدرب``) and the person
  earlier introduced with it;
* ``honorific`` — ``وقال سموه`` and the dignitaries named before;
* ``zero_anaphora`` — a cue with no subject (``وأضاف``): the possible
  speakers of the same section, up to three paragraphs back;
* ``continuation`` — a quotation with no cue right after a speaker's quote.

A candidate never lies inside a quote's content; only explicit patterns may
take a mention in a heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import Words
from ..records import Cue, Mention, Quote
from .chains import ChainIndex
from .context import Context
from .subjects import SubjectReading

# the order in which a winner's pattern is reported as its ``resolution``
PATTERNS = ("channel", "nominal_anaphora", "explicit_subject", "after_quote", "parse_subject", "preverbal_subject",
            "participle", "honorific", "sentence_subject", "continuation", "zero_anaphora", "relay_source")
EXPLICIT = {"explicit_subject", "after_quote", "preverbal_subject", "channel", "parse_subject"}
ANAPHORIC = {"zero_anaphora", "participle", "continuation", "sentence_subject", "honorific"}
MAX_ANAPHORA = 8  # chains proposed by zero anaphora: the latest ones (plus every chain that spoke)
APPOSED_ROLES = 3  # قال الرئيس، الأستاذ في …، عضو …، فلان: at most this many roles before the name
ROLE_TAIL_CHARS = 80  # the rest of a role phrase the reader stopped short of, up to its comma
_COMMA = re.compile("[،,]")
LEDE_PARAGRAPHS = 2  # title, source line and first paragraph: where a story names its protagonist


@dataclass
class Candidate:
    mention: Mention
    patterns: dict[str, int] = field(default_factory=dict)  # pattern -> words between cue and mention
    channel: str = ""

    @property
    def pattern(self) -> str:
        return next(p for p in PATTERNS if p in self.patterns)


class Proposer(SubjectReading):
    """Proposes the candidates of each quote of one article, in text order."""

    def __init__(self, reader, words_ctx: dict):
        self.reader = reader
        self.skippable = words_ctx["skippable"]
        self.relatives = words_ctx["relatives"]
        self.gaps_before = {""} | self.relatives
        self.clause_openers = words_ctx["clause_openers"]
        self.manner_frames = words_ctx.get("manner_frames", set())
        self.topic_markers = words_ctx.get("topic_markers", set())

    def start(self, text: str, words: Words, mentions: list[Mention], ctx: Context, doc=None) -> None:
        self.text, self.words, self.mentions, self.ctx, self.doc = text, words, mentions, ctx, doc
        self.index = ChainIndex.build(mentions, self.reader.analyser)
        # the named people of the lede: (first mention's start, chain), in order
        lede: dict[int, int] = {}
        for m in mentions:
            if ctx.para_of(m.start) > LEDE_PARAGRAPHS:
                break
            if m.kind == "person" and m.name and not ctx.in_heading(m.start):
                lede.setdefault(m.chain, m.start)
        self.lede = sorted((start, chain) for chain, start in lede.items())

    # -- the proposals of one quote -------------------------------------------------------
    def propose(self, q: Quote, kept: list[Quote]) -> list[Candidate]:
        found: dict[int, Candidate] = {}  # chain -> candidate (the nearest mention of the chain)

        around = q.cue.start if q.cue is not None else -1
        feminine = q.cue is not None and q.cue.gender == "f" and q.cue.number == "s"
        plural = q.cue is not None and q.cue.number == "p"

        def add(m: Mention | None, pattern: str, dist: int = 0, channel: str = "") -> None:
            if m is None or self.ctx.inside_quote(m.start, m.end, around) or (q.start <= m.start < q.end) \
                    or self.ctx.in_byline(m.start):
                return  # «أعتقد …»: the quote's own words never speak it, nor the reporter's byline
            if pattern not in EXPLICIT and self.ctx.in_heading(m.start) and not self.ctx.in_heading(q.start):
                return
            if feminine and pattern in ANAPHORIC and m.kind == "person" and self.ctx.gender_of(m) == "m":
                return  # وأضافت cannot continue a man (bodies and plurals may take it: قالت الوزارة)
            if plural and pattern in ANAPHORIC and m.kind == "person" and m.number == "s":
                return  # وأضافوا continues people (الباحثون، علماء في جامعة …), never one person
            c = found.get(m.chain)
            if c is None:
                c = found[m.chain] = Candidate(m)
            elif pattern in EXPLICIT and not (c.patterns.keys() & EXPLICIT):
                c.mention = m  # the explicit mention is the one to show
            c.patterns.setdefault(pattern, dist)
            c.channel = c.channel or channel

        cue = q.cue
        if cue is None:
            prev = kept[-1] if kept else None
            if prev and prev.speaker_start >= 0 and self.ctx.same_or_next_paragraph(prev.start, q.start):
                add(self.ctx.mention_at(prev.speaker_start, prev.speaker_end), "continuation")
            self._manner_frame(q, add)
            self._anaphora(q.start, None, add)
            return list(found.values())
        self._after_cue(q, cue, add)
        if cue.kind in ("verb", "phrase") and cue.speaker_side == "after":
            self._before_cue(q, cue, add)
        if cue.kind == "participle":
            add(self._clause_subject(cue, kept), "participle")
        self._anaphora(cue.start, cue, add)
        return list(found.values())

    def _manner_frame(self, q: Quote, add) -> None:
        """``«…».. هكذا بدأ فلان حديثه``: a manner adverb right after the quotation, then any verb,
        then its subject — who said it (pattern ``after_quote``)."""
        words = self.words
        i = words.index_at(q.end) if q.end < len(self.text) else len(words)
        while i < len(words) and words.starts[i] < q.end:
            i += 1
        if i + 1 >= len(words) or words.folded[i] not in self.manner_frames or \
                words.starts[i] - q.end > 6:  # the closing mark and "..", not a new sentence further on
            return
        m, dist = self.np_after(i + 1, q.sentence_end if q.sentence_end > words.ends[i + 1] else len(self.text))
        if m is not None:
            add(self.register(m), "after_quote", dist)

    def _topic(self, cue: Cue, floor: int) -> Mention | None:
        """``أما فلان الأمين العام … فاعتبر أن``: the topic أما fronts is the subject of the verb its ف
        resumes, however long its apposition.  The first speaker-like phrase after أما."""
        words = self.words
        ci = words.index_at(cue.start)
        if not self.reader.analyser.analyse(words.folded[ci]).proclitics.startswith("ف"):
            return None
        k = ci - 1
        while k >= 0 and words.starts[k] >= floor and words.folded[k] not in self.topic_markers:
            k -= 1
        if k < 0 or words.starts[k] < floor or k + 1 >= ci:
            return None
        m = self.reader.read(self.text, words, k + 1, ci, after_verb=True)
        return self.register(m) if m is not None else None

    def _after_cue(self, q: Quote, cue: Cue, add) -> None:
        if cue.speaker_side != "after" or cue.kind not in ("verb", "phrase"):
            return
        if cue.kind == "phrase" and len(cue.lemma.split()[-1]) == 1:
            m = self._glued_source(cue)
            if m is not None:
                add(m, "explicit_subject")
                return
        text, words = self.text, self.words
        ci = words.index_before(cue.end)
        limit = cue.complement_end if cue.complement_end > cue.end and cue.start > q.start - 3 else len(text)
        after = cue.start >= q.end - 1  # «…»، قال الوزير: the subject follows, to the sentence end
        if after:
            limit = q.sentence_end if q.sentence_end > cue.end else len(text)
        m, dist = self.np_after(ci, limit)
        if m is None:
            return
        if m.kind == "person" and m.name_start < 0 and not after:
            m = self._apposed_holder(m, min(limit, q.start) if q.start > cue.end else limit) or m
        m = self.register(m)
        pattern = "after_quote" if after else "explicit_subject"
        relay = self.relayed(m, cue.lemma == "نقل")
        if relay is not None:
            add(relay, "channel", dist, channel=m.text)
            add(m, "relay_source", dist)
            return
        if m.kind == "pronoun":  # وقال سموه: the dignitary named before
            for e in self._people_back(cue.start):
                add(e, "honorific")
            return
        add(m, pattern, dist)
        if m.kind == "person" and m.name_start < 0 and m.role:
            ante = self._role_antecedent(m, cue)
            if ante is not None:
                add(ante, "nominal_anaphora")

    def _apposed_holder(self, m: Mention, stop: int) -> Mention | None:
        """``قال المدير التنفيذي للمستشفى، استشاري أول في طب العيون، الدكتور فلان «…»``: roles in
        apposition, each after a comma, then the name of the one who holds them — the subject."""
        text, words = self.text, self.words
        pos = m.end
        for _ in range(APPOSED_ROLES):
            comma = _COMMA.search(text, pos, min(stop, pos + ROLE_TAIL_CHARS))
            if comma is None:
                return None
            # the role's own tail before the comma (المدير | العام التنفيذي لمستشفى …،): plain words
            between = range(words.index_at(pos), words.index_at(comma.start()))
            r = self.reader
            if any(r.is_verb(words.folded[k]) or words.folded[k] in r.comp for k in between) or \
                    re.search("[«“\".:؛]", text[pos:comma.start()]):
                return None
            pos = comma.start()
            j = words.index_at(pos + 1)
            if j >= len(words) or words.starts[j] >= stop:
                return None
            nxt = self.reader.read(text, words, j, len(words), after_verb=True)
            if nxt is not None and (nxt.kind != "person" or nxt.start >= stop):
                return None
            if nxt is not None and nxt.name_start >= 0 and not self._description_word(nxt, stop):
                return nxt
            # a role, or a description no list holds (استشاري أول في طب العيون): on to its comma
            pos = nxt.end if nxt is not None else comma.end()
        return None

    def _description_word(self, m: Mention, stop: int) -> bool:
        """A lone unknown word read as a name that more words follow (استشاري | أكاديمي أول في …):
        the head of a description, not the holder's name, which ends at a comma, a mark or إن."""
        if m.found_by != "bare":
            return False
        k = self.words.index_at(m.end)
        return k < len(self.words) and self.words.starts[k] < stop and self.words.folded[k] not in self.reader.comp \
            and not re.match(r"\s*[،,«“\"]", self.text[m.end:self.words.starts[k]])

    def _glued_source(self, cue: Cue) -> Mention | None:
        """``ووفقا لبالفي، فإن …``: the phrase's last letter is a preposition glued to the source —
        someone named before (``للقطامي`` is ل + القطامي) or a name the recogniser reads there."""
        words = self.words
        i = words.index_before(cue.end)
        letter = cue.lemma.split()[-1]
        if i < 0 or len(words.folded[i]) <= len(letter) + 2:
            return None  # وفقا لما …، وفقا لـ «…»: nothing glued that can speak
        # the analyser's reading with the phrase's letter as its proclitic (للقطامي = ل + القطامي)
        glued = [a for a in self.reader.analyser.readings(words.folded[i]) if a.proclitics == letter]
        if not glued:
            return None
        a = glued[-1]
        key = a.definite_stem
        for m in self.ctx.mentions_back(cue.start):
            if m.kind in ("person", "organisation", "group") and key in (m.name or m.text).split():
                return m
        e = self.reader.entity_at(words, i, ("PER", "ORG"))
        if e is not None and e.start > words.starts[i]:
            start, end, kind = e.start, e.end, "person" if e.label == "PER" else "organisation"
        elif not a.article and (a.stem in self.reader.given or not self.reader._common(a.stem)):
            # لرامز دوبرينين: a first name, or a word general Arabic does not know, and the name after it
            last = max(self.reader.name_run(self.text, words, i + 1, len(words)), i)
            start, end, kind = words.starts[i] + len(letter), words.ends[last], "person"
        else:
            role = self.reader.role_at(words, i, len(words))
            if role is None or a.article:
                return None  # وفقا للقانون، وفقا لبيانات …: a document or data, not a named source
            m = self.reader.role_phrase(self.text, words, i, role, len(words))
            # وفقا لمصادر مطلعة، وفقا لمسؤول في الوزارة: the description after the preposition
            m.start += len(letter)
            m.text = m.text[len(letter):]
            return self.register(m)
        name = self.text[start:end]
        person = kind == "person"
        return self.register(Mention(start, end, name, kind, name=name if person else "",
                                     name_start=start if person else -1, name_end=end if person else -1,
                                     found_by="entity" if e is not None else "bare",
                                     entity=e.label if e is not None else "", entity_score=e.score if e is not None else 0.0))

    def _before_cue(self, q: Quote, cue: Cue, add) -> None:
        if cue.kind == "verb":
            add(self._parse_subject(cue), "parse_subject")
        floor = q.sentence_start if q.sentence_start >= 0 else 0
        add(self.np_before(cue.start, floor, cue.end) or self._topic(cue, floor) or self.open_before(cue.start, floor),
            "preverbal_subject")
        # the first possible speaker of the sentence, before the cue and outside quotations — not
        # across a comma right before the verb: وردا على سؤال عن تعيين مدير للجنة، قال: … (the
        # phrase before the comma is an adverbial; its nouns are not the verb's subject)
        if re.search(r"[،,]\s*$", self.text[max(0, cue.start - 4):cue.start]) and not cue.text.startswith(("و", "ف")):
            return  # (…، وقال: a verb joined by و goes on with the clause's subject)
        for m in self.ctx.sentence_mentions(cue.start, cue.start):
            if m.kind in ("person", "organisation", "group", "unnamed_source") and \
                    not self.ctx.inside_quote(m.start, m.end) and not self.governed(m):
                add(m, "sentence_subject", len(self.text[m.end:cue.start].split()))
                break

    def _anaphora(self, pos: int, cue: Cue | None, add) -> None:
        """The latest possible speakers up to three paragraphs back, and every chain that has
        spoken before in the article (its latest mention): who ``وأضاف`` may continue."""
        ctx = self.ctx
        seen: set[int] = set()
        for m in ctx.mentions_back(pos):
            if m.chain in seen or m.kind not in ("person", "organisation", "group", "unnamed_source"):
                continue
            if ctx.inside_quote(m.start, m.end) or ctx.in_heading(m.start):
                continue
            if m.entity_kind in ("country", "place"):
                continue  # a state speaks as an explicit subject (وتقول الإمارات), never by anaphora
            seen.add(m.chain)
            if len(seen) <= MAX_ANAPHORA:
                add(m, "zero_anaphora")
        # every chain that spoke, and the named people of the lede (the story's protagonists)
        lede = [chain for start, chain in self.lede if start < pos]
        for chain in list(ctx.history.spoken) + lede:
            if chain in seen:
                continue
            seen.add(chain)
            latest = None
            for m in self.index.members.get(chain, ()):
                if m.start < pos and not ctx.inside_quote(m.start, m.end) and not ctx.in_heading(m.start):
                    latest = m if latest is None or m.start > latest.start else latest
            if latest is not None:
                add(latest, "zero_anaphora")

    def _clause_subject(self, cue: Cue, kept: list[Quote]) -> Mention | None:
        """The subject a participle shares: the speaker of a quote earlier in its sentence,
        else the first possible speaker of the sentence before it."""
        ctx = self.ctx
        s = ctx.sent_of(cue.start)
        for q in reversed(kept):
            if q.cue and q.cue.start < ctx.sent_starts[s]:
                break  # quotes are kept in text order: the rest are in earlier sentences
            if q.cue and ctx.sent_of(q.cue.start) == s and q.speaker_start >= 0 and \
                    not ctx.inside_quote(q.cue.start, q.cue.end):  # a speech reported inside a quote
                return ctx.mention_at(q.speaker_start, q.speaker_end)
        first = None
        for m in ctx.sentence_mentions(cue.start, cue.start):
            if ctx.inside_quote(m.start, m.end) or ctx.in_heading(m.start):
                continue
            if m.kind in ("person", "unnamed_source"):
                return m
            if m.kind in ("organisation", "group"):
                first = first or m
        return first

    def _role_antecedent(self, m: Mention, cue: Cue) -> Mention | None:
        """A definite role with no name (المدرب، زعيم المنظمة العسكرية): the named mention of its
        chain, else the person who spoke last in the section."""
        named = [e for e in self.index.members.get(m.chain, ()) if e.name and e.start < m.start and e.kind == "person"]
        if named:
            return named[-1]
        for e in self._people_back(m.start):
            if self.ctx.spoke_in_section(e, m.start):
                return e
        return None

    def _people_back(self, pos: int):
        """Named people before ``pos`` in the section (latest first), one mention per chain."""
        seen = set()
        for e in self.ctx.mentions_back(pos):
            if e.kind == "person" and e.name and e.chain not in seen and not self.ctx.inside_quote(e.start, e.end) \
                    and self.ctx.section_of(e.start) == self.ctx.section_of(pos):
                seen.add(e.chain)
                yield e
