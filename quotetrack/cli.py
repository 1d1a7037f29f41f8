"""quotetrack's command line: one click group, help text from docstrings.

Exit codes: 0 success; 1 some inputs failed (reported on stderr and with
--errors FILE in a CSV; the rest processed, the outputs written); 2 usage error
or nothing could be processed (bad rules, bad options, an output that cannot be
written, no input readable, no article found: outputs left as they were); 70 internal
error; 130 interrupted (``lifecycle``).  -o replaces an existing file
atomically (``atomic``), never a file named as an input; its extension picks
the format, and an extension no format has is refused (QT071).
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile

import click

from .about import __version__
from .display import terminal
from .errors import QuotetrackError
from .lifecycle import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, GuardedGroup

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


BATCH = "quotetrack.batch"  # click context key: the running command's Batch (input options, failures)


def _encoding_option(ctx, param, value):
    from .decoding import canonical

    if value in ("", "auto"):
        return "auto"
    try:
        canonical(value)
    except QuotetrackError as err:
        raise click.BadParameter(str(err)) from None
    return value


def _columns_option(ctx, param, values):
    from .inputs import FIELDS

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
    from .inputs import FORMATS

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
        from .atomic import transaction
        from .batch import Batch, check_outputs
        from .errors import Errors
        from .inputs import InputOptions

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
    from .errors import Errors

    allowed = ", ".join(dict.fromkeys(suffixes))
    fail(Errors.E071.format(path=output, what=what, ext=ext or "(no extension)",
                            allowed=allowed + (", or choose --format" if what != "table" else "")))


def _is_stream(output: str) -> bool:
    from .atomic import is_stream

    try:
        return is_stream(output)
    except QuotetrackError:  # a link loop …: writing it reports the problem
        return False


def make_nlp(rules, backend, udpipe_model):
    from .pipeline import load

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
    from .batch import Batch
    from .corpus import PipelineSpec, default_jobs, process, results
    from .progress import Progress

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
    from .identity import apply

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
    from .atomic import write_text

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


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="quotetrack")
def cli():
    """Find quotations in Arabic news, who said them and about whom."""


REPORT_SUFFIXES = {".txt": "text", ".json": "json", ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html"}


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default=None,
              help="Report format (default: by the -o extension .txt .json .md .html, else text).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' = stdout).")
@labels_option
@pipeline_options
@corpus_options
@input_options
def report(inputs, fmt, output, labels, rules, backend, udpipe_model, corpus):
    """Print a report per article: quotes, cues, speakers, what they are about, warnings."""
    from .export import report as rep
    from .export.labels import Labels

    fmt = output_format(output, REPORT_SUFFIXES, "report", fmt, bare="text")
    try:
        words = Labels.load(labels, rules)
    except QuotetrackError as err:
        fail(str(err))
    results = results_for(inputs, rules, backend, udpipe_model, corpus)
    if fmt == "json":  # data: every field, whatever the labels
        emit(output, rep.render_json(results))
        return
    from .export import html as html_mod

    render = {"text": rep.render_text, "markdown": html_mod.render_markdown, "html": html_mod.render_html}[fmt]
    emit(output, render(results, words))


TABLE_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True,
              help="quotes.csv, quotes.xlsx (Excel), quotes.jsonl, or '-' for CSV on stdout.")
@click.option("--bom/--no-bom", default=True, show_default=True, help="UTF-8 BOM so Excel shows Arabic (CSV).")
@raw_cells_option
@pipeline_options
@corpus_options
@input_options
def extract(inputs, output, bom, raw_cells, rules, backend, udpipe_model, corpus):
    """Write one row per quote (CSV, Excel or JSON lines) for fact-checkers.

    Streams: memory stays flat however many articles. speaker_id is the corpus-level
    speaker (one id per person across articles); cluster_id groups the same quote
    across outlets and cluster_first_article names the earliest article quoting it.
    Text cells that a spreadsheet would run as formulas (= + - @ first) get a leading
    apostrophe in the CSV and Excel's quote prefix in .xlsx, unless --raw-cells.
    """
    from .atomic import atomic_open
    from .export.corpus_table import write_table
    from .export.labels import plural
    from .identity import SpeakerIndex

    # standard output, a device, a pipe (-o /dev/null, -o /dev/stdout): CSV, as on a terminal
    fmt = output_format(output, TABLE_SUFFIXES, "table", bare="csv" if output == "-" or _is_stream(output) else None)
    try:
        index = SpeakerIndex.for_rules(rules)
    except QuotetrackError as err:
        fail(str(err))
    shape = {"xlsx": "jsonl", "csv": "csv-raw" if raw_cells else "csv"}.get(fmt, fmt)
    results = results_for(inputs, rules, backend, udpipe_model, corpus, stream=True, shape=shape)
    if output == "-":
        # no BOM on stdout: it would end up in the middle of a pipe's data
        sys.stdout.flush()
        write_table(results, getattr(sys.stdout, "buffer", sys.stdout), shape, bom=False, index=index)
        return
    from .export.xlsx import write_corpus_xlsx

    try:
        with atomic_open(output, "wb") as fh:  # the rows come as UTF-8 bytes (export.corpus_table)
            if fmt == "xlsx":
                done = write_corpus_xlsx(results, fh, index, guard=not raw_cells, path=output)
            else:
                done = write_table(results, fh, shape, bom=bom, index=index)
    except QuotetrackError as err:  # QT072: too many rows for one sheet
        fail(str(err))
    say(f"wrote {output}: {plural(done.quotes, 'quote')} from {plural(done.articles, 'article')}, "
        f"{plural(done.speakers, 'speaker')}, {plural(done.repeated, 'quote')} found more than once (clusters)")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="graph.gexf, graph.graphml or graph.json (networkx node-link).")
@click.option("--collapse", is_flag=True,
              help="One edge per speaker → target pair with a count, instead of one per quote.")
@click.option("--gexf-version", type=click.Choice(["1.2draft", "1.3"]), default="1.3", show_default=True,
              help="GEXF version to declare.")
@pipeline_options
@corpus_options
@input_options
def graph(inputs, output, collapse, gexf_version, rules, backend, udpipe_model, corpus):
    """Write the who-said-what-about-whom graph for Gephi (GEXF, GraphML) or as node-link JSON.

    Nodes are speakers and the entities their quotes are about (one node per id across
    articles); one edge per quote and entity, or per speaker → target pair with --collapse
    (Gephi desktop merges parallel edges on import unless told not to). Quotes without a
    known speaker are counted but not drawn.
    """
    from .atomic import atomic_open
    from .export import graph as g
    from .export.labels import plural

    ext = os.path.splitext(output)[1].lower()
    if ext not in g.WRITERS:
        from .errors import Errors

        fail(Errors.E070.format(path=output, ext=ext or "(no extension)"))
    results = results_for(inputs, rules, backend, udpipe_model, corpus)
    G = g.build_graph(results, g.entity_labels(rules), g.registry_names(rules))
    if collapse:
        G = g.collapse(G)
    data = g.write_gexf(G, gexf_version) if ext == ".gexf" else g.WRITERS[ext](G)
    with atomic_open(output, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    say(f"wrote {output}: {plural(G.number_of_nodes(), 'node')}, {plural(G.number_of_edges(), 'edge')}; "
        f"{plural(G.graph['unattributed_quotes'], 'quote')} without a known speaker not drawn")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--gold-dir", "gold_dirs", multiple=True, required=True, type=click.Path(file_okay=False),
              help="Folder of *.gold.json files (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="List every miss, wrong speaker and extra quote.")
@click.option("--by-pattern", "--by-sieve", "by_pattern", is_flag=True,
              help="Also print the speaker accuracy of each resolution pattern.")
@pipeline_options
@corpus_options
@input_options
def evaluate(inputs, gold_dirs, verbose, by_pattern, rules, backend, udpipe_model, corpus):
    """Score quotes against gold annotations (P, R, F1, speaker accuracy, about-recall)."""
    from .evaluate import evaluate as run_eval, load_gold
    from .export.table import quotes_frame

    gold = load_gold(list(gold_dirs))
    if not gold:
        fail(f"no *.gold.json files in {', '.join(gold_dirs)}")
    results = results_for(inputs, rules, backend, udpipe_model, corpus)
    df = quotes_frame((r.article, r.quotes) for r in results)
    rows: dict[str, list[dict]] = {}
    for row in df.astype(str).to_dict("records"):
        rows.setdefault(row["article_id"], []).append(row)
    for line in run_eval(gold, rows, verbose, by_pattern):
        click.echo(terminal(line))  # -v prints quotes: their control characters must not act


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default=None,
              help="Listing format (default: by the -o extension .txt .json .csv, else text).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' = stdout).")
@raw_cells_option
@pipeline_options
@corpus_options
@input_options
def speakers(inputs, fmt, output, raw_cells, rules, backend, udpipe_model, corpus):
    """List the speakers of a corpus: quotes, articles, roles seen and Latin names, most quoted first.

    The same person across articles is one speaker (registry ids, normalised names, a surname
    alone where only one person fits); unnamed sources and bare roles are listed per article.
    """
    from .export.speakers import RENDERERS, render_csv
    from .identity import SpeakerIndex
    from .spill import blocks

    fmt = output_format(output, {".txt": "text", ".json": "json", ".csv": "csv"}, "listing", fmt, bare="text")
    try:
        index = SpeakerIndex.for_rules(rules, track=True)
    except QuotetrackError as err:
        fail(str(err))
    # the workers make each quote's speaker row (part by part for a giant article): memory stays flat
    for seq, r in enumerate(results_for(inputs, rules, backend, udpipe_model, corpus, stream=True,
                                        shape="speakers")):
        for rows in blocks(r.rows):
            index.observe_rows(seq, r.article.id, rows)
    found = index.finish().speakers()
    # a CSV file gets the byte-order mark every quotetrack CSV has; standard output does not
    emit(output, render_csv(found, guard=not raw_cells, bom=output not in (None, "-")) if fmt == "csv"
         else RENDERERS[fmt](found))


@cli.group()
def rules():
    """Inspect and validate rules folders."""


@rules.command("check")
@click.option("--rules", "folder", type=click.Path(), default=None, help="Rules folder (default: shipped rules).")
def rules_check(folder):
    """Validate every rules file; exit non-zero with a coded message on the first error."""
    from .ruleset import SCHEMAS, Ruleset

    try:
        rs = Ruleset.load(folder)
    except QuotetrackError as err:
        fail(str(err))
    for name in SCHEMAS:
        counts = ", ".join(f"{len(v)} {k}" for k, v in rs[name].items())
        click.echo(f"ok  {os.path.join(str(rs.folder), name)}: {counts}")


@cli.group()
def models():
    """Get the UDPipe models the udpipe backend parses with."""


@models.command("download")
@click.argument("lang", metavar="ar")
def models_download(lang):
    """Download the official Arabic UDPipe model (arabic-padt-ud-2.5) via spacy-udpipe.

    quotetrack reads Arabic only, so LANG is ar: a model of another language would
    load, and then find no Arabic speech verbs, names or quotes at all.
    """
    from .models import OFFICIAL, download

    if lang not in OFFICIAL:
        raise click.BadParameter(f"{lang!r}: quotetrack reads Arabic only; the model to download is "
                                 f"{', '.join(OFFICIAL)} (quotetrack models download ar)", param_hint="LANG")
    try:
        got = download(lang)
    except QuotetrackError as err:
        fail(str(err))
    click.echo(f"{'already there' if got.already else 'downloaded'}: {got.path}")
    click.echo(f"use it with: --backend udpipe --udpipe-model {got.path}")


from . import cli_train  # noqa: E402,F401  (registers train-entities and train-attribution on the group)


def main():
    cli(prog_name="quotetrack")


if __name__ == "__main__":
    main()
