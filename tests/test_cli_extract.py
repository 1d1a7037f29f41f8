"""``quotetrack extract``: the CSV fact-checkers open, its BOM, JSON lines, stdout, and exact offsets."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.export.table import COLUMNS

from .conftest import SEED, shared_path
from .test_export_table import ISSUE_COLUMNS

SERIAL = ["-j", "1", "-q"]  # one process, no progress display: fast and quiet under CliRunner


def extract(*args):
    """Run ``quotetrack extract ARGS`` and require success, showing the output otherwise."""
    r = CliRunner().invoke(cli, ["extract", *args, *SERIAL])
    assert r.exit_code == 0, r.output
    return r


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False)


def texts_as_read(*inputs) -> dict[str, str]:
    from quotetrack.inputs.reading import read_inputs

    return {a.id: a.text for a in read_inputs([str(p) for p in inputs])}


def assert_offsets(df: pd.DataFrame, texts: dict[str, str]) -> None:
    """Every quote, cue and speaker offset points at exactly the recorded text."""
    for row in df.to_dict("records"):
        text = texts[str(row["article_id"])]
        where = f"{row['article_id']} {row['quote_id']}"
        assert text[row["quote_start"]:row["quote_end"]] == row["quote_text"], where
        if row["cue_start"] >= 0:
            assert text[row["cue_start"]:row["cue_end"]] == row["cue"], where
        if row["speaker_start"] >= 0:
            assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_text"], where


@pytest.fixture(scope="module")
def seed_csv(tmp_path_factory):
    out = tmp_path_factory.mktemp("extract") / "quotes.csv"
    extract(str(SEED), "-o", str(out))
    return out


def test_seed_csv_opens_in_pandas_with_the_issue_columns_first(seed_csv, seed_doc):
    df = read_csv(seed_csv)
    assert list(df.columns[:26]) == ISSUE_COLUMNS and list(df.columns) == COLUMNS
    assert len(df) == len(seed_doc._.quotes) > 0
    assert set(df["article_id"]) == {SEED.stem}
    assert df["quote_start"].dtype.kind == "i" and df["confidence"].dtype.kind == "f"
    assert "روسيا" in " | ".join(df["about"])  # the Arabic name always (issue 14)


def test_seed_offsets_point_at_the_text(seed_csv):
    assert_offsets(read_csv(seed_csv), texts_as_read(SEED))


def test_bom_by_default_and_not_with_no_bom(seed_csv, tmp_path):
    assert seed_csv.read_bytes()[:3] == b"\xef\xbb\xbf"
    plain = tmp_path / "plain.csv"
    extract(str(SEED), "-o", str(plain), "--no-bom")
    assert plain.read_bytes()[:3] != b"\xef\xbb\xbf"
    assert plain.read_bytes() == seed_csv.read_bytes()[3:]


def test_jsonl_has_the_same_fields_and_values(seed_csv, tmp_path):
    out = tmp_path / "quotes.jsonl"
    extract(str(SEED), "-o", str(out))
    raw = out.read_bytes()
    assert raw[:3] != b"\xef\xbb\xbf"
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    csv_rows = read_csv(seed_csv).to_dict("records")
    assert len(rows) == len(csv_rows)
    for j, c in zip(rows, csv_rows):
        assert list(j) == COLUMNS
        assert {k: j[k] for k in ISSUE_COLUMNS} == {k: c[k] for k in ISSUE_COLUMNS}


def test_dash_writes_csv_to_stdout_without_bom(seed_csv):
    r = extract(str(SEED), "-o", "-")
    assert not r.stdout.startswith("\ufeff")
    df = pd.read_csv(io.StringIO(r.stdout), keep_default_na=False)
    assert df.equals(read_csv(seed_csv))


def test_output_is_atomic_when_inputs_fail(tmp_path):
    out = tmp_path / "quotes.csv"
    out.write_text("old", encoding="utf-8")
    r = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.txt"), "-o", str(out), *SERIAL])
    assert r.exit_code != 0, r.output
    assert out.read_text(encoding="utf-8") == "old"  # never a half-written file in its place


@pytest.mark.shared
def test_dev_corpus_offsets_point_at_the_text(tmp_path):
    articles = shared_path("corpus", "dev", "articles")
    out = tmp_path / "dev.csv"
    extract(str(articles), "-o", str(out))
    df = read_csv(out)
    texts = texts_as_read(articles)
    assert len(texts) >= 20 and len(df) > 100
    assert set(df["article_id"].astype(str)) <= set(texts)
    assert_offsets(df, texts)


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    """``quotetrack extract … -o - | head``: no traceback and no error message when the pipe closes."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "quotetrack.cli", "extract", str(tmp_path), "-o", "-", *SERIAL],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first row: every write meets a closed pipe
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 0, err
    assert err == ""
