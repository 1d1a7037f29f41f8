"""What each quote is about: gazetteer names, capitals and seats, adjectives, people; no invention."""
from __future__ import annotations

import json

import pytest

from .conftest import shared_path


def about(nlp, text):
    """The Latin names (registry, gazetteer) or else Arabic names of what the one quote is about."""
    [q] = nlp(text)._.quotes
    return {a.latin or a.name for a in q.about}


@pytest.mark.parametrize("content, expected", [
    ("الدعم لكييف مستمر بقوة", {"Ukraine"}),
    ("موسكو تصعد الحرب بلا توقف", {"Russia"}),
    ("الكرملين يصعد الحرب بلا توقف", {"Russia"}),
    ("البيت الأبيض يدعم الحلفاء بقوة", {"United States"}),
    ("القوات الروسية تتقدم ببطء", {"Russia"}),
    ("الجيش الروسي يتقدم ببطء", {"Russia"}),
    ("الطائرات الإيرانية والصينية تصل تباعا", {"Iran", "China"}),
    ("القوات الكورية الشمالية تقاتل هناك", {"North Korea"}),
    ("حلف شمال الأطلسي سيجتمع غدا", {"NATO"}),
    ("الحلف الأطلسي سيجتمع غدا", {"NATO"}),
    ("الاتحاد الأوروبي والأمم المتحدة يتفقان", {"European Union", "United Nations"}),
])
def test_entities_in_content(nlp, content, expected):
    names = about(nlp, f"وقال الوزير سامي خليل إن {content}.")
    assert expected <= names, names


def test_capital_also_names_the_city(nlp):
    [q] = nlp("وقال الوزير سامي خليل إن الدعم لكييف مستمر.")._.quotes
    assert {(a.kind, a.text) for a in q.about} == {("country", "كييف"), ("place", "كييف")}  # ل left out


def test_pronouns_are_not_targets(nlp):
    assert about(nlp, "وقال الوزير سامي خليل إن دعمنا مستمر وسنواصل جهودنا.") == set()


def test_speaker_is_not_her_own_target(nlp, seed_doc):
    for q in seed_doc._.quotes:
        ids = {a.entity_id for a in q.about}
        if q.speaker_id in ids:  # only when named inside the quote
            assert any(a.entity_id == q.speaker_id and q.start <= a.start for a in q.about)
    for q in seed_doc._.quotes:
        # nothing from outside the content but its reporting clause, in the quote's sentence
        lo, hi = min(q.start, max(q.sentence_start, 0)), max(q.end, q.sentence_end)
        assert all(lo <= a.start and a.end <= hi for a in q.about)


def test_person_named_earlier_is_a_target_by_surname(nlp):
    text = ("وقال الأمين العام مارك روتي إن الحرب طويلة.\n"
            "وقالت الوزيرة سلمى حداد إن روتي محق في تقديره.")
    quotes = nlp(text)._.quotes
    assert "Mark Rutte" in {a.latin for a in quotes[1].about}


def test_entity_head_refers_back(nlp):
    text = "وسيطر تنظيم داعش على المدينة.\nوقال الخبير سامي خليل إن التنظيم يبيع القمح."
    [q] = nlp(text)._.quotes
    assert "ISIS" in {a.name for a in q.about} or any("داعش" in a.name or a.entity_id == "isis" for a in q.about)


def test_seed_about_recall_is_complete(seed_doc):
    from quotetrack.evaluate import names_match, norm

    gold = json.loads(shared_path("gold", "000_3945717365d2420a.gold.json").read_text(encoding="utf-8"))
    for g in gold["quotes"]:
        if not g.get("required", True):
            continue
        hits = [q for q in seed_doc._.quotes if norm(g["anchor"]) in norm(q.text)]
        names = [a.name for q in hits for a in q.about]
        for entity in g.get("about", []):
            assert names_match(names, entity), (g["id"], entity, names)
