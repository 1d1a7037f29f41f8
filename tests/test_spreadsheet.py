"""Spreadsheet outputs: the formula guard (CSV, .xlsx, speakers, errors, notes), a real .xlsx, known extensions."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from quotetrack.cli import cli
from quotetrack.export.cells import DANGER, UNGUARD_PATTERN, dangerous, guard, unguard
from quotetrack.export.table import COLUMNS, INT_COLUMNS

from .conftest import SEED

SERIAL = ["-j", "1", "-q"]

# input → guarded cell: every dangerous first character, after whitespace and apostrophes too; negatives
GUARD_TABLE = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://x";"y")', '\'=HYPERLINK("http://x";"y")'),
    ("+20 في المئة", "'+20 في المئة"),
    ("-نحن السعوديين- فتحنا", "'-نحن السعوديين- فتحنا"),
    ("- الرصاصة تقتل مرتين", "'- الرصاصة تقتل مرتين"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\tنص", "'\tنص"),  # a tab or CR first is itself what OWASP lists
    ("\rنص", "'\rنص"),
    ("  =1+1", "'  =1+1"),
    ("\n-1", "'\n-1"),
    ("\u00a0@x", "'\u00a0@x"),
    ("'=1+1", "''=1+1"),  # already an apostrophe: guarded too, so that unguard is exact
    ("' =x", "'' =x"),
    # negatives: safe first characters stay as they are
    ("نص عادي", "نص عادي"),
    ("a=b", "a=b"),
    ("", ""),
    (" ", " "),
    ("'نص", "'نص"),
    ("«-لا»", "«-لا»"),
    ("– شرطة طويلة", "– شرطة طويلة"),  # an en dash is no formula
    ("٣+٤", "٣+٤"),
    ("\nنص", "\nنص"),
]


@pytest.mark.parametrize("raw, cell", GUARD_TABLE)
def test_guard_table(raw, cell):
    assert guard(raw) == cell
    assert dangerous(raw) == (cell != raw)
    assert unguard(cell) == raw


@pytest.mark.parametrize("value", [-1, 0, 17, 0.94, None])
def test_numbers_are_never_guarded(value):
    assert guard(value) == value and unguard(value) == value


@given(st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n \u00a0aب«")), max_size=8) | st.text(max_size=20))
def test_unguard_is_the_exact_inverse_and_no_guarded_cell_is_dangerous(text):
    cell = guard(text)
    assert unguard(cell) == text
    assert cell == text or (cell[0] == "'" and DANGER.match(text))
    # what a spreadsheet sees first in a guarded cell is the apostrophe: text, never a formula
    assert not cell or not cell[0] in "=+-@\t\r"


def test_the_pandas_recipe_equals_unguard():
    cells = pd.Series([c for _, c in GUARD_TABLE])
    assert list(cells.str.replace(UNGUARD_PATTERN, "", regex=True)) == [r for r, _ in GUARD_TABLE]


INJECTED = """عنوان الخبر
وقال الوزير سامي خليل: «-نحن السعوديين- فتحنا الباب أمام الجميع».
وأضاف المتحدث باسم الوزارة: «=HYPERLINK("http://example.com/x";"اضغط هنا")».
وقالت الباحثة هدى كمال إن «+20 في المئة من السكان يعيشون في الفقر».
"""


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """A text article whose quotes start like formulas, and a record whose id and title do."""
    folder = tmp_path_factory.mktemp("inject")
    (folder / "article.txt").write_text(INJECTED, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "title": "@title", "text": INJECTED},
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def extract(*args) -> str:
    r = CliRunner().invoke(cli, ["extract", *map(str, args), *SERIAL])
    assert r.exit_code == 0, r.output
    return r.output


def text_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_guards_every_dangerous_cell_and_offsets_hold_once_unguarded(injected, tmp_path):
    out = tmp_path / "q.csv"
    extract(injected / "article.txt", injected / "feed.jsonl", "-o", out)
    rows = text_cells(out)
    assert rows[0] == COLUMNS and len(rows) == 7
    for row in rows[1:]:
        for cell in row:  # no cell a spreadsheet would run
            assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r") or cell.lstrip("-").replace(".", "").isdigit()
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert set(df["article_id"]) == {"article", "'=cmd|' /C calc'!A0"}
    assert set(df["title"]) == {"عنوان الخبر", "'@title"}
    starts = sorted(q for q in df["quote_text"])
    assert [s[:2] for s in starts] == ["'+", "'+", "'-", "'-", "'=", "'="]
    for row in df.to_dict("records"):  # the offset promise: exact once the guard is taken off
        text = INJECTED
        s, e = int(row["quote_start"]), int(row["quote_end"])
        assert text[s:e] == unguard(row["quote_text"]) == row["quote_text"][1:]


def test_raw_cells_writes_the_text_as_found(injected, tmp_path):
    guarded, raw = tmp_path / "g.csv", tmp_path / "r.csv"
    extract(injected / "article.txt", "-o", guarded)
    extract(injected / "article.txt", "-o", raw, "--raw-cells")
    g = pd.read_csv(guarded, keep_default_na=False)
    r = pd.read_csv(raw, keep_default_na=False)
    assert list(r["quote_text"]) == [INJECTED[s:e] for s, e in zip(r["quote_start"], r["quote_end"])]
    assert r["quote_text"].str.startswith(("-", "=", "+")).all()
    assert g.map(unguard).equals(r)


def test_stdout_csv_is_guarded_and_jsonl_stays_raw(injected, tmp_path):
    out = extract(injected / "article.txt", "-o", "-")
    assert "\"'=HYPERLINK(" in out
    extract(injected / "article.txt", "-o", tmp_path / "q.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["quote_text"][:1] for r in rows] == ["-", "=", "+"]


def test_speakers_csv_and_errors_and_notes_files_are_guarded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "-empty.txt").write_text("", encoding="utf-8")  # a note, with a path that starts with -
    (folder / "=scan.pdf").write_bytes(b"%PDF-1.4")  # a failure
    (folder / "a.txt").write_text(INJECTED.replace("سامي خليل", "سامي خليل"), encoding="utf-8")
    errors, notes, listing = tmp_path / "errors.csv", tmp_path / "notes.csv", tmp_path / "speakers.csv"
    r = CliRunner().invoke(cli, ["speakers", str(folder), "-o", str(listing), "--errors", str(errors),
                                 "--notes", str(notes), *SERIAL])
    assert r.exit_code == 1, r.output
    (failed,) = list(csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert failed["article"] == "'=scan" and failed["code"] == "QT031"
    (note,) = list(csv.DictReader(io.StringIO(notes.read_text(encoding="utf-8-sig"))))
    assert (note["article"], note["note"]) == ("'-empty", "empty file")
    assert listing.read_text(encoding="utf-8").startswith('\ufeff"speaker_id","name"')  # a CSV file has a BOM
    r = CliRunner().invoke(cli, ["speakers", str(folder / "a.txt"), "--format", "csv", *SERIAL])
    assert r.exit_code == 0 and '"سامي خليل"' in r.stdout


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(injected, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    extract(injected / "article.txt", SEED, "-o", out / "q.xlsx")
    extract(injected / "article.txt", SEED, "-o", out / "q.csv")
    return out


def test_xlsx_is_a_real_workbook_with_the_csv_rows_and_arabic_intact(workbook):
    data = (workbook / "q.xlsx").read_bytes()
    assert data[:4] == b"PK\x03\x04"  # a zip container, not a CSV named .xlsx
    x = pd.read_excel(workbook / "q.xlsx", engine="openpyxl", keep_default_na=False, dtype=str)
    c = pd.read_csv(workbook / "q.csv", keep_default_na=False, dtype=str)
    assert list(x.columns) == COLUMNS == list(c.columns)
    assert len(x) == len(c) > 9
    assert x.equals(c.map(unguard))  # same rows, exact text (the workbook's guard is a cell style)
    assert "مارك روتي" in set(x["speaker"]) and "-نحن السعوديين- فتحنا الباب أمام الجميع" in set(x["quote_text"])


def test_xlsx_sheet_is_right_to_left_frozen_sized_and_holds_text_cells(workbook):
    from openpyxl import load_workbook

    ws = load_workbook(workbook / "q.xlsx").active
    assert ws.sheet_view.rightToLeft is True
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:AB{ws.max_row}"
    widths = {ws.cell(1, i).value: ws.column_dimensions[ws.cell(1, i).column_letter].width
              for i in range(1, ws.max_column + 1)}
    assert widths["quote_text"] == 60 and widths["quote_id"] == 11
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for name, cell in zip(header, row):
            if name in INT_COLUMNS or name == "confidence":
                assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (name, cell.value)
            else:  # never a formula, an error code, a number or a date
                assert cell.number_format == "@", (name, cell.value)
                assert cell.data_type == "s" or cell.value is None, (name, cell.value)  # "" reads back empty
                assert cell.quotePrefix == dangerous(cell.value or ""), (name, cell.value)
    assert sum(1 for row in ws.iter_rows(min_row=2) for c in row if c.quotePrefix) >= 3


def test_xlsx_raw_cells_have_no_quote_prefix_but_stay_text(injected, tmp_path):
    from openpyxl import load_workbook

    extract(injected / "article.txt", "-o", tmp_path / "raw.xlsx", "--raw-cells")
    ws = load_workbook(tmp_path / "raw.xlsx").active
    quotes = [row[3] for row in ws.iter_rows(min_row=2)]
    assert [c.value[:1] for c in quotes] == ["-", "=", "+"]
    assert all(c.data_type == "s" and not c.quotePrefix for c in quotes)


def test_xlsx_cells_hold_what_excel_can(tmp_path):
    from openpyxl import load_workbook

    from quotetrack.export.xlsx import write_xlsx

    long = "ق" * 40_000
    rows = [{"a": "#N/A", "b": "x\x01y\x0cz", "c": long, "d": 3}]
    with open(tmp_path / "t.xlsx", "wb") as fh:
        assert write_xlsx(rows, fh, ["a", "b", "c", "d"]) == 1
    a, b, c, d = next(load_workbook(tmp_path / "t.xlsx").active.iter_rows(min_row=2))
    assert (a.value, a.data_type) == ("#N/A", "s")  # not Excel's error value
    assert b.value == "x\ufffdy\ufffdz"  # XML cannot hold control characters: replaced one for one
    assert len(c.value) == 32_767 and c.value.endswith("…")
    assert d.value == 3


def test_xlsx_past_one_sheet_is_refused_and_writes_nothing(monkeypatch):
    import quotetrack.export.xlsx as xlsx
    from quotetrack.errors import QuotetrackError

    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 3)
    fh = io.BytesIO()
    with pytest.raises(QuotetrackError, match=r"\[QT072\] out.xlsx: more than 2 quotes"):
        xlsx.write_xlsx(({"a": str(i)} for i in range(5)), fh, ["a"], path="out.xlsx")
    assert fh.getvalue() == b""


# ---------------------------------------------------------------------------
# Output names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command, name", [
    (["extract"], "quotes.json"), (["extract"], "quotes.tsv"), (["extract"], "quotes.xls"),
    (["extract"], "quotes"), (["extract"], "quotes.txt"),
    (["report"], "report.pdf"), (["report"], "report.csv"),
    (["speakers"], "speakers.xlsx"), (["speakers"], "speakers.md"),
])
def test_an_unknown_output_extension_is_refused_with_a_code(tmp_path, command, name):
    out = tmp_path / name
    out.write_text("old", encoding="utf-8")
    r = CliRunner().invoke(cli, [*command, str(SEED), "-o", str(out), *SERIAL])
    assert r.exit_code == 2, r.output
    assert "[QT071]" in r.output and name in r.output and "name the output" in r.output
    assert out.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("name, starts", [
    ("r.html", "<!DOCTYPE html>"), ("r.htm", "<!DOCTYPE html>"), ("r.md", '<div dir="rtl"'), ("r.json", "["),
    ("r.txt", "# 000_"), ("report", "# 000_"),
])
def test_report_format_follows_the_output_extension(tmp_path, name, starts):
    r = CliRunner().invoke(cli, ["report", str(SEED), "-o", str(tmp_path / name), *SERIAL])
    assert r.exit_code == 0, r.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)


def test_an_explicit_format_wins_over_the_extension(tmp_path):
    r = CliRunner().invoke(cli, ["report", str(SEED), "--format", "json", "-o", str(tmp_path / "r.txt"), *SERIAL])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "r.txt").read_text(encoding="utf-8"))[0]["quotes"]


@pytest.mark.parametrize("name", ["q.CSV", "q.jsonl", "q.ndjson", "q.XLSX"])
def test_known_table_extensions_in_any_case(tmp_path, name):
    extract(SEED, "-o", tmp_path / name)
    data = (tmp_path / name).read_bytes()
    assert data[:4] == b"PK\x03\x04" if name.lower().endswith("xlsx") else data[:4] != b"PK\x03\x04"


def test_the_documented_recipe_takes_the_guard_off_every_cell(injected, tmp_path, monkeypatch):
    """docs/outputs.md's pandas lines, run as written on a guarded CSV, give the raw CSV's values."""
    import re

    from .conftest import ROOT

    doc = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    section = doc.split("### Spreadsheet safety")[1]
    (recipe,) = re.findall(r"```python\n(.*?)```", section, re.S)
    extract(injected / "article.txt", injected / "feed.jsonl", "-o", tmp_path / "quotes.csv")
    extract(injected / "article.txt", injected / "feed.jsonl", "-o", tmp_path / "raw.csv", "--raw-cells")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(recipe, "docs/outputs.md", "exec"), scope)  # noqa: S102 — the documentation's own code
    raw = pd.read_csv(tmp_path / "raw.csv", keep_default_na=False)
    assert scope["df"].equals(raw)
    assert (scope["df"]["quote_text"] != pd.read_csv(tmp_path / "quotes.csv", keep_default_na=False)["quote_text"]).all()


def test_the_pandas_table_and_the_streamed_table_guard_the_same_cells(injected, nlp):
    """export.table.csv_text (pandas, any pandas version's text dtype) == the CLI's streamed CSV."""
    from quotetrack.export.table import csv_text, quotes_frame
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    results = list(run(nlp, read_inputs([str(injected / "article.txt")])))
    df = quotes_frame((r.article, r.quotes) for r in results)
    text = csv_text(df, bom=False)
    assert "\"'=HYPERLINK(" in text and "\"'-نحن" in text
    assert csv_text(df, bom=False, guard=False).count("\"'") == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["quote_text"][:2] for r in rows] == ["'-", "'=", "'+"]
    streamed = CliRunner().invoke(cli, ["extract", str(injected / "article.txt"), "-o", "-", *SERIAL]).stdout
    # the same cells, but for the corpus columns only the streamed table fills in
    same = [c for c in COLUMNS if c not in ("speaker_id", "cluster_id", "cluster_first_article")]
    assert [{c: r[c] for c in same} for r in csv.DictReader(io.StringIO(streamed))] == [
        {c: r[c] for c in same} for r in rows]
