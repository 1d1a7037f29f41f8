"""Odd inputs that used to be lost or crash the run: file names that are not UTF-8, ISO-8859-6 text,
duplicate ids, records JSON cannot read, and lines without end on standard input."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from quotetrack.cli import cli

from .conftest import ROOT, SEED

SERIAL = ["-j", "1", "-q"]
ARTICLE = "عنوان\nوقال الوزير سامي خليل إن الوضع خطير جدا في المدينة، وأضاف أن الحكومة تتابع الملف.\n"
CLI = [sys.executable, "-c", "from quotetrack.cli import main; main()"]


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), *SERIAL])


@pytest.fixture
def odd_names(tmp_path):
    """A good article and a PDF whose names are Latin-1 bytes, not UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    base = os.fsencode(folder)
    with open(base + b"/caf\xe9.txt", "wb") as fh:
        fh.write(SEED.read_bytes())
    with open(base + b"/scan\xff.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4 not an article")
    return folder


def test_a_good_article_with_a_name_that_is_not_utf8_is_processed(odd_names, tmp_path):
    out, errors = tmp_path / "q.csv", tmp_path / "errors.csv"
    r = invoke("extract", odd_names, "-o", out, "--errors", errors)
    assert r.exit_code == 1, r.output  # the PDF failed; the article did not
    df = pd.read_csv(out, keep_default_na=False)
    assert set(df["article_id"]) == {"caf\\xe9"} and len(df) == 9
    problems = pd.read_csv(errors, keep_default_na=False)
    assert list(problems["code"]) == ["QT031"] and problems["path"][0].endswith("scan\\xff.pdf")


@pytest.mark.parametrize("fmt", ["json", "html", "markdown", "text"])
def test_reports_name_such_files_readably(odd_names, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    r = invoke("report", odd_names, "--format", fmt, "-o", out)
    assert r.exit_code == 1, r.output
    text = out.read_text(encoding="utf-8")
    assert "caf\\xe9" in text or "caf\\\\xe9" in text  # JSON doubles the backslash
    if fmt == "json":
        [article] = json.loads(text)
        assert article["path"].endswith("caf\\xe9.txt") and len(article["quotes"]) == 9


def test_iso_8859_6_is_detected_not_read_as_mojibake(tmp_path):
    f = tmp_path / "iso.txt"
    f.write_bytes(ARTICLE.encode("iso-8859-6"))
    r = invoke("report", f, "--format", "json")
    assert r.exit_code == 0, r.output
    [article] = json.loads(r.stdout)
    assert "ISO-8859-6" in article["note"] and article["title"] == "عنوان"
    assert [q["speaker"] for q in article["quotes"]][:1] == ["سامي خليل"]


def test_iso_8859_6_csv_records(tmp_path):
    f = tmp_path / "feed.csv"
    f.write_bytes(("id,text\nx," + ARTICLE.replace("\n", " ").replace("،", "") + "\n").encode("iso-8859-6"))
    r = invoke("extract", f, "-o", tmp_path / "q.csv")
    assert r.exit_code == 0, r.output
    assert "الوضع خطير" in (tmp_path / "q.csv").read_text(encoding="utf-8-sig")


def test_duplicate_ids_are_noted(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps({"id": "a1", "text": ARTICLE}, ensure_ascii=False) for _ in range(2)) + "\n",
                 encoding="utf-8")
    (tmp_path / "b").mkdir()
    for folder in (tmp_path, tmp_path / "b"):
        (folder / "same.txt").write_text(ARTICLE, encoding="utf-8")
    notes = tmp_path / "notes.csv"  # -q prints one summary line: the notes are in the --notes file
    r = CliRunner().invoke(cli, ["extract", str(f), str(tmp_path / "same.txt"), str(tmp_path / "b"), "-o",
                                 str(tmp_path / "q.csv"), "--notes", str(notes), *SERIAL])
    assert r.exit_code == 0, r.output
    listed = notes.read_text(encoding="utf-8-sig")
    assert "article id 'a1' is also the id of an earlier article" in listed
    assert "article id 'same' is also the id of an earlier article" in listed
    r = CliRunner().invoke(cli, ["extract", str(tmp_path / "same.txt"), "-o", str(tmp_path / "q.csv"),
                                 "--notes", str(notes), *SERIAL])
    assert "also the id" not in notes.read_text(encoding="utf-8-sig")


def _address_space(limit: int):
    def limit_it():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return limit_it


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_endless_line_on_stdin_stops_at_the_limit_in_bounded_memory(tmp_path, fmt):
    """1 GiB without a newline on stdin, in a process that may not map 1.25 GiB: refused at 64 MiB."""
    good = {"jsonl": json.dumps({"id": "g", "text": ARTICLE}, ensure_ascii=False) + "\n",
            "csv": "id,text\n"}[fmt].encode()
    proc = subprocess.Popen([*CLI, "extract", "-", "--input-format", fmt, "-o", str(tmp_path / "q.csv"), *SERIAL],
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=_address_space(1280 << 20))
    try:
        if fmt == "csv":
            proc.stdin.write(good)
        block = b"a" * (1 << 20)
        for _ in range(1024):
            proc.stdin.write(block)
        proc.stdin.write(b"\n" + (good if fmt == "jsonl" else b""))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    err = proc.stderr.read().decode()
    # jsonl: a good record follows, so one input failed (1); csv: the line was all there was (2, QT051)
    assert proc.wait(timeout=300) == (1 if fmt == "jsonl" else 2), err
    assert "[QT034] - line" in err and "more than the 67,108,864-" in err and "MemoryError" not in err
    if fmt == "jsonl":  # the record after the endless line is read
        assert "الوضع خطير" in (tmp_path / "q.csv").read_text(encoding="utf-8-sig")
