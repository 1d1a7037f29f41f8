"""Folders and globs under hostile trees: link loops, FIFOs, folders that cannot be listed (quotetrack/inputs/listing.py).

What could hang runs in a subprocess with a timeout, so a regression fails
the test instead of stopping the suite.
"""
from __future__ import annotations

import glob
import io
import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.corpus.failures import Failures
from quotetrack.inputs.reading import InputOptions
from quotetrack.inputs.listing import _glob, expand

from .conftest import ROOT

ARTICLE = "عنوان\nوقال الوزير سامي خليل إن الوضع خطير جدا في المدينة.\n"
needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-c", "from quotetrack.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


@pytest.fixture
def tree(tmp_path):
    d = tmp_path / "d"
    for rel in ["a.txt", "sub/b.txt", "sub/deep/c.txt", "sub/deep/p.html", "x/y/z.txt", ".hid/h.txt", "sub/.h.txt"]:
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(ARTICLE, encoding="utf-8")
    return d


@pytest.mark.parametrize("pattern", ["d/**/*.txt", "d/**/b.txt", "d/*/*.txt", "d/**/deep/*", "d/**/sub/**/*.txt",
                                     "d/s*/**/*.html", "**/*.txt", "d/**/.h*", "d/.hid/*"])
def test_globs_match_what_pythons_glob_matches_on_a_tree_without_links(tree, pattern, monkeypatch):
    monkeypatch.chdir(tree.parent)
    expected = sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
    got = [p for p in _glob(pattern) if os.path.isfile(p)]
    assert got == expected and got


@needs_links
def test_a_recursive_glob_over_link_loops_ends_and_reads_each_file_once(tree, tmp_path):
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tree / "self").symlink_to(".", target_is_directory=True)
    (tree / "sub" / "deep" / "root").symlink_to(tree, target_is_directory=True)
    out = tmp_path / "q.csv"
    proc = run_cli("extract", f"{tree}/**/*.txt", "-o", out, "-j", "1", "-q", timeout=120)
    assert proc.returncode == 0, proc.stderr
    ids = [line.split(",")[0] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert sorted(set(ids)) == ['"a"', '"b"', '"c"', '"z"']


@needs_links
def test_a_link_loop_in_a_folder_is_not_followed(tree):
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)
    got = list(expand([str(tree)], InputOptions()))
    assert sorted(os.path.basename(p) for p in got) == ["a.txt", "b.txt", "c.txt", "p.html", "z.txt"]


def test_a_fifo_in_a_folder_or_a_glob_is_skipped_with_a_note(tree, tmp_path):
    fifo = tree / "sub" / "feed.txt"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block for ever
    for source in (tree, f"{tree}/**/*.txt"):
        out = tmp_path / "q.csv"
        proc = run_cli("extract", source, "-o", out, "-j", "1", timeout=120)  # not -q: notes on stderr
        assert proc.returncode == 0, proc.stderr
        assert f"note: {fifo}: skipped: a FIFO (named pipe), not a regular file" in proc.stderr
        assert out.read_text(encoding="utf-8-sig").count("\n") >= 5


def test_a_fifo_named_on_the_command_line_is_read(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(ARTICLE, encoding="utf-8"))
    writer.start()
    r = CliRunner().invoke(cli, ["extract", str(fifo), "-o", str(tmp_path / "q.csv"), "-j", "1", "-q"])
    writer.join(timeout=60)
    assert r.exit_code == 0, r.output
    assert "الوضع خطير" in (tmp_path / "q.csv").read_text(encoding="utf-8-sig")


@pytest.fixture
def locked(tree, monkeypatch):
    """``tree/x`` cannot be listed: by its mode, or (root reads everything) by a listing that fails."""
    locked = tree / "x"
    if not IS_ROOT:
        os.chmod(locked, 0)
        yield locked
        os.chmod(locked, 0o755)
        return
    real = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.fspath(path) == str(locked):  # an int: a folder by descriptor
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield locked


def test_a_folder_that_cannot_be_listed_is_a_failure(tree, locked, tmp_path):
    failures = Failures(stream=io.StringIO())
    got = list(expand([str(tree)], InputOptions(), failures))
    assert [os.path.basename(p) for p in got] == ["a.txt", "b.txt", "c.txt", "p.html"]
    [failure] = failures.items
    assert failure.code == "QT033" and failure.path == str(locked) and "Permission denied" in failure.problem
    errors = tmp_path / "errors.csv"
    r = CliRunner().invoke(cli, ["extract", str(tree), "-o", str(tmp_path / "q.csv"), "--errors", str(errors),
                                 "-j", "1", "-q"])
    assert r.exit_code == 1, r.output  # not a silent gap: the run says some inputs failed
    listed = errors.read_text(encoding="utf-8-sig")
    assert "1 input failed" in r.output and "QT033" in listed and str(locked) in listed
