"""Merging mentions of one speaker into a chain, within an article.

* names: ``مارك روتي`` … ``روتي`` (surname) or ``ماكسينس`` (first name) join the
  fuller name when exactly one earlier chain fits;
* roles: a definite role with no name (``المتحدث``، ``المصدر الطبي``) joins the
  latest chain introduced with the same role words (``مصدر طبي``);
* bodies and gazetteer entries: the same entity id, or the same words.

The canonical name of a chain is its fullest personal name.
"""
from __future__ import annotations

from functools import lru_cache

from ..normalize import fold
from ..records import Mention


def name_tokens(m: Mention) -> tuple[str, ...]:
    return _name_tokens(m.name) if m.name and m.kind in ("person", "pronoun") else ()


@lru_cache(maxsize=50_000)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name.split())


def role_tokens(m: Mention, analyser) -> tuple:
    """(head noun, all role words), clitics and article read off by the analyser:
    المتحدث الرسمي لاتحاد القدم → (متحدث, {متحدث، رسمي، اتحاد، قدم})."""
    return _role_tokens(m.role or (m.text if m.kind == "unnamed_source" else ""), analyser)


@lru_cache(maxsize=50_000)
def _role_tokens(role: str, analyser) -> tuple:
    toks = [analyser.analyse(fold(w)).stem for w in role.split()]  # بالاتحاد / لاتحاد / الاتحاد → اتحاد
    return (toks[0], frozenset(toks)) if toks else ()


def _name_fits(short: tuple, full: tuple) -> bool:
    if short == full:
        return True
    if len(short) == 1 and len(full) > 1:
        return short[0] in (full[-1], full[0])
    if len(short) < len(full):
        return full[-len(short):] == short or full[:len(short)] == short
    return False


class ChainIndex:
    """What the chains of an article are known by, so each mention finds its chain in
    time independent of the article's length: names, entity ids, role phrases, texts."""

    def __init__(self, analyser=None):
        if analyser is None:
            from ..analyser import default_analyser

            analyser = default_analyser()
        self.analyser = analyser
        self.names: dict[tuple, set] = {}  # name tokens -> chains
        self.entities: dict[tuple, int] = {}  # (entity id, kind) -> latest chain
        self.person_ids: dict[str, set] = {}  # registry id -> chains
        self.roles: dict[str, dict] = {}  # role head -> {(role words, kind): chain}, latest last
        self.texts: dict[str, int] = {}  # folded text of a body -> chain
        self.members: dict[int, list[Mention]] = {}  # chain -> its mentions
        self.next_id = 0

    def find(self, m: Mention) -> int:
        """Chain id an earlier mention gives ``m``, -1 if none (ambiguity counts as none)."""
        toks = name_tokens(m)
        if toks:
            fits = set()
            for other, chains in self.names.items():
                if _name_fits(toks, other) or _name_fits(other, toks):
                    fits |= chains
            if len(fits) == 1:
                return next(iter(fits))
            if m.entity_id and len(self.person_ids.get(m.entity_id, ())) == 1:
                return next(iter(self.person_ids[m.entity_id]))
            return -1
        if m.kind in ("organisation", "group") and m.entity_id and (m.entity_id, m.kind) in self.entities:
            return self.entities[(m.entity_id, m.kind)]
        roles = role_tokens(m, self.analyser)
        if roles:
            head, words = roles
            # same head noun, and one's words within the other's: المصدر الطبي ↔ مصدر طبي
            for (ewords, ekind), chain in reversed(list(self.roles.get(head, {}).items())):
                if (words <= ewords or ewords <= words) and (ekind == m.kind or "person" in (m.kind, ekind)):
                    return chain
        if m.kind in ("organisation", "group"):
            return self.texts.get(fold(m.text), -1)
        return -1

    def add(self, m: Mention) -> None:
        """Register ``m`` (its chain set) under every key it can be found by."""
        self.members.setdefault(m.chain, []).append(m)
        self.next_id = max(self.next_id, m.chain + 1)
        toks = name_tokens(m)
        if toks:
            self.names.setdefault(toks, set()).add(m.chain)
            if m.entity_id:
                self.person_ids.setdefault(m.entity_id, set()).add(m.chain)
        if m.entity_id and m.kind in ("organisation", "group"):
            self.entities[(m.entity_id, m.kind)] = m.chain
        roles = role_tokens(m, self.analyser)
        if roles:
            bucket = self.roles.setdefault(roles[0], {})
            bucket.pop((roles[1], m.kind), None)  # re-insert: latest last
            bucket[(roles[1], m.kind)] = m.chain
        if m.kind in ("organisation", "group"):
            self.texts[fold(m.text)] = m.chain

    def assign(self, m: Mention) -> None:
        cid = self.find(m)
        if cid == -1:
            cid = self.next_id
        m.chain = cid
        self.add(m)

    @classmethod
    def build(cls, mentions: list[Mention], analyser=None) -> "ChainIndex":
        index = cls(analyser)
        for m in mentions:
            index.add(m)
        return index


def find_chain(m: Mention, earlier: list[Mention]) -> int:
    """Chain id the mentions ``earlier`` give ``m`` (-1 if none)."""
    return ChainIndex.build(earlier).find(m)


def link_chains(mentions: list[Mention], analyser=None) -> ChainIndex:
    """Give every mention a chain id (in place), in text order."""
    index = ChainIndex(analyser)
    for m in mentions:
        index.assign(m)
    for chain in index.members:
        canonicalise(index.members[chain])
    return index


def attach(m: Mention, mentions: list[Mention], index: ChainIndex | None = None) -> None:
    """Give a mention found later (by the resolver) a chain and add it in text order."""
    from bisect import insort

    index = index or ChainIndex.build([e for e in mentions if e.start < m.start])
    same = [e for e in index.members.get(index.find(m), []) if e.start == m.start and e.end == m.end]
    if same:
        m.chain = same[0].chain
        return
    index.assign(m)
    insort(mentions, m, key=lambda e: e.start)
    canonicalise(index.members[m.chain])


def canonicalise(mentions: list[Mention]) -> None:
    """Canonical name of each chain: its fullest personal name (else its first mention's name)."""
    best: dict[int, str] = {}
    for m in mentions:
        if m.kind in ("person", "pronoun") and m.name and len(m.name.split()) > len(best.get(m.chain, "").split()):
            best[m.chain] = m.name
    ids: dict[int, tuple[str, str]] = {}
    for m in mentions:
        if m.entity_id and m.kind in ("person", "pronoun"):
            ids.setdefault(m.chain, (m.entity_id, m.latin))
    for m in mentions:
        if m.chain in best and m.kind in ("person", "pronoun"):
            m.name = best[m.chain]
            if not m.entity_id and m.chain in ids:  # روتي joins مارك روتي's registry id
                m.entity_id, m.latin = ids[m.chain]
