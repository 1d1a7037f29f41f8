"""The commands that read articles: report, extract, graph, evaluate, speakers."""
from __future__ import annotations

import os
import sys

import click

from ..display import terminal
from ..errors import QuotetrackError
from .group import cli
from .options import (corpus_options, emit, fail, input_options, is_stream, labels_option, output_format,
                      pipeline_options, raw_cells_option, results_for, say)

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
    from ..export import report as rep
    from ..export.labels import Labels

    fmt = output_format(output, REPORT_SUFFIXES, "report", fmt, bare="text")
    try:
        words = Labels.load(labels, rules)
    except QuotetrackError as err:
        fail(str(err))
    results = results_for(inputs, rules, backend, udpipe_model, corpus)
    if fmt == "json":  # data: every field, whatever the labels
        emit(output, rep.render_json(results))
        return
    from ..export import html as html_mod

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
    from ..atomic import atomic_open
    from ..export.corpus_table import write_table
    from ..export.labels import plural
    from ..corpus.identity import SpeakerIndex

    # standard output, a device, a pipe (-o /dev/null, -o /dev/stdout): CSV, as on a terminal
    fmt = output_format(output, TABLE_SUFFIXES, "table", bare="csv" if output == "-" or is_stream(output) else None)
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
    from ..export.xlsx import write_corpus_xlsx

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
    from ..atomic import atomic_open
    from ..export import graph as g
    from ..export.labels import plural

    ext = os.path.splitext(output)[1].lower()
    if ext not in g.WRITERS:
        from ..errors import Errors

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
    from ..evaluate import evaluate as run_eval, load_gold
    from ..export.table import quotes_frame

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
    from ..export.speakers import RENDERERS, render_csv
    from ..corpus.identity import SpeakerIndex
    from ..corpus.spill import blocks

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
    to_file = output not in (None, "-") and not is_stream(output)  # not stdout, a pipe or /dev/stdout
    emit(output, render_csv(found, guard=not raw_cells, bom=to_file) if fmt == "csv"
         else RENDERERS[fmt](found))
