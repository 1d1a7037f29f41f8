"""Quote candidates: text → (type, content, cue) for direct, indirect and mixed quotes."""
from __future__ import annotations

import pytest


def quotes(nlp, text):
    doc = nlp(text)
    return [(q.type, q.text, q.cue.text if q.cue else None) for q in doc._.quotes]


@pytest.mark.parametrize("text, expected", [
    # direct after a colon
    ("وقال الوزير أحمد علي: «الوضع خطير جدا في المدينة».",
     [("direct", "الوضع خطير جدا في المدينة", "وقال")]),
    # direct after إن
    ("وقال الوزير أحمد علي، إن “الوضع خطير جدا في المدينة”، في إشارة إلى الحرب.",
     [("direct", "الوضع خطير جدا في المدينة", "وقال")]),
    # cue after the quote
    ("«الوضع خطير جدا في المدينة»، قال الوزير أحمد علي.",
     [("direct", "الوضع خطير جدا في المدينة", "قال")]),
    # indirect: إن clause up to the end of the sentence
    ("وقال الوزير أحمد علي إن الوضع خطير جدا في المدينة. ثم غادر القاعة.",
     [("indirect", "الوضع خطير جدا في المدينة", "وقال")]),
    # indirect with a participle and a prepositional complement
    ("وغادر الوزير أحمد علي القاعة، مشددا على ضرورة وقف الحرب فورا.",
     [("indirect", "ضرورة وقف الحرب فورا", "مشددا")]),
    # mixed: indirect content holding quoted fragments
    ("وأكد الوزير أحمد علي أن روسيا تشرع في “توسيع خطير” للحرب في أوكرانيا.",
     [("mixed", "روسيا تشرع في “توسيع خطير” للحرب في أوكرانيا", "وأكد")]),
    # unmarked speech after a colon runs to the end of the paragraph
    ("وأضاف أحمد علي: نحن جاهزون. وسنلعب بقوة.\nفقرة أخرى.",
     [("indirect", "نحن جاهزون. وسنلعب بقوة", "وأضاف")]),
    # a quote cut by a cue is two quotes
    ("وقال أحمد علي: «نحن جاهزون للمباراة»، وأضاف: «سنلعب بقوة كبيرة».",
     [("direct", "نحن جاهزون للمباراة", "وقال"), ("direct", "سنلعب بقوة كبيرة", "وأضاف")]),
    # one pair of marks over two sentences is one quote
    ("وأشار أحمد علي إلى أن “الحرب طويلة جدا. والحلفاء صامدون فيها”.",
     [("direct", "الحرب طويلة جدا. والحلفاء صامدون فيها", "وأشار")]),
    # attribution phrase after the content
    ("قتل ثلاثة أشخاص في القصف الليلي، بحسب مصدر أمني.",
     [("indirect", "قتل ثلاثة أشخاص في القصف الليلي", "بحسب")]),
    # attribution phrase before the content
    ("وبحسب مصدر أمني، قتل ثلاثة أشخاص في القصف الليلي.",
     [("indirect", "قتل ثلاثة أشخاص في القصف الليلي", "وبحسب")]),
    # reported speech nested inside a direct quote is the quoted speaker's, not a new quote
    ("وقال أحمد علي: «الجميع أكدوا أن الحرب ستنتهي قريبا».",
     [("direct", "الجميع أكدوا أن الحرب ستنتهي قريبا", "وقال")]),
])
def test_candidates(nlp, text, expected):
    assert quotes(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "شاهد الجمهور فيلم «الرسالة» أمس في القاعة الكبرى.",  # a title
    "وصل وفد «الوطن» إلى المدينة مساء أمس.",  # a scare quote with no cue
    "رفع المتظاهرون لافتات «لا للحرب» أمام المقر.",  # a slogan
    "كشف الوزير عن خطة جديدة للقطاع.",  # nominal object, no complement
])
def test_not_quotes(nlp, text):
    doc = nlp(text)
    assert doc._.quotes == []


def test_rejected_candidates_keep_their_reason(nlp):
    doc = nlp("شاهد الجمهور فيلم «الرسالة» أمس في القاعة الكبرى.")
    assert [(q.text, "title" in reason or "scare" in reason) for q, reason in doc._.qt_rejected] == [("الرسالة", True)]


def test_offsets_are_exact(nlp, seed_text, seed_doc):
    for q in seed_doc._.quotes:
        assert seed_text[q.start:q.end] == q.text
        assert seed_text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker_start >= 0:
            assert seed_text[q.speaker_start:q.speaker_end] == q.speaker_text
        for a in q.about:
            assert seed_text[a.start:a.end] == a.text


def test_known_limit_non_speech_qala(nlp):
    """Known limit (README): قال in a non-speech idiom followed by إن is read as speech."""
    doc = nlp("وقال الفريق كلمته في الملعب إن صح التعبير.")
    assert [q.cue.lemma for q in doc._.quotes] == ["قال"]


def test_first_person_cue_is_found_but_reports_nothing(nlp):
    doc = nlp("وسنرى أن الأمور ستتحسن في الأيام المقبلة.")
    assert [(c.text, c.person) for c in doc._.qt_cues] == [("وسنرى", "1")]
    assert doc._.quotes == []
