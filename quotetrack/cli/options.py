"""Options and helpers every command shares: pipeline, input and corpus options, the format an
output's name picks, failing with a coded message, writing or printing a result.

The input options wrap a command in its *batch* (``corpus.batch``): the inputs' failures and
notes are gathered while it runs, and ``-o``, ``--errors`` and ``--notes`` are put in place
together at the end (``atomic.transaction``), or none is.
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile

import click

from ..display import terminal
from ..errors import QuotetrackError
from .lifecycle import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE

EXIT_NO_INPUT = EXIT_USAGE  # no input could be read (QT051), no article found (QT052)


def pipeline_options(f):
    """--rules, --backend and --udpipe-model, shared by every command that runs the pipeline."""
    @click.option("--rules", "rules", type=click.Path(file_okay=False), default=None,
                  help="Rules folder to use instead of the shipped rules.")
    @click.option("--backend", type=click.Choice(["rules", "udpipe"]), default="rules", show_default=True,
                  help="rules: embedded pipeline (no model); udpipe: parse with a UDPipe model first.")
    @click.option("--udpipe-model", type=click.Path(dir_okay=False), default=None,
                  envvar="QUOTETRACK_UDPIPE_MODEL", help="UDPipe model file (default: $QUOTETRACK_UDPIPE_MODEL).")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


def corpus_options(f):
    """--jobs, --engine, --scheduler and --quiet (corpus mode), passed on as one ``corpus`` dict."""
    @click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, envvar="QUOTETRACK_JOBS",
                  help="Worker processes (default: all cores; $QUOTETRACK_JOBS).")
    @click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                  help="local: processes on this machine; dask: a Dask cluster (--scheduler, else a local one).")
    @click.option("--scheduler", default=None, metavar="ADDRESS",
                  help="Dask scheduler address (tcp://host:8786); implies --engine dask.")
    @click.option("-q", "--quiet", is_flag=True,
                  help="No progress display and no notes on stderr: one summary line at the end (notes in "
                       "--notes FILE; failures listed in --errors FILE, else still shown).")
    @functools.wraps(f)
    def wrapper(*args, jobs, engine, scheduler, quiet, **kwargs):
        return f(*args, corpus={"jobs": jobs, "engine": engine, "scheduler": scheduler, "quiet": quiet}, **kwargs)
    return wrapper


BATCH = "quotetrack.corpus.batch"  # click context key: the running command's Batch (input options, failures)


def _encoding_option(ctx, param, value):
    from ..inputs.decoding import canonical

    if value in ("", "auto"):
        return "auto"
    try:
        canonical(value)
    except QuotetrackError as err:
        raise click.BadParameter(str(err)) from None
    return value


def _columns_option(ctx, param, values):
    from ..inputs.reading import FIELDS

    pairs = []
    for value in values:
        name, eq, column = value.partition("=")
        if not eq or name.strip() not in FIELDS or not column.strip():
            raise click.BadParameter(f"{value!r}: give FIELD=NAME with FIELD one of {', '.join(FIELDS)}")
        pairs.append((name.strip(), column.strip()))
    return tuple(pairs)


def input_options(f):
    """How articles are read and where failed inputs are listed, for every command that reads articles.

    One bad input never stops a batch: it is reported on stderr (and in
    --errors FILE), the rest is processed, and the exit code is 1.
    """
    from ..inputs.reading import FORMATS

    @click.option("--encoding", default="auto", show_default=True, callback=_encoding_option,
                  help="Input encoding: auto (byte-order mark, UTF-8, else Windows-1256 or ISO-8859-6 when that "
                       "reads as Arabic) or a codec name (cp1256, utf-16, iso-8859-6 …).")
    @click.option("--input-format", type=click.Choice(FORMATS), default="auto", show_default=True,
                  help="auto: by suffix (.jsonl .csv .tsv .json .html), else text (HTML when it plainly is).")
    @click.option("--text-column", default="text", show_default=True,
                  help="Record files (.jsonl .csv .json): the field holding the article text.")
    @click.option("--id-column", default="id", show_default=True,
                  help="Record files: the field holding the article id (else <file stem>:<line>).")
    @click.option("--column", "columns", multiple=True, metavar="FIELD=NAME", callback=_columns_option,
                  help="Record files: read FIELD (title, source, date, url) from column NAME. Repeatable.")
    @click.option("--title-line/--no-title-line", default=True, show_default=True,
                  help="Text files: the first line is the title.")
    @click.option("--source-line/--no-source-line", default=True, show_default=True,
                  help="Text files: a short second line names the source (outlet).")
    @click.option("--errors", "errors_file", type=click.Path(dir_okay=False), default=None,
                  help="Also list the failed inputs in this CSV file (article, path, code, problem).")
    @click.option("--notes", "notes_file", type=click.Path(dir_okay=False), default=None,
                  help="List every note (empty file, no Arabic text, encoding guessed …) in this CSV file "
                       "(article, path, note).")
    @functools.wraps(f)
    def wrapper(*args, encoding, input_format, text_column, id_column, columns, title_line, source_line,
                errors_file, notes_file, **kwargs):
        from ..atomic import transaction
        from ..corpus.batch import Batch, check_outputs
        from ..errors import Errors
        from ..inputs.reading import InputOptions

        outputs = [p for p in (kwargs.get("output"), errors_file, notes_file) if p and p != "-"]
        try:
            exclude = check_outputs(kwargs.get("inputs", ()), outputs)
        except QuotetrackError as err:
            fail(str(err))
        options = InputOptions(encoding, input_format, (("text", text_column), ("id", id_column), *columns),
                               title_line, source_line, exclude)
        quiet = bool((kwargs.get("corpus") or {}).get("quiet"))
        batch = click.get_current_context().meta[BATCH] = Batch(options, errors_path=errors_file,
                                                                notes_path=notes_file, quiet=quiet)
        staged: list = []
        try:
            with transaction() as staged:  # -o and --errors are put in place together, or neither is
                f(*args, **kwargs)
                code = batch.finish()
        except SystemExit:  # a usage error, or no input could be read: still list what failed
            if len(batch.failures):
                _write_errors(batch)
            if batch.failures.notes:
                _write_errors(batch, notes=True)
            raise
        except BrokenPipeError:  # `quotetrack extract … -o - | head`: the reader has all it wanted
            _quiet_stdout()
            _write_errors(batch)
            sys.exit(EXIT_PARTIAL if len(batch.failures) else EXIT_OK)
        except QuotetrackError as err:  # an output that cannot be written (QT036): a full disk, no permission
            kept = ", ".join(s.path for s in staged)
            fail(f"{err}{f'; nothing was written ({kept} left as it was)' if kept else ''}")
        except OSError as err:  # an output written by a library, not through atomic_open
            fail(Errors.E036.format(path=err.filename or kwargs.get("output") or errors_file,
                                    detail=f"cannot write: {err.strerror or err}"))
        if code != EXIT_OK:
            sys.exit(code)
    return wrapper


def _write_errors(batch, notes: bool = False) -> None:
    try:
        batch.write_notes() if notes else batch.write_errors()
    except QuotetrackError as err:
        fail(str(err))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: Python's flush at exit would hit the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to flush there
        pass


def fail(message: str, code: int = EXIT_USAGE):
    click.echo(f"quotetrack: {message}", err=True)
    sys.exit(code)


def say(line: str) -> None:
    """A command's summary line ("wrote …"): on stderr now, or in the one line --quiet prints at the end."""
    ctx = click.get_current_context(silent=True)
    batch = ctx.meta.get(BATCH) if ctx else None
    if batch is not None:
        batch.say(line)
    else:
        click.echo(f"quotetrack: {line}", err=True)


def output_format(output: str | None, suffixes: dict, what: str, given: str | None = None,
                  bare: str | None = None) -> str:
    """The format to write ``output`` in: ``given`` (an explicit --format), else by its extension.

    ``bare``: the format of stdout and of a name without an extension (None: those are refused).
    An extension no format has stops with QT071, before any input is read.
    """
    if given:
        return given
    ext = os.path.splitext(output or "")[1].lower() if output not in (None, "-") else ""
    if ext in suffixes:
        return suffixes[ext]
    if not ext and bare:
        return bare
    from ..errors import Errors

    allowed = ", ".join(dict.fromkeys(suffixes))
    fail(Errors.E071.format(path=output, what=what, ext=ext or "(no extension)",
                            allowed=allowed + (", or choose --format" if what != "table" else "")))


def is_stream(output: str) -> bool:
    """True for an output written through (a device, a pipe, /dev/stdout); False when it cannot be told."""
    from ..atomic import is_stream

    try:
        return is_stream(output)
    except QuotetrackError:  # a link loop …: writing it reports the problem
        return False


def make_nlp(rules, backend, udpipe_model):
    from ..pipeline import load

    try:
        return load(backend=backend, rules=rules, udpipe_model=udpipe_model)
    except QuotetrackError as err:
        fail(str(err))


def results_for(inputs, rules, backend, udpipe_model, corpus=None, stream=False, shape="records"):
    """Results in input order through the corpus engine (``corpus``: --jobs/--engine/--scheduler/--quiet).

    A list whose quotes carry corpus-level speaker ids, or with ``stream`` a
    generator (memory stays flat; the caller assigns corpus ids).  ``shape``
    "csv"/"jsonl"/"speakers": the workers prepare rows (``Result.rows``) instead.
    """
    from ..corpus.batch import Batch
    from ..corpus.engine import PipelineSpec, default_jobs, process, results
    from ..corpus.progress import Progress

    corpus = corpus or {}
    spec = PipelineSpec(backend, rules, udpipe_model)
    jobs, engine, scheduler = corpus.get("jobs"), corpus.get("engine", "local"), corpus.get("scheduler")
    # the command's input options and failure list (input_options); bad inputs are recorded, not fatal
    ctx = click.get_current_context(silent=True)
    batch = (ctx.meta.get(BATCH) if ctx else None) or Batch()
    # table rows a chunk of work cannot hold in memory wait in this folder, removed with the run (spill.py)
    spool = tempfile.TemporaryDirectory(prefix="quotetrack-spool-") if shape != "records" else None
    how = {"options": batch.options, "shape": shape, "failures": batch.failures,
           "spool": spool.name if spool else None}
    local = engine == "local" and not scheduler
    pipelines: list = []

    def pipeline():  # this process's pipeline, loaded once, when first needed
        if not pipelines:
            pipelines.append(make_nlp(rules, backend, udpipe_model))
        return pipelines[0]

    def here(articles):  # the one-process engine (and every engine's fallback)
        return process(articles, spec, jobs=1, nlp=pipeline(), **how)

    if local and (jobs or default_jobs()) == 1:
        pipeline()  # now, so that a bad model fails before any input is read
        run = here
    else:
        def run(articles):
            return results(articles, spec, jobs=jobs, engine=engine, scheduler=scheduler,
                           quiet=corpus.get("quiet", False), **how)
    # local workers read the files themselves; Dask workers may not see them (dask_engine)
    found = batch.run(inputs, run, lambda: here, defer=local)
    progress = Progress.for_terminal(corpus.get("quiet", False))
    batch.failures.before_echo = progress.clear  # a note starts its own line, not the progress line's end
    found = progress.track(found)

    def guarded():
        try:
            yield from found
        except QuotetrackError as err:
            fail(str(err))
        finally:
            if spool is not None:
                spool.cleanup()

    if stream:
        return guarded()
    from ..corpus.identity import apply

    out = list(guarded())
    try:
        apply(out, rules)
    except QuotetrackError as err:
        fail(str(err))
    return out


def stdout_is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def emit(output: str, text: str) -> None:
    from ..atomic import write_text

    if output in (None, "-"):
        # on a terminal, a control character from an article (in Markdown, HTML) must show, not act
        click.echo(terminal(text) if stdout_is_terminal() else text, nl=False)
    else:
        write_text(output, text)
        say(f"wrote {output}")


def labels_option(f):
    """--labels: the language of the reports' words and of the names of what quotes are about."""
    return click.option("--labels", type=click.Choice(["latin", "ar"]), default="latin", show_default=True,
                        help="latin: English words, Latin names for entities; ar: Arabic words and names. "
                             "Quotes and speakers stay as the article writes them.")(f)


def raw_cells_option(f):
    """--raw-cells: CSV and .xlsx cells without the formula guard."""
    return click.option("--raw-cells", is_flag=True,
                        help="Write text cells exactly as found, without the formula guard (a cell starting "
                             "with = + - @ is then a formula to a spreadsheet: only for trusted articles).")(f)
