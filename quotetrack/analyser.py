"""The one Arabic morphology analyser: clitics and definiteness of a word.

Every stage asks here instead of stripping letters itself, so they agree:

* proclitics — a conjunction (و ف), then a preposition (ب ل ك) or the future
  particle (س), then the article (ال; after ل it is written لل):
  ``وبالحكومة`` → و + ب + ال + حكومة, ``للوزير`` → ل + ال + وزير;
* enclitics — attached pronouns (``رئيسها`` → رئيس + ها, ``أبلغه`` → أبلغ + ه);
* definiteness — the article, read off the same segmentation.

Segmentation is ambiguous without a lexicon (``وليد`` is a name, و + ليد is
not a word; ``بكر`` vs ب + كر), so :func:`readings` gives every segmentation
the tables allow, least stripped first, and the caller keeps the one its
lexicon knows; :meth:`Analyser.analyse` gives one answer, chosen by how common
each reading's bare form is in general Arabic (``lexicon.py``: لبنان is a
word, so it is not ل + بنان; لأوكرانيا is ل + أوكرانيا), and for words the
frequency table does not know, by the shape of the clitics (``والفضيلي`` has
و + ال: a conjunction before the article is never part of a name).
The tables are data: ``rules/morphology.yaml``.  Words are folded first
(``normalize.fold``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold

MIN_STEM = 2  # letters a reading must leave: ب + كر is allowed, ب + ك is not
PLAUSIBLE_STEM = 3  # analyse() strips only while a stem of this length remains
CLITIC_MARGIN = 0.9  # Zipf points by which the rest must be commoner than the whole word (see _best)


@dataclass(frozen=True, slots=True)
class Analysis:
    """One segmentation of a folded word: ``proclitics + article + stem + enclitic``."""

    word: str
    proclitics: str = ""  # conjunction and preposition/future letters, in order: "وب"
    article: bool = False  # ال (or the ل of لل) before the stem: the word is definite
    stem: str = ""
    enclitic: str = ""  # attached pronoun after the stem

    @property
    def prefix_length(self) -> int:
        """Letters before the stem in the folded word (folding keeps one letter per letter)."""
        return len(self.word) - len(self.stem) - len(self.enclitic)

    @property
    def definite_stem(self) -> str:
        """The stem as a lexicon lists a definite noun: للوزير → الوزير, وزير → وزير."""
        return "ال" + self.stem if self.article else self.stem

    @property
    def bare(self) -> str:
        """The word without its conjunction and preposition: وللوزير → الوزير, بكييف → كييف."""
        return self.word[len(self.proclitics):len(self.word) - len(self.enclitic)] if not self.article \
            else self.definite_stem


class Tables:
    """The clitic tables of ``rules/morphology.yaml`` (folded)."""

    def __init__(self, conjunctions=(), prepositions=(), future=(), article=(), article_after_lam=(), enclitics=(),
                 nisba_endings=(), accusative_endings=()):
        self.conjunctions = tuple(fold(x) for x in conjunctions)
        self.prepositions = tuple(fold(x) for x in prepositions)
        self.future = tuple(fold(x) for x in future)
        self.article = tuple(fold(x) for x in article)
        self.article_after_lam = tuple(fold(x) for x in article_after_lam)
        self.enclitics = tuple(sorted({fold(x) for x in enclitics}, key=len, reverse=True))
        self.nisba_endings = tuple(fold(x) for x in nisba_endings)
        self.accusative_endings = tuple(fold(x) for x in accusative_endings)

    @classmethod
    def from_rules(cls, rules) -> "Tables":
        return cls(**rules["morphology.yaml"])

    def key(self) -> tuple:
        return (self.conjunctions, self.prepositions, self.future, self.article, self.article_after_lam,
                self.enclitics, self.nisba_endings, self.accusative_endings)


class Analyser:
    """Readings of folded words under one set of tables; results cached per word."""

    def __init__(self, tables: Tables, lexicon=None):
        self.tables = tables
        self.lexicon = lexicon
        self._readings = lru_cache(maxsize=200_000)(self._compute)
        self._analyse = lru_cache(maxsize=200_000)(self._best)
        self._bare = lru_cache(maxsize=200_000)(self._bare_forms)
        self._plain = lru_cache(maxsize=200_000)(self._plain_readings)
        # every stage asks these for the same words again and again: the cached functions are
        # bound here directly (one call, not a method wrapping a cached call)
        self.analyse = self._analyse
        self.bare_forms = self._bare

    def readings(self, word: str, enclitics: bool = False) -> tuple[Analysis, ...]:
        """Every segmentation of ``word`` (folded), least stripped first; with ``enclitics``
        also those that split an attached pronoun off (رئيسها → رئيس + ها)."""
        return self._readings(word) if enclitics else self._plain(word)

    def _plain_readings(self, word: str) -> tuple[Analysis, ...]:
        return tuple(a for a in self._readings(word) if not a.enclitic)

    def analyse(self, word: str) -> Analysis:
        """The likeliest proclitic reading of ``word`` (no enclitic split); see the module doc."""
        return self._analyse(word)

    def starts_definite(self, written: str, folded: str | None = None) -> bool:
        """Does the word as written open with the article?  Folding writes آ as ا, so آلان and
        آلاف fold like الآن; the article is never written with a madda.  ``folded``: the word
        already folded (the stages have it), else it is folded here."""
        folded = fold(written) if folded is None else folded
        return folded.startswith(self.tables.article) and not written.lstrip("\u0640").startswith("آ")

    def nominative(self, word: str) -> str | None:
        """An indefinite accusative read back to its nominative (مسؤولا → مسؤول, مصدرا → مصدر),
        or None: definite words, short words and words without the ending have no such reading."""
        for ending in self.tables.accusative_endings:
            if word.endswith(ending) and len(word) - len(ending) >= PLAUSIBLE_STEM \
                    and not word.startswith(self.tables.article):
                return word[:-len(ending)]
        return None

    def bare_forms(self, word: str) -> tuple[str, ...]:
        """The word as a lexicon may list it, least stripped first: وبالحكومة → (وبالحكومة،
        بالحكومة، الحكومة); duplicates removed.  What gazetteers and role lists look up."""
        return self._bare(word)

    def _bare_forms(self, word: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for a in self.readings(word):
            seen.setdefault(a.word if not a.proclitics and not a.article else a.bare, None)
        return tuple(seen)

    # -- internals -------------------------------------------------------------
    def _best(self, word: str) -> Analysis:
        options = [a for a in self.readings(word) if (a.proclitics or a.article) and len(a.stem) >= PLAUSIBLE_STEM
                   and not (not a.article and a.stem.startswith(self.tables.article))]
        if not options:
            return Analysis(word, stem=word)
        # the article is the surest clitic: والفضيلي، للشمراني، الشمراني (the stem may be a surname)
        with_article = [a for a in options if a.article]
        if with_article:
            return with_article[-1]
        # a bare ب ل ك و ف: a clitic when what follows is much commoner than the whole word
        # (لترامب 2.9 < ترامب 4.4), part of the word when it is not (فيصل 4.8 ~ يصل 5.1; لبنان)
        zipf = self.lexicon.zipf if self.lexicon is not None else (lambda _w: 0.0)
        whole = zipf(word)
        best, best_z = Analysis(word, stem=word), whole + CLITIC_MARGIN
        for a in options:  # least stripped first: each further letter must earn the margin again
            z = zipf(a.bare)
            if z >= best_z:
                best, best_z = a, z + CLITIC_MARGIN
        if best.word == best.stem and whole == 0.0:
            # a word the table does not know: a conjunction before four letters or more (ولاري),
            # never a lone preposition, which may be the name's own first letter (ليونيل، بيرنز)
            for a in options:
                if a.proclitics in self.tables.conjunctions and len(a.stem) >= 4:
                    return a
        return best

    def _compute(self, word: str) -> tuple[Analysis, ...]:
        t = self.tables
        out: list[Analysis] = []
        conj_options = [""] + [c for c in t.conjunctions if word.startswith(c)]
        for conj in conj_options:
            rest = word[len(conj):]
            prep_options = [""] + [p for p in t.prepositions + t.future if rest.startswith(p)]
            for prep in prep_options:
                body = rest[len(prep):]
                pro = conj + prep
                if len(body) >= MIN_STEM and (pro or body == word):
                    out.append(Analysis(word, pro, False, body))
                for art in t.article:
                    if body.startswith(art) and len(body) - len(art) >= MIN_STEM and prep not in t.future:
                        out.append(Analysis(word, pro, True, body[len(art):]))
                # ل + ال is written لل: للوزير → ل + ال + وزير
                if prep in t.article_after_lam and body.startswith("ل") and len(body) - 1 >= MIN_STEM:
                    out.append(Analysis(word, pro, True, body[1:]))
        with_enc = []
        for a in out:
            for enc in t.enclitics:
                if a.stem.endswith(enc) and len(a.stem) - len(enc) >= PLAUSIBLE_STEM:
                    with_enc.append(Analysis(word, a.proclitics, a.article, a.stem[:-len(enc)], enc))
        return tuple(sorted(out, key=_stripped)) + tuple(sorted(with_enc, key=_stripped))


def _stripped(a: Analysis) -> int:
    return len(a.word) - len(a.stem)


_ANALYSERS: dict = {}


def analyser_for(rules) -> Analyser:
    """The analyser of a Ruleset (one per distinct tables, shared by every stage), with the
    shipped frequency table."""
    from .lexicon import default_lexicon

    tables = Tables.from_rules(rules)
    key = tables.key()
    if key not in _ANALYSERS:
        _ANALYSERS[key] = Analyser(tables, default_lexicon())
    return _ANALYSERS[key]


def default_analyser() -> Analyser:
    """The analyser of the shipped rules."""
    from .ruleset import Ruleset

    return analyser_for(Ruleset.load())
