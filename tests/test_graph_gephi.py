"""The seed's graph files through the project's Gephi checker (../shared/tools/gexfcheck).

The checker validates GEXF against the official schema of the declared
version (xmllint XSD, jing + RELAX NG), parses it with graphology (Gephi
Lite's parser) and predicts Gephi desktop's import; GraphML goes through
igraph, graphology and the same prediction.  CI sets ``GEXFCHECK`` to its
``check.sh`` after running its ``setup.sh``.

Accepted WARNs (documented in README "Outputs"): the official XSDs declare
the viz elements in the wrong namespace (xsd-strict), and the per-quote graph
has parallel edges, which Gephi desktop merges by default (gephi-lint).  The
collapsed graph has no parallel edges, so gephi-lint must PASS there.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from quotetrack.export import graph as g

from .conftest import SEED


@pytest.fixture(scope="module")
def check_sh() -> str:
    path = os.environ.get("GEXFCHECK")
    if not path:
        pytest.skip("GEXFCHECK is not set (path to ../shared/tools/gexfcheck/check.sh; .ci/run sets it)")
    if not Path(path).is_file():
        pytest.skip(f"GEXFCHECK={path} does not exist (run the gexfcheck setup.sh, see its README)")
    return path


def verdicts(check_sh: str, path: Path) -> dict[str, tuple[str, str]]:
    """Run check.sh on one file: {check name: (status, message)}; fail on FAIL with the full output."""
    r = subprocess.run(["bash", check_sh, str(path)], capture_output=True, text=True, timeout=300)
    lines = re.findall(r"^\[(PASS|WARN|FAIL|SKIP)\] (\S+)\s+(.*)$", r.stdout, re.M)
    assert lines, f"no verdict lines from {check_sh}:\n{r.stdout}\n{r.stderr}"
    out = {name: (status, msg) for status, name, msg in lines}
    failed = {k: v for k, v in out.items() if v[0] == "FAIL"}
    assert not failed and r.returncode == 0, f"{path.name}:\n{r.stdout}\n{r.stderr}"
    return out


@pytest.fixture(scope="module")
def seed_files(check_sh, nlp, tmp_path_factory):
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    G = g.build_graph(list(run(nlp, read_inputs([str(SEED)]))))
    folder = tmp_path_factory.mktemp("gexfcheck")
    files = {
        "graph.gexf": g.write_gexf(G, "1.3"),
        "graph12.gexf": g.write_gexf(G, "1.2draft"),
        "graph.graphml": g.write_graphml(G),
        "pairs.gexf": g.write_gexf(g.collapse(G), "1.3"),
        "pairs.graphml": g.write_graphml(g.collapse(G)),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.shared
@pytest.mark.parametrize("name", ["graph.gexf", "graph12.gexf", "pairs.gexf"])
def test_seed_gexf_passes_the_gephi_checker(check_sh, seed_files, name):
    v = verdicts(check_sh, seed_files / name)
    for check in ("xml-wellformed", "xsd", "graphology-gexf"):
        assert v[check][0] == "PASS", v
    if "rnc-jing" in v:
        assert v["rnc-jing"][0] in ("PASS", "SKIP"), v
    # xsd-strict may only WARN for the XSDs' viz-namespace defect, nothing else
    assert v["xsd-strict"][0] == "PASS" or "[viz->gexf-ns]" in v["xsd-strict"][1], v
    if name.startswith("pairs"):
        assert v["gephi-lint"][0] == "PASS", v
    else:
        assert v["gephi-lint"][0] == "PASS" or "parallel edges" in v["gephi-lint"][1], v


@pytest.mark.shared
@pytest.mark.parametrize("name", ["graph.graphml", "pairs.graphml"])
def test_seed_graphml_passes_the_gephi_checker(check_sh, seed_files, name):
    v = verdicts(check_sh, seed_files / name)
    for check in ("xml-wellformed", "igraph", "graphology-graphml"):
        assert v[check][0] == "PASS", v
    if name.startswith("pairs"):
        assert v["gephi-lint"][0] == "PASS", v
    else:
        assert v["gephi-lint"][0] == "PASS" or "parallel edges" in v["gephi-lint"][1], v


@pytest.mark.shared
def test_dev_corpus_graph_passes_the_gephi_checker(check_sh, nlp, tmp_path):
    """236 nodes of real, messy attribution (unnamed sources, long role phrases): same verdicts as the seed."""
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    from .conftest import shared_path

    G = g.build_graph(list(run(nlp, read_inputs([str(shared_path("corpus", "dev", "articles"))]))))
    assert G.number_of_edges() > 100
    for name, text in (("dev.gexf", g.write_gexf(G, "1.3")), ("dev.graphml", g.write_graphml(G))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        v = verdicts(check_sh, tmp_path / name)
        assert v["gephi-lint"][0] == "PASS" or "parallel edges" in v["gephi-lint"][1], v
        for check, (status, message) in v.items():
            assert status in ("PASS", "SKIP") or "[viz->gexf-ns]" in message or "parallel edges" in message, v
