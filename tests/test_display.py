"""What reaches a terminal or a browser from an article: control characters shown, directions isolated."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from quotetrack.inputs.articles import Article
from quotetrack.cli import cli
from quotetrack.display import has_surrogates, shown, terminal
from quotetrack.export.html import render_html
from quotetrack.records import About, Cue, Quote
from quotetrack.corpus.runner import Result

SERIAL = ["-j", "1", "-q"]
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: turns around everything after it, up to the end of its paragraph


@pytest.mark.parametrize("text,expected", [
    ("قال الوزير", "قال الوزير"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("\x1b[2Jclear", "\\x1b[2Jclear"),
    ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
    ("carriage\rreturn", "carriage\\x0dreturn"),
    ("c1 \x9b31m csi", "c1 \\x9b31m csi"),
    ("del\x7f", "del\\x7f"),
    ("caf\udce9", "caf\\xe9"),  # a file name that is not UTF-8
])
def test_terminal(text, expected):
    assert terminal(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("ok.txt", "ok.txt"),
    ("caf\udce9.txt", "caf\\xe9.txt"),
    ("\ud800x", "\\ud800x"),  # a surrogate no file name made
    ("مقال", "مقال"),
])
def test_shown(text, expected):
    assert shown(text) == expected
    assert has_surrogates(shown(text)) == -1


def test_text_report_shows_escape_sequences_instead_of_sending_them(tmp_path):
    f = tmp_path / "a.jsonl"
    record = {"id": "x", "title": "عنوان\x1b]0;pwned\x07",
              "text": "وقال الوزير سامي خليل إن «الوضع\x1b[2J خطير» في المدينة."}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["report", str(f), *SERIAL])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert "\\x1b]0;pwned\\x07" in r.output and "\\x1b[2J" in r.output


class Isolation(HTMLParser):
    """Every piece of text holding an override, and whether a <bdi> (or the article's text block) holds it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "meta"):
            self.stack.append("text" if dict(attrs).get("class") == "text" else tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() not in (tag, "text"):
            pass

    def handle_data(self, data):
        if RLO in data:
            self.found.append((data, "bdi" in self.stack or "text" in self.stack))


def test_every_string_from_an_article_is_isolated_in_html():
    text = f"قال {RLO}الوزير: «لا {RLO}تعليق» حول {RLO}روسيا"
    qs, qe = text.index("لا"), text.index("»")
    cue = Cue(0, 3, "قال", f"قال{RLO}", "verb")
    q = Quote(qs, qe, text[qs:qe], "direct", cue, id="q01", speaker=f"{RLO}الوزير", speaker_start=4, speaker_end=11,
              speaker_role=f"وزير {RLO}الخارجية", channel=f"وكالة {RLO}الأنباء", speaker_latin=f"{RLO}Minister",
              resolution="explicit_subject", confidence=0.9,
              about=[About("ru", f"{RLO}Russia", "country", text.index("روسيا"), len(text), "روسيا")])
    results = [Result(Article(f"a{i}", text, title=f"{RLO}عنوان {i}", note=f"{RLO}note"), [q]) for i in range(2)]
    page = Isolation()
    page.feed(render_html(results))
    assert len(page.found) > 10  # titles, contents links, cells, summary, text
    assert all(inside for _, inside in page.found), [d for d, inside in page.found if not inside]


def test_speakers_csv_file_has_a_bom_and_stdout_has_none(tmp_path):
    from .conftest import SEED

    out = tmp_path / "speakers.csv"
    r = CliRunner().invoke(cli, ["speakers", str(SEED), "--format", "csv", "-o", str(out), *SERIAL])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b'\xef\xbb\xbf"speaker_id"')
    r = CliRunner().invoke(cli, ["speakers", str(SEED), "--format", "csv", *SERIAL])
    assert r.exit_code == 0 and r.stdout.startswith('"speaker_id"'), r.output
    # /dev/stdout is standard output too (written through, not a file): no byte-order mark there
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "quotetrack.cli", "speakers", str(SEED), "--format", "csv",
                           "-o", "/dev/stdout", *SERIAL], capture_output=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.startswith(b'"speaker_id"'), proc.stderr[-500:]


def test_messages_on_stderr_show_control_characters_in_file_names():
    import io

    from quotetrack.corpus.failures import Failures

    stream = io.StringIO()
    failures = Failures(stream=stream)
    failures.add("x", "news/\x1b[2J.txt", "[QT032] news/\x1b[2J.txt: no such file or directory")
    failures.note("news/\x1b]0;x\x07.txt", "empty file")
    assert "\x1b" not in stream.getvalue() and "\x07" not in stream.getvalue()
    assert "news/\\x1b[2J.txt" in stream.getvalue()
    assert failures.items[0].path == "news/\x1b[2J.txt"  # the errors file keeps the name as it is


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_any_report_printed_on_a_terminal_shows_control_characters(tmp_path, monkeypatch, fmt):
    import quotetrack.cli.options as cli_module

    f = tmp_path / "a.jsonl"  # an OSC sequence (retitles a terminal) and a bell: click leaves both alone
    f.write_text(json.dumps({"id": "x", "title": "عنوان\x1b]0;pwned\x07", "text": "وقال الوزير إن «الوضع\x07 خطير»."},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    for on_terminal in (True, False):
        monkeypatch.setattr(cli_module, "stdout_is_terminal", lambda: on_terminal)
        r = CliRunner().invoke(cli, ["report", str(f), "--format", fmt, *SERIAL])
        assert r.exit_code == 0, r.output
        assert ("\x07" in r.stdout) == (not on_terminal)  # a pipe gets the text as it is
