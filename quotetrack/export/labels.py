"""What the reports call things, in one language: ``--labels latin`` (the default) or ``--labels ar``.

One option serves the interface and the names: ``latin`` gives English words
(headers, the sieve that found a speaker, a cue's gender and number) and Latin
names for the entities a quote is about (the gazetteer's or registry's name,
else the documented romanisation of :mod:`quotetrack.romanize` with its table
of name parts, ``rules/transliteration.yaml``: :func:`latin_source` tells
which); ``ar`` gives
Arabic words and Arabic names (``Ukraine`` → ``أوكرانيا``, the first ``ar``
name of the gazetteer or registry entry, else the name as the article writes
it).  Speakers are always shown by their Arabic name, the one the fact-checker
finds in the article, with the Latin name beside it under ``latin``.  The
quotes themselves are never translated.  Pure functions of the records: the
text, Markdown and HTML reports all read their words here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..normalize import fold_text, has_arabic
from ..romanize import romanize

LANGS = ("latin", "ar")
UNKNOWN = "unknown"

WORDS = {
    "latin": {
        "title": "Who said what about whom", "articles": "articles", "quotes": "quotes", "note": "note",
        "summary": "Summary", "speakers": "Speakers", "talked_about": "Most talked about",
        "warnings": "Warnings", "quote_table": "Quotes", "text": "Article text", "none": "no quotations found",
        "legend_quote": "quote", "legend_cue": "speech verb", "legend_speaker": "speaker",
        "legend_about": "what it is about", "via": "relayed by", "confidence": "confidence",
        "col_id": "#", "col_type": "Kind", "col_cue": "Speech verb", "col_speaker": "Said by",
        "col_role": "Role", "col_resolution": "How the speaker was found", "col_confidence": "Confidence",
        "col_about": "About", "col_quote": "Quote", "unknown": "unknown — check by hand",
        "speaker_link": "show where the speaker is named in the text", "warning": "warning",
        "sep": ", ", "semi": "; ",
    },
    "ar": {
        "title": "من قال ماذا عن من", "articles": "مقالات", "quotes": "اقتباسات", "note": "ملاحظة",
        "summary": "الملخص", "speakers": "المتحدثون", "talked_about": "الأكثر ذكرًا", "warnings": "تحذيرات",
        "quote_table": "الاقتباسات", "text": "نص المقال", "none": "لم يُعثر على اقتباسات",
        "legend_quote": "اقتباس", "legend_cue": "فعل القول", "legend_speaker": "القائل",
        "legend_about": "موضوع الاقتباس", "via": "نقلًا عن", "confidence": "الثقة",
        "col_id": "#", "col_type": "النوع", "col_cue": "فعل القول", "col_speaker": "القائل",
        "col_role": "الصفة", "col_resolution": "كيف عُرف القائل", "col_confidence": "الثقة",
        "col_about": "عمّ يتحدث", "col_quote": "الاقتباس", "unknown": "غير معروف — تحقق يدويًا",
        "speaker_link": "أين ذُكر القائل في النص", "warning": "تحذير",
        "sep": "، ", "semi": "؛ ",
    },
}

TYPES = {"latin": {"direct": "direct", "indirect": "indirect", "mixed": "mixed"},
         "ar": {"direct": "مباشر", "indirect": "غير مباشر", "mixed": "مختلط"}}

KINDS = {"latin": {"person": "person", "organisation": "organisation", "group": "group",
                   "unnamed_source": "unnamed source"},
         "ar": {"person": "شخص", "organisation": "هيئة", "group": "جماعة", "unnamed_source": "مصدر غير مسمى"}}

# how the speaker was found (Quote.resolution), in words a reader can weigh; an unlisted sieve
# shows its code with spaces
RESOLUTIONS = {
    "latin": {
        "explicit_subject": "named right after the verb", "preverbal_subject": "named just before the verb",
        "after_quote": "named after the quote", "channel": "named in a relayed report (نقل عن)",
        "participle": "the subject of the clause the participle follows",
        "zero_anaphora": "not named: the speaker of the passage before",
        "nominal_anaphora": "by role: the person introduced with it earlier",
        "continuation": "continues the quote before", "parse_subject": "subject found by the parser",
        "sentence_subject": "named at the start of the sentence",
        "honorific": "by honorific (سموه): the dignitary named before",
        "relay_source": "the outlet that relays the words",
        "unknown": "not found — check by hand",
    },
    "ar": {
        "explicit_subject": "مذكور بعد فعل القول", "preverbal_subject": "مذكور قبل فعل القول",
        "after_quote": "مذكور بعد الاقتباس", "channel": "مذكور في خبر منقول (نقل عن)",
        "participle": "فاعل الجملة التي تسبق اسم الفاعل", "zero_anaphora": "غير مذكور: متحدث الفقرة السابقة",
        "nominal_anaphora": "بصفته: من قُدّم بها من قبل", "continuation": "تكملة للاقتباس السابق",
        "parse_subject": "فاعل حدده المحلل النحوي", "sentence_subject": "مذكور في أول الجملة",
        "honorific": "بلقبه (سموه): من ذُكر قبله", "relay_source": "الوسيلة التي نقلت الكلام",
        "unknown": "غير معروف — تحقق يدويًا",
    },
}

GENDERS = {"latin": {"m": "masculine", "f": "feminine"}, "ar": {"m": "مذكر", "f": "مؤنث"}}
NUMBERS = {"latin": {"s": "singular", "d": "dual", "p": "plural"}, "ar": {"s": "مفرد", "d": "مثنى", "p": "جمع"}}


@dataclass(frozen=True)
class Labels:
    lang: str = "latin"
    arabic_names: dict = field(default_factory=dict)  # entity/registry id → Arabic name (for lang "ar")

    @classmethod
    def load(cls, lang: str = "latin", rules=None) -> "Labels":
        """Labels in ``lang``; Arabic entity names come from the rules folder's gazetteer and registry."""
        if lang not in LANGS:
            raise ValueError(f"labels {lang!r}: one of {', '.join(LANGS)}")
        if lang == "latin":
            return cls(lang)
        from .graph import entity_labels

        return cls(lang, entity_labels(rules))

    def word(self, key: str) -> str:
        return WORDS[self.lang][key]

    def quote_type(self, t: str) -> str:
        return TYPES[self.lang].get(t, t)

    def kind(self, k: str) -> str:
        return KINDS[self.lang].get(k, k.replace("_", " "))

    def resolution(self, code: str) -> str:
        return RESOLUTIONS[self.lang].get(code, code.replace("_", " "))

    def morphology(self, cue) -> str:
        """A cue's gender and number in words: ``mp`` → "masculine plural" / "جمع مذكر"; "" when unmarked."""
        gender = GENDERS[self.lang].get(cue.gender, "")
        number = NUMBERS[self.lang].get(cue.number, "")
        parts = [number, gender] if self.lang == "ar" else [gender, number]
        return " ".join(p for p in parts if p)

    def cue(self, cue) -> str:
        """``وأشاروا (أشار, masculine plural)``: the words, the lemma, the form's gender and number."""
        if cue is None:
            return "—"
        extra = [x for x in (cue.lemma if cue.lemma != cue.text else "", self.morphology(cue)) if x]
        return f"{cue.text} ({self.word('sep').join(extra)})" if extra else cue.text

    def entity(self, about) -> str:
        """An about-entity's name in the labels' script: under ``latin`` the registry's or gazetteer's
        name, else the transliteration of its Arabic name (see :func:`latin_source`)."""
        if self.lang == "latin":
            if getattr(about, "latin", ""):
                return about.latin
            return about.name if not has_arabic(about.name) else romanize(getattr(about, "ar", "") or about.name)
        return (getattr(about, "ar", "") or self.arabic_names.get(about.entity_id)
                or (about.name if has_arabic(about.name) else about.text))

    def entities(self, quote) -> list[str]:
        """The names of what ``quote`` is about, each once, in text order."""
        return list(dict.fromkeys(self.entity(a) for a in quote.about))

    def speaker(self, quote) -> str:
        """The speaker's Arabic name (and Latin name under ``latin``), or the words for unknown."""
        if not quote.speaker or quote.speaker == UNKNOWN:
            return self.word("unknown")
        latin = quote.speaker_latin if self.lang == "latin" else ""
        return f"{quote.speaker} ({latin})" if latin and latin != quote.speaker else quote.speaker

    @staticmethod
    def role(quote) -> str:
        """The speaker's role, or "" when it only repeats the name (``مصدر — مصدر``)."""
        role, name = fold_text(quote.speaker_role or ""), fold_text(quote.speaker or "")
        return "" if not role or role in name else quote.speaker_role


def latin_source(about) -> str:
    """Where an about-entity's Latin label comes from: ``registry`` (the registry's or gazetteer's
    name) or ``transliterated`` (the documented romanisation of its Arabic name)."""
    return "registry" if getattr(about, "latin", "") or not has_arabic(about.name) else "transliterated"


def plural(n: int, what: str) -> str:
    """``1 article``, ``2,000 articles`` (English messages and labels)."""
    return f"{n:,} {what}{'s' if n != 1 else ''}"


def is_unknown(quote) -> bool:
    return not quote.speaker or quote.speaker == UNKNOWN
