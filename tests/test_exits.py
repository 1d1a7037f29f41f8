"""Exit codes of interrupts, signals and internal errors, and what they leave behind (quotetrack/cli/lifecycle.py).

Signals need a real process: the CLI runs in a subprocess over a corpus big
enough to be caught in the middle, and the test waits (with a timeout) until
its pool workers and its temporary output file exist before signalling it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.cli.lifecycle import EXIT_INTERNAL, EXIT_INTERRUPTED

from .conftest import ROOT, SEED

SERIAL = ["-j", "1", "-q"]
CLI = [sys.executable, "-c", "from quotetrack.cli import main; main()"]
linux_only = pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads processes from /proc (Linux)")


def boom(exc):
    def raise_it(*args, **kwargs):
        raise exc
    return raise_it


@pytest.mark.parametrize("exc,code,fragment", [
    (RuntimeError("a bug"), EXIT_INTERNAL, "[QT053] internal error (RuntimeError: a bug)"),
    (KeyError("k"), EXIT_INTERNAL, "please report it"),
    (KeyboardInterrupt(), EXIT_INTERRUPTED, "interrupted"),
])
def test_unexpected_ends_have_their_own_exit_code_and_leave_the_old_output(tmp_path, monkeypatch, exc, code,
                                                                            fragment):
    import quotetrack.export.report as report

    monkeypatch.setattr(report, "render_text", boom(exc))
    out = tmp_path / "report.txt"
    out.write_text("old", encoding="utf-8")
    r = CliRunner().invoke(cli, ["report", str(SEED), "-o", str(out), *SERIAL])
    assert r.exit_code == code, r.output
    assert fragment in r.output
    assert out.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".quotetrack-")]


def test_an_internal_error_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    import quotetrack.export.corpus_table as table

    monkeypatch.setattr(table, "_line", boom(ValueError("bad row")))
    out = tmp_path / "q.csv"
    r = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(out), *SERIAL])
    assert r.exit_code == EXIT_INTERNAL and "ValueError: bad row" in r.output, r.output
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_and_failed_inputs_keep_their_codes(tmp_path):
    r = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(tmp_path / "q.csv"), "--jobs", "0"])
    assert r.exit_code == 2, r.output
    r = CliRunner().invoke(cli, ["extract", str(SEED), str(tmp_path / "missing.txt"), "-o",
                                 str(tmp_path / "q.csv"), *SERIAL])
    assert r.exit_code == 1 and "QT032" in r.output, r.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Enough articles for a two-worker run to last well beyond the moment it is signalled."""
    folder = tmp_path_factory.mktemp("many")
    text = SEED.read_text(encoding="utf-8")
    for i in range(1500):
        (folder / f"a{i:04d}.txt").write_text(text + f"\n{i}", encoding="utf-8")
    return folder


def children(pid: int) -> list[int]:
    """Every descendant process of ``pid``."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie (a dead child waits for init to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = condition()
        if got:
            return got
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def start(corpus, out, *extra):
    proc = subprocess.Popen([*CLI, "extract", str(corpus), "-o", str(out), "-q", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    temp = lambda: [p for p in out.parent.iterdir() if p.name.startswith(".quotetrack-")]  # noqa: E731
    wait_for(lambda: proc.poll() is None and temp() and len(children(proc.pid)) >= 2, 120,
             "the workers and the temporary output")
    return proc, children(proc.pid)


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_cleans_up_and_stops_the_workers(corpus, tmp_path, signum):
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    proc, workers = start(corpus, out, "-j", "2")
    proc.send_signal(signum)
    assert proc.wait(timeout=60) == 128 + signum
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and "outputs left as they were" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv"] and out.read_text(encoding="utf-8") == "old"
    wait_for(lambda: not any(running(w) for w in workers), 30, "the workers to stop")


@linux_only
def test_workers_die_with_a_killed_parent(corpus, tmp_path):
    proc, workers = start(corpus, tmp_path / "q.csv", "-j", "2")
    proc.kill()
    proc.wait(timeout=60)
    proc.stderr.close()
    wait_for(lambda: not any(running(w) for w in workers), 30, "the orphaned workers to stop")


@linux_only
def test_sigterm_closes_a_local_dask_cluster(corpus, tmp_path):
    pytest.importorskip("distributed", reason="needs dask[distributed] (the test extra)")
    out = tmp_path / "q.csv"
    proc, _ = start(corpus, out, "--engine", "dask", "-j", "2")
    wait_for(lambda: len(children(proc.pid)) >= 3, 120, "the cluster's worker processes")  # nannies, workers
    processes = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=120) == 128 + signal.SIGTERM
    proc.stderr.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    wait_for(lambda: not any(running(p) for p in processes), 60, "the Dask processes to stop")


def test_a_swallowed_interrupt_still_stops_the_commit(tmp_path):
    """A Ctrl-C whose KeyboardInterrupt something swallowed (raised inside a finaliser, say) is
    remembered: the transaction refuses to put the outputs in place."""
    import os

    from quotetrack.atomic import atomic_open, transaction
    from quotetrack.cli.lifecycle import handled_signals

    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    with handled_signals():
        with pytest.raises(KeyboardInterrupt):
            with transaction():
                with atomic_open(str(out), "w") as fh:
                    fh.write("new")
                try:
                    os.kill(os.getpid(), signal.SIGINT)
                    time.sleep(1)  # the handler runs here and raises …
                except KeyboardInterrupt:
                    pass  # … and the exception is lost, as in a finaliser
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv"]  # the staged copy was removed
    with handled_signals():  # a new run starts with nothing remembered
        with transaction():
            with atomic_open(str(out), "w") as fh:
                fh.write("new")
    assert out.read_text(encoding="utf-8") == "new"


def test_a_signal_raised_inside_a_finaliser_prints_no_traceback():
    """The interpreter prints an exception raised in a finaliser ("Exception ignored in …" and a
    traceback); the signal's own exception there is remembered, so it is kept quiet — and any other
    unraisable exception is still printed.  In a fresh interpreter: pytest has its own hook."""
    script = """
import gc, os, signal, time
from quotetrack.cli.lifecycle import handled_signals

class Interrupted:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler raises KeyboardInterrupt here, inside the finaliser

class Broken:
    def __del__(self):
        raise ValueError("a real bug in a finaliser")

with handled_signals():
    Interrupted()
    gc.collect()
    Broken()
    gc.collect()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "KeyboardInterrupt" not in done.stderr, done.stderr
    assert "ValueError: a real bug in a finaliser" in done.stderr
