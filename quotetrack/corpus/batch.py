"""One command's run over its inputs: list and read them, survive failures, report.

The CLI builds one :class:`Batch` per command from its input options
(``--encoding``, ``--errors`` …) and hands every engine it runs to
:meth:`Batch.run`; :meth:`Batch.finish` writes the errors file and gives the
exit code (README, "Inputs and errors": 0 all fine, 1 some inputs failed).
The engines read deferred files, split giant articles and record the
articles that fail (``work.run_items``) into the batch's ``failures``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..errors import Errors, InputError
from ..export.labels import plural
from .failures import MAX_NOTES_SHOWN, Failures, keep_going
from ..inputs.reading import InputOptions, read_inputs
from .runner import Failed

EXIT_OK, EXIT_PARTIAL = 0, 1


@dataclass
class Batch:
    """``quiet`` (``--quiet``): notes are not echoed, nor failures when ``errors_path`` holds them, and
    :meth:`finish` prints one summary line (:meth:`say` hands it the command's own line)."""

    options: InputOptions = field(default_factory=InputOptions)
    failures: Failures = field(default_factory=Failures)
    errors_path: str | None = None
    notes_path: str | None = None
    quiet: bool = False
    processed: int = 0  # results handed out so far
    quotes: int = 0  # their quotes
    inputs: tuple = ()
    said: str = ""  # the command's summary ("wrote quotes.csv: …"), held for the quiet line

    def __post_init__(self):
        if self.notes_path:
            self.failures.keep_notes()
        if self.quiet:
            self.failures.show_notes = False
            self.failures.show_failures = not self.errors_path  # failures are never hidden: listed somewhere

    def say(self, line: str) -> None:
        """The command's own summary line: echoed now, or held for the quiet line."""
        if self.quiet:
            self.said = line
        else:
            self.failures.echo(line)

    def articles(self, inputs: Iterable[str], defer: bool = False) -> Iterator:
        """The articles of ``inputs``; with ``defer``, text files as ``inputs.Pending`` (read by the engine)."""
        return read_inputs(list(inputs), self.options, self.failures, defer=defer)

    def _note(self, article) -> None:
        if article.note:
            where = article.path if article.path and article.path != "-" else article.id
            if article.path and article.id != os.path.splitext(os.path.basename(article.path))[0]:
                where = f"{article.path} [{article.id}]"
            self.failures.note(where, article.note, article.id, article.path)

    def run(self, inputs: Iterable[str], engine: Callable[[Iterable], Iterator],
            fallback: Callable[[], Callable[[Iterable], Iterator]], defer: bool = False) -> Iterator:
        """Results in input order from ``engine`` (articles → results), one per article processed.

        ``fallback()`` gives a one-process engine, used only to isolate the
        articles an engine broke down on (:func:`quotetrack.corpus.failures.keep_going`);
        ``defer``: let the engine read text files (``Batch.articles``).
        Each article's note (decoding guessed, split into parts …) is echoed as its result comes.
        """
        self.inputs = tuple(inputs)
        return self._counted(keep_going(engine, self.articles(self.inputs, defer), self.failures, fallback))

    def _counted(self, results: Iterator) -> Iterator:
        ids: dict[str, str] = {}  # article id -> where it was first met (grows with articles: a few bytes each)
        for result in results:
            if isinstance(result, Failed):  # already in the failures
                continue
            self.processed += 1
            self.quotes += result.quote_count
            if result.article.note:
                self._note(result.article)
            self._same_id(ids, result.article)
            yield result
        # raised inside the output's atomic write: the old output file stays as it was
        if not self.processed and len(self.failures):
            raise InputError(Errors.E051.format(failed=len(self.failures), where=self._failures_where()))
        if not self.processed:
            raise InputError(Errors.E052.format(where=_listed(self.inputs), why=self._why_none()))

    def _why_none(self) -> str:
        """Why no article was found: files skipped in the folders, record files without records."""
        why = [f"{n} file{'s' if n != 1 else ''} in {folder} that {'are' if n != 1 else 'is'} not an article"
               for folder, n in self.options.skipped.items()]
        if why:
            why.append("record files such as .jsonl and .csv are read only when named")
        why.extend(self.failures.recent_notes)
        return f" ({'; '.join(why)})" if why else ""

    def _same_id(self, ids: dict, article) -> None:
        """Note an article id met before: its rows would share ``(article_id, quote_id)`` with the other's."""
        where = article.path if article.path and article.path != "-" else article.id
        first = ids.get(article.id)
        if first is None:
            ids[article.id] = where
        else:
            self.failures.note(where, f"article id {article.id!r} is also the id of an earlier article ({first}): "
                                      f"their rows share article_id; give the records (or files) distinct ids")

    def write_errors(self, write_text: Callable[[str, str], None] | None = None) -> None:
        """Write the --errors file (atomically), if one was asked for."""
        if self.errors_path:
            if write_text is None:
                from ..atomic import write_text
            write_text(self.errors_path, self.failures.csv_text())

    def write_notes(self) -> None:
        """Write the --notes file (atomically), if one was asked for."""
        if self.notes_path:
            from ..atomic import atomic_open

            with atomic_open(self.notes_path, "w", newline="") as fh:
                self.failures.write_notes(fh)

    def finish(self, write_text: Callable[[str, str], None] | None = None) -> int:
        """Report skipped files and the failures, write the errors and notes files; return the exit code."""
        failures = self.failures
        for folder, n in self.options.skipped.items():
            failures.note(folder, f"skipped {n} file{'s' if n != 1 else ''} that are not articles "
                                  f"(record files such as .jsonl and .csv are read only when named)", path=folder)
        self.write_errors(write_text)
        self.write_notes()
        if self.quiet:
            failures.echo(self.summary_line())
        else:
            if failures.notes > MAX_NOTES_SHOWN:
                failures.echo(f"{failures.notes} notes in all ({self._notes_where()})")
            if len(failures):
                where = f"; listed in {self.errors_path}" if self.errors_path else ""
                failures.echo(f"{failures.summary()}{where}; the other inputs were processed")
        return EXIT_PARTIAL if len(failures) else EXIT_OK

    def _failures_where(self) -> str:
        return f"listed in {self.errors_path}" if self.errors_path else "listed above"

    def _notes_where(self) -> str:
        return f"listed in {self.notes_path}" if self.notes_path else "--notes FILE lists them all"

    def summary_line(self) -> str:
        """The one line ``--quiet`` prints: what was done, the notes, the failures and where they are."""
        n, parts = self.failures.notes, [self.said or f"{plural(self.processed, 'article')}, "
                                                       f"{plural(self.quotes, 'quote')}"]
        if n:
            parts.append(f"{plural(n, 'note')} ({self._notes_where()})")
        if len(self.failures):
            parts.append(f"{self.failures.summary()} ({self._failures_where()}); the other inputs were processed")
        return "; ".join(parts)


def _listed(inputs: tuple, shown: int = 3) -> str:
    names = ", ".join("standard input" if p == "-" else p for p in inputs[:shown])
    return names + (f" and {len(inputs) - shown} more" if len(inputs) > shown else "")


def check_outputs(inputs: Iterable[str], outputs: Iterable[str]) -> frozenset:
    """Refuse output paths that cannot be written or would destroy an input; return their real paths.

    ``-o`` replaces an existing file (atomically: the old one stays whole until
    the new one is complete) but never a file named as an input.  The real paths
    returned are left out when folders and globs are read, so a report written
    into the input folder is not read back as an article by the next run.
    """
    from ..atomic import is_stream

    named = {os.path.realpath(p) for p in inputs if p != "-" and os.path.isfile(p)}
    seen: dict[str, str] = {}
    for out in outputs:
        if os.path.isdir(out):
            raise InputError(Errors.E036.format(path=out, detail="is a folder; give a file name to write"))
        if is_stream(out):  # a device, a pipe, /dev/stdout: written through, as often as asked
            continue
        real = os.path.realpath(out)  # a link's target gets the output: its folder must exist
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            raise InputError(Errors.E036.format(path=out, detail=f"cannot write: folder {folder} does not exist"))
        if real in named:
            raise InputError(Errors.E036.format(path=out, detail="is also an input; writing it would destroy that "
                                                                 "input, so choose another output file"))
        if real in seen:
            raise InputError(Errors.E036.format(path=out, detail=f"is given as two outputs ({seen[real]} and this)"))
        seen[real] = out
    return frozenset(seen)
