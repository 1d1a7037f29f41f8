"""Graph export on hand-built records: node identity, unknown and unnamed speakers, edges, writers."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from quotetrack.inputs.articles import Article
from quotetrack.export import graph as g
from quotetrack.records import About, Cue, Quote
from quotetrack.corpus.runner import Result

GEXF_RESERVED = {"node": {"id", "label", "pid", "start", "end", "viz", "parents", "spells"},
                 "edge": {"id", "label", "weight", "type", "start", "end", "viz", "spells"}}
LABELS = {"russia": "روسيا", "ukraine": "أوكرانيا", "iran": "إيران", "nato": "الناتو", "mark_rutte": "مارك روتي"}


def about(text, eid, name, kind, start):
    return About(eid, name, kind, start, start + len(text), text)


def quote(qid, speaker, sid, kind, abouts=(), text="نص", resolution="explicit_subject", confidence=0.9):
    return Quote(0, len(text), text, "direct", Cue(0, 3, "قال", "قال", "verb"), id=qid, speaker=speaker,
                 speaker_id=sid, speaker_kind=kind, speaker_latin="", resolution=resolution,
                 confidence=confidence, about=list(abouts))


RUSSIA = about("روسيا", "russia", "Russia", "country", 0)
KREMLIN = about("الكرملين", "russia", "Russia", "country", 10)
UKRAINE = about("أوكرانيا", "ukraine", "Ukraine", "country", 20)
IRAN = about("الإيرانية", "iran", "Iran", "country", 30)
RUTTE_ABOUT = about("روتي", "mark_rutte", "Mark Rutte", "person", 40)


def results():
    a1 = Article("a1", "x", date="2024-11-21")
    a2 = Article("a2", "y")
    q1 = [
        quote("q01", "مارك روتي", "mark_rutte", "person", [RUSSIA, KREMLIN, UKRAINE]),
        quote("q02", "مارك روتي", "mark_rutte", "person", [RUSSIA]),
        quote("q03", "unknown", "", "", [UKRAINE], resolution="unknown", confidence=0.0),
        quote("q04", "المصادر", "ar:المصادر", "unnamed_source", [IRAN]),
        quote("q05", "الناتو", "nato", "organisation", [], text='قال\x0b "<b>&</b>"\nثم\x01'),
    ]
    q2 = [
        quote("q01", "مارك روتي", "mark_rutte", "person", [RUSSIA]),
        quote("q02", "المصادر", "ar:المصادر", "unnamed_source", [IRAN]),
        quote("q03", "الناتو", "nato", "organisation", [RUTTE_ABOUT]),
    ]
    return [Result(a1, q1), Result(a2, q2)]


@pytest.fixture(scope="module")
def G():
    return g.build_graph(results(), LABELS)


def test_one_node_per_id_across_articles_and_roles(G):
    rutte = G.nodes["mark_rutte"]
    assert rutte["quotes_said"] == 3 and rutte["quotes_about"] == 1 and rutte["quotes"] == 4
    assert rutte["articles"] == 2 and rutte["label"] == "مارك روتي" and rutte["kind"] == "person"
    assert G.nodes["russia"]["quotes_about"] == 3 and G.nodes["russia"]["label"] == "روسيا"
    assert G.nodes["russia"]["label_latin"] == "Russia"


def test_unknown_speaker_draws_nothing_but_is_counted(G):
    assert not any("unknown" in str(n) for n in G)
    assert G.graph["unattributed_quotes"] == 1 and G.graph["quotes"] == 8
    assert not any(d["quote_id"] == "q03" and d["article_id"] == "a1" for *_, d in G.edges(data=True))


def test_unnamed_sources_are_one_node_per_article(G):
    sources = sorted(n for n in G if str(n).endswith("ar:المصادر"))
    assert len(sources) == 2 and sources[0].startswith("a1") and sources[1].startswith("a2")


def test_one_edge_per_quote_and_entity(G):
    rutte_russia = [d for _, v, d in G.out_edges("mark_rutte", data=True) if v == "russia"]
    assert sorted((d["article_id"], d["quote_id"]) for d in rutte_russia) == [("a1", "q01"), ("a1", "q02"), ("a2", "q01")]
    first = next(d for d in rutte_russia if (d["article_id"], d["quote_id"]) == ("a1", "q01"))
    assert first["mentions"] == 2 and first["mention"] == "روسيا" and first["weight"] == 1.0
    assert first["quote_type"] == "direct" and first["date"] == "2024-11-21"
    assert G.has_edge("nato", "mark_rutte")  # a speaker spoken about is the same node
    ids = [d["eid"] for *_, d in G.edges(data=True)]
    assert len(ids) == len(set(ids)) == G.number_of_edges() == 7  # 2 + 1 + 0 + 1 + 0 | 1 + 1 + 1


def test_quote_without_about_keeps_its_speaker(G):
    assert G.nodes["nato"]["quotes_said"] == 2 and G.graph["quotes_without_about"] == 1


def test_strings_are_cleaned_of_control_characters():
    H = g.build_graph([Result(Article("a", "x"), [quote("q1", "الناتو", "nato", "organisation", [RUSSIA],
                                                         text="قال\x0b نص\x01")])], LABELS)
    (text,) = [d["quote_text"] for *_, d in H.edges(data=True)]
    assert text == "قال نص"


def test_collapse_counts_pairs(G):
    H = g.collapse(G)
    assert isinstance(H, nx.DiGraph) and not H.is_multigraph()
    e = H.edges["mark_rutte", "russia"]
    assert e["count"] == 3 and e["weight"] == 3.0 and e["articles"] == 2
    assert e["quote_ids"].split(" | ") == ["a1:q01", "a1:q02", "a2:q01"]
    assert H.number_of_nodes() == G.number_of_nodes()
    assert sum(d["count"] for *_, d in H.edges(data=True)) == G.number_of_edges()


def _gexf(G, version):
    return ET.fromstring(g.write_gexf(G, version).encode("utf-8"))


@pytest.mark.parametrize("version,ns", [("1.3", "http://gexf.net/1.3"), ("1.2draft", "http://www.gexf.net/1.2draft")])
def test_gexf_is_gephi_safe(G, version, ns):
    root = _gexf(G, version)
    assert root.tag == f"{{{ns}}}gexf"
    meta, graph = root.find(f"{{{ns}}}meta"), root.find(f"{{{ns}}}graph")
    assert "lastmodifieddate" not in meta.attrib and "name" not in graph.attrib
    for decl in graph.findall(f"{{{ns}}}attributes"):
        titles = {a.get("title") for a in decl}
        assert not titles & GEXF_RESERVED[decl.get("class")], titles
        assert {a.get("type") for a in decl} <= {"string", "long", "double"}
    edges = graph.findall(f"{{{ns}}}edges/{{{ns}}}edge")
    assert len({e.get("id") for e in edges}) == len(edges) == G.number_of_edges()
    assert all(e.get("type") in (None, "directed") for e in edges)
    viz = f"{ns}/viz"
    sizes = {}
    for node in graph.findall(f"{{{ns}}}nodes/{{{ns}}}node"):
        colour = node.find(f"{{{viz}}}color")
        assert all(colour.get(c).isdigit() and 0 <= int(colour.get(c)) <= 255 for c in "rgb")
        sizes[node.get("id")] = float(node.find(f"{{{viz}}}size").get("value"))
    assert sizes["mark_rutte"] > sizes["iran"]  # 4 quotes against 2


def test_gexf_colour_by_kind(G):
    root = _gexf(G, "1.3")
    ns, viz = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
    colour = {n.get("id"): tuple(n.find(f"{{{viz}}}color").get(c) for c in "rgb")
              for n in root.iter(f"{{{ns}}}node")}
    assert colour["russia"] == colour["iran"] != colour["mark_rutte"]


def test_gexf_is_deterministic_and_reloads(G):
    assert g.write_gexf(G) == g.write_gexf(g.build_graph(results(), LABELS))
    back = nx.read_gexf(io.BytesIO(g.write_gexf(G, "1.2draft").encode("utf-8")))
    assert back.number_of_nodes() == G.number_of_nodes() and back.number_of_edges() == G.number_of_edges()
    assert back.nodes["russia"]["label"] == "روسيا"


def test_writers_refuse_unstable_types(G):
    H = G.copy()
    H.nodes["russia"]["role"] = None  # the writer would declare one type and lose the others
    for write in (g.write_gexf, g.write_graphml, g.node_link_json):
        with pytest.raises(TypeError, match="role"):
            write(H)


def test_graphml_reloads_with_unique_edge_ids(G):
    data = g.write_graphml(G)
    assert "&#" not in data  # Arabic written as UTF-8, not character references
    back = nx.read_graphml(io.BytesIO(data.encode("utf-8")))
    assert back.number_of_nodes() == G.number_of_nodes() and back.number_of_edges() == G.number_of_edges()
    assert {k for *_, k in back.edges(keys=True)} == {d["eid"] for *_, d in G.edges(data=True)}
    rutte = back.nodes["mark_rutte"]
    assert rutte["label"] == "مارك روتي" and rutte["quotes"] == 4
    assert (rutte["r"], rutte["g"], rutte["b"]) == g.KIND_COLOURS["person"]
    root = ET.fromstring(data.encode("utf-8"))
    key_ids = [k.get("id") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")]
    assert len(key_ids) == len(set(key_ids))


def test_node_link_json_reloads(G):
    data = json.loads(g.node_link_json(G))
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert nx.utils.graphs_equal(back, G)


def test_names_the_pipeline_left_unlinked_join_their_registry_node():
    # one article links Rutte to the registry, the other leaves "ar:مارك_روتي" (a name after a role phrase)
    registry = {"مارك روتي": ("mark_rutte", "Mark Rutte"), "دونالد ترامب": ("donald_trump", "Donald Trump")}
    trump = about("دونالد ترامب", "ar:دونالد_ترامب", "دونالد ترامب", "person", 0)
    country = about("مارك روتي", "ar:مارك_روتي", "مارك روتي", "place", 0)  # not a person: left alone
    H = g.build_graph([
        Result(Article("a1", "x"), [quote("q1", "مارك روتي", "mark_rutte", "person", [RUSSIA])]),
        Result(Article("a2", "y"), [quote("q1", "مارك روتي", "ar:مارك_روتي", "person", [trump, country])]),
    ], LABELS, registry)
    assert "ar:مارك_روتي" not in [n for n, d in H.nodes(data=True) if d["part"] != "entity"]
    rutte = H.nodes["mark_rutte"]
    assert rutte["quotes_said"] == 2 and rutte["articles"] == 2 and rutte["label_latin"] == "Mark Rutte"
    assert H.has_edge("mark_rutte", "donald_trump") and H.nodes["donald_trump"]["label_latin"] == "Donald Trump"
    assert H.has_edge("mark_rutte", "ar:مارك_روتي")  # the place-kind entity keeps its own id


def test_articles_sharing_an_id_keep_all_their_edges():
    # x.txt in two folders: both read as article "x"
    same = [Result(Article("x", "t"), [quote("q01", "مارك روتي", "mark_rutte", "person", [RUSSIA])]) for _ in range(2)]
    H = g.build_graph(same, LABELS, {})
    assert H.number_of_edges() == 2 and H.nodes["mark_rutte"]["quotes_said"] == 2
    assert sorted(d["article_id"] for *_, d in H.edges(data=True)) == ["x", "x~2"]
