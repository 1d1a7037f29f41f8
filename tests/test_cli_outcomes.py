"""Honest outcomes: nothing found is an error, old outputs stay, one behaviour for text without Arabic,
--quiet prints one line, notes go to --notes FILE and never onto the progress line."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from quotetrack.cli import EXIT_NO_INPUT, cli
from quotetrack.corpus.failures import MAX_NOTES_SHOWN, Failures
from quotetrack.corpus.progress import Progress

from .conftest import SEED

SERIAL = ["-j", "1", "-q"]
A = "وقال الوزير سامي خليل إن الوضع خطير جدا في المدينة."
ENGLISH = 'Breaking news\nThe minister said: "We will not give up the fight for our city."\n'

# command → the output it is given (each must be left as it was)
COMMANDS = [["extract", "-o", "{out}.csv"], ["extract", "-o", "{out}.xlsx"], ["extract", "-o", "{out}.jsonl"],
            ["report", "-o", "{out}.html"], ["graph", "-o", "{out}.gexf"], ["speakers", "-o", "{out}.csv"]]


def invoke(*args, quiet=True):
    return CliRunner().invoke(cli, [str(a) for a in args] + (SERIAL if quiet else ["-j", "1"]))


def old_output(tmp_path, command):
    args = [a.format(out=tmp_path / "out") for a in command]
    out = next(a for a in args if a.startswith(str(tmp_path)))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("old output")
    return args, out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_an_empty_folder_is_no_articles_and_the_old_output_stays(tmp_path, command):
    empty = tmp_path / "news"
    empty.mkdir()
    args, out = old_output(tmp_path, command)
    r = invoke(args[0], empty, *args[1:])
    assert r.exit_code == EXIT_NO_INPUT == 2, r.output
    assert f"[QT052] no articles found in {empty}" in r.output and "no output was written" in r.output
    assert open(out, encoding="utf-8").read() == "old output"


def test_a_folder_without_article_files_says_what_was_skipped(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(json.dumps({"text": A}) + "\n", encoding="utf-8")
    (folder / "old.csv").write_text("a,b\n", encoding="utf-8")
    args, out = old_output(tmp_path, ["extract", "-o", "{out}.csv"])
    r = invoke("extract", folder, *args[1:])
    assert r.exit_code == 2, r.output
    assert (f"[QT052] no articles found in {folder} (2 files in {folder} that are not an article; "
            "record files such as .jsonl and .csv are read only when named)") in r.output
    assert open(out, encoding="utf-8").read() == "old output"


def test_an_empty_record_file_is_no_articles(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n", encoding="utf-8")
    r = invoke("extract", feed, "-o", tmp_path / "q.csv")
    assert r.exit_code == 2, r.output
    assert f"[QT052] no articles found in {feed} ({feed}: no records)" in r.output
    assert not (tmp_path / "q.csv").exists()


@pytest.mark.parametrize("command", COMMANDS[:3], ids=lambda c: " ".join(c))
def test_a_record_file_whose_every_record_fails_is_no_input(tmp_path, command):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": 1}\n{"text": 5}\nnot json\n', encoding="utf-8")
    args, out = old_output(tmp_path, command)
    errors = tmp_path / "errors.csv"
    r = invoke(args[0], feed, *args[1:], "--errors", errors)
    assert r.exit_code == 2, r.output
    assert f"[QT051] no input could be read (3 failed, listed in {errors})" in r.output
    assert r.output.count("QT034") == 0  # quiet, and the errors file holds them
    assert "the other inputs were processed" not in r.output
    assert open(out, encoding="utf-8").read() == "old output"
    assert [row["code"] for row in csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig")))] == [
        "QT034"] * 3


def test_one_article_among_skipped_files_is_a_normal_run(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "feed.jsonl").write_text("x\n", encoding="utf-8")  # skipped in a folder: a note, not a failure
    r = invoke("extract", folder, "-o", tmp_path / "q.csv", quiet=False)
    assert r.exit_code == 0, r.output
    assert "skipped 1 file that are not articles" in r.stderr and "QT052" not in r.stderr


# ---------------------------------------------------------------------------
# Text without Arabic letters: a note and no quotes, everywhere
# ---------------------------------------------------------------------------

NOT_ARABIC = [ENGLISH, 'Le ministre a dit : « Nous ne céderons pas », a-t-il déclaré.', "1234 5678\n«9»"]


@pytest.mark.parametrize("text", NOT_ARABIC)
def test_text_without_arabic_gives_its_note_and_no_quotes(tmp_path, text):
    (tmp_path / "foreign.txt").write_text(text, encoding="utf-8")
    (tmp_path / "arabic.txt").write_text(A, encoding="utf-8")
    out = tmp_path / "out" / "q.csv"
    out.parent.mkdir()
    r = invoke("extract", tmp_path, "-o", out, quiet=False)
    assert r.exit_code == 0, r.output
    assert "note: " in r.output and "foreign.txt: no Arabic text" in r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [row["article_id"] for row in rows] == ["arabic"]
    r = invoke("report", "--format", "json", tmp_path / "foreign.txt")
    (article,) = json.loads(r.stdout)
    assert (article["note"], article["quotes"]) == ("no Arabic text", [])
    r = invoke("report", tmp_path / "foreign.txt")
    assert "note: no Arabic text" in r.stdout and "no quotations found" in r.stdout


def test_the_api_run_loop_agrees(nlp):
    from quotetrack.inputs.articles import make_article
    from quotetrack.corpus.runner import run

    (res,) = run(nlp, [make_article("en", ENGLISH)])
    assert res.article.note == "no Arabic text" and res.quotes == []


# ---------------------------------------------------------------------------
# --quiet, --notes FILE
# ---------------------------------------------------------------------------


@pytest.fixture()
def noisy(tmp_path):
    """25 empty articles (25 notes) and 3 with quotes."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(25):
        (folder / f"empty{i:02d}.txt").write_text("", encoding="utf-8")
    for i in range(3):
        (folder / f"a{i}.txt").write_text(A, encoding="utf-8")
    (tmp_path / "out").mkdir()
    return folder


def test_quiet_is_one_summary_line_at_the_end(noisy, tmp_path):
    out, notes = tmp_path / "out" / "q.csv", tmp_path / "out" / "notes.csv"
    r = invoke("extract", noisy, "-o", out, "--notes", notes)
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert line == (f"quotetrack: wrote {out}: 3 quotes from 28 articles, 1 speaker, 1 quote found more than once "
                    f"(clusters); 25 notes (listed in {notes})")
    rows = list(csv.DictReader(io.StringIO(notes.read_text(encoding="utf-8-sig"))))
    assert [(row["article"], row["note"]) for row in rows] == [(f"empty{i:02d}", "empty file") for i in range(25)]
    assert rows[0]["path"] == str(noisy / "empty00.txt")


def test_quiet_without_a_notes_file_counts_them_and_says_where_to_find_them(noisy, tmp_path):
    r = invoke("report", noisy, "-o", tmp_path / "out" / "r.txt")
    (line,) = r.stderr.splitlines()
    assert line.endswith("; 25 notes (--notes FILE lists them all)") and "wrote" in line


def test_quiet_with_failures_in_an_errors_file_is_still_one_line(noisy, tmp_path):
    (noisy / "scan.pdf").write_bytes(b"%PDF-1.4")
    errors = tmp_path / "out" / "errors.csv"
    r = invoke("graph", noisy, "-o", tmp_path / "out" / "g.gexf", "--errors", errors)
    assert r.exit_code == 1, r.output
    (line,) = r.stderr.splitlines()
    assert line.endswith(f"; 1 input failed (listed in {errors}); the other inputs were processed")


def test_quiet_never_hides_failures_that_no_file_holds(noisy, tmp_path):
    (noisy / "scan.pdf").write_bytes(b"%PDF-1.4")
    r = invoke("extract", noisy, "-o", tmp_path / "out" / "q.csv")
    assert r.exit_code == 1, r.output
    first, last = r.stderr.splitlines()
    assert "[QT031]" in first and "scan.pdf" in first
    assert last.endswith("; 1 input failed (listed above); the other inputs were processed")


def test_without_quiet_notes_are_shown_up_to_a_limit_and_counted(noisy, tmp_path):
    r = invoke("extract", noisy, "-o", tmp_path / "out" / "q.csv", quiet=False)
    lines = r.stderr.splitlines()
    assert sum(": empty file" in line for line in lines) == MAX_NOTES_SHOWN
    assert "quotetrack: 25 notes in all (--notes FILE lists them all)" in lines


def test_notes_file_is_written_with_just_the_header_when_there_is_none(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("stale", encoding="utf-8")
    r = invoke("extract", SEED, "-o", tmp_path / "q.csv", "--notes", notes)
    assert r.exit_code == 0, r.output
    assert notes.read_text(encoding="utf-8-sig") == "article,path,note\n"


class Tty(io.StringIO):
    def isatty(self):
        return True


def screen(stream: str) -> list[str]:
    """What a terminal shows: each line as the last carriage return left it (overwritten, not appended)."""
    shown = []
    for line in stream.split("\n"):
        cells: list[str] = []
        for part in line.split("\r"):
            cells = list(part) + cells[len(part):]
        shown.append("".join(cells).rstrip())
    return shown


def test_a_note_starts_its_own_line_instead_of_gluing_onto_the_progress_line():
    tty = Tty()
    progress = Progress.for_terminal(quiet=False, stream=tty)
    failures = Failures(stream=tty)
    failures.before_echo = progress.clear
    progress.update(5, 12)  # drawn: the first update always is
    failures.note("news/x.txt", "no Arabic text")
    progress.update(1, 0)  # drawn again after the note
    progress.close()
    lines = screen(tty.getvalue())
    assert lines[0] == "quotetrack: note: news/x.txt: no Arabic text"
    assert lines[1].startswith("quotetrack: 6 articles, 12 quotes")


def test_the_cli_clears_the_progress_line_for_notes(monkeypatch, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    monkeypatch.setattr(Progress, "for_terminal", classmethod(lambda cls, quiet, stream=None: cls(True)))
    r = invoke("report", tmp_path, "-o", tmp_path / "r.txt", quiet=False)
    assert r.exit_code == 0, r.output
    shown = screen(r.stderr)
    assert f"quotetrack: note: {tmp_path / 'empty.txt'}: empty file" in shown
