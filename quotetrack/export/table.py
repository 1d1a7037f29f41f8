"""Quote records → pandas DataFrame (the fact-checkers' CSV), a pure function."""
from __future__ import annotations

import csv
import json

import pandas as pd

from ..inputs.articles import Article
from ..records import Quote
from .cells import guard as guard_cell

COLUMNS = ["article_id", "quote_id", "quote_type", "quote_text", "quote_start", "quote_end", "cue", "cue_lemma",
           "cue_start", "cue_end", "speaker", "speaker_text", "speaker_start", "speaker_end", "speaker_role",
           "speaker_kind", "speaker_id", "resolution", "confidence", "channel", "about", "sentence", "title",
           "source", "date", "url", "cluster_id", "cluster_first_article"]
INT_COLUMNS = ["quote_start", "quote_end", "cue_start", "cue_end", "speaker_start", "speaker_end"]
ABOUT_SEP = " | "
BOM = "\ufeff"
# The sentence column shows the quote in its context; a "sentence" can be a whole 10,000-character part of an
# article that has no sentence end, repeated in every row: above this length it is cut around the quote
SENTENCE_MAX_CHARS = 1000
SENTENCE_BEFORE = 300  # characters kept before the quote when the sentence is cut (the cue is usually there)
CUT = "[…]"  # marks where the sentence was cut, as an editor marks an elision


def quote_row(article: Article, q: Quote) -> dict:
    text = article.text
    cue = q.cue
    return {
        "article_id": article.id, "quote_id": q.id, "quote_type": q.type, "quote_text": q.text,
        "quote_start": q.start, "quote_end": q.end,
        "cue": cue.text if cue else "", "cue_lemma": cue.lemma if cue else "",
        "cue_start": cue.start if cue else -1, "cue_end": cue.end if cue else -1,
        "speaker": q.speaker, "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end, "speaker_role": q.speaker_role, "speaker_kind": q.speaker_kind,
        "speaker_id": q.speaker_id, "resolution": q.resolution, "confidence": round(float(q.confidence), 3),
        "channel": q.channel, "about": ABOUT_SEP.join(a.name for a in q.about),
        "sentence": sentence_of(text, q),
        "title": article.title, "source": article.source, "date": article.date, "url": article.url,
        "cluster_id": "", "cluster_first_article": "",  # filled in corpus mode (export.corpus_table)
    }


def sentence_of(text: str, q: Quote) -> str:
    """The sentence(s) holding ``q``, at most ``SENTENCE_MAX_CHARS`` long: longer, the part from a little
    before the quote, cut at spaces, with ``[…]`` where it was cut."""
    start, end = q.sentence_start, q.sentence_end
    if start < 0 or end <= start:
        return ""
    if end - start <= SENTENCE_MAX_CHARS:
        return text[start:end]
    lo = max(start, min(q.start, end) - SENTENCE_BEFORE)
    hi = min(end, lo + SENTENCE_MAX_CHARS - 2 * (len(CUT) + 1))
    if lo > start:  # begin at a word
        space = text.find(" ", lo, min(q.start, hi))
        lo = space + 1 if space >= 0 else lo
    if hi < end:  # end at a word
        space = text.rfind(" ", max(lo, q.start), hi)
        hi = space if space > lo else hi
    return f"{CUT + ' ' if lo > start else ''}{text[lo:hi]}{' ' + CUT if hi < end else ''}"


def quotes_frame(results) -> pd.DataFrame:
    """``results``: iterable of (Article, list[Quote]) → one row per quote, columns in ``COLUMNS`` order."""
    rows = [quote_row(a, q) for a, quotes in results for q in quotes]
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in INT_COLUMNS:
        df[c] = df[c].astype("int64")
    df["confidence"] = df["confidence"].astype("float64")
    return df


def guarded(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells carry the formula guard (:mod:`quotetrack.export.cells`)."""
    out = df.copy()
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):  # object (pandas 2) or str (pandas 3) columns
            out[c] = out[c].map(guard_cell)
    return out


def csv_text(df: pd.DataFrame, bom: bool = True, guard: bool = True) -> str:
    """The CSV file's text: UTF-8 BOM (so Excel and LibreOffice detect Arabic) unless ``bom=False``.

    Every string field is quoted (``QUOTE_NONNUMERIC``): with minimal quoting a field holding a lone
    carriage return is written bare and splits the row on reading.  Read it back exactly with
    ``pd.read_csv(path, keep_default_na=False)`` (else an empty field or the text "NA" becomes NaN).
    ``guard``: text cells a spreadsheet would run as formulas get one leading apostrophe
    (``export.cells.unguard`` takes it off again); ``False`` writes them raw.
    """
    if guard:
        df = guarded(df)
    text = df.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    return (BOM if bom else "") + text


def jsonl_text(df: pd.DataFrame) -> str:
    """JSON lines, one object per row with the CSV's fields in the same order; Arabic unescaped."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in df.to_dict("records"))
