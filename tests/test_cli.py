"""The command line, through click's CliRunner: exit codes asserted with the output shown."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from quotetrack.about import __version__
from quotetrack.cli import cli

from .conftest import SEED, copy_rules, shared_path


@pytest.fixture()
def runner():
    return CliRunner()


def test_version(runner):
    r = runner.invoke(cli, ["--version"])
    assert r.exit_code == 0, r.output
    assert __version__ in r.output


def test_help_lists_commands(runner):
    r = runner.invoke(cli, ["--help"])
    assert r.exit_code == 0, r.output
    for command in ("report", "extract", "evaluate", "rules"):
        assert command in r.output


def test_report_text_on_seed(runner):
    r = runner.invoke(cli, ["report", str(SEED)])
    assert r.exit_code == 0, r.output
    assert "الناتو يؤكد دعمه لأوكرانيا" in r.output  # the title
    for name in ("فرح دخل الله", "مارك روتي", "ناتاليا جاليبارينكو"):
        assert name in r.output
    assert "named right after the verb" in r.output and re.search(r"confidence 0\.\d\d", r.output)  # plain words
    assert "QT103" in r.output  # the stray closing mark is reported


def test_report_json_shows_cue_lemma_and_gender(runner):
    r = runner.invoke(cli, ["report", "--format", "json", str(SEED)])
    assert r.exit_code == 0, r.output
    [article] = json.loads(r.output)
    quotes = article["quotes"]
    assert len(quotes) == 9
    assert all(q["cue"]["lemma"] for q in quotes)
    by_cue = {q["cue"]["text"]: q["cue"] for q in quotes}
    assert (by_cue["مؤكدة"]["gender"], by_cue["مؤكدة"]["number"]) == ("f", "s")
    assert (by_cue["وأشاروا"]["gender"], by_cue["وأشاروا"]["number"]) == ("m", "p")
    assert [w["code"] for w in article["warnings"]] == ["QT103"]


def test_report_reads_stdin(runner):
    text = "عنوان\nوقال الوزير سامي خليل إن الوضع خطير جدا في المدينة."
    r = runner.invoke(cli, ["report", "--format", "json", "-"], input=text.encode("utf-8"))
    assert r.exit_code == 0, r.output
    [article] = json.loads(r.output)
    assert article["article_id"] == "stdin"
    assert [q["speaker"] for q in article["quotes"]] == ["سامي خليل"]


def test_missing_input_is_a_clear_error(runner, tmp_path):
    r = runner.invoke(cli, ["report", str(tmp_path / "nope.txt")])
    assert r.exit_code != 0
    assert "nope.txt" in r.output and "Traceback" not in r.output


def test_rules_check_passes_on_shipped_rules(runner):
    r = runner.invoke(cli, ["rules", "check"])
    assert r.exit_code == 0, r.output
    from quotetrack.ruleset import SCHEMAS

    assert r.output.count("ok ") == len(SCHEMAS) == 12  # targets.yaml and transliteration.yaml too


def test_rules_check_fails_with_code_on_broken_copy(runner, tmp_path):
    path = copy_rules(tmp_path) / "speech_verbs.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("gloss: declare", "glos: declare"), encoding="utf-8")
    r = runner.invoke(cli, ["rules", "check", "--rules", str(tmp_path)])
    assert r.exit_code == 2, r.output
    assert "[QT012]" in r.output and "speech_verbs.yaml" in r.output and "('صرح')" in r.output
    assert "unknown key 'glos'" in r.output and "allowed: lemma, gloss" in r.output


def test_bad_rules_folder_on_report(runner, tmp_path):
    r = runner.invoke(cli, ["report", "--rules", str(tmp_path), str(SEED)])
    assert r.exit_code == 2, r.output
    assert "[QT001]" in r.output


def test_evaluate_on_seed(runner):
    gold = shared_path("gold")
    r = runner.invoke(cli, ["evaluate", "--gold-dir", str(gold), "--by-pattern", str(SEED)])
    assert r.exit_code == 0, r.output
    last = r.output.strip().splitlines()[-1]
    assert last.startswith("overall: P=1.000 R=1.000 F1=1.000 speaker_acc=1.000"), r.output
    assert "pattern explicit_subject:" in r.output


def test_evaluate_matches_shared_scorer(runner, tmp_path):
    """quotetrack evaluate prints the same figures as shared/tools/score_quotes.py."""
    import subprocess
    import sys

    scorer = shared_path("tools", "score_quotes.py")
    gold = shared_path("corpus", "dev", "gold")
    articles = shared_path("corpus", "dev", "articles")
    csv = tmp_path / "q.csv"
    r = runner.invoke(cli, ["extract", str(articles), "-o", str(csv)])
    assert r.exit_code == 0, r.output
    theirs = subprocess.run([sys.executable, str(scorer), "--gold-dir", str(gold), "--pred", str(csv)],
                            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    r = runner.invoke(cli, ["evaluate", "--gold-dir", str(gold), str(articles)])
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == theirs
