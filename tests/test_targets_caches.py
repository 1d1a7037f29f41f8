"""The targets stage's caches learn across articles (``tables.Sieve``: words known to start no listed
name, to be no head noun …; per-word memos): what a quote is about must not depend on the articles
read before, nor on whether the caches may learn at all, and they stay within their bound."""
from __future__ import annotations

import pytest

from quotetrack.normalize import Words
from quotetrack.targets import tables
from quotetrack.targets.tables import SIEVE_LIMIT, Sieve, where

# homographs with and without their context (the lazily built context), heads and their names,
# a name found again by its surname, a body's members, a capital
TEXTS = [
    "وقال المسؤول سامي خليل إن مدارس البنين والبنات ستفتح أبوابها غدا.",
    "وزار الوفد كوتونو في غرب أفريقيا الأسبوع الماضي.\nوقال المسؤول سامي خليل إن بنين ستوقع الاتفاق.",
    "وفاز الفريق في المباراة على ملعبه في الدوري.\nوقال المدرب إن الهلال سيلعب مباراته المقبلة بقوة.",
    "وقال الأمين العام مارك روتي إن الحرب طويلة.\nوقالت الوزيرة سلمى حداد إن روتي محق في تقديره.",
    "وقال الخبير سامي خليل إن شركة أرامكو ووزارة الخارجية الروسية ستوقعان الاتفاق.",
    "وقال الوزير إن حلف الناتو سيجتمع غدا، وأكد أن الحلفاء سيدعمون كييف ولكييف حق الدفاع.",
]


def abouts(nlp, texts):
    return [[(q.start, q.end, [(a.entity_id, a.name, a.start, a.end) for a in q.about]) for q in nlp(t)._.quotes]
            for t in texts]


def fresh(monkeypatch, nlp, limit: int):
    """The component's tables with empty caches that may remember ``limit`` words each."""
    t = nlp.get_pipe("quotetrack_targets").finder.tables
    monkeypatch.setattr(tables, "SIEVE_LIMIT", limit)
    for name in ("unlisted", "no_heads", "unglued", "no_context"):
        monkeypatch.setattr(t, name, Sieve())
    monkeypatch.setattr(t, "_bare", {})
    monkeypatch.setattr(t, "_common", ({}, {}))
    return t


def test_caches_change_no_target(nlp, seed_text, monkeypatch):
    texts = TEXTS + [seed_text]
    fresh(monkeypatch, nlp, 0)
    plain = abouts(nlp, texts)  # nothing remembered: every word of every article tested
    assert any(a for doc in plain for _s, _e, a in doc)  # the texts have targets to compare
    t = fresh(monkeypatch, nlp, SIEVE_LIMIT)
    forward = abouts(nlp, texts)
    backward = abouts(nlp, texts[::-1])[::-1]  # every article after the others: warm caches
    assert forward == plain
    assert backward == plain
    assert t.unlisted.no and t.no_heads.yes and t.unglued.yes  # the caches did learn


@pytest.mark.parametrize("text, kept, expected", [
    ("شركة أرامكو وشركة سابك", {"شركة"}, [0]),  # وشركة is another word
    ("شركة أرامكو شركة سابك", {"شركة"}, [0, 2]),
    ("شركة أرامكو وشركة سابك", {"وشركة", "سابك"}, [2, 3]),
    ("شركة أرامكو", set(), []),
    ("", {"شركة"}, []),
])
def test_where_gives_positions_in_text_order(text, kept, expected):
    assert where(Words(text), kept) == expected


def test_sieve_tests_each_word_once_and_keeps_its_bound(monkeypatch):
    monkeypatch.setattr(tables, "SIEVE_LIMIT", 3)
    asked = []

    def is_head(w):
        asked.append(w)
        return w == "شركة"

    sieve = Sieve()
    words = Words("شركة أرامكو تعلن أرباح شركة كبيرة")
    assert sieve.keep(words, is_head) == {"شركة"}
    assert sorted(asked) == sorted(set(words.folded))  # each distinct word once
    assert len(sieve.no) == 4  # learned in one batch while below the bound
    asked.clear()
    assert sieve.keep(Words("شركة أرامكو"), is_head) == {"شركة"}
    assert asked == []  # both known: no test
    assert sieve.keep(Words("كلمة جديدة"), is_head) == set()
    assert len(sieve.no) == 4 and "جديدة" not in sieve.no  # at the bound: nothing more remembered
