"""Reading inputs: files, folders, globs and ``-`` (stdin) into :class:`Article` records.

What is read (README, "Inputs and errors"):

* a **file** named on the command line is read whatever its name: ``.jsonl``
  (``.ndjson``), ``.csv``, ``.tsv`` and ``.json`` are record files (one article
  per record, :mod:`quotetrack.inputs.records`), ``.html``/``.htm`` pages have their
  text extracted, anything else is a text article (HTML when it plainly is);
* **folders** and **globs** give the files they hold (:mod:`quotetrack.inputs.listing`:
  articles and documents, sorted; record files skipped with a note; links to
  folders not followed inside them; FIFOs and devices skipped with a note);
* ``-`` reads standard input (``--input-format`` tells a record stream).

Each bad input is a coded error.  With a ``failures`` collector
(:class:`quotetrack.corpus.failures.Failures`) it is recorded there and reading goes
on; without one it is raised (the Python API's behaviour).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .articles import Article, make_article
from .decoding import decode, decode_html
from ..display import shown
from ..errors import Errors, InputError
from ..corpus.failures import fail  # noqa: F401 — re-exported: the readers record or raise through it
from .listing import expand

MAX_ARTICLE_BYTES = 64 * 2**20  # one text/HTML article; record files are streamed and have no limit
RECORD_FORMATS = ("jsonl", "csv", "tsv", "json")
FORMATS = ("auto", "txt", "html", *RECORD_FORMATS)
SUFFIX_FORMAT = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
                 ".json": "json", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html"}
# .txt stays "auto": scrapers save pages as .txt, and text that is plainly HTML is read as HTML
FIELDS = ("text", "id", "title", "source", "date", "url")


@dataclass(frozen=True)
class InputOptions:
    """How to read inputs; the CLI's input options (``--encoding``, ``--text-column`` …)."""

    encoding: str = "auto"  # or a Python codec name
    fmt: str = "auto"  # one of FORMATS; auto = by suffix, then by content
    columns: tuple = ()  # (field, column name) overrides for record files
    title_line: bool = True  # .txt: the first line is the title
    source_line: bool = True  # .txt: a short second line names the outlet
    exclude: frozenset = frozenset()  # real paths never read from folders and globs (our own outputs)
    max_bytes: int = MAX_ARTICLE_BYTES
    skipped: dict = field(default_factory=dict, compare=False)  # folder → files skipped there

    def column(self, name: str) -> str:
        return dict(self.columns).get(name, name)


def article_id_of(path: str) -> str:
    """``stdin``, else the file's stem, readable even when the name is not valid UTF-8 (``display.shown``)."""
    return "stdin" if path == "-" else shown(Path(path).stem)


def format_of(path: str, options: InputOptions) -> str:
    if options.fmt != "auto":
        return options.fmt
    return "auto" if path == "-" else SUFFIX_FORMAT.get(Path(path).suffix.lower(), "auto")


def read_bytes(path: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of one article file (or stdin), refused above ``limit`` before reading them all."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(Errors.E038.format(path=path, size=size, limit=limit))
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(Errors.E038.format(path=path, size=len(data), limit=limit))
    return data


def read_article(path: str, options: InputOptions | None = None, fmt: str = "") -> Article:
    """One text or HTML article; raises :class:`InputError` (QT030, QT031, QT033, QT038)."""
    options = options or InputOptions()
    fmt = fmt or format_of(path, options)
    data = read_bytes(path, options.max_bytes)
    if fmt == "html" or (fmt == "auto" and data.lstrip()[:1] == b"<"):
        text, note = decode_html(data, path, options.encoding)
    else:
        text, note = decode(data, path, options.encoding)
    del data  # a big article: do not hold the bytes and the text at once for longer than needed
    return make_article(article_id_of(path), text, path, fmt=fmt if fmt in ("html", "txt") else "auto",
                        title_line=options.title_line, source_line=options.source_line, note=note)


@dataclass(frozen=True, slots=True)
class Pending:
    """A text or HTML article file not read yet: corpus workers read it where they process it.

    Reading and decoding cost about as much as a tenth of the pipeline; done by
    the workers, it scales with ``--jobs`` instead of holding back the parent.
    """

    path: str
    fmt: str

    @property
    def id(self) -> str:
        return article_id_of(self.path)

    def read(self, options: InputOptions) -> Article:
        return read_one(self.path, options, self.fmt)


def read_one(path: str, options: InputOptions, fmt: str) -> Article:
    """:func:`read_article`, with every way a file can fail to be read as an :class:`InputError`."""
    try:
        return read_article(path, options, fmt)
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError(Errors.E033.format(path=path, detail="is a folder, not a file")) from None
    except OSError as err:
        raise InputError(Errors.E033.format(path=path, detail=f"cannot read: {err.strerror or err}")) from None
    except Exception as err:  # noqa: BLE001 — a reader bug on one odd file must not stop the batch
        raise InputError(Errors.E033.format(path=path, detail=f"cannot read: {type(err).__name__}: {err}")) from err


def read_inputs(inputs: list[str], options: InputOptions | None = None, failures=None,
                defer: bool = False) -> Iterator[Article | Pending]:
    """Every article of ``inputs``, in order; bad inputs raise, or go to ``failures`` when given.

    ``defer``: text and HTML files (not stdin) come as :class:`Pending`, read later
    by whoever processes them; record files and stdin are read here.
    """
    from .records import read_records

    options = options or InputOptions()
    for path in expand(list(inputs), options, failures):
        fmt = format_of(path, options)
        if defer and path != "-" and fmt not in RECORD_FORMATS:
            yield Pending(path, fmt)
            continue
        try:
            if fmt in RECORD_FORMATS:
                yield from read_records(path, fmt, options, failures)
            else:
                yield read_one(path, options, fmt)
        except InputError as err:
            fail(failures, str(err), article_id_of(path), path)
        except IsADirectoryError:
            fail(failures, Errors.E033.format(path=path, detail="is a folder, not a file"), article_id_of(path), path)
        except OSError as err:  # a record file that cannot be opened
            fail(failures, Errors.E033.format(path=path, detail=f"cannot read: {err.strerror or err}"),
                 article_id_of(path), path)
        except Exception as err:  # noqa: BLE001 — a reader bug on one odd file must not stop the batch
            if failures is None:
                raise
            fail(failures, Errors.E033.format(path=path, detail=f"cannot read: {type(err).__name__}: {err}"),
                 article_id_of(path), path)
