"""quotetrack's command line: one click group, help text from docstrings.

Exit codes: 0 success; 1 some inputs failed (reported on stderr and with
--errors FILE in a CSV; the rest processed, the outputs written); 2 usage error
or nothing could be processed (bad rules, bad options, an output that cannot be
written, no input readable: outputs left as they were); 70 internal error;
130 interrupted (``lifecycle``).  -o replaces an existing file atomically
(``atomic``), never a file named as an input.
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
    @click.option("-q", "--quiet", is_flag=True, help="No progress display on stderr.")
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
    @functools.wraps(f)
    def wrapper(*args, encoding, input_format, text_column, id_column, columns, title_line, source_line,
                errors_file, **kwargs):
        from .atomic import transaction
        from .batch import Batch, check_outputs
        from .errors import Errors
        from .inputs import InputOptions

        outputs = [p for p in (kwargs.get("output"), errors_file) if p and p != "-"]
        try:
            exclude = check_outputs(kwargs.get("inputs", ()), outputs)
        except QuotetrackError as err:
            fail(str(err))
        options = InputOptions(encoding, input_format, (("text", text_column), ("id", id_column), *columns),
                               title_line, source_line, exclude)
        batch = click.get_current_context().meta[BATCH] = Batch(options, errors_path=errors_file)
        staged: list = []
        try:
            with transaction() as staged:  # -o and --errors are put in place together, or neither is
                f(*args, **kwargs)
                code = batch.finish()
        except SystemExit:  # a usage error, or no input could be read: still list what failed
            if len(batch.failures):
                _write_errors(batch)
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


def _write_errors(batch) -> None:
    try:
        batch.write_errors()
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
    found = Progress.for_terminal(corpus.get("quiet", False)).track(found)

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
        click.echo(f"quotetrack: wrote {output}", err=True)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="quotetrack")
def cli():
    """Find quotations in Arabic news, who said them and about whom."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' = stdout).")
@pipeline_options
@corpus_options
@input_options
def report(inputs, fmt, output, rules, backend, udpipe_model, corpus):
    """Print a report per article: quotes, cues, speakers, what they are about, warnings."""
    from .export import report as rep

    results = results_for(inputs, rules, backend, udpipe_model, corpus)
    render = {"text": rep.render_text, "json": rep.render_json}.get(fmt)
    if render is None:
        from .export import html as html_mod

        render = {"markdown": html_mod.render_markdown, "html": html_mod.render_html}[fmt]
    emit(output, render(results))


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="quotes.csv, quotes.jsonl, or '-' for CSV on stdout.")
@click.option("--bom/--no-bom", default=True, show_default=True, help="UTF-8 BOM so Excel shows Arabic.")
@pipeline_options
@corpus_options
@input_options
def extract(inputs, output, bom, rules, backend, udpipe_model, corpus):
    """Write one row per quote (CSV or JSON lines) for fact-checkers.

    Streams: memory stays flat however many articles. speaker_id is the corpus-level
    speaker (one id per person across articles); cluster_id groups the same quote
    across outlets and cluster_first_article names the earliest article quoting it.
    """
    from .atomic import atomic_open
    from .export.corpus_table import write_table
    from .identity import SpeakerIndex

    try:
        index = SpeakerIndex.for_rules(rules)
    except QuotetrackError as err:
        fail(str(err))
    fmt = "jsonl" if output.endswith(".jsonl") else "csv"
    results = results_for(inputs, rules, backend, udpipe_model, corpus, stream=True, shape=fmt)
    if output == "-":
        # no BOM on stdout: it would end up in the middle of a pipe's data
        sys.stdout.flush()
        write_table(results, getattr(sys.stdout, "buffer", sys.stdout), fmt, bom=False, index=index)
        return
    with atomic_open(output, "wb") as fh:  # the rows come as UTF-8 bytes (export.corpus_table)
        done = write_table(results, fh, fmt, bom=bom, index=index)
    click.echo(f"quotetrack: wrote {output}: {done.quotes} quotes from {done.articles} articles, "
               f"{done.speakers} speakers, {done.repeated} quotes found more than once (clusters)", err=True)


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
    click.echo(f"quotetrack: wrote {output}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
               f"{G.graph['unattributed_quotes']} quotes without a known speaker not drawn", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--gold-dir", "gold_dirs", multiple=True, required=True, type=click.Path(file_okay=False),
              help="Folder of *.gold.json files (repeatable).")
@click.option("-v", "--verbose", is_flag=True, help="List every miss, wrong speaker and extra quote.")
@click.option("--by-sieve", is_flag=True, help="Also print the speaker accuracy of each resolution sieve.")
@pipeline_options
@corpus_options
@input_options
def evaluate(inputs, gold_dirs, verbose, by_sieve, rules, backend, udpipe_model, corpus):
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
    for line in run_eval(gold, rows, verbose, by_sieve):
        click.echo(terminal(line))  # -v prints quotes: their control characters must not act


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="Listing format.")
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' = stdout).")
@pipeline_options
@corpus_options
@input_options
def speakers(inputs, fmt, output, rules, backend, udpipe_model, corpus):
    """List the speakers of a corpus: quotes, articles, roles seen and Latin names, most quoted first.

    The same person across articles is one speaker (registry ids, normalised names, a surname
    alone where only one person fits); unnamed sources and bare roles are listed per article.
    """
    from .export.speakers import RENDERERS
    from .identity import SpeakerIndex
    from .spill import blocks

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
    emit(output, RENDERERS[fmt](found, bom=output not in (None, "-")) if fmt == "csv" else RENDERERS[fmt](found))


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
@click.argument("lang")
def models_download(lang):
    """Download the official UDPipe model for LANG (ar: arabic-padt-ud-2.5) via spacy-udpipe."""
    from .models import download, known

    if not known(lang):
        raise click.BadParameter(f"spacy-udpipe has no model for {lang!r} (quotetrack reads Arabic: ar)",
                                 param_hint="LANG")
    try:
        got = download(lang)
    except QuotetrackError as err:
        fail(str(err))
    click.echo(f"{'already there' if got.already else 'downloaded'}: {got.path}")
    click.echo(f"use it with: --backend udpipe --udpipe-model {got.path}")


def main():
    cli(prog_name="quotetrack")


if __name__ == "__main__":
    main()
