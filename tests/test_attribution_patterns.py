"""Each candidate pattern, with invented names that appear in no list of the project, and the
words that cannot speak (negatives).  text → [(speaker, resolution)] in the manner of textacy's
quotation tests."""
from __future__ import annotations

import pytest

from quotetrack.normalize import fold
from quotetrack.ruleset import Ruleset

INVENTED = ("زهران", "القطامي", "رامز", "الدبيسي", "سلوى", "برهوم", "فراس", "الشوملي", "لاريجوف", "دوبرينين",
            "عوض", "المعادن", "مطلق", "الحدائق")


def test_invented_names_are_in_no_list():
    rules = Ruleset.load()
    listed = {fold(w) for w in rules["names.yaml"]["given_names"]}
    listed |= {fold(w) for s in rules["speakers.yaml"]["speakers"] for n in s["ar"] for w in n.split()}
    listed |= {fold(w) for e in rules["entities.yaml"]["entities"] for n in e["ar"] for w in n.split()}
    assert not {fold(w) for w in INVENTED} & listed


def attributed(nlp, text):
    return [(q.speaker, q.resolution) for q in nlp(text)._.quotes]


@pytest.mark.parametrize("text, expected", [
    # the subject after the verb (VSO): a name the recogniser reads, a role with its name
    ("وقال زهران القطامي إن المشروع سيكتمل العام المقبل.", [("زهران القطامي", "explicit_subject")]),
    ("وقال مدير الشركة رامز الدبيسي إن الأرباح زادت هذا العام.", [("رامز الدبيسي", "explicit_subject")]),
    # the speaker's occupation or age in marks or brackets between the name and أن (Saudi press
    # style: الاسم «المهنة»); the name is a common word after a first name nobody lists
    ("بدوره أوضح عوض المعادن «مزارع» أن الموسم جيد.", [("عوض المعادن", "explicit_subject")]),
    ("وأضاف مطلق الحدائق «متقاعد» أن الخدمات تحسنت.", [("مطلق الحدائق", "explicit_subject")]),
    ("وأكد زهران الحدائق (45 عاما) أن الأسعار ارتفعت كثيرا.", [("زهران الحدائق", "explicit_subject")]),
    # … but a channel in marks after لـ is no name's aside
    ("وقال في حديث خاص لـ «برهوم» إن الأسعار ارتفعت كثيرا.", [("unknown", "unknown")]),
    # a name's last word that reads as a possessed noun (عبده "his servant") is the name's when
    # إن/أن closes it right after
    ("من جهته بين المدير التنفيذي لشركة سراج للتقنية الدكتور زهران رامز عبده أن المبيعات تضاعفت.",
     [("زهران رامز عبده", "explicit_subject")]),
    # a role word between two rare name words is a middle name (… أمين …); before a common
    # noun it is the name's role (وكيل | وزارة)
    ("وقال المواطن دوبرينين أمين لاريجوف إن الوضع صعب.", [("دوبرينين أمين لاريجوف", "explicit_subject")]),
    ("وقال زهران القطامي وكيل وزارة المالية إن الوضع صعب.", [("زهران القطامي", "explicit_subject")]),
    # the subject, then a relative clause between commas, then the verb and إن/أن
    ("وكان زهران القطامي وزيرا سابقا. لكن القطامي، الذي يشغل أيضا منصب رئيس شركة المعادن الوطنية "
     "وغيرها، قال إنه لا يعتزم الاستقالة.", [("زهران القطامي", "preverbal_subject")]),
    # after a sister of إن the subject is accusative: an indefinite role noun ends in ا, and its
    # adjectives agree (لكن مسؤولا …، غير أن مصدرا مطلعا …)
    ("لكن مسؤولا في وزارة المعادن قال إن الأسعار ستنخفض.", [("مسؤولا في وزارة المعادن", "preverbal_subject")]),
    ("غير أن مصدرا مطلعا أكد أن الاتفاق قريب جدا.", [("مصدرا مطلعا", "preverbal_subject")]),
    ("إلا أن متحدثا باسم شركة الحدائق قال إن الأرباح زادت.", [("متحدثا باسم شركة الحدائق", "preverbal_subject")]),
    # ل + an indefinite noun opens the genitive of the role's organisation: the holder's name
    # comes after it (لشركة | سراج البرهومي للتقنية, لمؤسسة | …)
    ("أوضح المدير التنفيذي لشركة سراج للتقنية الدكتور زهران القطامي أن المبيعات تضاعفت.",
     [("زهران القطامي", "explicit_subject")]),
    ("وقال الرئيس التنفيذي لمؤسسة الدبيسي القابضة رامز برهوم إن الأرباح زادت.",
     [("رامز برهوم", "explicit_subject")]),
    # … but ل + a medium is whom the words were said to: the role speaks, not "the role for the agency"
    ("وقال المدرب لقناة الدبيسي إن الفريق جاهز للمباراة المقبلة.", [("المدرب", "explicit_subject")]),
    ("وقال الوزير لوكالة برهوم إن المحادثات ستستأنف قريبا.", [("الوزير", "explicit_subject")]),
    # وفقا لـ glued to its source: a person named before (ل + القطامي), a name, a description;
    # فإن after it opens the report and names nobody; a law or data is no source
    ("وقال الخبير زهران القطامي إن السوق تغيرت. ووفقا للقطامي، فإن الشركات الصغيرة ستستفيد كثيرا.",
     [("زهران القطامي", "explicit_subject"), ("زهران القطامي", "explicit_subject")]),
    ("وفقا لرامز دوبرينين، يمكن أن يساعد هذا الأمر الشركات على النمو.", [("رامز دوبرينين", "explicit_subject")]),
    ("ووفقا لمصادر مطلعة، فإن الصادرات ارتفعت هذا العام بشكل كبير.", [("مصادر مطلعة", "explicit_subject")]),
    ("ووفقا للقانون، يمكن أن تغلق الشركات أبوابها.", [("unknown", "unknown")]),
    # roles in apposition, each after a comma, then the name that holds them: the name speaks;
    # a comma that sets off an event or a place leaves the role the speaker
    ("ومن جانبه، قال المدير العام التنفيذي لمستشفى النور التخصصي للعيون، استشاري أول في طب العيون، "
     "الدكتور زهران القطامي «إن الدراسة تعد نقلة كبيرة في طب العيون».", [("زهران القطامي", "explicit_subject")]),
    ("وقال رئيس الجمعية، أستاذ الاقتصاد في جامعة النور، رامز الدبيسي إن الأسعار سترتفع.",
     [("رامز الدبيسي", "explicit_subject")]),
    ("وقال الوزير، في مؤتمر صحفي، إن الأسعار سترتفع.", [("الوزير", "explicit_subject")]),
    # an unknown word that more words follow heads a description (استشاري أكاديمي …), not a name
    ("ومن جانبه، قال المدير العام التنفيذي لمستشفى النور، استشاري أكاديمي أول في طب العيون، الدكتور "
     "زهران بن عباد القطامي «إن الدراسة تعد نقلة كبيرة».", [("زهران بن عباد القطامي", "explicit_subject")]),
    ("وقال رئيس الجمعية، دوبرينين، إن الأسعار سترتفع.", [("دوبرينين", "explicit_subject")]),
    # a company or body in quotation marks right after the verb, then إن/أن: the name speaks (the
    # marks make no quotation of it)
    ('وفي أوائل الشهر، أعلنت "زهرانكو" أن الائتلاف قد فسخ الصفقة مع الشركة الصينية.',
     [("زهرانكو", "explicit_subject")]),
    ("وقالت «برهوم للطاقة» إن الأرباح ارتفعت هذا العام.", [("برهوم للطاقة", "explicit_subject")]),
    # a noun after a full name is no part of it (استقالة), nor an accusative adverb (خلفا لـ);
    # a comma closes the clause of the word before the verb (خلفا لبرهوم، قال)
    ("وأعلن الوزير رامز الدبيسي استقالة مدير المشروع من منصبه، وقال إن المشروع سيستمر.",
     [("رامز الدبيسي", "sentence_subject")]),
    ('وأعلن الوزير رامز الدبيسي استقالة المدير زهران برهوم. وردا على سؤال عن تعيين مدير خلفا لبرهوم، '
     'قال: "سنعين مديرا جديدا للمشروع قريبا".', [("رامز الدبيسي", "zero_anaphora")]),
    # a participle role and the preposition it governs (المشرفون على، القائمون على) are one office;
    # another preposition after a role opens an event (على هامش), not the role
    ("وقال المشرفون على الدراسة إن النتائج مهمة. وأضافوا أن العلاج فعال.",
     [("المشرفون على الدراسة", "explicit_subject"), ("المشرفون على الدراسة", "zero_anaphora")]),
    ("وقال القائمون على الحملة إن التبرعات تضاعفت.", [("القائمون على الحملة", "explicit_subject")]),
    ("وقال الوزير على هامش المؤتمر إن العمل اكتمل.", [("الوزير", "explicit_subject")]),
    # an organisation's name goes on over its last nisba adjective when the recogniser stops short
    ("وقالت الكلية الملكية للأطباء النفسيين إن الدراسة حسمت الجدل.",
     [("الكلية الملكية للأطباء النفسيين", "explicit_subject")]),
    # the reporter's byline (name- outlet- place:) speaks none of the story's quotes; a clause with
    # dashes and a speech verb is no byline
    ("محمد الدبيسي- سبق- الرياض: تحقق الشرطة في حادثة وقعت أمس في أحد الأسواق. وقال: «سنعلن النتائج "
     "قريبا جدا للجميع».", [("unknown", "unknown")]),
    ("وقال الوزير - في تصريح خاص -: إن العمل اكتمل وسيفتتح المشروع قريبا.", [("الوزير", "explicit_subject")]),
    # the speaker's name is shown without the marks around a part of it
    ('وقالت شركة "دوبرينكو" إن الأرباح ارتفعت.', [("شركة دوبرينكو", "explicit_subject")]),
    # a preposition glued to a common noun (بغضب) ends a name
    ("وقال المدرب زهران القطامي بغضب إن الحكم ظلم الفريق.", [("زهران القطامي", "explicit_subject")]),
    # honorific titles before the role and the name
    ("أكد معالي وزير الإسكان الأستاذ فراس الشوملي أن المشروع جاهز للتسليم.",
     [("فراس الشوملي", "explicit_subject")]),
    # an addressee and an event phrase between the verb and its subject
    ("وقالت لـ«الوطن» سلوى برهوم إن الفريق جاهز للبطولة.", [("سلوى برهوم", "explicit_subject")]),
    # a description nobody listed is still the subject (Arabic VSO)
    ("وقال عدد من الباعة في سوق السمك إن الأسعار ارتفعت كثيرا.",
     [("عدد من الباعة في سوق السمك", "explicit_subject")]),
    # the speaker named after the quote
    ("«الوضع مستقر تماما في المدينة»، قال رامز الدبيسي.", [("رامز الدبيسي", "after_quote")]),
    # relays: the person after عن speaks, however much stands between the channel and عن
    ("ونقلت وكالة الأنباء عن الوزير رامز الدبيسي قوله «إن الوضع تحت السيطرة الكاملة».",
     [("رامز الدبيسي", "channel")]),
    ("ونقلت وكالة فارس للأنباء اليوم السبت عن لاريجوف قوله إن المفاوضات مستمرة.",
     [("لاريجوف", "channel")]),
    # a subject before the verb (SVO), and a sentence that opens with an unknown name
    ("وقال زهران القطامي إن الوضع صعب.\nالقطامي أكد أن الحل قريب.",
     [("زهران القطامي", "explicit_subject"), ("زهران القطامي", "preverbal_subject")]),
    ("دوبرينين قال إن الأسعار سترتفع قريبا.", [("دوبرينين", "preverbal_subject")]),
    ("ودوبرينين قال إن الأسعار سترتفع قريبا.", [("دوبرينين", "preverbal_subject")]),  # و is not the name's
    # a first name written with آ folds like a common word (آمال → امال "hopes"); a word general
    # Arabic does not know after it makes the two a name
    ('وقال الخبير إن الأمر جديد. ولفتت آمال دوبرينين وهي رئيسة الجمعية إلى أن "المسألة لا تتعلق بالعمال".',
     [("الخبير", "explicit_subject"), ("آمال دوبرينين", "explicit_subject")]),
    # a manner adverb after a cue-less quotation (a story's opening line), any verb, then the speaker
    ('"لقد كان العام الماضي الأصعب والأكثر ألما في حياتي المهنية".. هكذا بدأ زهران القطامي، مؤسس '
     'شركة الواحة، حديثه مع الصحفيين.', [("زهران القطامي", "after_quote")]),
    ('قال فراس الشوملي إن العام صعب.', [("فراس الشوملي", "explicit_subject")]),  # ف is the name's own
    # أما fronts the subject of the verb its ف resumes, however long the apposition
    ("وقال الخبير إن الأمر جديد. أما سلوى برهوم الأمينة العامة للاتحاد النقابي الدولي فاعتبرت أن القفزة "
     "التقنية ستفقد زخمها.", [("الخبير", "explicit_subject"), ("سلوى برهوم", "preverbal_subject")]),
    # a participle shares its clause's subject
    ("والتقى الوزير رامز الدبيسي نظيره أمس، مؤكدا أن العلاقات بين البلدين قوية.",
     [("رامز الدبيسي", "participle")]),
])
def test_patterns(nlp, text, expected):
    assert attributed(nlp, text) == expected


def test_the_resumptive_preposition_of_a_relative_clause_is_skipped(nlp):
    # في الوقت الذي قالت فيه الشركة: the subject stands after فيه
    (q,) = nlp("وهاجمت مجموعة مصنع شركة الواحة، في الوقت الذي قالت فيه الشركة إنها احتوت الحريق.")._.quotes
    assert q.speaker_text == "الشركة" and q.resolution == "explicit_subject"


@pytest.mark.parametrize("text, speakers, resolutions", [
    # a plural verb continues people, never the one person who spoke last
    ("قال باحثون في جامعة الواحة إن الدواء فعال جدا. وقال زهران القطامي إن النتائج مهمة. "
     "وأضافوا أن التجارب ستستمر العام المقبل.",
     ["باحثون في جامعة الواحة", "زهران القطامي", "باحثون في جامعة الواحة"],
     ["explicit_subject", "explicit_subject", "zero_anaphora"]),
    # zero anaphora: a verb with no subject continues the last speaker
    ("وقال زهران القطامي إن الوضع صعب جدا. وأضاف أن الحل قريب.",
     ["زهران القطامي"] * 2, ["explicit_subject", "zero_anaphora"]),
    # a person introduced by apposition, then named by role (nominal anaphora)
    ("ونفى فراس الشوملي، مدرب النادي، الشائعات.\nوقال المدرب إن اللاعبين في حالة جيدة.",
     ["فراس الشوملي"], ["nominal_anaphora"]),
    # the surname alone names the person met before
    ("وقالت سلوى برهوم إن الفريق جاهز.\nوأكدت برهوم أن البطولة صعبة.",
     ["سلوى برهوم"] * 2, ["explicit_subject", "explicit_subject"]),
    # an honorific pronoun is the dignitary named before, not a speaker of its own
    ("واستقبل الأمير زهران بن رامز القطامي الوفد أمس.\nوقال سموه إن الزيارة مهمة للبلدين.",
     ["زهران بن رامز القطامي"], ["honorific"]),
])
def test_anaphora(nlp, text, speakers, resolutions):
    got = nlp(text)._.quotes
    assert [q.speaker for q in got] == speakers
    assert [q.resolution for q in got] == resolutions


@pytest.mark.parametrize("text, not_speaker", [
    ("وقال حالياً إن الوضع مستقر تماما.", "حالياً"),  # an adverb
    ("وأضاف: «أعتقد أن الأمر صعب جدا».", "أعتقد"),  # the quote's own first word
    ("وأوضحت أنهم «لم يتصلوا بنا أبدا».", "أنهم"),  # a complementiser with its pronoun
    ("وقالت في جدة إن الاجتماع مهم جدا.", "جدة"),  # a place after a preposition
    ("وقال متحدثا عن البطولة: إن الفريق جاهز.", "متحدثا"),  # a circumstantial participle
    # the verb's object after a role is no holder's name (أكد المدير انتقال العدوى، أعلن الوزير افتتاح …)
    ("وأكد مدير المستشفى انتقال العدوى إلى عدد من الممرضين وأنهم يخضعون للعلاج.", "انتقال"),
    ("وأعلن وزير الصحة افتتاح المستشفى الجديد، وقال إن العمل بدأ.", "افتتاح"),
    # … an accusative role noun is a subject only after a sister of إن, not after a verb or a noun
    ("وقال زهران القطامي إن الوضع جيد. ووصف مسؤولا سابقا بأنه قال إن الأمر صعب.", "مسؤولا"),
    ("ونقلت وكالة الأنباء عن الوزير رامز الدبيسي قوله «إن الوضع تحت السيطرة الكاملة».", "وكالة"),
    ("وقال لصحيفة الرياض زهران القطامي إن الوضع صعب.", "صحيفة"),  # the channel, not the speaker
    # a verbal noun with its possessor is no subject (واختتم بقوله، خلال جولته)
    ("وتحدث زهران القطامي طويلا. واختتم بقوله إن الفريق قوي.", "بقوله"),
    ("وزار رامز الدبيسي المستشفى. وأوضح خلال جولته في المستشفى أن العمل سيتطور.", "جولته"),
    # a news agency behind a glued ل is the addressee, even where the frequency table keeps the letter
    ("وقال زهران القطامي إن الأمر جيد. وأضاف لرويترز إن العمل سيتطور.", "رويترز"),
    # a channel in quotation marks after لـ is not part of the name that follows
    ('قال لـ "الاقتصادية" زهران القطامي إن الشركة لديها منتجات.', "الاقتصادية"),
])
def test_words_that_cannot_speak(nlp, text, not_speaker):
    got = nlp(text)._.quotes
    assert got and all(not_speaker not in q.speaker for q in got), [(q.speaker, q.resolution) for q in got]


def test_a_complementiser_is_no_name(nlp):
    """فإن بلاغاً ورد …: the recogniser may read a complementiser as a first name; no speaker
    mention starts with one."""
    doc = nlp("وبحسب تقارير الشرطة، فإن بلاغاً ورد عن الواقعة يوم الأحد. وقالت سلوى برهوم إن الأمر مؤسف.")
    assert [m.text for m in doc._.qt_mentions if m.text.split()[0] in ("فإن", "إن", "أن")] == []
    assert "سلوى برهوم" in [m.text for m in doc._.qt_mentions]
