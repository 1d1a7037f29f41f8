"""The embedded tokenizer: spaCy's Arabic rules, with every quotation mark and
punctuation sign split off as its own token.

spaCy's blank Arabic tokenizer leaves marks glued to words (``لكييف”.`` and
``“نشر`` come out as one token); we add them to the prefixes, suffixes and
infixes.  Offsets stay exact: spaCy tokenizers never change the text.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

MARKS = "«»“”„‟\"＂‹›‘’‚"
PUNCT = "،؛؟.,:;!?()\\[\\]{}…"
_CLASS = "[" + re.escape(MARKS) + "،؛؟:;!?()\\[\\]{}…]"


LONG_RUN = 200  # characters without whitespace from which spaCy's affix splitting goes quadratic
_SIMPLE = re.compile(r"[\w\u064b-\u065f\u0670\u0640\u200c\u200d]+|\S")


def simple_tokenize(vocab, text: str) -> Doc:
    """Linear tokenizer: words and single non-space signs, whitespace kept exactly."""
    words: list[str] = []
    spaces: list[bool] = []

    def whitespace(gap: str) -> None:
        # one space after a token is its trailing space (spaCy's convention); the rest is a token
        if words and gap[:1] == " " and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    pos = 0
    for m in _SIMPLE.finditer(text):
        if m.start() > pos:
            whitespace(text[pos:m.start()])
        words.append(m.group())
        spaces.append(False)
        pos = m.end()
    if pos < len(text):
        whitespace(text[pos:])
    return Doc(vocab, words=words, spaces=spaces)


class TextKeepingTokenizer:
    """Wraps a tokenizer to keep the input text on the Doc (``doc.user_data["qt_text"]``).

    ``Doc.text`` is rebuilt from the tokens at every access; the stages read the
    text many times, so the tokenizer hands it over once.  Everything else
    (serialisation, ``explain``, rules) is delegated to the wrapped tokenizer.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        # spaCy strips affixes one at a time with an end-anchored regex: a whitespace-free
        # run of thousands of marks («"“»”…) costs quadratic time; such texts get a
        # linear regex tokenizer with the same splitting (every mark and sign its own token).
        # The runs come from str.split (its whitespace is the regex \s): a regex search for
        # a long run cost more than tokenising the article
        long_run = max(map(len, text.split()), default=0) >= LONG_RUN
        doc = simple_tokenize(self.vocab, text) if long_run else self.tokenizer(text)
        doc.user_data["qt_text"] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def keep_text(nlp: Language) -> Language:
    if not isinstance(nlp.tokenizer, TextKeepingTokenizer):
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    return nlp


def customize(nlp: Language) -> Language:
    """Make ``nlp.tokenizer`` split quotation marks and punctuation everywhere."""
    prefixes = [_CLASS, *nlp.Defaults.prefixes]
    suffixes = [_CLASS, r"\.", *nlp.Defaults.suffixes]
    infixes = [_CLASS, r"(?<=[\u0600-\u06ff])\.(?=[\u0600-\u06ff])", *(nlp.Defaults.infixes or [])]
    tok = nlp.tokenizer
    tok.prefix_search = compile_prefix_regex(prefixes).search
    tok.suffix_search = compile_suffix_regex(suffixes).search
    tok.infix_finditer = compile_infix_regex(infixes).finditer
    # spaCy's Arabic special cases (abbreviations such as ق.م) keep its tokenizer cache from
    # storing any word, which doubles tokenisation time; with every sign split off they add
    # nothing the stages use (the quotes of the dev set and the seed are unchanged without them)
    tok.rules = {}
    return keep_text(nlp)
