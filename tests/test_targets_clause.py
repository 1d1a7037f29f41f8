"""What a quote is about, on invented sentences (names in no list): the reporting clause and its
lead, and names linked within the article.  Tables of text → the names that must and must not be
among the targets of the quote that holds ``marker``."""
from __future__ import annotations

import pytest


def names(nlp, text: str, marker: str) -> set[str]:
    quotes = [q for q in nlp(text)._.quotes if marker in q.text]
    assert len(quotes) == 1, [q.text for q in nlp(text)._.quotes]
    return {a.name for a in quotes[0].about}


@pytest.mark.parametrize("text, marker, must, must_not", [
    # the lead asks about a name (عن، حول) also under its conjunction (وعن، وحول)
    ("وعن نادي الزمردة، قال المدرب منير الهواري إن الفريق جاهز للموسم.", "جاهز", {"نادي الزمردة"}, set()),
    ("وحول شركة بتروزاك، قال المدير منير الهواري إن الأرباح زادت.", "الأرباح", {"شركة بتروزاك"}, set()),
    # … where it was said is not what it is about
    ("وفي مدينة الزمردة، قال المدرب منير الهواري إن الفريق جاهز للموسم.", "جاهز", set(), {"الزمردة"}),
])
def test_lead_of_the_sentence(nlp, text, marker, must, must_not):
    got = names(nlp, text, marker)
    assert must <= got, got
    assert not (must_not & got), got


def _person(name: str, k: int):
    from quotetrack.targets.found import Found

    return Found(k, k + len(name.split()) - 1, 10 * k, 10 * k + len(name), "person", "recogniser", name)


@pytest.mark.parametrize("names_in_order, same, label", [
    # a word read past the name (عناوين) makes no second person; the surname alone then joins
    (["سلمى الورداني", "سلمى الورداني عناوين", "الورداني"], True, "سلمى الورداني"),
    (["سلمى الورداني عناوين", "سلمى الورداني", "الورداني"], True, "سلمى الورداني"),
    # two people who share a first name only stay two
    (["سلمى الورداني", "سلمى الحكيمي"], False, None),
])
def test_a_name_extending_another_is_the_same_person(names_in_order, same, label):
    from quotetrack.targets.link import Linker

    idents = Linker().link([_person(n, 5 * i) for i, n in enumerate(names_in_order)])
    assert (len({i.id for i in idents}) == 1) is same, [i.id for i in idents]
    if label:
        assert {i.name for i in idents} == {label}


@pytest.mark.parametrize("before, content, must, must_not", [
    # a description refers back to the one body named with its head, not to a class of them
    ("وأعلنت شركة بتروزاك عن أرباحها.\nوتتنافس شركات الأسمدة في السوق العالمية.",
     "الشركة ستوسع مصانعها قريبا", {"شركة بتروزاك"}, {"الأسمدة"}),
    ("وأعلنت شركة بتروزاك عن أرباحها.", "الشركة ستوسع مصانعها قريبا", {"شركة بتروزاك"}, set()),
    # two clubs named under a dual head: a later النادي is neither
    ("وتعاقد ناديا الزمردة والياقوتة مع مدربين.", "النادي سيعلن قائمته غدا", set(), {"الزمردة", "الياقوتة"}),
])
def test_a_description_refers_back_to_one_body(nlp, before, content, must, must_not):
    got = names(nlp, f"{before}\nوقال المدير منير الهواري إن {content}.", content[:10])
    assert must <= got, got
    assert not (must_not & got), got
