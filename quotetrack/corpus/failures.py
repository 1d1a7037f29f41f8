"""Per-article failures in a batch: reported on stderr and in ``--errors errors.csv``, never fatal.

One bad article never stops the others (README, "Inputs and errors"):

* a bad *input* (undecodable, binary, a broken record …) is recorded by
  whoever reads it — the reader (:mod:`quotetrack.inputs`) for record files
  and stdin, the corpus worker for the files it reads (``work.run_items``) —
  and the rest goes on;
* an article the *pipeline* fails on is found where the pipeline runs
  (``work.run_items`` runs the broken batch again one article at a time) and
  recorded with QT050, or its own code when refused on purpose;
* :func:`keep_going` wraps whatever engine runs the pipeline (one process, a
  process pool, Dask) for what is left: when the engine itself raises (a
  worker process killed, a lost Dask worker), the articles it had taken but
  not returned are run again one by one in this process, the one that fails
  is recorded, and the engine is restarted on the rest of the input.

The errors file has the columns ``article, path, code, problem`` and is always
written when asked for (just the header when nothing failed), so an old one
never survives a clean run.  Notes (an empty file, no Arabic text, a guessed
encoding …) are not failures: they are echoed (the first 20) and, with
``--notes FILE``, listed in a CSV with the columns ``article, path, note``.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import sys
import tempfile
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..display import shown, terminal
from ..errors import Errors, InputError, QuotetrackError
from ..export.cells import guard as _cell  # a path or record id in a cell may start like a formula

COLUMNS = ("article", "path", "code", "problem")
NOTE_COLUMNS = ("article", "path", "note")
MAX_SHOWN = 100  # failures echoed to stderr one by one; the errors file has them all
MAX_NOTES_SHOWN = 20  # notes (empty file, no Arabic, …) echoed to stderr
MAX_ENGINE_RESTARTS = 3  # then the rest runs in this process: the engine itself is broken, not an article
_CODE = re.compile(r"^\[(QT\d{3})\]\s*")


@dataclass(frozen=True, slots=True)
class Failure:
    article: str
    path: str
    code: str
    problem: str

    @classmethod
    def of(cls, article: str, path: str, message: str) -> "Failure":
        # file names that are not UTF-8 are escaped: the errors file is UTF-8
        article, path, message = shown(article), shown(path), shown(message)
        m = _CODE.match(message)
        return cls(article, path, m.group(1) if m else "", message[m.end():] if m else message)


def fail(failures, message: str, article: str, path: str) -> None:
    """Record a bad input (``failures`` given) or raise it (the Python API)."""
    if failures is None:
        raise InputError(message)
    failures.add(article, path, message)


class Failures:
    """Collects failures (and notes) of one run, echoing them to ``stream`` as they happen.

    ``show_failures`` / ``show_notes`` False: counted (and kept for the files)
    but not echoed — ``--quiet`` prints one summary line at the end instead.
    ``before_echo``: called before each line, so a progress line drawn on the
    same terminal is cleared first instead of having the line glued to it.
    """

    def __init__(self, stream=None, prefix: str = "quotetrack: "):
        self.stream = stream if stream is not None else sys.stderr
        self.prefix = prefix
        self.items: list[Failure] = []
        self.notes = 0
        self.show_failures = True
        self.show_notes = True
        self.before_echo = None
        self._kept_notes = None  # a spooled CSV of the notes, once keep_notes() is called
        self.recent_notes: deque = deque(maxlen=3)  # the last notes, to say why nothing was found

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:  # a collector with nothing in it is still a collector
        return True

    def add(self, article: str, path: str, message: str) -> Failure:
        failure = Failure.of(article, path, message)
        self.items.append(failure)
        if not self.show_failures:
            pass
        elif len(self.items) <= MAX_SHOWN:
            self.echo(message)
        elif len(self.items) == MAX_SHOWN + 1:
            self.echo("more failures are not shown here (see the --errors file)")
        return failure

    def note(self, where: str, note: str, article: str = "", path: str = "") -> None:
        """A note on one input (``where``: how to show it; ``article``/``path`` for the notes file)."""
        self.notes += 1
        self.recent_notes.append(f"{where}: {note}")
        if self._kept_notes is not None:
            self._kept_notes[1].writerow([_cell(article), _cell(path or where), _cell(note)])
        if self.show_notes and self.notes <= MAX_NOTES_SHOWN:
            self.echo(f"note: {where}: {note}")

    def keep_notes(self) -> None:
        """Keep every note from now on for :meth:`write_notes` (spooled to disk past 1 MB: a note per article)."""
        if self._kept_notes is None:
            spool = tempfile.SpooledTemporaryFile(max_size=2**20, mode="w+", encoding="utf-8", newline="")
            self._kept_notes = (spool, csv.writer(spool, lineterminator="\n"))

    def write_notes(self, fh, bom: bool = True) -> None:
        """The notes CSV (``article, path, note``) to the text handle ``fh``; kept notes only."""
        fh.write(("\ufeff" if bom else "") + ",".join(NOTE_COLUMNS) + "\n")
        if self._kept_notes is not None:
            spool = self._kept_notes[0]
            spool.flush()
            spool.seek(0)
            shutil.copyfileobj(spool, fh)
            spool.seek(0, io.SEEK_END)

    def echo(self, line: str) -> None:
        try:  # names and titles come from outside: no control character reaches the terminal
            if self.before_echo is not None:
                self.before_echo()
            print(f"{self.prefix}{terminal(line)}", file=self.stream, flush=True)
        except (OSError, ValueError):  # stderr closed: the errors file still has everything
            pass

    def csv_text(self, bom: bool = True) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        for f in self.items:
            writer.writerow([_cell(f.article), _cell(f.path), f.code, _cell(f.problem)])
        return ("\ufeff" if bom else "") + buf.getvalue()

    def summary(self, articles: int | None = None) -> str:
        n = len(self.items)
        done = f" ({articles} articles processed)" if articles is not None else ""
        return f"{n} input{'s' if n != 1 else ''} failed{done}"


def keep_going(engine: Callable[[Iterable], Iterator], articles: Iterable, failures: Failures,
               fallback: Callable[[], Callable[[list], Iterator]]) -> Iterator:
    """Results of ``engine(articles)`` in input order, surviving articles the pipeline fails on.

    ``engine``: articles → results (one per article, in order, each with
    ``.article``).  ``fallback()``: a one-process runner (articles → results)
    used to isolate the culprit: an article that fails alone is recorded — with
    its own code when the pipeline refused it on purpose (a
    :class:`QuotetrackError` such as QT044), else QT050 — and the rest goes on.
    An error before the engine took any article (a bad model, an unreachable
    scheduler), or from ``fallback()`` itself, is not an article's fault: raised.
    """
    source = iter(articles)
    taken: deque = deque()
    restarts = 0

    def feed():
        for article in source:
            taken.append(article)
            yield article

    while True:
        run = engine if restarts < MAX_ENGINE_RESTARTS else fallback()
        try:
            for result in run(feed()):
                if taken:
                    taken.popleft()
                yield result
            return
        except Exception:  # noqa: BLE001 — one article's crash, or a broken engine: isolate it below
            if not taken:
                raise
            restarts += 1
            single = fallback()  # a pipeline that cannot be loaded raises here, before any article
            while taken:
                article = taken.popleft()
                try:
                    yield from list(single([article]))
                except QuotetrackError as err:  # refused on purpose, with its own code
                    failures.add(article.id, getattr(article, "path", ""), str(err))
                except Exception as err:  # noqa: BLE001
                    failures.add(article.id, getattr(article, "path", ""),
                                 Errors.E050.format(article=label(article), detail=describe(err)))


def label(article) -> str:
    """An article's id, and which part of it for a part of a split article (chunking.Part)."""
    count = getattr(article, "count", 0)
    if not count:
        return article.id
    base = article.base
    return (f"{article.id} (part {article.index + 1} of {count}, characters {base:,}–"
            f"{base + len(article.text):,})")


def describe(err: BaseException) -> str:
    text = " ".join(str(err).split())
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
