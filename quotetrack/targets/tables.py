"""The word lists the targets stage reads, from one rules folder, folded once.

``rules/targets.yaml`` gives the head nouns that make names (شركة أرامكو،
مدينة تعز، كأس العالم), the adjectives that turn a definite head into a name
(الاتحاد السعودي, not الشركة الأم) and the words that never name anything
alone (فيفري، ريال); ``names.yaml`` the titles and stopwords that bound a
person's name; the gazetteers (``entities.yaml``, ``speakers.yaml``) the
entries and their homographs.  Clitics are read by the one analyser.
"""
from __future__ import annotations

import weakref
from itertools import compress
from dataclasses import dataclass

from ..analyser import analyser_for
from ..gazetteer import entity_gazetteer, registry_gazetteer
from ..lexicon import default_lexicon
from ..normalize import fold, fold_text


SIEVE_LIMIT = 10_000  # words a Sieve (or a memo) remembers, ~0.5 MB: the memory bound holds on articles of new words
COMMON_ZIPF = 4.0  # a word this frequent is a common word (ممثلا 4.0, شكلت 4.3)
COMMON_STEM_ZIPF = 4.3
PERSON_COMMON_ZIPF = 4.8  # … and next to a person's name, only this frequent a word (صلاح 5.0 is a name too)  # … and so is one whose stem, clitics off, is this frequent (بدم → دم 4.6)


@dataclass(frozen=True, slots=True)
class Head:
    noun: str  # folded singular: شركه is not folded, شركة stays (ة is kept by fold)
    kind: str  # organisation | place | group | event
    role: str  # institution | classifier | facility
    number: str = "s"  # s | d | p: the form met (ناديي introduces two names)
    needs_name: bool = False  # حركة: a common word too; only a name-like word makes it a name


class Sieve:
    """Words known to matter nothing to one reader (not a head noun, starting no listed name),
    learned across articles.  Most words of an article were met before and few matter, so a set
    difference in C leaves a reader the few words to look at instead of a test per word."""

    def __init__(self):
        self.no: set[str] = set()
        self.yes: set[str] = set()  # words ``keep`` found to matter (tested once too)

    def maybe(self, words) -> set[str]:
        """The article's distinct folded words not known to matter nothing."""
        return distinct(words) - self.no

    def learn(self, no) -> None:
        if len(self.no) < SIEVE_LIMIT:
            self.no.update(no)

    def keep(self, words, test) -> set[str]:
        """The article's distinct words ``test`` holds for, each word tested once (both answers are
        remembered)."""
        maybe = self.maybe(words)
        new = maybe - self.yes
        if not new:
            return maybe
        no = {w for w in new if not test(w)}
        self.learn(no)
        if len(self.yes) < SIEVE_LIMIT:
            self.yes.update(new - no)
        return maybe - no


def distinct(words) -> set[str]:
    """The article's distinct folded words (once per article: several readers ask)."""
    got = words.memo.get("qt_distinct")
    if got is None:
        got = words.memo["qt_distinct"] = frozenset(words.folded)
    return got


def where(words, kept) -> list[int]:
    """Indices of the article's words that are in ``kept``, in text order (in C: no bytecode per word)."""
    return list(compress(range(len(words.folded)), map(kept.__contains__, words.folded)))


class TargetTables:
    def __init__(self, rules):
        self.analyser = analyser_for(rules)
        self.lexicon = default_lexicon()
        self.entities = entity_gazetteer(rules)
        self.registry = registry_gazetteer(rules)
        t = rules["targets.yaml"]
        self.heads: dict[str, Head] = {}
        for h in t["heads"]:
            noun = fold(h["noun"])
            needs = bool(h.get("needs_name", False))
            self.heads[noun] = Head(noun, h["kind"], h["role"], "s", needs)
            for number, forms in (("d", h.get("dual", [])), ("p", h.get("plural", []))):
                for f in forms:
                    self.heads.setdefault(fold(f), Head(noun, h["kind"], h["role"], number, needs))
        self.name_adjectives = frozenset(fold(w) for w in t["name_adjectives"])
        self.about_words = frozenset(fold(w) for w in t["about_words"])
        self.member_words = tuple(sorted({tuple(fold_text(w).split()) for w in t["member_words"]}, key=len,
                                         reverse=True))
        self.member_firsts = frozenset(key[0] for key in self.member_words)
        # body id -> the gazetteer entry of its members (الناتو → حلفاء الناتو)
        self.members = {e.id.removesuffix("_members"): e for bucket in self.entities.index.values()
                        for _toks, e in bucket if e.via == "members"}
        self.not_names = frozenset(fold_text(w) for w in t["not_names"])
        names = rules["names.yaml"]
        self.stopwords = frozenset(fold(w) for w in names["stopwords"])
        self.particles = frozenset(fold(w) for w in names["particles"])
        self.given = frozenset(fold(w) for w in names["given_names"])
        # titles before a person's name (الأمير خالد الفيصل, الفريق علي محسن الأحمر): not part of it
        self.titles = frozenset(fold(w) for w in names["titles"]) | frozenset(
            fold(e["noun"]) for e in rules["role_nouns.yaml"]["roles"] if e["noun"].startswith("ال"))
        self._heads_of: dict[str, tuple] = {}
        self._bare: dict[str, str] = {}
        self._common: tuple[dict[str, bool], dict[str, bool]] = ({}, {})  # by person: False, True
        self.unlisted = Sieve()  # words no gazetteer entry starts with (the gazetteers' can_start)
        self.no_heads = Sieve()
        self.unglued = Sieve()  # words that are their only bare form (no clitic reading: ماكرون)
        self.no_context = Sieve()  # words none of whose forms is a homograph's context word
        # the homographs' one-word context words: an article's forms are looked up only among these
        self.context_words = frozenset(w for g in (self.entities.guarded, self.registry.guarded) if g is not None
                                       for ws in g.contexts.values() for w in ws if " " not in w)
        self.gazetteers = tuple(g for gaz in (self.entities, self.registry) for g in (gaz, gaz.guarded)
                                if g is not None)

    def head(self, word: str) -> tuple[Head, bool, int] | None:
        """(Head, definite, proclitic letters) when the folded ``word`` is a head noun:
        لشركة → (شركة, False, 1), والنادي → (نادي, True, 1); None otherwise."""
        hit = self._heads_of.get(word)
        if hit is None:
            hit = ()
            for a in self.analyser.readings(word):
                h = self.heads.get(a.stem)
                if h is not None and (not a.proclitics or len(a.stem) >= 3):
                    hit = (h, a.article, len(a.proclitics))
                    break
            self._heads_of[word] = hit
        return hit or None

    def heads_in(self, words) -> list[int]:
        """Indices of the article's head nouns (شركة، والنادي), in text order."""
        return where(words, self.no_heads.keep(words, lambda w: self.head(w) is not None))

    def context_forms(self, words) -> set[str]:
        """The bare forms of the article's words that are context words of a homograph: all that
        ``Gazetteer.context_holds`` asks of an article's single words (is this word in it?)."""
        ctx, bare_forms = self.context_words, self.analyser.bare_forms
        kept = self.no_context.keep(words, lambda w: any(f in ctx for f in bare_forms(w)))
        return {f for w in kept for f in bare_forms(w) if f in ctx}

    def bare(self, word: str) -> str:
        """The word as a name is listed: للوحدة → الوحدة, بمحرز → محرز (the analyser's reading;
        remembered per word)."""
        hit = self._bare.get(word)
        if hit is None:
            hit = self.analyser.analyse(word).bare
            if len(self._bare) < SIEVE_LIMIT:
                self._bare[word] = hit
        return hit

    def zipf(self, word: str) -> float:
        return self.lexicon.zipf(word)

    def common(self, word: str, person: bool = False) -> bool:
        """``_common``, remembered per word (the readers ask of the same words again and again)."""
        memo = self._common[person]
        hit = memo.get(word)
        if hit is None:
            hit = self._is_common(word, person)
            if len(memo) < SIEVE_LIMIT:
                memo[word] = hit
        return hit

    def _is_common(self, word: str, person: bool) -> bool:
        """A common word under its clitics, never a name's word: ترتيبها (ترتيب), ستطور (تطور),
        واستطاع, تواجدوا; not سابك or الفضيلي (a nisba ي is not a pronoun).  Next to a person's
        name (``person``) only a very common word is: first names are frequent words too (زهير،
        سمير، مرسي، بار)."""
        if word in self.given or self.bare(word) in self.given:
            return False
        z = self.zipf(word)
        if z >= (PERSON_COMMON_ZIPF if person else COMMON_ZIPF) or (word.endswith("وا") and len(word) > 4):
            return True
        for a in self.analyser.readings(word, enclitics=True):
            if a.stem == word or len(a.stem) < 3 or a.enclitic == "ي" or self.zipf(a.stem) < COMMON_STEM_ZIPF:
                continue
            if not person or a.enclitic or self.zipf(a.stem) > z + 1.5:
                return True
        return False

    def is_nationality(self, words, i: int) -> bool:
        """Is word ``i`` a nationality adjective of the gazetteer (الإسباني، السعودية)?"""
        hit = self.entities.match(words, i, i + 1)
        return hit is not None and hit[1].via == "adjective"


_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def tables_for(rules) -> TargetTables:
    """One TargetTables per Ruleset (dropped with it)."""
    if rules not in _TABLES:
        _TABLES[rules] = TargetTables(rules)
    return _TABLES[rules]
