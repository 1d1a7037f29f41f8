"""examples/ never goes stale: the script regenerates exactly what is committed; the API example runs."""
from __future__ import annotations

import runpy
import subprocess
import sys

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def test_make_examples_reproduces_the_committed_files(tmp_path):
    script = runpy.run_path(str(EXAMPLES / "make_examples.py"))  # loaded, not run as __main__
    assert script["main"]([str(tmp_path)]) == 0
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(script["OUTPUTS"])
    stale = [name for name in made if (tmp_path / name).read_bytes() != (EXAMPLES / name).read_bytes()]
    assert not stale, (f"examples/{', examples/'.join(stale)} differ from what quotetrack makes now: "
                       "run `python examples/make_examples.py` and commit the result")
    for name in made:  # nothing machine-specific in what visitors read
        assert str(tmp_path) not in (tmp_path / name).read_text(encoding="utf-8-sig")


def test_api_example_runs_and_prints_quotes_and_graph():
    r = subprocess.run([sys.executable, str(EXAMPLES / "api_example.py")], capture_output=True, text=True,
                       timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "q01" in r.stdout and "مارك روتي" in r.stdout
    assert "graph:" in r.stdout and "-> Russia" in r.stdout
