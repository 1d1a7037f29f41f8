"""Sentences never end inside a quotation; headings are found."""
from __future__ import annotations

import pytest

from quotetrack.marks import MarkPairer
from quotetrack.ruleset import Ruleset
from quotetrack.segment import paragraphs, sentences


def sents(text):
    spans, _ = MarkPairer(Ruleset.load()).find(text)
    return [text[s:e] for s, e in sentences(text, spans)]


def test_full_stop_inside_quote_does_not_split():
    text = "وأشار إلى أن “الحرب طويلة. والحلفاء صامدون”. ثم غادر."
    assert sents(text) == ["وأشار إلى أن “الحرب طويلة. والحلفاء صامدون”.", "ثم غادر."]


def test_full_stop_before_closing_mark_ends_after_the_mark():
    text = "قال “انتهى الأمر.” وغادر القاعة."
    assert sents(text) == ["قال “انتهى الأمر.”", "وغادر القاعة."]


def test_newline_and_question_mark_split():
    assert sents("هل انتهى؟ نعم\nفقرة ثانية") == ["هل انتهى؟", "نعم", "فقرة ثانية"]


def test_decimal_point_does_not_split():
    assert sents("ارتفع المؤشر 3.5 بالمئة اليوم.") == ["ارتفع المؤشر 3.5 بالمئة اليوم."]


# a full stop that closes an abbreviation does not end the sentence: the cue's إن after
# a company's dotted name or a title's initial stays in its sentence
@pytest.mark.parametrize("text, expected", [
    ("وقال مدير شركة أيه.بي.سي. للنقل إن العمل مستمر. ثم غادر.",
     ["وقال مدير شركة أيه.بي.سي. للنقل إن العمل مستمر.", "ثم غادر."]),
    ("وقال د. سامي العلي إن العمل مستمر. ثم غادر.", ["وقال د. سامي العلي إن العمل مستمر.", "ثم غادر."]),
    ("وقال أ.د. هالة سمير إن العمل مستمر.", ["وقال أ.د. هالة سمير إن العمل مستمر."]),
    ("وصل الوفد إلى U.S. Steel أمس.", ["وصل الوفد إلى U.S. Steel أمس."]),
    # negatives: an ordinary last word, a number, an ellipsis, a closing mark before the stop
    ("انتهى الاجتماع. ثم غادر.", ["انتهى الاجتماع.", "ثم غادر."]),
    ("جاء في المركز 3. ثم غادر.", ["جاء في المركز 3.", "ثم غادر."]),
    ("انتهى الأمر.. ثم غادر.", ["انتهى الأمر..", "ثم غادر."]),
    ("قال إنه «انتهى». ثم غادر.", ["قال إنه «انتهى».", "ثم غادر."]),
])
def test_abbreviation_dots(text, expected):
    assert sents(text) == expected


# scraped news often loses the space after a full stop: a stop glued between two Arabic words
# still ends the sentence when the word before it is long (no abbreviation is)
@pytest.mark.parametrize("text, expected", [
    ("تصدى لها الحارس زهران القطامي.من جهته أثنى المدرب على فريقه.",
     ["تصدى لها الحارس زهران القطامي.", "من جهته أثنى المدرب على فريقه."]),
    ("انتهت المباراة بالتعادل!وقال المدرب إنه راض.", ["انتهت المباراة بالتعادل!", "وقال المدرب إنه راض."]),
    # negatives: dotted abbreviations, a Latin domain, a decimal number
    ("وقال مدير شركة أيه.بي.سي. للنقل إن العمل مستمر.", ["وقال مدير شركة أيه.بي.سي. للنقل إن العمل مستمر."]),
    ("ونشر الخبر موقع sabq.org أمس.", ["ونشر الخبر موقع sabq.org أمس."]),
    ("ارتفع المؤشر 3.5 بالمئة.", ["ارتفع المؤشر 3.5 بالمئة."]),
])
def test_glued_full_stop(text, expected):
    assert sents(text) == expected


def test_headings():
    text = "عنوان الخبر هنا\nوكالة الأنباء\nقال الوزير إن الوضع خطير جدا في المدينة.\nأوكرانيا تغادر الاجتماع\nوأشار إلى أن الأمر انتهى."
    paras = paragraphs(text)
    assert [p.heading for p in paras] == [True, True, False, True, False]


def test_seed_last_quote_is_one_sentence(seed_doc, seed_text):
    last = seed_doc._.quotes[-1]
    assert "من قبل روسيا" in last.text and "بقوة" in last.text
    s, e = last.sentence_start, last.sentence_end
    assert s <= last.start and last.end <= e
    # spaCy's sentence iterator agrees: one doc.sents sentence holds the whole quote
    covering = [sent for sent in seed_doc.sents if sent.start_char <= last.start and last.end <= sent.end_char]
    assert len(covering) == 1
