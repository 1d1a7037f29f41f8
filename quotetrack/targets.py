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
from .normalize import Words, fold, words_of
from .records import About, Mention, Quote
from .ruleset import Ruleset


class TargetFinder:
    def __init__(self, rules: Ruleset):
        self.gaz = entity_gazetteer(rules)

    def about(self, text: str, words: Words, q: Quote, mentions: list[Mention]) -> list[About]:
        found: dict[str, About] = {}
        i, end = words.index_at(q.start), words.index_at(q.end)
        for first, last, entry in self.gaz.scan(words, i, end):
            s, e = words.starts[first], words.ends[last]
            found.setdefault(entry.id, About(entry.id, entry.latin or entry.name, entry.kind, s, e, text[s:e]))
        for m in mentions:
            if m.start < q.start or m.end > q.end or m.entity_id in found:
                continue
            if m.kind in ("person", "pronoun") and m.name:
                eid = m.entity_id or "ar:" + fold(m.name).replace(" ", "_")
                name = m.latin or m.name
            elif m.kind == "group" and not m.entity_id:
                eid, name = "ar:" + fold(m.text).replace(" ", "_"), m.text
            else:
                continue
            s, e = (m.name_start, m.name_end) if m.name_start >= 0 else (m.start, m.end)
            found.setdefault(eid, About(eid, name, "person" if m.kind != "group" else "group", s, e, text[s:e]))
        return sorted(found.values(), key=lambda a: a.start)


@Language.factory("quotetrack_targets", assigns=["doc._.quotes"], requires=["doc._.quotes"],
                  default_config={"rules": None})
def make_targets(nlp: Language, name: str, rules: str | None):
    """Find the entities each quote is about."""
    return TargetsComponent(Ruleset.load(rules))


class TargetsComponent:
    def __init__(self, rules: Ruleset):
        self.finder = TargetFinder(rules)

    def __call__(self, doc: Doc) -> Doc:
        words = words_of(doc)
        mentions = doc._.qt_mentions or []
        for q in doc._.quotes or []:
            q.about = self.finder.about(doc.text, words, q, mentions)
        return doc
