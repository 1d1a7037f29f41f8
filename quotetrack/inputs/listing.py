"""Which files the inputs name: files, folders walked, globs expanded, ``-``; each file once.

* a **folder** gives, recursively and sorted, its articles (``.txt``,
  ``.html``, ``.htm``, files without a suffix) and the files that look like
  documents (``.pdf``, ``.docx``, images, archives…), which the reader refuses
  with QT031 so a PDF among the articles is reported, not silently skipped.
  Record files and other files are skipped with a note; hidden files and
  folders are skipped;
* a **glob** (``news/**/*.jsonl``) gives its matches, read as if named.  ``**``
  crosses folders the way a folder walk does: a symbolic link to a folder is
  not followed there, so a link loop cannot make the expansion endless;
* what a folder or a glob finds that is not a regular file (a FIFO, a device,
  a socket) is skipped with a note: reading it could block for ever.  Named
  on the command line, it is read (``<(zcat news.jsonl.gz)`` is a pipe);
* a folder that cannot be listed is a failure (QT033), not a silent gap.
"""
from __future__ import annotations

import glob
import os
import stat
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import Errors
from ..corpus.failures import fail

FOLDER_ARTICLES = (".txt", ".html", ".htm", ".xhtml", "")
# read from folders only to be refused by content (QT031): a document saved among the articles
FOLDER_DOCUMENTS = frozenset(""".pdf .doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .epub .png .jpg .jpeg
    .gif .webp .bmp .tif .tiff .heic .zip .gz .tgz .bz2 .xz .7z .rar""".split())
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _stat(path: str):
    try:
        return os.stat(path)
    except OSError:
        return None


def _identity(path: str, st=None):
    """The file ``path`` names, whatever the path (links, ``..``): from one ``stat`` (``realpath`` costs
    one per path component, which shows when a folder holds 100,000 articles)."""
    if st is None or not st.st_ino:  # missing, or a file system without inode numbers (Python: then 0)
        return ("path", os.path.realpath(path))
    return (st.st_dev, st.st_ino)


def not_regular(st) -> str:
    """What a non-regular file is ("a FIFO (named pipe)" …), or "" for a regular file (or none at all)."""
    if st is None or stat.S_ISREG(st.st_mode):
        return ""
    return next((kind for test, kind in _KINDS if test(st.st_mode)), "not a regular file")


def _unreadable(failures, folder: str):
    def onerror(err: OSError) -> None:
        where = err.filename or folder
        fail(failures, Errors.E033.format(path=where, detail=f"cannot read this folder: {err.strerror or err}; "
                                          "its files were not read"), Path(where).name or where, where)
    return onerror


def _walk(folder: str, options, failures=None) -> Iterator[str]:
    skipped = 0
    for root, dirs, files in os.walk(folder, onerror=_unreadable(failures, folder)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            suffix = os.path.splitext(name)[1].lower()
            if suffix in FOLDER_ARTICLES or suffix in FOLDER_DOCUMENTS:
                yield path
            else:
                skipped += 1
    if skipped:
        options.skipped[folder] = skipped


def _pattern_parts(pattern: str) -> tuple[str, list[str]]:
    """(the folder a ``**`` pattern starts from, the pattern's components after it)."""
    parts = pattern.split(os.sep)
    first = next(i for i, p in enumerate(parts) if p == "**" or glob.has_magic(p))
    base = os.sep.join(parts[:first]) or (os.sep if pattern.startswith(os.sep) else os.curdir)
    return base, parts[first:]


def _matches(names: tuple, pats: tuple) -> bool:
    """``names`` (path components) match ``pats``: ``**`` is any number of components, hidden names only
    where the pattern spells the dot (as ``glob`` does)."""
    @lru_cache(maxsize=None)
    def match(i: int, j: int) -> bool:
        if j == len(pats):
            return i == len(names)
        p = pats[j]
        if p == "**":
            return match(i, j + 1) or (i < len(names) and not names[i].startswith(".") and match(i + 1, j))
        if i == len(names) or (names[i].startswith(".") and not p.startswith(".")):
            return False
        return fnmatchcase(names[i], p) and match(i + 1, j + 1)

    return match(0, 0)


def _glob(pattern: str, failures=None) -> list[str]:
    """The sorted matches of ``pattern``; ``**`` walks folders without following links to folders."""
    if "**" not in pattern.split(os.sep):
        return sorted(glob.glob(pattern))  # each component matched once: no recursion, no loop
    base, pats = _pattern_parts(pattern)
    if glob.has_magic(base):  # a wildcard before the **: the folders it names, each walked
        bases = [b for b in glob.glob(base) if os.path.isdir(b)]
    else:
        bases = [base] if os.path.isdir(base) else []
    found = []
    for top in bases:
        prefix = "" if top == os.curdir and not pattern.startswith(os.curdir) else top
        for root, dirs, files in os.walk(top, onerror=_unreadable(failures, top)):
            rel = os.path.relpath(root, top)
            rel_parts = () if rel == os.curdir else tuple(rel.split(os.sep))
            if _matches(rel_parts, tuple(pats)) and rel_parts:
                found.append(os.path.join(prefix, *rel_parts))
            for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                if _matches((*rel_parts, name), tuple(pats)):
                    found.append(os.path.join(prefix, *rel_parts, name))
            dirs[:] = [d for d in dirs if not d.startswith(".") or any(p.startswith(".") for p in pats)]
    return sorted(set(found))


def expand(inputs: list[str], options, failures=None) -> Iterator[str]:
    """Paths in the order given (folders and globs expanded, sorted); each file once.

    ``options``: ``exclude`` (real paths never read from folders and globs: our
    own outputs) and ``skipped`` (folder → files skipped there, filled in).
    """
    # our own outputs, never read back from a folder: those that exist now are all a walk can meet
    # (outputs are written at the end of the run, after the inputs are read)
    excluded = frozenset(_identity(p, _stat(p)) for p in options.exclude if os.path.exists(p))
    seen: set = set()

    def once(path: str, found: bool = False) -> bool:
        """Not read yet (and, for a file found in a folder or by a glob, not one of our outputs, and a
        regular file: a FIFO found there could block the run for ever)."""
        if path == "-":
            key = path
        else:
            st = _stat(path)
            key = _identity(path, st)
            kind = not_regular(st) if found else ""
            if kind and key not in seen:
                seen.add(key)
                if failures is not None:
                    failures.note(path, f"skipped: {kind}, not a regular file (name it to read it)")
                return False
        if key in seen or (found and key in excluded):
            return False
        seen.add(key)
        return True

    for item in inputs:
        if item == "-":
            if once(item):
                yield item
        elif os.path.isdir(item):
            yield from (p for p in _walk(item, options, failures) if once(p, found=True))
        elif os.path.exists(item):
            if once(item):
                yield item
        elif glob.has_magic(item):
            matches = _glob(item, failures)
            if not matches:
                fail(failures, Errors.E039.format(path=item), item, item)
            for match in matches:
                if os.path.isdir(match):
                    yield from (p for p in _walk(match, options, failures) if once(p, found=True))
                elif once(match, found=True):
                    yield match
        else:
            fail(failures, Errors.E032.format(path=item), Path(item).stem or item, item)
