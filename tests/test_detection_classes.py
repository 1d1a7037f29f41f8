"""Quote detection on the long tail of Arabic news, one table per phenomenon (issue 16).

Every sentence is invented; each table holds positives and at least one negative.
Rows are text → the quotes found, as (type, content, cue) in text order.
"""
from __future__ import annotations

import pytest

from .test_candidates import quotes


# rare or regional speech verbs: the formal register of the Gulf press (أبان)، deeming likely
# (رجح)، ruling out (استبعد)، going on speaking (أكمل)، a participle of accusing (متهمة)
@pytest.mark.parametrize("text, expected", [
    ("وأبان سالم العتيبي أن المشروع سيكتمل العام المقبل.",
     [("indirect", "المشروع سيكتمل العام المقبل", "وأبان")]),
    ("أبان وزير الخارجية أن المحادثات ما زالت مستمرة.",
     [("indirect", "المحادثات ما زالت مستمرة", "أبان")]),
    ("ورجح مصدر مطلع أن يعلن القرار خلال أيام.", [("indirect", "يعلن القرار خلال أيام", "ورجح")]),
    ("واستبعدت الوزيرة هالة سمير أن ترتفع الأسعار مجددا.",
     [("indirect", "ترتفع الأسعار مجددا", "واستبعدت")]),
    ("وأكمل المدرب: «سنلعب من أجل الفوز فقط».", [("direct", "سنلعب من أجل الفوز فقط", "وأكمل")]),
    # negatives: إبان "during"; أكمل with a nominal object (completed); استبعد a player
    ("وصل الوفد إبان الأزمة إلى العاصمة، وأن الوضع كان هادئا.", []),
    ("وأكمل الطالب دراسته في الخارج قبل عامين.", []),
    ("واستبعد المدرب اللاعب من التشكيلة الأساسية.", []),
])
def test_rare_speech_verbs(nlp, text, expected):
    assert quotes(nlp, text) == expected


# بحسب / وفق / طبقا / استنادا / نقلا عن + a source of any length + فإن or a comma + content
@pytest.mark.parametrize("text, expected", [
    ("وبحسب سامي العلي الرئيس التنفيذي لشركة النور للتجارة فإن المبيعات تضاعفت هذا العام.",
     [("indirect", "المبيعات تضاعفت هذا العام", "وبحسب")]),
    ("وبحسب سامي العلي، الرئيس التنفيذي لشركة النور، فإنه لا توجد خطط لبيع الشركة.",
     [("indirect", "لا توجد خطط لبيع الشركة", "وبحسب")]),
    ("واستنادا إلى تقرير صادر عن هيئة الإحصاء، ارتفع عدد السكان إلى عشرة ملايين.",
     [("indirect", "ارتفع عدد السكان إلى عشرة ملايين", "واستنادا إلى")]),
    ("وطبقا لبيان وزارة الصحة، سجلت البلاد مئة إصابة جديدة.",
     [("indirect", "سجلت البلاد مئة إصابة جديدة", "وطبقا لبيان")]),
    # the content ends where the next speech verb opens its own
    ("وبحسب المدير العام فإن العمل مستمر في المصنع، وأشار إلى أن الإنتاج سيزيد قريبا.",
     [("indirect", "العمل مستمر في المصنع", "وبحسب"), ("indirect", "الإنتاج سيزيد قريبا", "وأشار")]),
    # negative: the phrase inside a clause, neither side a content
    ("كما تسببت بحسب المنظمة بأزمة كبيرة.", []),
])
def test_according_to_long_source(nlp, text, expected):
    assert quotes(nlp, text) == expected


# an opening mark separated from its first word by a space or a dash, a colon glued to it
@pytest.mark.parametrize("text, expected", [
    ('وقال الباحث مضيفا:" عندما يغسل الناس أيديهم تقل العدوى".',
     [("direct", "عندما يغسل الناس أيديهم تقل العدوى", "مضيفا")]),
    ('وقال أمير المنطقة :" إن الثقافة تصنع المستقبل".', [("direct", "إن الثقافة تصنع المستقبل", "وقال")]),
    ('وأجاب اللاعب: "- نحن لا نعرف شيئا عن الأمر".', [("direct", "- نحن لا نعرف شيئا عن الأمر", "وأجاب")]),
    # negative: a closing mark before a dash stays a closing mark
    ('وقال المدرب "سنفوز بالمباراة غدا بإذن الله"- ثم غادر القاعة.',
     [("direct", "سنفوز بالمباراة غدا بإذن الله", "وقال")]),
])
def test_mark_spacing_and_glue(nlp, text, expected):
    assert quotes(nlp, text) == expected


# unmarked speech after a long channel phrase, or after a name holding a dotted abbreviation
@pytest.mark.parametrize("text, expected", [
    ("وقال اللاعب في تصريحات لشبكة راديو المدينة الإذاعية خلال وجوده في العاصمة مع المنتخب الوطني "
     "للمشاركة في بطولة الأمم الآسيوية لكرة القدم 2019: أسمع كل يوم أنني تقدمت في السن.",
     [("indirect", "أسمع كل يوم أنني تقدمت في السن", "وقال")]),
    ("وقال مدير شركة أيه.بي.سي. للنقل إن العمل مستمر.", [("indirect", "العمل مستمر", "وقال")]),
    ("وقال د. سامي العلي إن الوضع مستقر.", [("indirect", "الوضع مستقر", "وقال")]),
    # negative: a colon past the long window of a verb is not its complement
    ("وقال اللاعب كلاما كثيرا عن المباراة وعن المدرب وعن الجمهور وعن الملعب وعن الطقس وعن الحكم وعن "
     "الإدارة وعن الإعلام وعن المنافسين وعن المستقبل وعن الماضي وعن الحاضر وعن الإصابات في الموسم الحالي "
     "قبل أن يغادر إلى الفندق حيث انتظره الصحفيون طويلا: النتيجة ثلاثة أهداف.", []),
])
def test_unmarked_speech_after_long_phrase(nlp, text, expected):
    assert quotes(nlp, text) == expected


# a participle or verb with a verbal-noun object and a coordinated أن-clause: the clause is content
@pytest.mark.parametrize("text, expected", [
    ("وهاجمت الممثلة المنتج، متهمة إياه بالتقصير وأنه دفع مبالغ للصحف.",
     [("indirect", "وأنه دفع مبالغ للصحف", "متهمة")]),
    ("وأكد مدير المستشفى انتقال العدوى إلى عدد من العاملين الذين يشرفون على علاج الحالات وأنهم الآن "
     "يخضعون للعلاج.", [("indirect", "وأنهم الآن يخضعون للعلاج", "وأكد")]),
    # negatives: a participle as a predicate (كان متهما), an ordinary أن after a coordinated verb
    ("وكان متهما بالتقصير وأنه دفع مبالغ للصحف.", []),
    ("وزار الوزير المدينة وأن أهلها رحبوا به.", []),
])
def test_coordinated_an_clause(nlp, text, expected):
    assert quotes(nlp, text) == expected


# the writer's own asides and impersonal readings: no speaker, no quote
@pytest.mark.parametrize("text, expected", [
    ("يذكر أن الاتحاد عقد اجتماعا أمس في مقره.", []),
    ("ويذكر أن المشروع بدأ قبل عامين.", []),
    ("فيما يتوقع أن ينتهي العمل في المشروع العام المقبل.", []),
    ("وهاجمتها امرأة تبين لاحقا أنها شقيقتها.", []),
    # decisions: أقر with an object approves (على أن "provided that"); with بأن it admits
    ("وأقر المجلس عددا من العقوبات على الأندية على أن تبدأ بإنذار النادي.", []),
    ("وأقر المجلس القانون على أن يبدأ تطبيقه العام المقبل.", []),
    ("وأقر الوزير بأنه أخطأ في تقدير الموقف.", [("indirect", "أخطأ في تقدير الموقف", "وأقر")]),
    # آن "time" is not أن: مؤكدا حرص … في آن معا is no content
    ("وختم المدير كلمته مؤكدا حرص الجميع على الفائدة والمتعة في آن معا، ثم غادر.", []),
    # positives: the same forms with a subject report speech
    ("ويتوقع الخبراء أن ترتفع الأسعار مجددا.", [("indirect", "ترتفع الأسعار مجددا", "ويتوقع")]),
    ("وتبين الدراسة أن التدخين يضر بالقلب.", [("indirect", "التدخين يضر بالقلب", "وتبين")]),
])
def test_writers_asides(nlp, text, expected):
    assert quotes(nlp, text) == expected


# nouns and prepositions read as cues: ردا على، verbal nouns after a preposition or تم، بين
# "between", ما ورد "what was stated", and a hypothetical's own أن
@pytest.mark.parametrize("text, expected", [
    ("وردا على سؤال حول المستقبل، قال المدرب إن الفريق جاهز.", [("indirect", "الفريق جاهز", "قال")]),
    ("وردا على تغريدة الوزير، قالت النائبة إن الأمر مؤسف.", [("indirect", "الأمر مؤسف", "قالت")]),
    ("وأوضح المدير أنه تم مخاطبة عدد من المدربين، غير أنه لم يتم التوقيع مع أي منهم.",
     [("indirect", "تم مخاطبة عدد من المدربين، غير أنه لم يتم التوقيع مع أي منهم", "وأوضح")]),
    ("وقال الباحثون إن النتائج قد تساعد الأطباء في وصف العلاج الأمثل، لكنها لا تعني أن الدواء آمن.",
     [("indirect", "النتائج قد تساعد الأطباء في وصف العلاج الأمثل، لكنها لا تعني أن الدواء آمن", "وقال")]),
    ('وتحدث المحامي عن العلاقة بين "النجم" والفتاة أمام المحكمة.', []),
    ("وأحدثت ضجة كبيرة بين أطراف القضية وهو الذي غادر النادي في رمضان، على أن يعود إليه لاحقا.", []),
    ("وأصدرت بيانا نفت فيه صحة ما ورد على لسان الأب في الشكوى.", []),
    # a comma between: the preposition ends a channel's name, the verb is a verb
    ("وفي برنامج على شبكة أي تي في، قالت المذيعة إن الضيفة اعتذرت.", [("indirect", "الضيفة اعتذرت", "قالت")]),
    ("وأوضحت المصادر أن الجثث سحبت من تحت الأنقاض ونقلت إلى مستشفى المدينة.",
     [("indirect", "الجثث سحبت من تحت الأنقاض ونقلت إلى مستشفى المدينة", "وأوضحت")]),
    ("ونقلت الوكالة عن مصدر أمني أن الهجوم وقع فجرا.", [("indirect", "الهجوم وقع فجرا", "ونقلت")]),
    ("وقال المدرب إن اللاعب لا يحتاج لأحد ليقول له حتى لو كنتم تعتقدون أن الانتقادات تزعجه.",
     [("indirect", "اللاعب لا يحتاج لأحد ليقول له حتى لو كنتم تعتقدون أن الانتقادات تزعجه", "وقال")]),
    # positives: بين the verb with its complement, ورد the verb replying
    ("وبين الوزير أن الخطة جاهزة للتنفيذ.", [("indirect", "الخطة جاهزة للتنفيذ", "وبين")]),
    ("من جهته بين المدير التنفيذي لشركة النقل الدكتور سامي علي العمر أن المشروع يتكون من ثلاثة خطوط.",
     [("indirect", "المشروع يتكون من ثلاثة خطوط", "بين")]),
    ("ورد الوزير على منتقديه بأن الخطة جاهزة للتنفيذ.", [("indirect", "الخطة جاهزة للتنفيذ", "ورد")]),
])
def test_nouns_and_prepositions_read_as_cues(nlp, text, expected):
    assert quotes(nlp, text) == expected


# names, nicknames and titles in marks are not quotes; a relay phrase inside a verb's attribution
# is not the cue
@pytest.mark.parametrize("text, expected", [
    ('وأعلنت "النور" أن الصفقة ألغيت رسميا.', [("indirect", "الصفقة ألغيت رسميا", "وأعلنت")]),
    ('وقال المشرفون على الدراسة، التي نشرتها دورية "العلوم"، إن النتائج مشجعة جدا.',
     [("indirect", "النتائج مشجعة جدا", "وقال")]),
    ('وقال المحامي في بيان أرسلته شركة "الأفق"، التي ترعى أعمال اللاعب، إن موكله بريء.',
     [("indirect", "موكله بريء", "وقال")]),
    ("وقال علماء في جامعة المدينة، وفق ما أوردت صحيفة الأنباء، الجمعة، إن المناشف الورقية أفضل.",
     [("indirect", "المناشف الورقية أفضل", "وقال")]),
    # a complementiser inside a quoted name is not the cue's (شركة "لينكد إن")
    ('وقال المدير إن شركة "نور إن" المملوكة للدولة لديها مليون مستخدم.',
     [("mixed", 'شركة "نور إن" المملوكة للدولة لديها مليون مستخدم', "وقال")]),
    ('وأعلنت شركة "نور إن" المملوكة للدولة خطة جديدة.', []),
    # positives: a short quotation after a colon or before its cue stays a quotation, and so
    # does one that opens with its own إن
    ("وقال الوزير «إن الوضع مستقر» في بيان صحفي.", [("mixed", "«إن الوضع مستقر» في بيان صحفي", "وقال")]),
    ('وقال الوزير: "مستحيل".', [("direct", "مستحيل", "وقال")]),
    # a cue right after a short quotation ends it (قال «نعم» وأضاف …): the quotation is speech
    ("قال «نعم» وأضاف أن الأمر انتهى.", [("direct", "نعم", "قال"), ("indirect", "الأمر انتهى", "وأضاف")]),
    ("«لن نتراجع أبدا»، قال الوزير.", [("direct", "لن نتراجع أبدا", "قال")]),
])
def test_names_in_marks_and_relays(nlp, text, expected):
    assert quotes(nlp, text) == expected


# one mixed quote split by a connector that is no cue stays one quote
@pytest.mark.parametrize("text, expected", [
    ('وأشار إلى أن "الموظفين يفقدون معارفهم كل أربع سنوات"، ما يستدعي "تدريبا جديدا بانتظام".',
     [("mixed", '"الموظفين يفقدون معارفهم كل أربع سنوات"، ما يستدعي "تدريبا جديدا بانتظام"', "وأشار")]),
    # negative: a cue between two quotations makes two quotes
    ('وقال المدير: "العمل مستمر في المصنع"، وأضاف: "الإنتاج سيزيد قريبا".',
     [("direct", "العمل مستمر في المصنع", "وقال"), ("direct", "الإنتاج سيزيد قريبا", "وأضاف")]),
])
def test_mixed_quote_across_connector(nlp, text, expected):
    assert quotes(nlp, text) == expected


def test_quoted_name_is_set_aside_with_a_reason(nlp):
    doc = nlp('وأعلنت "النور" أن الصفقة ألغيت رسميا.')
    assert [q.text for q, _reason in doc._.qt_rejected] == ["النور"]
