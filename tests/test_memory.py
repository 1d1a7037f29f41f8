"""Memory stays bounded on the shapes of input that used to exhaust it (README, "Limits").

Each case runs the real command in a subprocess that may not map more than
``LIMIT`` bytes: before the rows were streamed and the sentence column capped,
half a megabyte of these articles needed two to three times that.
``benchmarks/bench_large.py`` measures the same shapes at several megabytes.
"""
from __future__ import annotations

import re
import resource
import subprocess
import sys

import pytest

from .conftest import ROOT

LIMIT = 1280 << 20  # 1.25 GiB of address space: the pipeline needs about 1 GiB, the rows must fit in the rest
CLI = [sys.executable, "-c", "from quotetrack.cli import main; main()"]
# (id, the repeated unit, repetitions, quotes expected)
SHAPES = [
    ("repeated cues without sentence ends", "وقال الوزير إن ", 20_000, 19_000),
    ("quotation marks each after a cue", "قال «نعم» ", 20_000, 19_000),
]


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.fixture(scope="module", params=SHAPES, ids=[s[0] for s in SHAPES])
def shape(request, tmp_path_factory):
    _, unit, n, quotes = request.param
    f = tmp_path_factory.mktemp("adversarial") / "big.txt"
    f.write_text(unit * n, encoding="utf-8")
    return f, quotes


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_streams_the_rows_of_a_pathological_article(shape, tmp_path, jobs):
    article, at_least = shape
    if jobs == "2" and "«" in article.read_text(encoding="utf-8")[:20]:
        pytest.skip("the pool's spool files are covered by the faster shape")
    out = tmp_path / "q.csv"
    proc = subprocess.run([*CLI, "extract", str(article), "-o", str(out), "-j", jobs, "-q"], capture_output=True,
                          text=True, timeout=600, cwd=ROOT, preexec_fn=limited)
    assert proc.returncode == 0, proc.stderr[-2000:]
    quotes = int(re.search(r"wrote .*?: ([\d,]+) quotes", proc.stderr).group(1).replace(",", ""))
    assert quotes >= at_least
    with open(out, encoding="utf-8-sig") as fh:
        lines = sum(1 for line in fh if line.startswith('"big","q'))
    assert lines == quotes  # every row written (no quote text here holds a newline)


def test_speakers_streams_too(shape, tmp_path):
    article, _ = shape
    proc = subprocess.run([*CLI, "speakers", str(article), "--format", "json", "-j", "1", "-q"], capture_output=True,
                          text=True, timeout=600, cwd=ROOT, preexec_fn=limited)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("[")
