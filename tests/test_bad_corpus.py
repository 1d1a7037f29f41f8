"""Acceptance (issue 7): a folder with one file of each bad kind plus good files.

``quotetrack extract DIR -o out.csv --errors err.csv`` puts the good articles'
quotes in the CSV and each bad file in the errors file with the right code and
reason, reports them on stderr, and exits 1 (README, "Inputs and errors").
"""
from __future__ import annotations

import codecs
import csv
import io
import json

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli

from .conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
SHORT = "عنوان الخبر\nوقال الوزير «إن الوضع مستقر» في بيان صحفي.\nوأضاف أن الحكومة تتابع الملف."

# file name → (bytes, expected: "quotes" | ("note", fragment) | (code, fragment))
CORPUS = {
    "good.txt": (SEED_TEXT.encode(), "quotes"),
    "good-bom.txt": (codecs.BOM_UTF8 + SHORT.encode(), "quotes"),
    "utf16.txt": (SHORT.encode("utf-16"), "quotes"),
    "windows1256.txt": (SHORT.encode("cp1256"), "quotes"),
    "page.html": (f"<html><head><title>ت</title><script>x=1</script></head><body><p>{SHORT}</p></body></html>"
                  .encode(), "quotes"),
    "scraped.txt": (f"<!DOCTYPE html><html><body><div>{SHORT}</div></body></html>".encode(), "quotes"),
    "empty.txt": (b"", ("note", "empty file")),
    "english.txt": (b"Nothing to see here, only English.", ("note", "no Arabic text")),
    "undecodable.txt": (SEED_TEXT.encode()[:301] + b"\xc3\x28" + SEED_TEXT.encode()[301:],
                        ("QT030", "cannot decode as UTF-8 at byte 301")),
    "scan.pdf": (b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<</Type/Catalog>>", ("QT031", "PDF document")),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ("QT031", "PNG image")),
    "article.docx": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml", ("QT031", "zip archive")),
    "saved-as-txt.txt": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", ("QT031", "GIF image")),
    "nul.txt": (b"\x00\x01" * 300, ("QT031", "binary data")),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_corpus")
    folder = root / "news"
    (folder / "sub").mkdir(parents=True)
    for name, (data, _expected) in CORPUS.items():
        (folder / ("sub" if name.startswith("p") else "") / name).write_bytes(data)
    (folder / "feed.jsonl").write_text(json.dumps({"text": SHORT}, ensure_ascii=False), encoding="utf-8")  # skipped
    return root


@pytest.fixture(scope="module")
def extracted(corpus):
    out, errors = corpus / "out.csv", corpus / "errors.csv"
    r = CliRunner().invoke(cli, ["extract", str(corpus / "news"), "-o", str(out), "--errors", str(errors), "-j", "1"])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    failed = {row["article"]: row for row in csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig")))}
    return r, rows, failed


def test_exit_code_says_some_inputs_failed(extracted):
    r, _rows, failed = extracted
    assert r.exit_code == 1, r.output
    assert f"{len(failed)} inputs failed; listed in" in r.output


@pytest.mark.parametrize("name", [n for n, (_d, e) in CORPUS.items() if e == "quotes"])
def test_good_files_are_in_the_csv(extracted, name):
    _r, rows, failed = extracted
    article = name.rsplit(".", 1)[0]
    assert article not in failed
    assert any(row["article_id"] == article for row in rows), f"no quote of {name} in the CSV"


def test_quotes_of_every_good_file_are_the_same_text(extracted):
    # UTF-8 with BOM, UTF-16, Windows-1256 and HTML give exactly the same quotes: no mojibake
    _r, rows, _failed = extracted
    by = {}
    for row in rows:
        by.setdefault(row["article_id"], []).append(row["quote_text"])
    assert by["good-bom"] == by["utf16"] == by["windows1256"] == by["page"] == by["scraped"]
    assert "إن الوضع مستقر" in by["good-bom"][0]


@pytest.mark.parametrize("name,code,fragment", [(n, e[0], e[1]) for n, (_d, e) in CORPUS.items()
                                                if isinstance(e, tuple) and e[0] != "note"])
def test_bad_files_are_in_the_errors_file(extracted, name, code, fragment):
    r, _rows, failed = extracted
    row = failed[name.rsplit(".", 1)[0]]
    assert (row["code"], row["path"].endswith(name)) == (code, True)
    assert fragment in row["problem"] and name in row["problem"]
    assert f"[{code}]" in r.output  # and on stderr


@pytest.mark.parametrize("name,fragment", [(n, e[1]) for n, (_d, e) in CORPUS.items()
                                           if isinstance(e, tuple) and e[0] == "note"])
def test_empty_and_non_arabic_files_are_notes_not_errors(extracted, name, fragment):
    r, rows, failed = extracted
    article = name.rsplit(".", 1)[0]
    assert article not in failed and not any(row["article_id"] == article for row in rows)
    assert f"note: " in r.output and fragment in r.output


def test_record_files_in_a_folder_are_skipped_with_a_note(extracted):
    r, rows, failed = extracted
    assert "feed" not in failed and not any(row["article_id"].startswith("feed") for row in rows)
    assert "skipped 1 file that is not an article" in r.output or "skipped 1 file" in r.output


def test_report_shows_the_notes_and_keeps_going(corpus):
    r = CliRunner().invoke(cli, ["report", "--format", "json", str(corpus / "news"), "-j", "1"])
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    arts = report["articles"] if isinstance(report, dict) else report
    notes = {a["article_id"]: a["note"] for a in arts}
    assert notes["empty"] == "empty file" and notes["english"] == "no Arabic text"
    assert "Windows-1256" in notes["windows1256"] and "HTML" in notes["page"]
    assert "scan" not in notes and "good" in notes
