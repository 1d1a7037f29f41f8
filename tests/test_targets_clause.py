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
