"""The one morphology analyser: clitics and definiteness, with and without a frequency table."""
from __future__ import annotations

import pytest

from quotetrack.analyser import Analyser, Tables, default_analyser
from quotetrack.normalize import fold, written_offset
from quotetrack.ruleset import Ruleset

from .conftest import copy_rules


class Zipf:
    """A made-up frequency table, so the tests do not depend on the shipped one."""

    def __init__(self, **words: float):
        self.table = {fold(k): v for k, v in words.items()}

    def zipf(self, w: str) -> float:
        return self.table.get(w, 0.0)


def tables() -> Tables:
    return Tables.from_rules(Ruleset.load())


@pytest.mark.parametrize("word, proclitics, article, stem", [
    ("وبالحكومة", "وب", True, "حكومة"),  # conjunction + preposition + article
    ("للوزير", "ل", True, "وزير"),  # ل + ال written لل
    ("والفضيلي", "و", True, "فضيلي"),  # a surname nobody listed: the article after و is a clitic
    ("الشمراني", "", True, "شمراني"),  # definite, no proclitic
    ("وسيقول", "و", False, "سيقول"),  # unknown to any table: only the conjunction is sure
    ("بكر", "", False, "بكر"),  # ب + كر would leave two letters: a plausible stem has three
    ("الله", "", False, "الله"),  # ال + له leaves two letters: the word stays whole
])
def test_readings_without_frequencies(word, proclitics, article, stem):
    a = Analyser(tables()).analyse(fold(word))
    assert (a.proclitics, a.article, a.stem) == (proclitics, article, fold(stem))


@pytest.mark.parametrize("word, lexicon, stem", [
    # a proclitic is split off when what follows is much commoner than the whole word …
    ("لزرقونيا", {"زرقونيا": 4.0, "لزرقونيا": 2.0}, "زرقونيا"),
    # … and kept when the whole word is about as common (a name that starts like a clitic)
    ("فيصلان", {"فيصلان": 4.0, "يصلان": 4.2}, "فيصلان"),
    ("لبنانون", {"لبنانون": 5.0, "بنانون": 2.0}, "لبنانون"),
    # each further letter must earn the margin again: و + لاري, not و + ل + اري
    ("ولاريون", {"لاريون": 4.0, "اريون": 4.5, "ولاريون": 1.0}, "لاريون"),
    # a word the table does not know: a conjunction before four letters is a clitic, a lone
    # preposition may be the name's own first letter
    ("وزرقان", {}, "زرقان"),
    ("بيرنزون", {}, "بيرنزون"),
])
def test_frequencies_choose_the_segmentation(word, lexicon, stem):
    a = Analyser(tables(), Zipf(**lexicon)).analyse(fold(word))
    assert a.stem == fold(stem)


def test_enclitics_only_when_asked():
    an = Analyser(tables())
    assert all(not a.enclitic for a in an.readings(fold("رئيسها")))
    assert any(a.stem == fold("رئيس") and a.enclitic == "ها" for a in an.readings(fold("رئيسها"), enclitics=True))


def test_bare_forms_are_what_lexicons_list():
    assert default_analyser().bare_forms(fold("وبالحكومة"))[-1] == fold("الحكومة")
    assert fold("وبالحكومة") == default_analyser().bare_forms(fold("وبالحكومة"))[0]


@pytest.mark.parametrize("written, definite", [
    ("الوزير", True), ("الآن", True), ("آلان", False), ("آلاف", False), ("آمال", False), ("ـالوزير", True),
    ("وزير", False), ("والوزير", False),  # the written word must open with the article itself
])
def test_the_article_is_never_written_with_a_madda(written, definite):
    assert default_analyser().starts_definite(written) is definite


@pytest.mark.parametrize("word, n, offset", [
    ("وَالمسلمين", 1, 2),  # the و keeps its fatha
    ("لـأوكرانيا", 1, 2),  # tatweel belongs to the clitic
    ("والمسلمين", 0, 0),
])
def test_written_offset(word, n, offset):
    assert written_offset(word, n) == offset


def test_tables_come_from_rules(tmp_path):
    from quotetrack.errors import RulesError

    copy_rules(tmp_path, {"morphology.yaml": "schema_version: 1\nconjunctions: [و, 3]\n"})
    with pytest.raises(RulesError, match="QT011"):
        Ruleset.load(tmp_path)


@pytest.mark.parametrize("word, nominative", [
    ("مسؤولا", "مسؤول"),  # the alif of the indefinite accusative
    ("مصدرا", "مصدر"),
    ("متحدثا", "متحدث"),
    ("المسؤولا", None),  # a definite word takes no tanween
    ("دعا", None),  # too short to be a noun with the ending
    ("خلفا", "خلف"),  # three letters under the ending are enough
    ("مسؤول", None),  # no ending
])
def test_nominative_of_an_indefinite_accusative(word, nominative):
    assert default_analyser().nominative(fold(word)) == (fold(nominative) if nominative else None)
