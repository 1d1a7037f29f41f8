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

from .normalize import fold
from .records import Mention


def name_tokens(m: Mention) -> tuple[str, ...]:
    return _name_tokens(m.name) if m.name and m.kind in ("person", "pronoun") else ()


@lru_cache(maxsize=50_000)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name.split())


def role_tokens(m: Mention) -> tuple:
    """(head noun, all role words), prefixes stripped: المتحدث الرسمي لاتحاد القدم → (متحدث, {…})."""
    return _role_tokens(m.role or (m.text if m.kind == "unnamed_source" else ""))


@lru_cache(maxsize=50_000)
def _role_tokens(role: str) -> tuple:
    toks = []
    for w in role.split():
        f = fold(w)
        for pre in ("وال", "بال", "لل", "ال", "ل", "ب"):  # بالاتحاد / لاتحاد / الاتحاد → اتحاد
            if f.startswith(pre) and len(f) > len(pre) + 2:
                f = f[len(pre):]
                break
        toks.append(f)
    return (toks[0], frozenset(toks)) if toks else ()


def _name_fits(short: tuple, full: tuple) -> bool:
    if short == full:
        return True
    if len(short) == 1 and len(full) > 1:
        return short[0] in (full[-1], full[0])
    if len(short) < len(full):
        return full[-len(short):] == short or full[:len(short)] == short
    return False


def find_chain(m: Mention, earlier: list[Mention]) -> int:
    """Chain id an earlier mention gives ``m``, -1 if none (ambiguity counts as none)."""
    toks = name_tokens(m)
    if toks:
        fits = {e.chain for e in earlier if name_tokens(e) and
                (_name_fits(toks, name_tokens(e)) or _name_fits(name_tokens(e), toks))}
        if len(fits) == 1:
            return fits.pop()
        if m.entity_id:
            same = {e.chain for e in earlier if e.entity_id == m.entity_id}
            if len(same) == 1:
                return same.pop()
        return -1
    if m.kind in ("organisation", "group") and m.entity_id:
        for e in reversed(earlier):
            if e.entity_id == m.entity_id and e.kind == m.kind:
                return e.chain
    roles = role_tokens(m)
    if roles:
        head, words = roles
        for e in reversed(earlier):
            er = role_tokens(e)
            # same head noun, and one's words within the other's: المصدر الطبي ↔ مصدر طبي
            if er and er[0] == head and (words <= er[1] or er[1] <= words) and \
                    (e.kind == m.kind or m.kind == "person" or e.kind == "person"):
                return e.chain
    if m.kind in ("organisation", "group"):
        key = fold(m.text)
        for e in reversed(earlier):
            if fold(e.text) == key:
                return e.chain
    return -1


def link_chains(mentions: list[Mention]) -> None:
    """Give every mention a chain id (in place)."""
    next_id = 0
    for i, m in enumerate(mentions):
        cid = find_chain(m, mentions[:i])
        if cid == -1:
            cid, next_id = next_id, next_id + 1
        m.chain = cid
    canonicalise(mentions)


def attach(m: Mention, mentions: list[Mention]) -> None:
    """Give a mention found later (by the resolver) a chain and add it in text order."""
    same = [e for e in mentions if e.start == m.start and e.end == m.end]
    if same:
        m.chain = same[0].chain
        return
    earlier = [e for e in mentions if e.start < m.start]
    cid = find_chain(m, earlier)
    m.chain = cid if cid != -1 else (max((e.chain for e in mentions), default=-1) + 1)
    mentions.append(m)
    mentions.sort(key=lambda e: e.start)
    canonicalise(mentions)


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
