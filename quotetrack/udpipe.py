"""The udpipe backend: a UDPipe model (through spacy-udpipe) tokenises, tags and parses.

spacy-udpipe's own tokenizer rebuilds the text from the tokens: it joins the
sentences with one space and turns every newline and run of spaces into a
single space (the seed's title line and paragraphs melt into one line).  Our
stages record character offsets into ``doc.text`` and find paragraphs from its
newlines, so that Doc would give offsets into a text that is not the input.
:class:`AlignedUDPipeTokenizer` therefore asks UDPipe for each token's range
in the input (tokenizer option ``ranges``) and builds a Doc whose text is the
input exactly: whitespace other than one space becomes a whitespace token, as
spaCy's own tokenizers do.  Parsing, tagging and the model are spacy-udpipe's.
"""
from __future__ import annotations

import os
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (declares doc._.qt_backend)
from .errors import BackendError, Errors

ENV_MODEL = "QUOTETRACK_UDPIPE_MODEL"
BACKEND = "udpipe"


def model_path_from(udpipe_model: str | os.PathLike | None) -> str:
    """The model path to use: the argument, else $QUOTETRACK_UDPIPE_MODEL, else E042."""
    path = str(udpipe_model) if udpipe_model else os.environ.get(ENV_MODEL, "").strip()
    if not path:
        raise BackendError(Errors.E042)
    return path


def load_udpipe(udpipe_model: str | os.PathLike | None = None) -> Language:
    """A spaCy ``Language`` whose tokenizer runs the UDPipe model at ``udpipe_model``.

    Raises E042 without a path (and no $QUOTETRACK_UDPIPE_MODEL), E040 when the
    file does not exist, E041 when UDPipe cannot read it as a model.
    """
    import spacy_udpipe

    path = model_path_from(udpipe_model)
    if not os.path.exists(path):
        raise BackendError(Errors.E040.format(path=path))
    if os.path.isdir(path):
        raise BackendError(Errors.E041.format(path=path, detail="a directory, not a .udpipe model file"))
    try:
        nlp = spacy_udpipe.load_from_path(lang="ar", path=path, meta={"description": f"UDPipe model {path}"})
    except OSError as err:  # unreadable file (permissions)
        raise BackendError(Errors.E041.format(path=path, detail=err)) from err
    model = nlp.tokenizer.model
    # ufal.udpipe's Model.load returns None instead of raising: spacy-udpipe would only
    # fail on the first text, with an AttributeError.  Check here, naming the file.
    if model.model is None:
        raise BackendError(Errors.E041.format(
            path=path, detail="ufal.udpipe could not read it; the file is truncated, corrupt or not a UDPipe 1 model"))
    if not model.model.newTokenizer(model.model.TOKENIZER_RANGES):
        raise BackendError(Errors.E041.format(path=path, detail="the model has no tokenizer"))
    nlp.tokenizer = AlignedUDPipeTokenizer(model, nlp.vocab, path)
    nlp.meta["udpipe_model"] = path
    return nlp


def split_surface(surface: str, forms: list[str]) -> list[str] | None:
    """Cut a multiword token's surface (وقال, للحزب) into one piece per syntactic word.

    UDPipe's word forms need not spell the surface (ل + الحزب for للحزب), so
    when they do not, each word but the last takes at most its form's length,
    leaving at least one character to each following word.  None when the
    surface has fewer characters than words: the caller keeps it as one token.
    """
    if len(forms) <= 1:
        return [surface]
    if "".join(forms) == surface:
        return list(forms)
    if len(surface) < len(forms):
        return None
    pieces, pos = [], 0
    for i, form in enumerate(forms[:-1]):
        room = len(surface) - pos - (len(forms) - 1 - i)
        n = max(1, min(len(form), room))
        pieces.append(surface[pos:pos + n])
        pos += n
    pieces.append(surface[pos:])
    return pieces


class _Tok:
    """One spaCy token being built: its char range and the UDPipe word that annotates it."""

    __slots__ = ("start", "end", "word", "words")

    def __init__(self, start: int, end: int, word=None, words=()):
        self.start, self.end, self.word, self.words = start, end, word, tuple(words)


class AlignedUDPipeTokenizer:
    """spacy-udpipe's model, with a Doc whose ``text`` is the input character for character."""

    parses = True  # quotetrack's pipeline: sentence starts come from the tree (spaCy E043)

    def __init__(self, model, vocab, path: str = ""):
        self.model = model  # spacy_udpipe.UDPipeModel
        self.vocab = vocab
        self.path = path

    def __call__(self, text: str) -> Doc:
        from ufal.udpipe import Model

        udpipe = self.model.model
        sentences = self.model._read(text=text, input_format=udpipe.newTokenizer(Model.TOKENIZER_RANGES))
        for s in sentences:
            self.model.tag(s)
            self.model.parse(s)
        doc = self.build(text, sentences)
        doc._.qt_backend = BACKEND
        doc.user_data["qt_text"] = text  # build() checked doc.text == text; the stages read it from here
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # --- building the Doc -------------------------------------------------------------

    def build(self, text: str, sentences) -> Doc:
        toks: list[_Tok] = []
        word_tok: dict[int, int] = {}  # id(word) -> index in toks, for the heads
        sent_words = []  # per sentence: list of words in id order (index 0 = root placeholder)
        for s in sentences:
            words = list(s.words)
            sent_words.append(words)
            mwts = {m.idFirst: m for m in s.multiwordTokens}
            i = 1
            while i < len(words):
                mwt = mwts.get(i)
                unit = mwt if mwt is not None else words[i]
                start, end = self._range(unit, text)
                if mwt is None:
                    word_tok[id(words[i])] = len(toks)
                    toks.append(_Tok(start, end, words[i], (words[i],)))
                    i += 1
                    continue
                group = words[mwt.idFirst:mwt.idLast + 1]
                pieces = split_surface(text[start:end], [w.form for w in group])
                if pieces is None:  # fewer characters than words: one token, annotated by its head word
                    head = next((w for w in group if not mwt.idFirst <= w.head <= mwt.idLast), group[0])
                    for w in group:
                        word_tok[id(w)] = len(toks)
                    toks.append(_Tok(start, end, head, group))
                else:
                    pos = start
                    for w, piece in zip(group, pieces):
                        word_tok[id(w)] = len(toks)
                        toks.append(_Tok(pos, pos + len(piece), w, (w,)))
                        pos += len(piece)
                i = mwt.idLast + 1
        return self._doc(text, toks, word_tok, sent_words)

    def _range(self, unit, text: str) -> tuple[int, int]:
        start, end = unit.getTokenRangeStart(), unit.getTokenRangeEnd()
        if not 0 <= start < end <= len(text):
            raise BackendError(Errors.E044.format(path=self.path, offset=start, detail=f"token {unit.form!r} has no valid range"))
        return start, end

    def _doc(self, text: str, toks: list[_Tok], word_tok: dict, sent_words: list) -> Doc:
        words, spaces, heads, deps, pos_, tags, morphs, lemmas = [], [], [], [], [], [], [], []
        owner = {}  # spaCy token index -> the word list of its sentence (for head lookup)
        for sw in sent_words:
            for w in sw[1:]:
                owner[word_tok[id(w)]] = sw
        cursor = 0
        new_index = []  # toks index -> Doc token index

        def add_gap(gap: str) -> None:
            # one plain space is the previous token's trailing space; anything else is a token
            if gap == " " and words:
                spaces[-1] = True
                return
            if gap.startswith(" ") and words and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if not gap:
                return
            # whitespace, or a character UDPipe skipped without a token: kept, unparsed
            words.append(gap)
            spaces.append(False)
            heads.append(None)  # attached below, to the nearest word
            deps.append("dep")
            pos_.append("SPACE" if gap.isspace() else "X")
            tags.append("_SP" if gap.isspace() else "")
            morphs.append("")
            lemmas.append(gap)

        for t in toks:
            if t.start < cursor:
                raise BackendError(Errors.E044.format(path=self.path, offset=t.start,
                                                      detail="token ranges overlap"))
            if t.start > cursor:
                add_gap(text[cursor:t.start])
            new_index.append(len(words))
            w = t.word
            words.append(text[t.start:t.end])
            spaces.append(False)
            heads.append(w)
            deps.append("ROOT" if w.deprel == "root" else (w.deprel or "dep"))
            pos_.append(w.upostag or "")
            tags.append(w.xpostag or "")
            morphs.append(w.feats if w.feats and w.feats != "_" else "")
            lemmas.append(w.lemma or "")
            cursor = t.end
        if cursor < len(text):
            add_gap(text[cursor:])
        rebuilt = "".join(w + " " if sp else w for w, sp in zip(words, spaces))
        if rebuilt != text:  # cannot happen by construction; refuse rather than give wrong offsets
            at = next((i for i, (a, b) in enumerate(zip(rebuilt, text)) if a != b), min(len(rebuilt), len(text)))
            raise BackendError(Errors.E044.format(path=self.path, offset=at, detail="rebuilt text differs"))
        if not words:
            return Doc(self.vocab, words=[], spaces=[])
        abs_heads = self._heads(heads, toks, word_tok, owner, new_index, deps)
        return Doc(self.vocab, words=words, spaces=spaces, heads=abs_heads, deps=deps, pos=pos_,
                   tags=tags, morphs=morphs, lemmas=lemmas)

    @staticmethod
    def _heads(heads: list, toks: list[_Tok], word_tok: dict, owner: dict, new_index: list, deps: list) -> list[int]:
        """Absolute head indices; whitespace tokens hang on the word before them."""
        n = len(heads)
        out = list(range(n))
        tok_of_doc = {d: k for k, d in enumerate(new_index)}
        prev_word = None
        first_word = new_index[0] if new_index else None
        for i, w in enumerate(heads):
            if w is None:  # whitespace
                target = prev_word if prev_word is not None else first_word
                out[i] = target if target is not None else i
                continue
            prev_word = i
            k = tok_of_doc[i]
            sw = owner[k]
            if w.head <= 0 or w.head >= len(sw):
                out[i] = i
                deps[i] = "ROOT"
                continue
            out[i] = new_index[word_tok[id(sw[w.head])]]
            if out[i] == i:  # head inside a merged multiword token
                deps[i] = "ROOT"
        # merging a multiword token can close a cycle; make any token on one a root
        for i in range(n):
            seen, j = set(), i
            while out[j] != j and j not in seen:
                seen.add(j)
                j = out[j]
            if out[j] != j:
                out[j], deps[j] = j, "ROOT"
        return out

    # spaCy calls these when saving/loading an nlp: the model file is not copied
    def to_disk(self, _path, **kwargs):
        return None

    def from_disk(self, _path, **kwargs):
        return self

    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, _bytes_data, **kwargs):
        return self
