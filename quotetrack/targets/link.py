"""One reading per stretch of text, then one identity per entity of the article.

``resolve`` keeps, where readings overlap, a registry person (the recogniser
reads past a name it does not know: روتي محق), then the longest (a listed multi-word
name before its words: كوبا أمريكا is the tournament, not Cuba and the United
States), ties going to the surest reader (listed, head, recogniser, quoted).
A reading inside a kept one is dropped, except a country named inside an
institution's name, which the quote mentions too (وزارة الخارجية الروسية →
also Russia); never inside a person's name (دي روسي) or a facility (كأس آسيا).

``Linker`` gives every kept reading an identity within the article:

* a listed name: its gazetteer or registry id (السوريين → syria);
* a person: the one fuller name of the article that it fits, by the speakers'
  rules (``identity.fits``: الفضيلي → هاني الفضيلي), or the speakers' mention
  with a registry id;
* a body named after a head (شركة أرامكو): its name, and its alias without the
  head (أرامكو) for the later bare mentions;
* a description (الشركة، الوزارة): the last body named before with the same
  head, else an article-scoped description (``desc:``) that the graph keeps to
  its article — never one node for the corpus.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..corpus.namekeys import fits, name_key
from .found import Found, fold_name

_RANK = {"listed": 0, "head": 1, "recogniser": 2, "known": 3, "role": 4, "quoted": 5, "description": 6}
DESCRIPTION = "desc:"  # entity ids of article-scoped descriptions (the graph scopes them per article)


def resolve(found: list[Found]) -> list[Found]:
    """Non-overlapping readings (plus countries inside institutions), in text order."""
    # a registry person first: the recogniser reads past a name it does not know (روتي محق)
    order = sorted(found, key=lambda f: (not (f.source == "listed" and f.kind == "person"), -(f.last - f.first),
                                         _RANK.get(f.source, 9), f.first))
    kept: list[Found] = []
    at: dict[int, list[Found]] = {}  # word index -> the kept readings over it: no rescan of all kept
    for f in order:
        over = _over(at, f)
        if not over:
            kept.append(f)
            _hold(at, f)
            continue
        if all(f.within(k) and _inner_kept(f, k) for k in over):
            f.inner = True
            kept.append(f)
            _hold(at, f)
        elif len(over) == 1 and _names_head(f, over[0]):
            over[0].entry = f.entry  # شركة أرامكو: the company the gazetteer knows as أرامكو
    return sorted(kept, key=lambda f: (f.start, f.end))


def _hold(at: dict, f: Found) -> None:
    for k in range(f.first, f.last + 1):
        at.setdefault(k, []).append(f)


def _over(at: dict, f: Found) -> list[Found]:
    """The kept readings ``f`` overlaps (they share a word: the readers give first <= last), each once."""
    out: list[Found] = []
    for k in range(f.first, f.last + 1):
        for g in at.get(k, ()):
            if not any(g is o for o in out):
                out.append(g)
    return out


def _names_head(f: Found, outer: Found) -> bool:
    """A listed body that is the whole name after a head (شركة أرامكو، نادي الهلال)."""
    return (outer.source == "head" and outer.entry is None and f.entry is not None and f.source == "listed"
            and f.entry.kind in ("organisation", "group", "place") and fold_name(f.name) == outer.alias)


def _inner_kept(f: Found, outer: Found) -> bool:
    """A listed country (by name or nisba) inside an institution's name is a target too."""
    if f.source != "listed" or f.entry is None or f.entry.kind not in ("country", "group"):
        return False
    if outer.kind == "person" or outer.role in ("facility", "classifier"):
        return False
    if outer.source == "head":
        return outer.role == "institution"
    # the recogniser's body: الاتحاد الروسي لكرة القدم holds Russia; a place (كوبا أمريكا) does not
    return outer.source == "recogniser" and outer.kind == "organisation" and f.entry.via == "adjective"


@dataclass(slots=True)
class Identity:
    id: str
    name: str  # the Arabic name: canonical for listed entries, else the fullest of the article
    kind: str
    ar: str  # Arabic name (canonical for listed entries)
    latin: str = ""  # registry / gazetteer name, "" when none


class Linker:
    """Identities of one article's readings (``link``), people by the speakers' identity rules."""

    def __init__(self, mentions=()):
        self.people: dict[tuple, Identity] = {}  # name_key of a full name -> identity
        self.alias: dict[str, Identity] = {}  # folded name of a body (with or without its head)
        self.by_head: dict[str, Identity] = {}  # folded head noun -> last body named with it
        self.known: dict[tuple, Identity] = {}  # speakers' mentions with a registry id, by name_key
        self.listed: dict[str, Identity] = {}  # gazetteer / registry id -> its identity in this article
        for m in mentions:
            if m.kind == "person" and m.name and m.entity_id:
                self.known[name_key(m.name)] = Identity(m.entity_id, m.name, "person", m.name,
                                                        m.latin)

    def link(self, found: list[Found]) -> list[Identity]:
        """One Identity per reading, in the readings' (text) order; full names first, so a surname
        in a headline before the full name still joins it."""
        for f in found:
            if f.kind != "person" or isinstance(f.entry, Identity):
                continue
            key = name_key(f.name)
            if len(key) < 2 or key in self.people:
                continue
            if f.entry is not None:  # a registry person (ستورمي دانيلز): its surname alone joins it
                self.people[key] = self._one(f)
            else:
                self.people[key] = self.known.get(key) or Identity("ar:" + "_".join(key), f.name, "person", f.name)
        return [self._one(f) for f in found]

    def _one(self, f: Found) -> Identity:
        if isinstance(f.entry, Identity):
            return f.entry  # found again: a name the article gave before (known.py)
        if f.entry is not None:
            e = f.entry
            ident = self.listed.get(e.id)
            if ident is None:
                # a name as the article first writes it (روس نفط, الريدز); a nisba, capital or seat
                # by the entry's own name (السوريين → سوريا)
                # (the fuller of the two: مكة المكرمة for مكة; an alias or nickname as written: الريدز)
                name = e.ar or f.name
                if e.via in ("homograph", "members") or e.via in ("name", "registry") and len(f.name) >= len(name):
                    name = f.name
                ident = self.listed[e.id] = Identity(e.id, name, e.kind, e.ar or f.name, e.latin)
            self.alias.setdefault(fold_name(f.name), ident)
            if f.head:
                self.by_head[f.head] = ident  # تنظيم داعش … التنظيم
            return ident
        if f.source == "role":
            return self._role(f)
        if f.kind == "person":
            return self._person(f)
        if f.source == "description":
            hit = self.by_head.get(f.head)
            if hit is not None:
                return hit
            return Identity(DESCRIPTION + f.head, f.name, "description", f.name)
        folded = fold_name(f.name)
        hit = self.alias.get(folded) or (self.alias.get(f.alias) if f.alias else None)
        if hit is None:
            hit = self.alias.get(folded.removeprefix("ال")) or self.alias.get("ال" + folded)
        if hit is None:
            hit = Identity("ar:" + folded.replace(" ", "_"), f.name, f.kind, f.name)
            self.alias[folded] = hit
            if f.alias:
                self.alias.setdefault(f.alias, hit)
        elif f.source == "head" and len(f.name) > len(hit.ar) and not hit.latin:
            hit.name = hit.ar = f.name  # الانضباط named before, لجنة الانضباط now: the fuller name
        if f.head and f.role == "institution":
            self.by_head[f.head] = hit
        return hit

    def _role(self, f: Found) -> Identity:
        """وزير الصحة: the person its chain names, else a description of this article (a minister of
        health in one article is not the one of the next)."""
        if f.alias:
            key = name_key(f.alias)
            hit = self.people.get(key) or self.known.get(key)
            if hit is not None:
                return hit
        folded = fold_name(f.name)
        hit = self.alias.get(folded)
        if hit is None:
            hit = self.alias[folded] = Identity(DESCRIPTION + "role:" + folded.replace(" ", "_"), f.name, f.kind,
                                                f.name)
        return hit

    def _person(self, f: Found) -> Identity:
        key = name_key(f.name)
        hit = self.people.get(key) or self.known.get(key)
        if hit is not None:
            return hit
        fuller = [p for k, p in self.people.items() if fits(key, k)]
        known = [p for p in fuller if p.latin]  # the registry's person first: دانيلز → ستورمي دانيلز
        for group in (known, fuller):
            if len({p.id for p in group}) == 1:
                return group[0]
        ident = Identity("ar:" + "_".join(key), f.name, "person", f.name)
        self.people[key] = ident
        return ident
