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

from .errors import Errors, InputError
from .failures import MAX_NOTES_SHOWN, Failures, keep_going
from .inputs import InputOptions, read_inputs
from .runner import Failed

EXIT_OK, EXIT_PARTIAL = 0, 1


@dataclass
class Batch:
    options: InputOptions = field(default_factory=InputOptions)
    failures: Failures = field(default_factory=Failures)
    errors_path: str | None = None
    processed: int = 0  # results handed out so far

    def articles(self, inputs: Iterable[str], defer: bool = False) -> Iterator:
        """The articles of ``inputs``; with ``defer``, text files as ``inputs.Pending`` (read by the engine)."""
        return read_inputs(list(inputs), self.options, self.failures, defer=defer)

    def _note(self, article) -> None:
        if article.note:
            where = article.path if article.path and article.path != "-" else article.id
            if article.path and article.id != os.path.splitext(os.path.basename(article.path))[0]:
                where = f"{article.path} [{article.id}]"
            self.failures.note(where, article.note)

    def run(self, inputs: Iterable[str], engine: Callable[[Iterable], Iterator],
            fallback: Callable[[], Callable[[Iterable], Iterator]], defer: bool = False) -> Iterator:
        """Results in input order from ``engine`` (articles → results), one per article processed.

        ``fallback()`` gives a one-process engine, used only to isolate the
        articles an engine broke down on (:func:`quotetrack.failures.keep_going`);
        ``defer``: let the engine read text files (``Batch.articles``).
        Each article's note (decoding guessed, split into parts …) is echoed as its result comes.
        """
        return self._counted(keep_going(engine, self.articles(inputs, defer), self.failures, fallback))

    def _counted(self, results: Iterator) -> Iterator:
        ids: dict[str, str] = {}  # article id -> where it was first met (grows with articles: a few bytes each)
        for result in results:
            if isinstance(result, Failed):  # already in the failures
                continue
            self.processed += 1
            if result.article.note:
                self._note(result.article)
            self._same_id(ids, result.article)
            yield result
        if not self.processed and len(self.failures):
            # raised inside the output's atomic write: the old output file stays as it was
            raise InputError(Errors.E051.format(failed=len(self.failures)))

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
                from .atomic import write_text
            write_text(self.errors_path, self.failures.csv_text())

    def finish(self, write_text: Callable[[str, str], None] | None = None) -> int:
        """Report skipped files and the failures, write the errors file; return the exit code."""
        for folder, n in self.options.skipped.items():
            self.failures.note(folder, f"skipped {n} file{'s' if n != 1 else ''} that are not articles "
                                       f"(record files such as .jsonl and .csv are read only when named)")
        if self.failures.notes > MAX_NOTES_SHOWN:
            self.failures.echo(f"{self.failures.notes} notes in all (each article's note is in the reports)")
        self.write_errors(write_text)
        if len(self.failures):
            where = f"; listed in {self.errors_path}" if self.errors_path else ""
            self.failures.echo(f"{self.failures.summary()}{where}; the other inputs were processed")
            return EXIT_PARTIAL
        return EXIT_OK


def check_outputs(inputs: Iterable[str], outputs: Iterable[str]) -> frozenset:
    """Refuse output paths that cannot be written or would destroy an input; return their real paths.

    ``-o`` replaces an existing file (atomically: the old one stays whole until
    the new one is complete) but never a file named as an input.  The real paths
    returned are left out when folders and globs are read, so a report written
    into the input folder is not read back as an article by the next run.
    """
    from .atomic import is_stream

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
