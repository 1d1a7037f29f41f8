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

``report.png``, the README's screenshot, is ``report.html`` rendered by
PyMuPDF (``pip install -e '.[examples]'``; the test extras have it too).  A
browser would need a browser build that a fresh machine with only PyPI cannot
install; MuPDF's HTML engine comes inside its wheel with its own fonts, lays
out Arabic right to left and renders the same bytes on any machine for the
same PyMuPDF version.  The PNG records the SHA-256 of the HTML it was made
from and the renderer's version (``tEXt`` chunks), so the examples test knows
whether the screenshot shows the current report even where another PyMuPDF
version would draw other pixels.  Without PyMuPDF the script says so and
leaves the committed screenshot as it is.
"""
from __future__ import annotations

import hashlib
import struct
import sys
import zlib
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
SCREENSHOT, FROM = "report.png", "report.html"
PAGE_WIDTH = 860  # the width the page is laid out at (CSS pixels); the PNG is ZOOM times that
PAGE_HEIGHT = 780  # the top of the page: the summary and the first rows of the quote table
ZOOM = 1.4
MARGIN = 24
# MuPDF shows CSS generated content literally ("attr(data-start)"); browsers draw the quote id there
SCREENSHOT_CSS = '.qs::before{content:""}'
HTML_HASH, SOFTWARE = "quotetrack-html-sha256", "Software"


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
    print(screenshot(out / FROM, out / SCREENSHOT))
    return 0


def screenshot(html_path: Path, png_path: Path) -> str:
    """Render the top of ``html_path`` to ``png_path`` (what a first screen shows); say what was done."""
    try:
        import pymupdf
    except ImportError:
        return (f"{SCREENSHOT}: not remade: PyMuPDF is not installed (pip install -e '.[examples]'); "
                f"the committed one stays")
    import io

    html = html_path.read_bytes()
    story = pymupdf.Story(html=html.decode("utf-8"), user_css=SCREENSHOT_CSS)
    tall = pymupdf.Rect(0, 0, PAGE_WIDTH, 100_000)
    pdf = io.BytesIO()
    writer = pymupdf.DocumentWriter(pdf)
    device = writer.begin_page(tall)
    _, filled = story.place(tall + (MARGIN, MARGIN, -MARGIN, -MARGIN))
    story.draw(device)
    writer.end_page()
    writer.close()
    page = pymupdf.open("pdf", pdf.getvalue())[0]
    clip = pymupdf.Rect(0, 0, PAGE_WIDTH, min(PAGE_HEIGHT, filled[3] + MARGIN))
    png = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=clip).tobytes("png")
    png = with_text(png, {HTML_HASH: hashlib.sha256(html).hexdigest(), SOFTWARE: f"PyMuPDF {pymupdf.__version__}"})
    png_path.write_bytes(png)
    return f"{SCREENSHOT}: {FROM} as the README shows it (PyMuPDF {pymupdf.__version__})"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_text(png: bytes, text: dict[str, str]) -> bytes:
    """``png`` with a ``tEXt`` chunk per item, right after the header chunk (IHDR)."""
    end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b"".join(_chunk(b"tEXt", k.encode("latin-1") + b"\0" + v.encode("latin-1")) for k, v in text.items())
    return png[:end] + chunks + png[end:]


def png_text(png: bytes) -> dict[str, str]:
    """The ``tEXt`` chunks of a PNG, and its ``width`` and ``height``."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    out, pos = {}, 8
    while pos < len(png):
        size, kind = struct.unpack(">I", png[pos:pos + 4])[0], png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            out["width"], out["height"] = (str(v) for v in struct.unpack(">II", data[:8]))
        elif kind == b"tEXt":
            key, _, value = data.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        pos += 12 + size
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
