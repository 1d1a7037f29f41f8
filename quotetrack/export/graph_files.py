"""Writing the who-said-what-about-whom graph: GEXF (1.3 or 1.2draft), GraphML, node-link JSON.

Pure functions of a graph from :mod:`quotetrack.export.graph` (which re-exports
them): strings in, the CLI writes the files.  Every attribute is declared with
its one type (``NODE_FIELDS``, ``EDGE_FIELDS``) so Gephi, Gephi Lite and igraph
read the same values.
"""
from __future__ import annotations

import math

import networkx as nx

from .graph import EDGE_FIELDS, NODE_FIELDS, PAIR_FIELDS, check_types, clean, one_line  # noqa: F401

# version → (namespace, viz namespace, version attribute)
GEXF_VERSIONS = {
    "1.3": ("http://gexf.net/1.3", "http://gexf.net/1.3/viz", "1.3"),
    "1.2draft": ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz", "1.2"),
}
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GEXF_TYPES = {str: "string", int: "long", float: "double"}
# Node colour by kind (integers: a fractional colour aborts Gephi's whole import).
KIND_COLOURS = {
    "person": (31, 119, 180), "organisation": (255, 127, 14), "group": (44, 160, 44),
    "unnamed_source": (127, 127, 127), "country": (214, 39, 40), "place": (148, 103, 189),
}
OTHER_COLOUR = (140, 86, 75)
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def node_size(quotes: int) -> float:
    """Viz size grows with the square root of the quote count, so one busy speaker does not hide the rest."""
    return round(10.0 + 6.0 * math.sqrt(max(quotes, 0)), 2)


def _positions(G) -> dict:
    """A deterministic circle (rounded), so the file opens laid out; Gephi users re-run ForceAtlas anyway."""
    n = max(len(G), 1)
    radius = 50.0 * math.sqrt(n)
    return {nid: (round(radius * math.cos(2 * math.pi * k / n), 1), round(radius * math.sin(2 * math.pi * k / n), 1))
            for k, nid in enumerate(G)}


def _gexf_value(v) -> str:
    if isinstance(v, float):
        # Java's Double.valueOf (Gephi) reads "NaN" but not Python's "inf"/"nan".
        return repr(v) if math.isfinite(v) else "NaN"
    return str(v)


def write_gexf(G, version: str = "1.3") -> str:
    """GEXF text (1.3 or 1.2draft): declared attribute types, viz colour by kind and size by quotes, unique edge ids.

    Written with ElementTree rather than ``networkx.write_gexf``, which for 1.3
    misspells the XSI namespace, always adds ``<graph name>`` (no schema allows
    it) and stamps today's date (outputs would never be reproducible).
    """
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    check_types(G)
    edge_fields = EDGE_FIELDS if G.is_multigraph() else PAIR_FIELDS
    if version not in GEXF_VERSIONS:
        raise ValueError(f"GEXF version {version!r} not supported; choose one of {', '.join(GEXF_VERSIONS)}")
    ns, viz_ns, version_attr = GEXF_VERSIONS[version]
    root = Element("gexf", {"xmlns": ns, "xmlns:viz": viz_ns, "xmlns:xsi": XSI_NS,
                            "xsi:schemaLocation": f"{ns} {ns}/gexf.xsd", "version": version_attr})
    meta = SubElement(root, "meta")
    SubElement(meta, "creator").text = "quotetrack"
    SubElement(meta, "description").text = "who said what about whom: " + ", ".join(
        f"{k}={v}" for k, v in G.graph.items())
    graph = SubElement(root, "graph", {"defaultedgetype": "directed"})
    node_attrs = [k for k in NODE_FIELDS if k != "label"]
    edge_attrs = [k for k in edge_fields if k not in ("eid", "weight")]
    for cls, names, fields in (("node", node_attrs, NODE_FIELDS), ("edge", edge_attrs, edge_fields)):
        decl = SubElement(graph, "attributes", {"class": cls})
        for name in names:
            SubElement(decl, "attribute", {"id": name, "title": name, "type": GEXF_TYPES[fields[name]]})
    pos = _positions(G)
    nodes = SubElement(graph, "nodes", {"count": str(len(G))})
    for nid, data in G.nodes(data=True):
        el = SubElement(nodes, "node", {"id": clean(nid), "label": one_line(data.get("label", nid))})
        values = SubElement(el, "attvalues")
        for name in node_attrs:
            if name in data:
                SubElement(values, "attvalue", {"for": name, "value": _gexf_value(data[name])})
        r, g, b = KIND_COLOURS.get(data.get("kind", ""), OTHER_COLOUR)
        SubElement(el, "viz:color", {"r": str(r), "g": str(g), "b": str(b)})
        SubElement(el, "viz:size", {"value": repr(node_size(data.get("quotes", 0)))})
        x, y = pos[nid]
        SubElement(el, "viz:position", {"x": repr(x), "y": repr(y), "z": "0.0"})
    edges = SubElement(graph, "edges", {"count": str(G.number_of_edges())})
    for u, v, data in G.edges(data=True):
        el = SubElement(edges, "edge", {"id": clean(data["eid"]), "source": clean(u), "target": clean(v),
                                        "weight": _gexf_value(data.get("weight", 1.0))})
        values = SubElement(el, "attvalues")
        for name in edge_attrs:
            if name in data:
                SubElement(values, "attvalue", {"for": name, "value": _gexf_value(data[name])})
    indent(root, "  ")
    return XML_DECLARATION + tostring(root, encoding="unicode") + "\n"


def write_graphml(G) -> str:
    """GraphML text (networkx's ElementTree writer) with unique edge ids taken from ``eid``.

    Without ``edge_id_from_attribute`` networkx numbers a MultiDiGraph's edges
    per node pair ("0", "0", …): Gephi Lite refuses the file and Gephi desktop
    drops edges.  ``generate_graphml`` is not used: it writes every Arabic
    letter as a character reference (``&#1581;``), and Gephi's GraphML reader
    loses the spaces between such references; ``write_graphml_xml`` writes
    UTF-8 (and, unlike ``write_graphml``, does not switch to lxml when it is
    installed, so the output is the same everywhere).
    """
    import io

    check_types(G)
    # GraphML has no viz element; Gephi desktop's GraphML importer reads node keys named r, g, b and
    # size as colour and size, so the file opens coloured by kind and sized by quotes as the GEXF does.
    H = G.copy()
    for _, data in H.nodes(data=True):
        r, g, b = KIND_COLOURS.get(data.get("kind", ""), OTHER_COLOUR)
        data.update(r=r, g=g, b=b, size=node_size(data.get("quotes", 0)))
    buf = io.BytesIO()
    # generated key ids (d0, d1 …): named ones collide where a graph and a node attribute share a
    # name ("articles", "quotes"), and GraphML key ids must be unique
    nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True, named_key_ids=False,
                         edge_id_from_attribute="eid")
    return buf.getvalue().decode("utf-8")


def node_link_json(G) -> str:
    """Node-link JSON (``networkx.node_link_data`` with ``edges="edges"``), UTF-8 kept readable."""
    import json

    check_types(G)
    return json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False, indent=1) + "\n"


# output file extension → writer (the CLI passes --gexf-version to write_gexf)
WRITERS = {".gexf": write_gexf, ".graphml": write_graphml, ".json": node_link_json}
