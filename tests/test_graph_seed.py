"""The seed article's graph (issue 4's acceptance): who is in it, Rutte's edges, files that reload."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.export import graph as g

from .conftest import SEED


@pytest.fixture(scope="module")
def seed_graph(nlp):
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    return g.build_graph(list(run(nlp, read_inputs([str(SEED)]))))


def node(G, label):
    """The node whose Arabic or Latin label is ``label``."""
    found = [n for n, d in G.nodes(data=True) if label in (d["label"], d["label_latin"])]
    assert found, f"no node labelled {label!r}: " + ", ".join(
        f"{d['label']}={d['label_latin']}" for _, d in G.nodes(data=True))
    return found[0]


def test_seed_entities_have_latin_names(seed_graph):
    latin = {d["label_latin"] for _, d in seed_graph.nodes(data=True)}
    assert {"NATO", "Russia", "Ukraine", "North Korea", "Iran", "China"} <= latin


def test_seed_speakers_have_their_registry_latin_names(seed_graph):
    # rules/speakers.yaml spells them; the documented romanisation (Mark Ruti) is only for unknown names
    speakers = {d["label_latin"]: d["label"] for _, d in seed_graph.nodes(data=True) if d["quotes_said"]}
    for latin, arabic in (("Farah Dakhlallah", "فرح دخل الله"), ("Mark Rutte", "مارك روتي"),
                          ("Natalia Galibarenko", "ناتاليا جاليبارينكو")):
        assert speakers.get(latin) == arabic, f"{latin}: speaker nodes are {speakers}"


def test_seed_rutte_talks_about_russia_and_north_korea(seed_graph):
    rutte = node(seed_graph, "مارك روتي")
    for target in ("Russia", "North Korea"):
        edges = seed_graph.get_edge_data(rutte, node(seed_graph, target))
        assert edges, f"no edge مارك روتي → {target}"
        for d in edges.values():
            assert d["quote_text"] and d["cue"] and d["quote_id"].startswith("q") and 0 < d["confidence"] <= 1
    assert seed_graph.nodes[rutte]["kind"] == "person" and seed_graph.nodes[rutte]["quotes_said"] >= 3


def test_seed_graphml_and_json_reload_with_the_same_counts(seed_graph):
    counts = (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    back = nx.read_graphml(io.BytesIO(g.write_graphml(seed_graph).encode("utf-8")))
    assert (back.number_of_nodes(), back.number_of_edges()) == counts
    back = nx.node_link_graph(json.loads(g.node_link_json(seed_graph)), edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == counts
    back = nx.read_gexf(io.BytesIO(g.write_gexf(seed_graph, "1.3").encode("utf-8")), version="1.3")
    assert (back.number_of_nodes(), back.number_of_edges()) == counts


def test_cli_graph_writes_each_format(tmp_path, seed_graph):
    runner = CliRunner()
    for name in ("g.gexf", "g.graphml", "g.json"):
        r = runner.invoke(cli, ["graph", str(SEED), "-o", str(tmp_path / name)])
        assert r.exit_code == 0, r.output
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == seed_graph.number_of_edges()
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8") == g.write_gexf(seed_graph, "1.3")
    r = runner.invoke(cli, ["graph", str(SEED), "--collapse", "--gexf-version", "1.2draft", "-o", str(tmp_path / "p.gexf")])
    assert r.exit_code == 0, r.output
    back = nx.read_gexf(tmp_path / "p.gexf")
    assert not back.is_multigraph() or back.number_of_edges() == g.collapse(seed_graph).number_of_edges()


def test_cli_graph_refuses_an_unknown_extension_with_a_code(tmp_path):
    r = CliRunner().invoke(cli, ["graph", str(SEED), "-o", str(tmp_path / "g.txt")])
    assert r.exit_code == 2, r.output
    assert "QT070" in r.output and "g.txt" in r.output
    assert not (tmp_path / "g.txt").exists()
