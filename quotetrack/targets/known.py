"""Names the article has already given, found again wherever they are repeated.

A name read once (by the recogniser, a head noun or the gazetteer) is the
article's: its later, shorter or glued mentions name the same entity even
where no reader sees a name — ``كل ما قام به رونالدو`` after ``كريستيانو
رونالدو``, ``لمايورغا`` after ``كاثرين مايورغا``, ``تسلا`` after ``شركة تسلا``,
``رياض`` after ``رياض محرز`` when no other person of the article is called so.

A person's word joins only when exactly one person of the article has it,
and not when it is a common word (``الشاهد`` is a witness too) — the
speakers' rule for surnames (``identity.fits``).
"""
from __future__ import annotations

from ..normalize import Words, written_offset
from .link import Identity
from .found import Found, fold_name
from .tables import TargetTables, distinct, where

COMMON_ZIPF = 4.3  # a person's word at least this frequent (الأحمر، الشاهد) is not looked for alone
GIVEN_ZIPF = 5.0  # … one without the article may be a first name that is a word too (رياض: gardens)
MIN_LETTERS = 3  # shorter words (علي) are too ambiguous alone


def article_names(named: list[tuple[Found, Identity]], t: TargetTables) -> dict[tuple, Identity]:
    """Folded word sequences → the identity they name in this article (ambiguous ones left out)."""
    out: dict[tuple, Identity | None] = {}

    def put(key: tuple, ident: Identity) -> None:
        old = out.get(key, ident)
        out[key] = ident if old is not None and old.id == ident.id else None

    for f, ident in named:
        if ident.kind == "description" or ident.id.startswith("place:"):
            continue
        whole = tuple(fold_name(f.name).split())
        if whole:
            put(whole, ident)
        if f.alias:
            put(tuple(f.alias.split()), ident)
        if ident.kind == "person" and len(whole) > 1:
            for w in whole:
                if len(w) >= MIN_LETTERS and w not in t.particles and w not in t.titles and w not in t.stopwords and (
                        t.zipf(w) < (COMMON_ZIPF if w.startswith("ال") else GIVEN_ZIPF) or w in t.given):
                    put((w,), ident)
    return {k: v for k, v in out.items() if v is not None}


def find_again(text: str, words: Words, names: dict[tuple, Identity], taken: list[Found],
               t: TargetTables) -> list[Found]:
    """Mentions of the article's names at words no reading holds: (Found with the identity as entry)."""
    if not names:
        return []
    by_first: dict[str, list[tuple]] = {}
    for key in names:
        by_first.setdefault(key[0], []).append(key)
    for keys in by_first.values():
        keys.sort(key=len, reverse=True)
    held = set()
    for f in taken:
        held.update(range(f.first, f.last + 1))
    opens = _opening(words, by_first.keys(), t)
    folded = words.folded
    out: list[Found] = []
    n = len(words)
    after = 0  # the word after the last mention found: mentions do not overlap
    for i in where(words, opens.keys()):
        if i < after or i in held:
            continue
        w = folded[i]
        hit = None
        for form in opens[w]:
            for key in by_first[form]:
                j = i + len(key) - 1
                if j < n and all(folded[i + k] == key[k] and i + k not in held for k in range(1, len(key))):
                    hit = (j, key, form)
                    break
            if hit:
                break
        if hit is None:
            continue
        j, key, form = hit
        e = words.ends[j]
        s = words.starts[i] + written_offset(words.texts[i], len(folded[i]) - len(form))
        ident = names[key]
        out.append(Found(i, j, s, e, ident.kind, "known", text[s:e], entry=ident))
        after = j + 1
    return out


def _opening(words: Words, firsts, t: TargetTables) -> dict[str, list[str]]:
    """The article's distinct words that may open a key (one of their bare forms is in ``firsts``), each
    with those forms in the analyser's order; a word that is its only form (no clitic reading: most
    words) opens the key it is, found by a set intersection."""
    bare_forms = t.analyser.bare_forms
    glued = t.unglued.keep(words, lambda w: bare_forms(w) != (w,))
    opens = {w: [w] for w in (distinct(words) - glued) & firsts}
    for w in glued:
        forms = [form for form in bare_forms(w) if form in firsts]
        if forms:
            opens[w] = forms
    return opens


def members_again(text: str, words: Words, named: list[tuple[Found, Identity]], taken: list[Found],
                  t: TargetTables) -> list[Found]:
    """الحلفاء، الدول الأعضاء after a body whose members the gazetteer knows (الناتو): its members."""
    bodies = sorted((f.start, t.members[i.id]) for f, i in named if i.id in t.members)
    if not bodies or not t.member_words:
        return []
    held = {k for f in taken for k in range(f.first, f.last + 1)}
    out: list[Found] = []
    for i in where(words, _opening(words, t.member_firsts, t).keys()):  # no other word opens a key
        if i in held:
            continue
        forms = t.analyser.bare_forms(words.folded[i])
        for key in t.member_words:
            j = i + len(key) - 1
            if key[0] in forms and j < len(words) and all(words.folded[i + k] == key[k] for k in range(1, len(key))):
                before = [e for start, e in bodies if start < words.starts[i]]
                if before:
                    s = words.starts[i] + written_offset(words.texts[i], len(words.folded[i]) - len(key[0]))
                    out.append(Found(i, j, s, words.ends[j], "group", "listed", text[s:words.ends[j]], before[-1]))
                break
    return out
