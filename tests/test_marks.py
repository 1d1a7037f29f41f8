"""Quote-mark pairing: every mark style, mis-typed and unbalanced marks, nesting, paragraphs."""
from __future__ import annotations

import pytest

from quotetrack.marks import MarkPairer
from quotetrack.ruleset import Ruleset


@pytest.fixture(scope="module")
def pairer():
    return MarkPairer(Ruleset.load())


def contents(pairer, text):
    spans, warnings = pairer.find(text)
    return [text[s.start:s.end] for s in spans], spans, warnings


@pytest.mark.parametrize("text, expected", [
    ("قال: «الوضع خطير جدا» ثم غادر", ["الوضع خطير جدا"]),
    ("قال: “الوضع خطير جدا” ثم غادر", ["الوضع خطير جدا"]),
    ("قال: „الوضع خطير جدا“ ثم غادر", ["الوضع خطير جدا"]),
    ("قال: ‹الوضع خطير جدا› ثم غادر", ["الوضع خطير جدا"]),
    ("قال: ‘الوضع خطير جدا’ ثم غادر", ["الوضع خطير جدا"]),
    ('قال: "الوضع خطير جدا" ثم غادر', ["الوضع خطير جدا"]),
    # mis-typed: a right mark opens (the seed: ” لن يردع الدعم لكييف”)
    ("والتي، كما أشاروا، ” لن يردع الدعم لكييف”.", ["لن يردع الدعم لكييف"]),
    # reversed curly marks
    ("قال ”الوضع خطير“ ثم غادر", ["الوضع خطير"]),
    # a one-letter proclitic glued before the opening mark
    ('ووصف القرار ب"الغريب" أمس', ["الغريب"]),
    # two quotes in one sentence
    ("قال «أ ب» ثم «ج د»", ["أ ب", "ج د"]),
])
def test_mark_styles(pairer, text, expected):
    found, _, warnings = contents(pairer, text)
    assert found == expected
    assert warnings == []


# an opening mark that a space or a dash separates from its first word still opens, when the
# colon before it is glued to the mark or the quotation opens on a dash (interview answers)
@pytest.mark.parametrize("text, expected, warnings", [
    ('وقال الباحث :"تبدأ المشكلة هنا"، مضيفا:" عندما يغسل الناس أيديهم تقل العدوى".',
     ["تبدأ المشكلة هنا", "عندما يغسل الناس أيديهم تقل العدوى"], []),
    ('وقال أمير المنطقة :" إن الثقافة تصنع المستقبل".', ["إن الثقافة تصنع المستقبل"], []),
    ('وأجاب: "-نحن لا نعرف شيئا عن الأمر".', ["-نحن لا نعرف شيئا عن الأمر"], []),
    ('وأجاب: "- نحن لا نعرف شيئا عن الأمر".', ["- نحن لا نعرف شيئا عن الأمر"], []),
    ("وأجاب: « - نحن لا نعرف شيئا».", ["- نحن لا نعرف شيئا"], []),
    # negatives: a closing mark before a dash or after a colon-less space stays a closing mark
    ('قال "نعم"- ثم غادر القاعة.', ["نعم"], []),
    ('قال "نعم" - ثم غادر القاعة.', ["نعم"], []),
    ('قال الوزير "نعم الأمر كذلك" ثم غادر: "وداعا".', ["نعم الأمر كذلك", "وداعا"], []),
])
def test_mark_after_glued_colon_or_before_dash_opens(pairer, text, expected, warnings):
    found, _spans, warns = contents(pairer, text)
    assert found == expected
    assert [w.code for w in warns] == warnings


@pytest.mark.parametrize("text, outer, inner", [
    ("قال: “هذا ما سماه ‘الخط الأحمر’ أمس” ثم غادر", "هذا ما سماه ‘الخط الأحمر’ أمس", "الخط الأحمر"),
    ("قال: “هذا ما سماه “الخط الأحمر” أمس” ثم غادر", "هذا ما سماه “الخط الأحمر” أمس", "الخط الأحمر"),
    ("قال: «هذا ما سماه «الخط الأحمر» أمس» ثم غادر", "هذا ما سماه «الخط الأحمر» أمس", "الخط الأحمر"),
])
def test_nested_quotes(pairer, text, outer, inner):
    found, spans, _ = contents(pairer, text)
    by_depth = {s.depth: text[s.start:s.end] for s in spans}
    assert by_depth == {0: outer, 1: inner}


def test_quote_spanning_paragraphs_is_one_span(pairer):
    text = "وقال الوزير: «الفقرة الأولى من الكلام.\nوالفقرة الثانية منه» ثم انصرف."
    found, spans, warnings = contents(pairer, text)
    assert found == ["الفقرة الأولى من الكلام.\nوالفقرة الثانية منه"]
    assert warnings == []


def test_unclosed_mark_is_closed_at_paragraph_end_with_warning(pairer):
    text = "قال الوزير: «هذا كلام لم يغلق.\nفقرة ثانية بلا علامات.\nثالثة.\nرابعة.\nخامسة.\nسادسة «مع علامة جديدة»."
    found, spans, warnings = contents(pairer, text)
    assert found[0] == "هذا كلام لم يغلق."  # never swallows the rest of the article
    assert spans[0].repair == "closed_at_paragraph_end"
    assert [w.code for w in warnings] == ["QT102"]
    assert "مع علامة جديدة" in found


def test_stray_closing_mark_opens_at_sentence_start(pairer):
    text = "أصر على أن روسيا تشرع في الحرب. منتجات ذات استخدام مزدوج لصناعتها الدفاعية.”"
    found, spans, warnings = contents(pairer, text)
    assert found == ["منتجات ذات استخدام مزدوج لصناعتها الدفاعية."]
    assert spans[0].repair == "opened_at_sentence_start" and spans[0].open_mark == ""
    assert warnings[0].code == "QT103" and "'”'" in warnings[0].message


@pytest.mark.parametrize("text", ['ووقع عقدا رسميا" مع النادي', 'أكد الخراع قائلا" : نحن جاهزون'])
def test_straight_mark_after_alef_is_a_mistyped_tanween(pairer, text):
    found, spans, warnings = contents(pairer, text)
    assert found == []
    assert [w.code for w in warnings] == ["QT101"]


def test_apostrophe_in_latin_word_is_not_a_mark(pairer):
    found, _, warnings = contents(pairer, "قالت Daniels’s lawyer كلاما")
    assert found == [] and warnings == []


def test_no_marks(pairer):
    assert pairer.find("نص بلا علامات تنصيص") == ([], [])


def test_seed_accounts_for_all_nineteen_marks(pairer, seed_text):
    marks = [c for c in seed_text if c in pairer.mark]
    assert len(marks) == 19
    spans, warnings = pairer.find(seed_text)
    used = sum(bool(s.open_mark) + bool(s.close_mark) for s in spans)
    ignored = sum(w.code == "QT101" for w in warnings)
    assert used + ignored == 19
    # the stray closing mark of the Rutte sentence is repaired and reported
    assert [w.code for w in warnings] == ["QT103"]


def test_too_many_open_quotations_are_closed_oldest_first(pairer):
    from quotetrack.marks import MAX_OPEN

    text = " ".join(f"«كلمة{i}" for i in range(MAX_OPEN + 4))
    spans, warnings = pairer.find(text)
    limited = [s for s in spans if s.repair == "closed_at_depth_limit"]
    assert len(limited) == 4  # the four oldest, closed when the ninth to twelfth opened
    assert all(w.code == "QT102" for w in warnings)
    assert all(0 <= s.start <= s.end <= len(text) for s in spans)


def test_long_run_of_marks_is_tokenized_linearly_and_exactly(nlp):
    text = "قال " + '«"“»”"„‹›' * 300 + " انتهى"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert all(len(t.text) == 1 for t in doc if any(c in t.text for c in '«»“”"„‹›'))
