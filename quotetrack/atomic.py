"""Output files: written whole or not at all, through links, never clobbering what is not a file.

What ``-o FILE`` (and ``--errors FILE``) does depends on what ``FILE`` is now
(README, "Inputs and errors", "Overwriting"):

* a **regular file, or nothing yet**: the output is written to a temporary
  file beside the *real* target (a symbolic link is followed, so the link
  stays a link and its target gets the output) and renamed over it only when
  complete.  The existing file's mode and owner are kept; a file with other
  hard links is rewritten in place after the temporary copy is complete, so
  every link sees the new output;
* **anything else** — a device (``/dev/null``, ``/dev/full``), a FIFO, a
  socket, ``/dev/stdout`` or ``/dev/fd/N`` — is written through, as a shell
  redirection would: a device node is never replaced by a regular file, and
  no temporary file is made in ``/dev``.

A failed write raises :class:`OutputError` (QT036) naming the output, not the
temporary file.  Inside :func:`transaction` (one CLI command) outputs are
staged and renamed into place together at the end, so a command that fails
late (its ``--errors`` file cannot be written, say) leaves every old output
as it was.
"""
from __future__ import annotations

import contextvars
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import Errors, QuotetrackError

TEMP_PREFIX, TEMP_SUFFIX = ".quotetrack-", ".tmp"
# names that stand for an open file descriptor: written to that descriptor, where it is now
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STD_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
BEFORE_COMMIT: list = []  # callables run before a transaction puts its outputs in place (cli.lifecycle)
_staging: contextvars.ContextVar = contextvars.ContextVar("quotetrack_staging", default=None)


class OutputError(QuotetrackError, OSError):
    """An output cannot be written (QT036), named as the user gave it."""


def cannot_write(path: str, err: BaseException) -> OutputError:
    detail = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return OutputError(Errors.E036.format(path=path, detail=f"cannot write: {detail}"))


def descriptor_of(path: str) -> int | None:
    """The file descriptor ``path`` names (``/dev/stdout``, ``/dev/fd/3``), or None."""
    if path in _STD_NAMES:
        return _STD_NAMES[path]
    m = _FD_PATH.match(path)
    return int(m.group(1)) if m else None


def is_stream(path: str) -> bool:
    """True when ``path`` is written through: a descriptor name, or an existing non-regular file."""
    if descriptor_of(path) is not None:
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)  # follows links: a link to /dev/null is a device
    except FileNotFoundError:
        return False
    except OSError as err:  # a link loop, a path through a file …: the caller reports it
        raise cannot_write(path, err) from None


@dataclass
class _Staged:
    """A complete temporary file waiting to take its target's place."""

    path: str  # as the user gave it (messages)
    real: str  # the file that gets the output (links followed)
    tmp: str
    in_place: bool  # copy into the existing inode (hard links) instead of renaming

    def commit(self) -> None:
        try:
            if self.in_place:
                with open(self.tmp, "rb") as src, open(self.real, "r+b") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    dst.truncate()
                    dst.flush()
                    os.fsync(dst.fileno())
                os.unlink(self.tmp)
            else:
                os.replace(self.tmp, self.real)
        except OSError as err:
            self.discard()
            raise cannot_write(self.path, err) from None

    def discard(self) -> None:
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _stage(path: str) -> tuple[int, _Staged]:
    """A temporary file for ``path``'s real target, with the mode and owner the output will have."""
    real = os.path.realpath(path)
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    if old is not None and not os.access(real, os.W_OK):
        raise OutputError(Errors.E036.format(path=path, detail="cannot write: permission denied"))
    in_place = old is not None and old.st_nlink > 1
    folder = os.path.dirname(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except PermissionError:
        if old is None:
            raise OutputError(Errors.E036.format(path=path, detail=f"cannot write: folder {folder} "
                                                 "is not writable")) from None
        # a writable file in a folder we may not create files in: complete it elsewhere, then copy it in
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        in_place = True
    except OSError as err:
        raise cannot_write(path, err) from None
    if not in_place:
        try:
            if old is not None:
                os.chmod(tmp, stat.S_IMODE(old.st_mode))
                if hasattr(os, "getuid") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    os.chown(tmp, old.st_uid, old.st_gid)  # allowed to root, who would else take the file over
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a plain open() would give this
        except OSError:  # a file system without modes or owners: the output is still right
            pass
    return fd, _Staged(path, real, tmp, in_place)


class _Guarded:
    """A file object whose failed writes name the output (QT036), never the temporary file."""

    def __init__(self, fh, path: str):
        self._fh = fh
        self._path = path

    def write(self, data):
        try:
            return self._fh.write(data)
        except OSError as err:
            raise cannot_write(self._path, err) from None

    def flush(self):
        try:
            self._fh.flush()
        except OSError as err:
            raise cannot_write(self._path, err) from None

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _open_fd(fd: int, mode: str, encoding, newline):
    binary = "b" in mode
    return os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding,
                     newline=None if binary else newline)


@contextmanager
def _writing(fh, path: str, sync: bool = False):
    """``fh`` guarded (:class:`_Guarded`), flushed (and synced) at the end and always closed.

    Closing flushes what is left in the buffer: on a full disk that fails
    again, and must neither hide the error in flight nor name the temporary file.
    """
    guarded = _Guarded(fh, path)
    try:
        yield guarded
        guarded.flush()
        if sync:
            try:
                os.fsync(fh.fileno())
            except OSError as err:
                raise cannot_write(path, err) from None
    except BaseException:
        try:
            fh.close()
        except OSError:
            pass
        raise
    try:
        fh.close()
    except OSError as err:
        raise cannot_write(path, err) from None


@contextmanager
def atomic_open(path: str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """A file object for the output ``path`` (module doc): staged and renamed, or written through."""
    fd_number = descriptor_of(path)
    if fd_number is not None or is_stream(path):
        try:
            fd = os.dup(fd_number) if fd_number is not None else os.open(path, os.O_WRONLY)
            fh = _open_fd(fd, mode, encoding, newline)
        except OSError as err:
            raise cannot_write(path, err) from None
        with _writing(fh, path) as guarded:
            yield guarded
        return
    fd, staged = _stage(path)
    try:
        with _writing(_open_fd(fd, mode, encoding, newline), path, sync=True) as guarded:
            yield guarded
    except BaseException:
        staged.discard()
        raise
    pending = _staging.get()
    if pending is None:
        staged.commit()
    else:
        pending.append(staged)


def write_text(path: str, text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)


@contextmanager
def transaction():
    """Outputs written inside are staged and put in place together when the block ends without error.

    On an error (or an interrupt) every staged output is discarded: the old
    files stay as they were.  Write-through outputs (devices, pipes) cannot wait and are written at once.
    """
    pending: list[_Staged] = []
    token = _staging.set(pending)
    try:
        yield pending
        for check in list(BEFORE_COMMIT):  # a signal whose exception was swallowed still stops it here
            check()
    except BaseException:
        for staged in pending:
            staged.discard()
        raise
    finally:
        _staging.reset(token)
    for i, staged in enumerate(pending):
        try:
            staged.commit()
        except BaseException:
            for rest in pending[i + 1:]:
                rest.discard()
            raise
