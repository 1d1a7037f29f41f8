"""``-o`` and ``--errors`` targets: devices, FIFOs, links, modes, full disks (quotetrack/atomic.py).

Device nodes are made with ``mknod`` (root only: skipped otherwise, saying so);
what needs a real process (``/dev/stdout``, file size limits, another user)
runs the CLI in a subprocess.
"""
from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli

from .conftest import ROOT, SEED

SERIAL = ["-j", "1", "-q"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="mknod of a device node and chown need root")
CLI = [sys.executable, "-c", "from quotetrack.cli import main; main()"]


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args), *SERIAL])


def temp_files(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".quotetrack-")]


@needs_root
@pytest.mark.parametrize("command,name", [("extract", "null.csv"), ("report", "null.txt"), ("graph", "null.gexf")])
def test_a_null_device_stays_a_device(tmp_path, command, name):
    node = tmp_path / name  # a graph's format comes from the extension, so the device has one
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    r = invoke(command, SEED, "-o", node)
    assert r.exit_code == 0, r.output
    assert stat.S_ISCHR(os.stat(node).st_mode) and os.stat(node).st_rdev == os.makedev(1, 3)
    assert temp_files(tmp_path) == []


@needs_root
def test_a_full_device_is_reported_and_stays_a_device(tmp_path):
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # what /dev/full is: every write fails ENOSPC
    r = invoke("extract", SEED, "-o", node)
    assert r.exit_code == 2, r.output
    assert "QT036" in r.output and str(node) in r.output and ".quotetrack-" not in r.output
    assert stat.S_ISCHR(os.stat(node).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_as_output_and_as_errors_file(tmp_path):
    r = invoke("extract", SEED, "-o", "/dev/full")
    assert r.exit_code == 2 and "[QT036] /dev/full: cannot write" in r.output, r.output
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    r = invoke("extract", SEED, "-o", out, "--errors", "/dev/full")
    assert r.exit_code == 2, r.output
    assert "[QT036] /dev/full" in r.output and "left as it was" in r.output  # the file that failed is named
    assert out.read_text(encoding="utf-8") == "old"  # exit 2: the CSV is not replaced either
    assert temp_files(tmp_path) == []


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = invoke("extract", SEED, "-o", fifo)
    reader.join(timeout=60)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].startswith(b'\xef\xbb\xbf"article_id"') and got[0].count(b"\n") > 5


def test_dev_stdout_writes_to_the_processes_stdout(tmp_path):
    proc = subprocess.run([*CLI, "report", str(SEED), "-o", "/dev/stdout", *SERIAL], capture_output=True,
                          timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "الناتو يؤكد دعمه لأوكرانيا".encode() in proc.stdout
    assert temp_files(tmp_path) == []


def test_dev_null_needs_no_temporary_file(tmp_path, monkeypatch):
    """A user who is not root cannot make a file in /dev: writing to /dev/null must not try."""
    import quotetrack.atomic as atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", kwargs.get("dir", ""))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    r = invoke("extract", SEED, "-o", "/dev/null", "--errors", "/dev/null")
    assert r.exit_code == 0, r.output
    assert "wrote /dev/null" in r.output
    r = invoke("extract", SEED, "-o", tmp_path / "q.csv")  # a regular file still goes through a temporary one
    assert r.exit_code == 2 and "QT036" in r.output and "not writable" in r.output, r.output


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_output(tmp_path):
    target = tmp_path / "data" / "real.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    r = invoke("extract", SEED, "-o", link)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8-sig").startswith('"article_id"')
    assert temp_files(tmp_path) == [] and temp_files(target.parent) == []


def test_a_dangling_link_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    r = invoke("extract", SEED, "-o", link)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and (tmp_path / "new.csv").read_text(encoding="utf-8-sig").startswith('"article_id"')


def test_a_link_into_a_missing_folder_is_a_usage_error(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere" / "q.csv")
    r = invoke("extract", SEED, "-o", link)
    assert r.exit_code == 2 and "QT036" in r.output and "does not exist" in r.output, r.output


def test_a_link_loop_is_a_usage_error(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    r = invoke("extract", SEED, "-o", loop)
    assert r.exit_code == 2 and "QT036" in r.output, r.output
    assert loop.is_symlink()


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_an_existing_files_mode_is_kept(tmp_path, mode):
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, mode)
    r = invoke("extract", SEED, "-o", out)
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(os.stat(out).st_mode) == mode
    assert out.read_text(encoding="utf-8-sig").startswith('"article_id"')


def test_a_new_file_gets_the_umask_mode(tmp_path):
    out = tmp_path / "q.csv"
    old = os.umask(0o027)
    try:
        r = invoke("extract", SEED, "-o", out)
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640


@needs_root
def test_an_existing_files_owner_is_kept(tmp_path):
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    os.chown(out, 65534, 65534)
    r = invoke("extract", SEED, "-o", out)
    assert r.exit_code == 0, r.output
    assert (os.stat(out).st_uid, os.stat(out).st_gid) == (65534, 65534)


def test_a_hard_link_is_kept(tmp_path):
    out, other = tmp_path / "q.csv", tmp_path / "same.csv"
    out.write_text("old", encoding="utf-8")
    os.link(out, other)
    r = invoke("extract", SEED, "-o", out)
    assert r.exit_code == 0, r.output
    assert os.stat(out).st_ino == os.stat(other).st_ino and os.stat(out).st_nlink == 2
    assert other.read_text(encoding="utf-8-sig").startswith('"article_id"')
    assert temp_files(tmp_path) == []


def _small_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # writes past 4 KiB fail with EFBIG …
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # … instead of killing the process


def test_a_write_that_fails_names_the_output_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    proc = subprocess.run([*CLI, "extract", str(SEED), "-o", str(out), *SERIAL], capture_output=True,
                          timeout=300, preexec_fn=_small_files, cwd=ROOT)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert f"[QT036] {out}: cannot write" in err and ".quotetrack-" not in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old"
    assert temp_files(tmp_path) == []


def test_a_read_only_file_is_not_replaced(tmp_path):
    if IS_ROOT:
        pytest.skip("root may write any file")
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o444)
    r = invoke("extract", SEED, "-o", out)
    assert r.exit_code == 2 and "QT036" in r.output and "permission" in r.output, r.output
    assert out.read_text(encoding="utf-8") == "old"
