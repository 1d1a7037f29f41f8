"""The fact-checkers' table: columns as issue 4 lists them, exact round trips through pandas."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.inputs.articles import Article
from quotetrack.export.table import BOM, COLUMNS, csv_text, jsonl_text, quotes_frame
from quotetrack.records import About, Cue, Quote

# Issue 4, "CSV export", in this order; corpus mode appends its own columns after them.
ISSUE_COLUMNS = ["article_id", "quote_id", "quote_type", "quote_text", "quote_start", "quote_end", "cue",
                 "cue_lemma", "cue_start", "cue_end", "speaker", "speaker_text", "speaker_start", "speaker_end",
                 "speaker_role", "speaker_kind", "speaker_id", "resolution", "confidence", "channel", "about",
                 "sentence", "title", "source", "date", "url"]

TRICKY = [
    'قال: "لن نتراجع" — و"نعم"',  # ASCII double quotes, doubled by the CSV writer
    "سطر أول\nسطر ثانٍ",  # newline inside a field
    "سطر\r\nبنهاية ويندوز",  # CRLF inside a field
    "عربة\rوحيدة",  # a lone carriage return
    "«نص، بفاصلة, وفاصلة لاتينية؛ وفاصلة منقوطة;»",
    "  مسافات في البداية والنهاية  ",
    "NA",  # pandas' default NA strings: kept with keep_default_na=False
    "'مفردة' \\ شرطة مائلة\tوجدولة",
    "\u200fعلامة اتجاه\u200e و\u200dوصل",
]


def article_with(texts: list[str]) -> tuple[Article, list[Quote]]:
    """An article whose text is the quotes joined by a separator, and Quote records pointing into it."""
    sep = " ثم قال: "
    text, quotes = "", []
    for i, t in enumerate(texts):
        start = len(text) + len(sep)
        text += sep + t
        quotes.append(Quote(start, start + len(t), t, "direct", Cue(start - 6, start - 2, "قال", "قال", "verb"),
                            id=f"q{i + 1:02d}", speaker="الوزير", speaker_kind="person", confidence=0.8,
                            about=[About("russia", "Russia", "country", start, start + 1, t[:1]),
                                   About("iran", "Iran", "country", start, start + 1, t[:1])]))
    return Article("a1", text, title='عنوان "مقتبس"', url="https://example.org/a?b=1&c=2"), quotes


def read_back(csv: str, **kw) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(csv.encode("utf-8")), **kw)


def test_columns_are_the_issues_in_order_then_the_corpus_ones():
    df = quotes_frame([article_with(["نص"])])
    assert list(df.columns[:26]) == ISSUE_COLUMNS
    assert list(df.columns) == COLUMNS
    empty = quotes_frame([])
    assert list(empty.columns) == COLUMNS and len(empty) == 0


def test_about_is_canonical_names_joined_by_a_bar():
    (row,) = quotes_frame([article_with(["نص"])]).to_dict("records")
    assert row["about"] == "Russia | Iran"


def test_tricky_quote_text_round_trips_exactly():
    article, quotes = article_with(TRICKY)
    csv = csv_text(quotes_frame([(article, quotes)]))
    back = read_back(csv, keep_default_na=False)
    assert list(back.columns) == COLUMNS  # the BOM is not glued to the first column name
    assert back["quote_text"].tolist() == TRICKY
    assert back["title"].tolist() == [article.title] * len(TRICKY)
    for row in back.to_dict("records"):
        assert article.text[row["quote_start"]:row["quote_end"]] == row["quote_text"]
    # with pandas' defaults too, except the literal "NA" which pandas reads as missing by design
    default = read_back(csv)["quote_text"].tolist()
    assert [t for t in default if isinstance(t, str)] == [t for t in TRICKY if t != "NA"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4))
def test_any_quote_text_round_trips(texts):
    """Exactly as written with raw cells; through the formula guard once it is taken off (export.cells)."""
    from quotetrack.export.cells import unguard

    article, quotes = article_with(texts)
    df = quotes_frame([(article, quotes)])
    raw = read_back(csv_text(df, guard=False), keep_default_na=False, dtype={"quote_text": str})
    assert raw["quote_text"].tolist() == texts
    guarded = read_back(csv_text(df), keep_default_na=False, dtype={"quote_text": str})
    assert guarded["quote_text"].map(unguard).tolist() == texts


def test_bom_by_default_and_only_then():
    df = quotes_frame([article_with(["نص"])])
    assert csv_text(df).startswith(BOM + '"article_id"')
    assert csv_text(df, bom=False).startswith('"article_id"')
    assert csv_text(df).encode("utf-8")[:3] == b"\xef\xbb\xbf"


def test_json_lines_have_the_same_fields_and_values():
    article, quotes = article_with(TRICKY)
    df = quotes_frame([(article, quotes)])
    lines = jsonl_text(df).splitlines()
    assert len(lines) == len(TRICKY)  # a newline inside a value is escaped, never a line break
    rows = [json.loads(line) for line in lines]
    assert all(list(r) == COLUMNS for r in rows)
    assert [r["quote_text"] for r in rows] == TRICKY
    assert rows[0]["quote_start"] == df["quote_start"][0] and isinstance(rows[0]["confidence"], float)
    assert "لن نتراجع" in lines[0]  # Arabic written as is, not as \u escapes


WORDS = " ".join(f"كلمة{i}" for i in range(600))  # 5,000 characters without a sentence end


def sentence_case(quote_at: int, quote_len: int = 20, text: str = WORDS):
    start = text.index(" ", quote_at) + 1
    return text, Quote(start, start + quote_len, text[start:start + quote_len], "direct",
                       sentence_start=0, sentence_end=len(text))


@pytest.mark.parametrize("quote_at,cut_before,cut_after", [
    (10, False, True),  # a quote near the start: the sentence's beginning, cut at the end
    (2500, True, True),  # in the middle: cut on both sides
    (4600, True, False),  # near the end (the text has 4,689 characters): cut before only
])
def test_a_long_sentence_is_cut_around_its_quote(quote_at, cut_before, cut_after):
    from quotetrack.export.table import CUT, SENTENCE_MAX_CHARS, sentence_of

    text, q = sentence_case(quote_at)
    got = sentence_of(text, q)
    assert len(got) <= SENTENCE_MAX_CHARS
    assert q.text in got  # the quote's beginning is always shown
    assert got.startswith(CUT + " ") == cut_before and got.endswith(" " + CUT) == cut_after
    inner = got.removeprefix(CUT + " ").removesuffix(" " + CUT)
    assert inner in text and (not cut_before or text[text.index(inner) - 1] == " ")  # whole words only
    assert not cut_after or text[text.index(inner) + len(inner)] == " "


@pytest.mark.parametrize("start,end,expected", [
    (-1, -1, ""),  # no sentence recorded
    (0, 11, "قال الوزير "),  # a short sentence is the sentence, exactly
    (0, 1000, None),  # exactly at the limit: whole
])
def test_short_sentences_are_whole(start, end, expected):
    from quotetrack.export.table import sentence_of

    text = ("قال الوزير " * 200)[:1000]
    q = Quote(4, 10, text[4:10], "indirect", sentence_start=start, sentence_end=end)
    assert sentence_of(text, q) == (text[start:end] if expected is None else expected)


def test_the_csv_sentence_column_is_capped():
    from quotetrack.export.table import SENTENCE_MAX_CHARS

    text, q = sentence_case(2500)
    (row,) = quotes_frame([(Article("a", text), [q])]).to_dict("records")
    assert len(row["sentence"]) <= SENTENCE_MAX_CHARS < len(text) and q.text in row["sentence"]
