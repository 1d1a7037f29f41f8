"""Stage 7: what each quote is about (component ``quotetrack_targets``).

Every person, body and place named in a quote's content, read once per
article (``spans.NameReader``: the gazetteers, head nouns with their names,
the entity recogniser's names, short quoted names), resolved where readings
overlap and linked within the article (``link``: الفضيلي → هاني الفضيلي,
الشركة → the company named before).  Pronouns are not names (``دعمنا``): the
speaker is a target only when named in the content.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import Words, fold, text_of, words_of
from ..records import About, Entity, Mention, Quote
from ..ruleset import Ruleset
from .known import article_names, find_again, members_again
from .link import Identity, Linker, resolve
from .found import Found, fold_name
from .spans import NameReader
from .tables import tables_for


ABOUT_WINDOW = 3  # words between حول/عن/بشأن and the name they ask about (حول الاهتمام بمحرز)


class TargetFinder:
    def __init__(self, rules: Ruleset):
        self.tables = tables_for(rules)
        self.reader = NameReader(self.tables)

    def read(self, text: str, words: Words, entities=(), marks=(), mentions=()) -> list[tuple[Found, Identity]]:
        """Every name of the article with its identity, in text order."""
        t = self.tables
        covered: dict[int, object] = {}
        for e in entities:
            for k in range(max(e.first, 0), e.last + 1):
                covered[k] = e
        found = self.reader.listed(text, words)
        found += self.reader.headed(text, words, covered)
        found += self.reader.recognised(text, words, list(entities) + self._people(words, text, mentions, covered))
        found += self.reader.quoted(text, words, marks, covered)
        listed = {k for f in found if f.source == "listed" for k in range(f.first, f.last + 1)}
        # a role around a listed name (الجيش الروسي، وزير الخارجية الإيراني) gives that name instead
        found += [r for r in self._roles(text, words, mentions) if listed.isdisjoint(range(r.first, r.last + 1))]
        kept = resolve(found)
        linker = Linker(mentions)
        named = list(zip(kept, linker.link(kept)))
        again = find_again(text, words, article_names(named, t), kept, t)
        again += members_again(text, words, named, kept + again, t)
        named += zip(again, linker.link(again))
        return sorted(named, key=lambda x: (x[0].start, x[0].end))

    def _people(self, words: Words, text: str, mentions, covered: dict) -> list[Entity]:
        """People the speaker stage named that the recogniser did not (its chains read names by
        structure: وقال عوض الشمراني), trimmed like the recogniser's."""
        out = []
        for m in mentions:
            if m.kind == "person" and m.name and m.name_start >= 0:
                first, last = words.index_at(m.name_start), words.index_before(m.name_end)
                if first <= last and not any(k in covered for k in range(first, last + 1)):
                    out.append(Entity(m.name_start, m.name_end, text[m.name_start:m.name_end], "PER", 0.5,
                                      first, last, "rules"))
        return out

    def _roles(self, text: str, words: Words, mentions) -> list[Found]:
        """People and bodies the speaker stage read by their role (وزير الصحة، أمير المنطقة، إدارة
        مكافحة العدوى): a target by that description; a role its chain names (أمير المنطقة → خالد
        الفيصل) is that person (``alias``)."""
        out = []
        for m in mentions:
            if m.found_by != "role" or m.kind not in ("person", "organisation", "group") or m.channel \
                    or m.name_start >= 0:
                continue
            first, last = words.index_at(m.start), words.index_before(m.end)
            head = self.tables.head(words.folded[first]) if first <= last else None
            if first > last or head is not None and head[0].needs_name:
                continue  # حركة المركبات: traffic, as the head nouns' reader decided
            last = self.reader.role_end(text, words, first, last)
            if last <= first or not self.reader.role_names_one(words, first, last):
                continue  # الوزير، المدير التنفيذي، الفريق الطبي: a role that names no one in particular
            s, e, name = self.reader.span(text, words, first, last)
            out.append(Found(first, last, s, e, m.kind, "role", name, alias=m.name or ""))
        return out

    def about_all(self, text: str, words: Words, quotes: list[Quote], mentions: list[Mention] = (),
                  entities=(), marks=()) -> None:
        """Set ``q.about`` on every quote from one reading of the article: the names of its content
        and of its reporting clause (``وقال غوارديولا عن محرز: «…»``), the speaker's own words left out."""
        named = self.read(text, words, entities, marks, mentions)
        starts = [f.start for f, _ in named]
        ordered = _Mentions(mentions)  # once per article, not per quote
        channels = [m for m in mentions if m.channel]
        for q in quotes:
            found: dict[str, About] = {}
            speaker = _speaker_span(q, ordered)
            for lo, hi, lead in ((q.start, q.end, False), *_clause(q)):
                for f, ident in named[bisect_left(starts, lo):bisect_left(starts, hi)]:
                    if f.end > hi or ident.kind == "description" or not ident.name.strip():
                        continue  # الشركة with no name in the article: a description, never a target (gold)
                    if lo != q.start and (f.start < speaker[1] and speaker[0] < f.end or _is_speaker(q, f, ident)
                                          or _channel(q, f, channels, words)):
                        continue  # the speaker and the channel are not what the quote is about
                    if lead and not self._asked_about(words, f):
                        continue  # وفي مأرب، قال …: where it was said, not what about
                    self._add(found, f, ident, text)
            q.about = sorted(found.values(), key=lambda a: a.start)

    def _asked_about(self, words: Words, f: Found) -> bool:
        """Is ``f`` what the sentence's lead asks about (وردا على سؤال حول الاهتمام بمحرز، قال …)?"""
        about, a = self.tables.about_words, self.tables.analyser
        # وعن جاهزية الملعب، قال …: the word under its conjunction
        return any(words.folded[k] in about or words.folded[k][:1] in "وف" and words.folded[k][1:] in about
                   for k in range(max(0, f.first - ABOUT_WINDOW), f.first))

    @staticmethod
    def _add(found: dict, f: Found, ident: Identity, text: str) -> None:
        # a body's members by the quote's own word (الحلفاء, دول الناتو): no one canonical name says them
        name = f.name if getattr(f.entry, "via", "") == "members" else ident.name
        found.setdefault(ident.id, About(ident.id, name, ident.kind, f.start, f.end, f.name,
                                         ident.ar, ident.latin))
        if getattr(f.entry, "via", "") in ("capital", "seat"):
            # كييف names Ukraine and the city itself
            eid = "place:" + fold(f.name)
            found.setdefault(eid, About(eid, f.name, "place", f.start, f.end, f.name, f.name))


def _clause(q: Quote) -> tuple:
    """The reporting clause of a quote, as (start, end, lead): from the cue to the content when the
    cue comes first (``وقال X عن Y إن …``), with the sentence's lead before the cue (``وردا على سؤال
    حول محرز، قال …``: ``lead``), or from the cue to the sentence's end when it follows."""
    if q.cue is None or q.sentence_start < 0:
        return ()
    if q.cue.start < q.start:
        return ((q.sentence_start, q.cue.start, True), (q.cue.start, q.start, False))
    if q.cue.start >= q.end and q.sentence_end > q.end:
        return ((q.cue.start, q.sentence_end, False),)
    return ()


def _channel(q: Quote, f: Found, channels, words: Words) -> bool:
    """A relaying body in the clause (نقلت صحيفة "واشنطن بوست"، لـ"عكاظ"، كتب على تويتر): the channel,
    not a target (``channels``: the mentions the speaker stage read as one)."""
    if q.channel and fold_name(f.name) in fold_name(q.channel):
        return True
    if f.kind == "organisation" and any(words.folded[k] in ("علي", "عبر") for k in range(max(0, f.first - 2), f.first)):
        return True
    return any(m.start < f.end and f.start < m.end for m in channels)


def _is_speaker(q: Quote, f: Found, ident: Identity) -> bool:
    """The clause names the speaker again (قالت "واشنطن بوست"، وقالت دانيلز): not a target."""
    spoken = {fold_name(x) for x in (q.speaker, q.speaker_text) if x}
    names = {fold_name(x) for x in (ident.ar, f.name) if x}
    return any(n and (n in s or s in n) for n in names for s in spoken if s)


class _Mentions:
    """The speaker stage's mentions by start, and the longest one's length: the mentions that may
    touch a span are found by bisection, not by a pass over all of them."""

    def __init__(self, mentions):
        self.ordered = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.ordered]
        self.longest = max([0] + [m.end - m.start for m in self.ordered])

    def from_(self, lo: int, hi: int) -> list:
        """The mentions in start order from the first that may end after ``lo`` (one starting before
        ``lo - longest`` ends by ``lo``: with lo < hi it touches nothing, see ``_speaker_span``)."""
        return self.ordered[bisect_left(self.starts, lo - self.longest):] if lo < hi else self.ordered


def _speaker_span(q: Quote, ordered: _Mentions) -> tuple[int, int]:
    """The speaker's whole mention, its role and a name in apposition too (المسؤول سامي خليل،
    وزير الخارجية الإيراني محمد ظريف) — not a target of the speaker's own quote.  ``ordered``: the
    mentions by start."""
    if q.speaker_start < 0:
        return (-1, -1)
    lo, hi = q.speaker_start, q.speaker_end
    for m in ordered.from_(lo, hi):
        if m.start > hi + 2:
            break  # none here or after touches the span (they start later and hi only grows)
        if m.start <= lo < m.end or m.start <= hi - 1 < m.end:
            lo, hi = min(lo, m.start), max(hi, m.end)
        elif hi <= m.start <= hi + 2 and m.kind in ("person", "pronoun"):  # only a space between
            hi = m.end
    return (lo, hi)


@Language.factory("quotetrack_targets", assigns=["doc._.quotes"], requires=["doc._.quotes", "doc._.qt_mentions"],
                  default_config={"rules": None})
def make_targets(nlp: Language, name: str, rules: str | None):
    """Find the entities each quote is about."""
    return TargetsComponent(Ruleset.load(rules))


class TargetsComponent:
    def __init__(self, rules: Ruleset):
        self.finder = TargetFinder(rules)

    def __call__(self, doc: Doc) -> Doc:
        from ..extensions import require

        words, text = words_of(doc), text_of(doc)
        quotes = require(doc, "quotes", "quotetrack_targets", "quotetrack_quotes")
        mentions = require(doc, "qt_mentions", "quotetrack_targets", "quotetrack_speakers")
        self.finder.about_all(text, words, quotes, mentions, doc._.qt_entities or [], doc._.qt_marks or [])
        # the last stage drops the per-document caches (they would not serialise with the Doc)
        doc.user_data.pop("qt_words", None)
        doc.user_data.pop("qt_text", None)
        doc.user_data.pop("qt_tokens", None)
        return doc
