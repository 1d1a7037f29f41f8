"""Reading inputs: files, folders, globs and ``-`` (stdin) into :class:`Article` records."""
from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import Iterator

from .articles import Article, title_and_source
from .errors import Errors, InputError

TEXT_SUFFIXES = (".txt",)


def expand(inputs: list[str]) -> Iterator[str]:
    """Paths in the order given: a folder gives its ``*.txt`` files recursively, sorted; a glob its matches."""
    for item in inputs:
        if item == "-":
            yield "-"
        elif os.path.isdir(item):
            found = sorted(str(p) for p in Path(item).rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            yield from found
        elif os.path.exists(item):
            yield item
        elif any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(Errors.E032.format(path=item))
            yield from matches
        else:
            raise InputError(Errors.E032.format(path=item))


def decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(Errors.E030.format(path=path, encoding="UTF-8", offset=err.start, detail=err.reason)) from None


def read_article(path: str) -> Article:
    if path == "-":
        data, art_id = sys.stdin.buffer.read(), "stdin"
    else:
        data, art_id = Path(path).read_bytes(), Path(path).stem
    text = decode(data, path)
    title, source = title_and_source(text)
    return Article(art_id, text, title, source, path=path)


def read_inputs(inputs: list[str]) -> Iterator[Article]:
    for path in expand(inputs):
        yield read_article(path)
