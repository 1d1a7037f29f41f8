"""examples/ never goes stale: the script regenerates exactly what is committed; the API example runs."""
from __future__ import annotations

import runpy
import subprocess
import sys

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


SCRIPT = runpy.run_path(str(EXAMPLES / "make_examples.py"))  # loaded, not run as __main__
STALE = "run `python examples/make_examples.py` and commit the result"


def has_pymupdf() -> bool:
    try:
        import pymupdf  # noqa: F401
    except ImportError:
        return False
    return True


def test_make_examples_reproduces_the_committed_files(tmp_path):
    assert SCRIPT["main"]([str(tmp_path)]) == 0
    made = sorted(p.name for p in tmp_path.iterdir())
    shot = [SCRIPT["SCREENSHOT"]] if has_pymupdf() else []
    assert made == sorted([*SCRIPT["OUTPUTS"], *shot])
    stale = [name for name in SCRIPT["OUTPUTS"] if (tmp_path / name).read_bytes() != (EXAMPLES / name).read_bytes()]
    assert not stale, f"examples/{', examples/'.join(stale)} differ from what quotetrack makes now: {STALE}"
    for name in SCRIPT["OUTPUTS"]:  # nothing machine-specific in what visitors read
        assert str(tmp_path) not in (tmp_path / name).read_text(encoding="utf-8-sig")
    if shot:  # the same renderer draws the same bytes; another version at least the same report
        new, old = ((d / shot[0]).read_bytes() for d in (tmp_path, EXAMPLES))
        made_by, committed_by = SCRIPT["png_text"](new), SCRIPT["png_text"](old)
        assert made_by["quotetrack-html-sha256"] == committed_by["quotetrack-html-sha256"], STALE
        assert made_by["width"] == committed_by["width"]
        if made_by["Software"] == committed_by["Software"]:
            assert new == old, f"examples/{shot[0]} is not what {made_by['Software']} makes now: {STALE}"


def test_the_screenshot_shows_the_current_html_report():
    """report.png records the SHA-256 of the report.html it was rendered from (examples/make_examples.py)."""
    import hashlib

    png = (EXAMPLES / SCRIPT["SCREENSHOT"]).read_bytes()
    info = SCRIPT["png_text"](png)  # a PNG, or it raises
    html = (EXAMPLES / SCRIPT["FROM"]).read_bytes()
    assert info["quotetrack-html-sha256"] == hashlib.sha256(html).hexdigest(), (
        f"examples/report.png was made from another report.html: {STALE} (with PyMuPDF installed)")
    assert info["Software"].startswith("PyMuPDF ")
    assert int(info["width"]) == round(SCRIPT["PAGE_WIDTH"] * SCRIPT["ZOOM"])
    assert int(info["height"]) == round(SCRIPT["PAGE_HEIGHT"] * SCRIPT["ZOOM"])
    assert len(png) > 60_000  # text, a table and colours, not a blank page


def test_png_text_chunks_round_trip():
    png = (EXAMPLES / SCRIPT["SCREENSHOT"]).read_bytes()
    again = SCRIPT["with_text"](png, {"k": "v"})
    assert SCRIPT["png_text"](again)["k"] == "v" and len(again) == len(png) + 12 + 3
    if has_pymupdf():  # still a PNG a decoder reads
        import pymupdf

        assert pymupdf.Pixmap(again).width == pymupdf.Pixmap(png).width


def test_api_example_runs_and_prints_quotes_and_graph():
    r = subprocess.run([sys.executable, str(EXAMPLES / "api_example.py")], capture_output=True, text=True,
                       timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "q01" in r.stdout and "مارك روتي" in r.stdout
    assert "graph:" in r.stdout and "-> Russia" in r.stdout
