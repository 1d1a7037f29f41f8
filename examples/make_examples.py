#!/usr/bin/env python3
"""Regenerate the example outputs from the articles in ``seeds/``.

    python examples/make_examples.py [OUT_DIR]      (default: examples/)

Each file is made by the command line a user would type (run in-process, so
the pipeline loads once), so the examples are exactly what quotetrack gives:
the text, Markdown and HTML reports, the fact-checkers' CSV, the graph as
GEXF (one edge per quote and entity, and one edge per speaker → entity pair)
and as GraphML.  The outputs are deterministic (no dates, fixed order), so
``tests/test_examples.py`` can check that the committed copies are current:
rerun this script whenever attribution, targets or the exports change.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = "seeds"  # shown relative; no output holds the input's path (article ids are file stems)

# file name → (quotetrack arguments before -o, what the file holds)
OUTPUTS = {
    "report.txt": (["report"], "text report"),
    "report.md": (["report", "--format", "markdown"], "Markdown report"),
    "report.html": (["report", "--format", "html"], "HTML report: one self-contained right-to-left page"),
    "quotes.csv": (["extract"], "one row per quote, UTF-8 with BOM, for fact-checkers"),
    "graph.gexf": (["graph"], "who said what about whom, one edge per quote and entity (Gephi)"),
    "graph_pairs.gexf": (["graph", "--collapse"], "the same graph, one edge per speaker → entity pair with a count"),
    "graph.graphml": (["graph"], "the per-quote graph as GraphML"),
}
SERIAL = ["-j", "1", "-q"]  # one process, no progress display


def main(argv: list[str]) -> int:
    from quotetrack.cli import cli

    out = Path(argv[0]).resolve() if argv else ROOT / "examples"
    out.mkdir(parents=True, exist_ok=True)
    for name, (command, what) in OUTPUTS.items():
        args = [command[0], str(ROOT / SEEDS), *command[1:], "-o", str(out / name), *SERIAL]
        try:
            cli.main(args, prog_name="quotetrack", standalone_mode=False)
        except SystemExit as stop:  # the CLI exits non-zero on failure: stop, loudly
            if stop.code:
                print(f"make_examples: quotetrack {' '.join(args)} failed ({stop.code})", file=sys.stderr)
                return 1
        print(f"{name}: {what}  (quotetrack {' '.join(command[:1] + [SEEDS] + command[1:])} -o {name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
