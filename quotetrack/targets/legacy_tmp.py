"""Stage 7: what each quote is about (component ``quotetrack_targets``).

The entities a quote's content mentions:

* gazetteer entries (``rules/entities.yaml``) by name, capital or seat of
  power (كييف → Ukraine, الكرملين → Russia) and nationality adjective in
  both genders and numbers (الكورية الشمالية → North Korea);
* people and bodies of the article, by any mention of their chain inside the
  content (روتي → Mark Rutte) and groups (الحلفاء);
* never the speaker's own side through pronouns (``دعمنا``): pronouns are not
  mentions, so they cannot become targets; the speaker is a target only when
  named in the content.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import entity_gazetteer
from .normalize import Words, fold, words_of, text_of
from .records import About, Mention, Quote
from .ruleset import Ruleset


class TargetFinder:
    def __init__(self, rules: Ruleset):
        self.gaz = entity_gazetteer(rules)

    def _all_matches(self, words: Words) -> list:
        key = ("targets", id(self))
        if key not in words.memo:
            words.memo[key] = list(self.gaz.scan(words))
        return words.memo[key]

    def about_all(self, text: str, words: Words, quotes: list[Quote], mentions: list[Mention]) -> None:
        """Set ``q.about`` on every quote, in one pass over the article (quotes in text order).

        What is known before each quote — entity heads (after ``تنظيم “داعش”`` the
        article says ``التنظيم``), people's first and last names — grows as the
        pass advances, so a long article costs linear time."""
        matches = self._all_matches(words)
        firsts = [f for f, _l, _e in matches]
        mention_starts = [m.start for m in mentions]
        heads: dict[str, object] = {}
        people: dict[str, tuple] = {}
        mi = pi = 0
        for q in sorted(quotes, key=lambda q: q.start):
            i, end = words.index_at(q.start), words.index_at(q.end)
            while mi < len(matches) and matches[mi][0] < i:
                first, last, entry = matches[mi]
                if last > first and entry.via == "name":
                    head = "ال" + words.folded[first].removeprefix("ال")
                    old = heads.get(head, entry)
                    heads[head] = entry if old is entry or getattr(old, "id", None) == entry.id else _AMBIGUOUS
                mi += 1
            while pi < len(mentions) and mentions[pi].start < q.start:
                self._learn_person(mentions[pi], people)
                pi += 1
            lo, hi = bisect_left(firsts, i), bisect_left(firsts, end)
            m_lo, m_hi = bisect_left(mention_starts, q.start), bisect_left(mention_starts, q.end)
            q.about = self.about(text, words, q, matches[lo:hi], heads, people, mentions[m_lo:m_hi])

    def about(self, text: str, words: Words, q: Quote, matches, heads, people, mentions) -> list[About]:
        found: dict[str, About] = {}
        i, end = words.index_at(q.start), words.index_at(q.end)

        def add(eid, name, kind, s, e):
            found.setdefault(eid, About(eid, name, kind, s, e, text[s:e]))

        for first, last, entry in matches:
            if last >= end:
                continue
            s, e = words.starts[first], words.ends[last]
            add(entry.id, entry.latin or entry.name, entry.kind, s, e)
            if entry.via in ("capital", "seat"):
                # كييف names Ukraine and the city itself (لكييف → كييف)
                ps = s + self.proclitic_length(words.folded[first])
                add("place:" + fold(text[ps:e]), text[ps:e], "place", ps, e)
        for k in range(i, end):
            w = words.folded[k]
            entry = heads.get("ال" + w[3:] if w.startswith(("وال", "بال")) else w)
            if entry is not None and entry is not _AMBIGUOUS:
                add(entry.id, entry.latin or entry.name, entry.kind, words.starts[k], words.ends[k])
            hit = people.get(w)
            if hit is not None:
                add(*hit, words.starts[k], words.ends[k])
        for m in mentions:
            if m.end > q.end or (m.entity_id and m.entity_id in found):
                continue
            if any(a.start < m.end and m.start < a.end for a in found.values()):
                continue  # حلفاء الناتو is already NATO members
            if m.kind in ("person", "pronoun") and m.name:
                eid = m.entity_id or "ar:" + fold(m.name).replace(" ", "_")
                name, kind = m.latin or m.name, "person"
            elif m.kind in ("group", "organisation") and not m.entity_id:
                eid, name, kind = "ar:" + fold(m.text).replace(" ", "_"), m.text, m.kind
            else:
                continue
            s, e = (m.name_start, m.name_end) if m.name_start >= 0 else (m.start, m.end)
            add(eid, name, kind, s, e)
        return sorted(found.values(), key=lambda a: a.start)

    def proclitic_length(self, folded: str) -> int:
        """Letters of proclitics before a gazetteer word, as the analyser reads them: لكييف → 1,
        وبموسكو → 2 (the ل of لل stays outside: للحلف → 1)."""
        if folded in self.gaz.index:
            return 0
        for a in self.gaz.analyser.readings(folded):
            if a.bare in self.gaz.index:
                return len(a.proclitics)
        return 0

    @staticmethod
    def _learn_person(m: Mention, people: dict) -> None:
        """Surnames and first names of people named before a quote: «... روتي ...» → Mark Rutte."""
        if m.kind != "person" or not m.name or len(m.name.split()) < 2:
            return
        eid = m.entity_id or "ar:" + fold(m.name).replace(" ", "_")
        toks = m.name.split()
        for t in (toks[0], toks[-1]):
            if len(fold(t)) > 2:
                people.setdefault(fold(t), (eid, m.latin or m.name, "person"))


_AMBIGUOUS = object()  # a head noun two entities share (الاتحاد: European Union or a federation)


@Language.factory("quotetrack_targets", assigns=["doc._.quotes"], requires=["doc._.quotes", "doc._.qt_mentions"],
                  default_config={"rules": None})
def make_targets(nlp: Language, name: str, rules: str | None):
    """Find the entities each quote is about."""
    return TargetsComponent(Ruleset.load(rules))


class TargetsComponent:
    def __init__(self, rules: Ruleset):
        self.finder = TargetFinder(rules)

    def __call__(self, doc: Doc) -> Doc:
        words, text = words_of(doc), text_of(doc)
        from .extensions import require

        quotes = require(doc, "quotes", "quotetrack_targets", "quotetrack_quotes")
        mentions = require(doc, "qt_mentions", "quotetrack_targets", "quotetrack_speakers")
        self.finder.about_all(text, words, quotes, mentions)
        # the last stage drops the per-document caches (they would not serialise with the Doc)
        doc.user_data.pop("qt_words", None)
        doc.user_data.pop("qt_text", None)
        return doc
