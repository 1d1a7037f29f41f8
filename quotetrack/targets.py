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

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import entity_gazetteer
from .normalize import Words, fold, words_of, text_of
from .records import About, Mention, Quote
from .ruleset import Ruleset


class TargetFinder:
    def __init__(self, rules: Ruleset):
        self.gaz = entity_gazetteer(rules)

    def entity_heads(self, words: Words, upto: int) -> dict[str, object]:
        """Head nouns of multi-word entity names seen before word ``upto``:
        after ``تنظيم “داعش”`` the article says ``التنظيم`` for ISIS, after
        ``حركة حماس`` ``الحركة``.  A head shared by two entities is ambiguous and dropped."""
        heads: dict[str, object] = {}
        for first, last, entry in self._all_matches(words):
            if first >= upto:
                break
            if last > first and entry.via == "name":
                head = "ال" + words.folded[first].removeprefix("ال")
                if heads.get(head, entry) is not entry and getattr(heads.get(head), "id", None) != entry.id:
                    heads[head] = None
                else:
                    heads[head] = entry
        return {h: e for h, e in heads.items() if e is not None}

    def _all_matches(self, words: Words) -> list:
        key = ("targets", id(self))
        if key not in words.memo:
            words.memo[key] = list(self.gaz.scan(words))
        return words.memo[key]

    def about(self, text: str, words: Words, q: Quote, mentions: list[Mention]) -> list[About]:
        found: dict[str, About] = {}
        i, end = words.index_at(q.start), words.index_at(q.end)

        def add(eid, name, kind, s, e):
            found.setdefault(eid, About(eid, name, kind, s, e, text[s:e]))

        for first, last, entry in self._all_matches(words):
            if first < i or last >= end:
                continue
            s, e = words.starts[first], words.ends[last]
            add(entry.id, entry.latin or entry.name, entry.kind, s, e)
            if entry.via in ("capital", "seat"):
                # كييف names Ukraine and the city itself (لكييف → كييف)
                ps = s + self.proclitic_length(words.folded[first])
                add("place:" + fold(text[ps:e]), text[ps:e], "place", ps, e)
        heads = self.entity_heads(words, i)
        for k in range(i, end):
            entry = heads.get(words.folded[k]) or heads.get("ال" + words.folded[k][3:]) \
                if words.folded[k].startswith(("وال", "بال", "لل")) else heads.get(words.folded[k])
            if entry is not None:
                add(entry.id, entry.latin or entry.name, entry.kind, words.starts[k], words.ends[k])
        people = self.people_names(mentions, q.start)
        for k in range(i, end):
            hit = people.get(words.folded[k])
            if hit is not None:
                add(*hit, words.starts[k], words.ends[k])
        for m in mentions:
            if m.start < q.start or m.end > q.end or (m.entity_id and m.entity_id in found):
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
        """Letters of proclitics before a gazetteer word: لكييف → 1, وبموسكو → 2."""
        if folded in self.gaz.index:
            return 0
        for n in (1, 2):
            if folded[n:] in self.gaz.index:
                return n
        return 1 if folded.startswith("لل") else 0

    @staticmethod
    def people_names(mentions: list[Mention], before: int) -> dict[str, tuple]:
        """Surnames and first names of people named before the quote: «... روتي ...» → Mark Rutte."""
        out: dict[str, tuple] = {}
        for m in mentions:
            if m.start >= before or m.kind != "person" or not m.name or len(m.name.split()) < 2:
                continue
            eid = m.entity_id or "ar:" + fold(m.name).replace(" ", "_")
            toks = m.name.split()
            for t in (toks[0], toks[-1]):
                if len(fold(t)) > 2:
                    out.setdefault(fold(t), (eid, m.latin or m.name, "person"))
        return out


@Language.factory("quotetrack_targets", assigns=["doc._.quotes"], requires=["doc._.quotes"],
                  default_config={"rules": None})
def make_targets(nlp: Language, name: str, rules: str | None):
    """Find the entities each quote is about."""
    return TargetsComponent(Ruleset.load(rules))


class TargetsComponent:
    def __init__(self, rules: Ruleset):
        self.finder = TargetFinder(rules)

    def __call__(self, doc: Doc) -> Doc:
        words, text = words_of(doc), text_of(doc)
        mentions = doc._.qt_mentions or []
        for q in doc._.quotes or []:
            q.about = self.finder.about(text, words, q, mentions)
        # the last stage drops the per-document caches (they would not serialise with the Doc)
        doc.user_data.pop("qt_words", None)
        doc.user_data.pop("qt_text", None)
        return doc
