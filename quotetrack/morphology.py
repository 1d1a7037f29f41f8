"""Arabic inflection and clitics of reporting verbs, done once for every lexicon entry.

The lexicon (``rules/speech_verbs.yaml``) lists lemmas; this module expands
each into its surface forms with the features the form shows, so the cue
stage matches a word with one dict lookup:

* past: أكد، أكدت (3fs)، أكدوا (3mp)، أكدا (3md)، أكدتا (3fd)، أكدن (3fp)
* present from the entry's ``present``: يؤكد، تؤكد (3fs)، يؤكدون (3mp)، نؤكد (1p)
* circumstantial participle (حال) from ``participle``: مؤكدا، مؤكدة (fs)، مؤكدين (p)
* proclitics و ف (+ س ل before the present) and object pronouns (أبلغه، سألها),
  from the one analyser's tables (``analyser.py``, ``rules/morphology.yaml``).
"""
from __future__ import annotations

from functools import lru_cache

from .normalize import fold

# suffix -> (person, gender, number)
PAST = {"": ("3", "m", "s"), "ت": ("3", "f", "s"), "وا": ("3", "m", "p"), "ا": ("3", "m", "d"),
        "تا": ("3", "f", "d"), "ن": ("3", "f", "p"), "نا": ("1", "", "p")}
# (prefix, suffix) -> features
PRESENT = {("ي", ""): ("3", "m", "s"), ("ت", ""): ("3", "f", "s"), ("ي", "ون"): ("3", "m", "p"),
           ("ي", "وا"): ("3", "m", "p"), ("ي", "ان"): ("3", "m", "d"), ("ت", "ان"): ("3", "f", "d"),
           ("ي", "ن"): ("3", "f", "p"), ("ن", ""): ("1", "", "p"), ("أ", ""): ("1", "", "s")}
# Only the accusative forms a circumstantial participle takes (مؤكدا، مؤكدة، مؤكدين):
# the bare and plural -ات/-ون forms are ordinary nouns too (مطالبات = demands).
PARTICIPLE = {"ا": ("3", "m", "s"), "ة": ("3", "f", "s"), "ين": ("3", "m", "p"), "تين": ("3", "f", "d")}
_WEAK_FINAL = "ىاوي"


@lru_cache(maxsize=8)
def clitics(tables_key: tuple) -> tuple[tuple, tuple, tuple]:
    """(object pronouns, proclitics of the past, proclitics of the present) from the analyser's
    tables (``rules/morphology.yaml``): و ف before any verb, then س or the ل of purpose before
    the present (وسيقول، فليقل); every attached pronoun but ي (a verb's "me" is ني: أبلغني)."""
    conj, preps, future, _article, _lam, enclitics = tables_key[:6]
    objects = ("",) + tuple(e for e in enclitics if e != "ي")
    past = ("",) + conj
    particles = future + tuple(p for p in preps if p == "ل")
    present = ("",) + conj + particles + tuple(c + p for c in conj for p in particles)
    return objects, past, present


def _with_objects(form: str, objects: tuple):
    for obj in objects:
        yield form[:-1] + "و" + obj if obj and form.endswith("وا") else form + obj


def inflect(lemma: str, present: str | None, participle: str | None, extra: list[str], tables_key: tuple):
    """Yield (surface form, tense, person, gender, number) for one lexicon entry."""
    OBJECT, PROCLITICS_PAST, PROCLITICS_PRESENT = clitics(tables_key)
    weak = lemma[-1] in _WEAK_FINAL  # defective verbs: inflected forms come from `forms`
    for suffix, feats in PAST.items():
        if weak and suffix:
            continue
        for form in _with_objects(lemma + suffix, OBJECT):
            for pro in PROCLITICS_PAST:
                yield pro + form, "past", *feats
    if present:
        stem = present[1:]
        weak_present = present[-1] in _WEAK_FINAL
        for (pre, suf), feats in PRESENT.items():
            if weak_present and suf:
                body = stem[:-1] + suf
            else:
                body = stem + suf
            if pre == "أ" and body.startswith("ؤ"):  # يؤكد -> أؤكد is spelled أؤكد; keep as is
                pass
            for form in _with_objects(pre + body, OBJECT):
                for pro in PROCLITICS_PRESENT:
                    yield pro + form, "present", *feats
    if participle:
        for suf, feats in PARTICIPLE.items():
            for pro in PROCLITICS_PAST:
                yield pro + participle + suf, "participle", *feats
    for form in extra:
        feats = guess_features(form)
        for pro in PROCLITICS_PAST:
            yield pro + form, feats[0], *feats[1:]


def guess_features(form: str) -> tuple[str, str, str, str]:
    """Features of an irregular form from its shape (رأت → past 3fs, نافيا → participle ms)."""
    if form.endswith(("يا", "ا")) and not form.endswith("وا") and form[0] in "منر" and len(form) > 3:
        return "participle", "3", "m", "s"
    if form.endswith("ية") or (form.endswith("ة") and form[0] == "م"):
        return "participle", "3", "f", "s"
    if form.endswith("ين"):
        return "participle", "3", "m", "p"
    if form.endswith("وا"):
        return "past", "3", "m", "p"
    if form.endswith("ت"):
        return "past", "3", "f", "s"
    return "past", "3", "m", "s"


@lru_cache(maxsize=8)
def verb_table(entries: tuple, tables_key: tuple) -> dict[str, tuple]:
    """folded surface form -> (entry index, tense, person, gender, number).

    Where two lemmas give the same folded form, the first entry wins: the
    lexicon lists the common verbs first.
    """
    table: dict[str, tuple] = {}
    for i, (lemma, present, participle, extra) in enumerate(entries):
        for form, tense, person, gender, number in inflect(lemma, present, participle, list(extra), tables_key):
            key = fold(form)
            if key not in table:
                table[key] = (i, tense, person, gender, number)
    return table
