"""Multi-word lookup of entities and known speakers over folded words.

Used by the speaker stage (organisations and states as speakers: الناتو يؤكد)
and by the targets stage (what a quote is about).  Each entry of
``rules/entities.yaml`` is found by its names, its capitals and seats of power
(كييف → Ukraine, الكرملين → Russia) and its nationality adjective in both
genders and numbers (الروسي، الروسية، الروسيين → Russia;
الكورية الشمالية → North Korea).  A word is looked up in every form the
analyser reads off it (``analyser.bare_forms``): لأوكرانيا، وروسيا، بالناتو، للحلف.

Homographs (``homographs`` of an entry: الرباط is Rabat or a ligament, بنين
is Benin or boys) are kept apart, in ``Gazetteer.guarded``: the speaker stage
never sees them, and the targets stage takes one only in an article that
holds one of the entry's ``context`` words (:meth:`Gazetteer.context_holds`).
"""
from __future__ import annotations

from dataclasses import dataclass
import weakref

from .analyser import analyser_for
from .normalize import Words, fold

# nisba adjectives in both genders and numbers; the accusative indefinite ا too (قتل فلسطينيا)
_ADJ_SUFFIXES = ("", "ة", "ون", "ين", "ات", "تين", "ان", "ا")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    kind: str  # country | organisation | place | group | person
    via: str  # name | adjective | capital | seat | members | registry | homograph
    latin: str = ""
    gender: str = ""
    ar: str = ""  # the entry's first Arabic name: the canonical Arabic form


def adjective_forms(adj: str) -> list[str]:
    """روسي → روسي، روسية، الروسي، الروسية، الروسيين ...; كوري شمالي → الكورية الشمالية ..."""
    parts = adj.split()
    forms = []
    for suf in _ADJ_SUFFIXES:
        for art in ("", "ال"):
            forms.append(" ".join(art + p + suf for p in parts))
    return forms


class Gazetteer:
    def __init__(self, analyser):
        self.analyser = analyser  # reads the clitics off a word: لأوكرانيا، وبالحكومة، للحلف
        self.index: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        self.can_start: dict[str, bool] = {}  # folded word -> may an entry start here
        self.guarded: Gazetteer | None = None  # homographs, matched only where their context holds
        self.contexts: dict[str, tuple[str, ...]] = {}  # entry id -> folded context words and phrases

    def add(self, surface: str, entry: Entry) -> None:
        toks = tuple(fold(w) for w in surface.split())
        if not toks or not all(toks):
            return
        bucket = self.index.setdefault(toks[0], [])
        if any(t == toks for t, _ in bucket):
            return  # first writer wins: names before adjectives before capitals
        bucket.append((toks, entry))
        self.can_start.clear()
        bucket.sort(key=lambda x: -len(x[0]))

    def match(self, words: Words, i: int, limit: int | None = None):
        """Longest entry starting at word ``i``: (last word index, Entry) or None (memoised per document)."""
        folded = words.folded
        if i >= len(folded):
            return None
        w = folded[i]
        can = self.can_start.get(w)
        if can is None:
            can = self.can_start[w] = any(v in self.index for v in self.analyser.bare_forms(w))
        if not can:
            return None  # most words start no entry: one dict lookup
        memo = words.memo.get(id(self))
        if memo is None:
            memo = words.memo[id(self)] = {}
        hit = memo.get(i, 0)
        if hit == 0:
            hit = memo[i] = self._match(words, i)
        if hit is not None and limit is not None and hit[0] >= limit:
            return self._match(words, i, limit)
        return hit

    def _match(self, words: Words, i: int, limit: int | None = None):
        folded = words.folded
        limit = len(folded) if limit is None else limit
        for first in self.analyser.bare_forms(folded[i]):
            for toks, entry in self.index.get(first, ()):
                j = i + len(toks) - 1
                if j >= limit:
                    continue
                # most entries of a bucket differ at their second word: compared alone first
                if j == i or folded[i + 1] == toks[1] and (j == i + 1 or tuple(folded[i + 2:j + 1]) == toks[2:]):
                    return j, entry
        return None

    def scan(self, words: Words, start: int = 0, end: int | None = None):
        """Every non-overlapping match in words[start:end]: (first, last, Entry)."""
        end = len(words) if end is None else end
        i = start
        while i < end:
            hit = self.match(words, i, end)
            if hit:
                yield i, hit[0], hit[1]
                i = hit[0] + 1
            else:
                i += 1


    def context_holds(self, entry: Entry, forms: frozenset, folded_text: str) -> bool:
        """Does the article hold one of ``entry``'s context words?  ``forms``: the bare forms of its
        words (``analyser.bare_forms``), ``folded_text``: its words folded, one space apart (phrases)."""
        return any((w in folded_text) if " " in w else (w in forms) for w in self.contexts.get(entry.id, ()))


def _contexts(entry: dict, sets: dict) -> tuple[str, ...]:
    """An entry's context words: each Latin item names a set of targets.yaml, an Arabic item is a word."""
    out: list[str] = []
    for item in entry.get("context", []):
        out.extend(sets.get(item, ()) if item in sets else [item])
    return tuple(dict.fromkeys(" ".join(fold(w) for w in x.split()) for x in out))


def _guard(g: Gazetteer, e: dict, entry: Entry, sets: dict) -> None:
    """Homographs of ``e`` go to the guarded gazetteer with the entry's context."""
    if not e.get("homographs"):
        return
    if g.guarded is None:
        g.guarded = Gazetteer(g.analyser)
    for n in e["homographs"]:
        g.guarded.add(n, entry)
    g.guarded.contexts[entry.id] = _contexts(e, sets)


def _build(entities: tuple, speakers: tuple, analyser, contexts: tuple = ()) -> Gazetteer:
    g = Gazetteer(analyser)
    sets = {c["id"]: c["words"] for c in contexts}
    for e in entities:
        base = dict(id=e["id"], name=e["name"], kind=e["kind"], latin=e["name"], ar=e["ar"][0])
        for n in e["ar"]:
            g.add(n, Entry(via="name", **base))
        _guard(g, e, Entry(via="homograph", **base), sets)
        for alias in e.get("members_alias", []):
            g.add(alias, Entry(e["id"] + "_members", e["name"] + " members", "group", "members",
                               e["name"] + " members", "", e["members_alias"][0]))
    for e in entities:
        base = dict(id=e["id"], name=e["name"], kind=e["kind"], latin=e["name"], ar=e["ar"][0])
        for adj in ([e["adjective"]] if "adjective" in e else []) + e.get("adjective_variants", []):
            for form in adjective_forms(adj):
                g.add(form, Entry(via="adjective", **base))
        for cap in e.get("capital", []):
            g.add(cap, Entry(via="capital", **base))
        for seat in e.get("seats", []):
            g.add(seat, Entry(via="seat", **base))
    for s in speakers:
        for n in s["ar"]:
            g.add(n, Entry(s["id"], s["name"], s["kind"], "registry", s["name"], s.get("gender", ""), s["ar"][0]))
        _guard(g, s, Entry(s["id"], s["name"], s["kind"], "homograph", s["name"], s.get("gender", ""), s["ar"][0]),
               sets)
    return g


# per Ruleset, dropped with it (a key by id() could be reused by a later Ruleset)
_ENTITIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_REGISTRY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def entity_gazetteer(rules) -> Gazetteer:
    """Entities of ``rules/entities.yaml`` (no speakers registry), built once per Ruleset."""
    if rules not in _ENTITIES:
        _ENTITIES[rules] = _build(rules["entities.yaml"]["entities"], (), analyser_for(rules),
                                  rules["targets.yaml"]["contexts"])
    return _ENTITIES[rules]


def registry_gazetteer(rules) -> Gazetteer:
    """Known speakers of ``rules/speakers.yaml``, built once per Ruleset."""
    if rules not in _REGISTRY:
        _REGISTRY[rules] = _build((), rules["speakers.yaml"]["speakers"], analyser_for(rules),
                                  rules["targets.yaml"]["contexts"])
    return _REGISTRY[rules]
