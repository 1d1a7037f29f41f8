"""Speech cues: inflection and clitics, participles, phrases, complementisers, negatives."""
from __future__ import annotations

import pytest

from quotetrack.cues import CueFinder
from quotetrack.normalize import Words
from quotetrack.ruleset import Ruleset


@pytest.fixture(scope="module")
def finder():
    return CueFinder(Ruleset.load())


def cues_of(finder, text):
    return finder.find(text, Words(text), [(0, len(text))], [])


# (sentence, cue as written, lemma, kind, gender, number, person)
VERBS = [
    ("قال الوزير إن الوضع خطير", "قال", "قال", "verb", "m", "s", "3"),
    ("وقال الوزير إن الوضع خطير", "وقال", "قال", "verb", "m", "s", "3"),
    ("فقالت الوزيرة إن الوضع خطير", "فقالت", "قال", "verb", "f", "s", "3"),
    ("يقول الخبير إن الوضع خطير", "يقول", "قال", "verb", "m", "s", "3"),
    ("تقول الخبيرة إن الوضع خطير", "تقول", "قال", "verb", "f", "s", "3"),
    ("أكدوا أن الدعم مستمر", "أكدوا", "أكد", "verb", "m", "p", "3"),
    ("وأشاروا إلى أن الدعم مستمر", "وأشاروا", "أشار", "verb", "m", "p", "3"),
    ("أكدت الوزارة أن الدعم مستمر", "أكدت", "أكد", "verb", "f", "s", "3"),
    ("أصر الوزير على أن الدعم مستمر", "أصر", "أصر", "verb", "m", "s", "3"),
    ("شدد الوزير على أن الدعم مستمر", "شدد", "شدد", "verb", "m", "s", "3"),
    ("يؤكدون أن الدعم مستمر", "يؤكدون", "أكد", "verb", "m", "p", "3"),
    ("واضاف أن الدعم مستمر", "واضاف", "أضاف", "verb", "m", "s", "3"),  # no hamza
    ("وسيقول الوزير إن الدعم مستمر", "وسيقول", "قال", "verb", "m", "s", "3"),
    ("نؤكد أن الدعم مستمر", "نؤكد", "أكد", "verb", "", "p", "1"),
    ("رأت الوزيرة أن الدعم مستمر", "رأت", "رأى", "verb", "f", "s", "3"),
    ("وقـال الوزير إن الدعم مستمر", "وقـال", "قال", "verb", "m", "s", "3"),  # tatweel
    ("ثم غادر، مؤكدا أن الدعم مستمر", "مؤكدا", "أكد", "participle", "m", "s", "3"),
    ("ثم غادرت، مؤكدةً أن الدعم مستمر", "مؤكدةً", "أكد", "participle", "f", "s", "3"),
    ("ثم غادر، مشددا على أن الدعم مستمر", "مشددا", "شدد", "participle", "m", "s", "3"),
    ("ثم غادر، مضيفاً أن الدعم مستمر", "مضيفاً", "أضاف", "participle", "m", "s", "3"),
    ("ثم غادر قائلا: الدعم مستمر", "قائلا", "قال", "participle", "m", "s", "3"),
    ("ثم غادروا، مؤكدين أن الدعم مستمر", "مؤكدين", "أكد", "participle", "m", "p", "3"),
    ("ثم غادر، نافيا أن يكون الدعم توقف", "نافيا", "نفى", "participle", "m", "s", "3"),
]


@pytest.mark.parametrize("text, surface, lemma, kind, gender, number, person", VERBS)
def test_speech_verbs_and_participles(finder, text, surface, lemma, kind, gender, number, person):
    cues = [c for c in cues_of(finder, text) if c.text == surface]
    assert len(cues) == 1, [c.text for c in cues_of(finder, text)]
    c = cues[0]
    assert (c.lemma, c.kind, c.gender, c.number, c.person) == (lemma, kind, gender, number, person)
    assert text[c.start:c.end] == surface


@pytest.mark.parametrize("text, phrase, lemma", [
    ("وقع الهجوم، بحسب مصدر أمني", "بحسب", "بحسب"),
    ("وقع الهجوم، حسب مصدر أمني", "حسب", "حسب"),
    ("وقع الهجوم، وفقا لمصادر محلية", "وفقا لمصادر", "وفقا ل"),
    ("وقع الهجوم، وفقا لـ«عكاظ»", "وفقا لـ", "وفقا ل"),
    ("وقع الهجوم، وفق الشاهد", "وفق", "وفق"),
    ("وقع الهجوم، نقلا عن الوزير", "نقلا عن", "نقلا عن"),
    ("إنه قرار غريب، على حد قوله", "على حد قوله", "على حد قوله"),
    ("وقع الهجوم، حسبما أفاد مصدر طبي", "حسبما أفاد", "حسبما"),
    ("هكذا قال الوزير في ختام كلمته", "هكذا قال", "هكذا قال"),
])
def test_attribution_phrases(finder, text, phrase, lemma):
    phrases = [c for c in cues_of(finder, text) if c.kind == "phrase"]
    assert [(c.text, c.lemma) for c in phrases] == [(phrase, lemma)]


def test_phrase_with_verb_carries_its_gender(finder):
    c = [c for c in cues_of(finder, "وقع الهجوم، حسبما أفادت مصادر طبية") if c.kind == "phrase"][0]
    assert (c.gender, c.number) == ("f", "s")


@pytest.mark.parametrize("text, after_complement", [
    ("قال الوزير إن الوضع خطير", " الوضع خطير"),
    ("أكد الوزير أن الوضع خطير", " الوضع خطير"),
    ("أكد الوزير أنّ الوضع خطير", " الوضع خطير"),
    ("أكد الوزير بأن الوضع خطير", " الوضع خطير"),
    ("أشار الوزير إلى أن الوضع خطير", " الوضع خطير"),
    ("شدد الوزير على أن الوضع خطير", " الوضع خطير"),
    ("قال الوزير إنه سيغادر", " سيغادر"),
    ("قال الوزير: الوضع خطير", " الوضع خطير"),
    ("قال الوزير : الوضع خطير", " الوضع خطير"),
    ("قال الوزير «الوضع خطير»", "«الوضع خطير»"),
])
def test_complement_opens_the_content(finder, text, after_complement):
    text_marks = [i for i, ch in enumerate(text) if ch == "«"]
    cue = finder.find(text, Words(text), [(0, len(text))], text_marks)[0]
    assert text[cue.complement_end:] == after_complement


@pytest.mark.parametrize("text", [
    "كشف الوزير عن خطة جديدة للقطاع",  # weak verb with a nominal object
    "يعد هذا القرار خطوة مهمة",  # يعد = is considered, not وعد
    "في إشارة إلى استمرار الدعم",  # إشارة is a noun
    "زار الوفد مصر الأسبوع الماضي",  # مصر (Egypt) is not مصر (insisting)
    "تبلغ قيمتها مليون دولار",  # تبلغ = amounts to
    "اجتمع الوزير مع نظيره وبحث معه العلاقات",  # بحث مع is not speech
])
def test_negative_cases(finder, text):
    assert [c.text for c in cues_of(finder, text)] == []


def test_blocking_head_keeps_an_ordinary_an(finder):
    text = "وقال الوزير بعد أن التقى نظيره إن العلاقات قوية"
    cue = cues_of(finder, text)[0]
    assert text[cue.complement_end:].startswith(" العلاقات")


def test_negated_cue(finder):
    cue = [c for c in cues_of(finder, "لم يؤكد الجيش أن الجندي قتل") if c.lemma == "أكد"][0]
    assert cue.negated


def test_lexicon_covers_forty_common_reporting_verbs():
    verbs = Ruleset.load()["speech_verbs.yaml"]["verbs"]
    assert len(verbs) >= 40
    glosses = " ".join(v["gloss"] for v in verbs)
    for meaning in ["say", "add", "confirm", "stress", "point out", "explain", "declare", "announce", "deny",
                    "warn", "call for", "demand", "insist", "consider", "reveal", "mention", "report", "tweet",
                    "write", "ask", "answer", "promise", "threaten", "accuse", "criticise", "praise", "welcome",
                    "condemn", "acknowledge"]:
        assert meaning in glosses, meaning
