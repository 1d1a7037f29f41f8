"""Who said what about whom: quote records → a networkx graph, pure functions.

Nodes are speakers and the entities their quotes are about; an edge goes from
the speaker to each entity a quote is about, one edge per (quote, entity), so
the graph is a ``MultiDiGraph``.  The same speaker or entity across articles
is one node, keyed by ``speaker_id`` / ``entity_id`` (the registry and
gazetteer ids, or ``ar:<name>`` for names found in the text).

Decisions, documented in README "Outputs":

* Quotes whose speaker is ``unknown`` give no edge: an "unknown" node would
  tie unrelated quotes together and top every centrality ranking.  They still
  count: in the entities' ``quotes_about`` and in the graph's
  ``unattributed_quotes``.
* Unnamed sources (``speaker_kind`` = ``unnamed_source``: المصدر، مصادر
  محلية) are one node per article (id ``<article_id>/<speaker_id>``): "the
  source" of two articles is rarely the same person.
* A person the pipeline left unlinked (``ar:مارك_روتي``, a name after a role
  phrase) whose name is in ``rules/speakers.yaml`` joins its registry node
  (``mark_rutte``), so one person is one node whichever way it was found.
* What quotes are about joins across articles by the speakers' rules
  (``targets/corpus.py``): a surname joins the one fuller name of the corpus
  it fits, a person talked about joins the same person as a speaker; a
  description with no name in its article (الشركة، الوزارة) is one node per
  article (``<article_id>/desc:…``), never a hub of unrelated quotes.
* ``label`` is the Arabic name; ``label_latin`` the registry's or gazetteer's
  Latin name, else a transliteration (``quotetrack.romanize``), and
  ``label_latin_source`` says which (``registry`` / ``transliterated``).
* Articles sharing an id (``x.txt`` in two folders) stay apart: the second is
  ``x~2`` in the graph, else its edges would overwrite the first's.
* Every string is cleaned of control characters (``\\x0b`` in scraped text
  makes a GEXF/GraphML file unreadable XML), so the graph's ``quote_text`` can
  differ from the article text where the article held such characters; the
  CSV keeps the exact text.
* Attribute names avoid what GEXF reserves (nodes: id, label, pid, start,
  end, viz; edges: id, label, weight, type, start, end): ``label`` and
  ``weight`` are used for exactly what GEXF means by them; the quote type is
  ``quote_type``.  Each attribute has one Python type (``NODE_FIELDS``,
  ``EDGE_FIELDS``), never ``None`` or a list, so every writer declares stable
  types.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import networkx as nx

from ..normalize import fold_text
from ..romanize import romanize
from ..targets.corpus import AboutIds, speaker_key

UNKNOWN = "unknown"
ABOUT_SEP = " | "

# One Python type per attribute: the GEXF/GraphML writers declare these types.
NODE_FIELDS: dict[str, type] = {
    "label": str,  # Arabic display name (GEXF's node label)
    "label_latin": str,  # registry/gazetteer Latin name, else the documented romanisation
    "label_latin_source": str,  # registry | transliterated: which of the two label_latin is
    "kind": str,  # person | organisation | group | unnamed_source | country | place ...
    "role": str,  # the speaker's most frequent role phrase ("" for entities)
    "part": str,  # speaker | entity | speaker+entity
    "quotes": int,  # distinct quotes the node takes part in (said or about): drives the node size
    "quotes_said": int,
    "quotes_about": int,  # includes quotes of unknown speakers
    "articles": int,  # distinct articles the node appears in
}
EDGE_FIELDS: dict[str, type] = {
    "eid": str,  # unique edge id "<article_id>:<quote_id>:<entity_id>": GEXF/GraphML edge id
    "quote_id": str,
    "article_id": str,
    "quote_text": str,
    "quote_type": str,  # direct | indirect | mixed  (not "type": GEXF's edge direction)
    "cue": str,
    "cue_lemma": str,
    "resolution": str,
    "confidence": float,
    "speaker_text": str,  # the speaker's surface mention for this quote
    "mention": str,  # the entity's first surface mention inside the quote (e.g. الكرملين for Russia)
    "mentions": int,  # how many times the quote mentions the entity
    "date": str,  # the article's date, "" when unknown
    "weight": float,  # 1.0 per quote, so Gephi's merge (sum) gives counts
}
PAIR_FIELDS: dict[str, type] = {
    "eid": str,  # "<speaker id>-><entity id>"
    "count": int,  # quotes of the speaker about the entity
    "weight": float,  # = count
    "confidence": float,  # mean confidence of those quotes
    "quote_ids": str,  # "<article_id>:<quote_id>" joined by " | ", in input order
    "quote_types": str,  # distinct types joined by " | "
    "articles": int,
}

# XML 1.0 forbids C0 controls except tab/newline/CR; C1 controls, U+FFFE/U+FFFF
# and lone surrogates are not characters a GEXF parser will accept either.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def clean(value) -> str:
    """A string safe for any XML writer: control characters removed."""
    return _CONTROL.sub("", str(value or ""))


def one_line(value) -> str:
    """A cleaned string on one line (labels are xsd:token in GEXF: whitespace collapses anyway)."""
    return " ".join(clean(value).split())


def is_unknown(q) -> bool:
    return not q.speaker or q.speaker == UNKNOWN or q.resolution == UNKNOWN


def speaker_node_id(article_id: str, q) -> str:
    sid = clean(q.speaker_id) or "ar:" + "_".join(clean(q.speaker).split())
    return f"{clean(article_id)}/{sid}" if q.speaker_kind == "unnamed_source" else sid


@lru_cache(maxsize=8)
def _labels_for(folder) -> dict[str, str]:
    from ..ruleset import Ruleset

    rules = Ruleset.load(folder)
    out: dict[str, str] = {}
    for e in rules["entities.yaml"]["entities"]:
        out[e["id"]] = e["ar"][0]
        if e.get("members_alias"):
            out[e["id"] + "_members"] = e["members_alias"][0]
    for s in rules["speakers.yaml"]["speakers"]:
        out.setdefault(s["id"], s["ar"][0])
    return out


def entity_labels(rules=None) -> dict[str, str]:
    """Entity/registry id → canonical Arabic name (first ``ar`` entry) from a rules folder (default: shipped)."""
    return dict(_labels_for(None if rules is None else str(rules)))


@lru_cache(maxsize=8)
def _registry_for(folder) -> dict[str, tuple[str, str]]:
    from ..ruleset import Ruleset

    out: dict[str, tuple[str, str]] = {}
    for s in Ruleset.load(folder)["speakers.yaml"]["speakers"]:
        for name in s["ar"]:
            out.setdefault(fold_text(name), (s["id"], s["name"]))
    return out


def registry_names(rules=None) -> dict[str, tuple[str, str]]:
    """Folded Arabic name → (registry id, Latin name) for every name of ``speakers.yaml``.

    The pipeline links a speaker to the registry only in some contexts; a name it left unlinked
    (``ar:مارك_روتي`` after a role phrase) would make a second node for the same person.
    """
    return dict(_registry_for(None if rules is None else str(rules)))


def _linked(node_id: str, name: str, registry) -> tuple[str, str] | None:
    """(registry id, Latin name) when an ``ar:`` name is a registry name, else None."""
    return registry.get(fold_text(name)) if node_id.startswith("ar:") else None


class _Node:
    __slots__ = ("label", "latin", "source", "kind", "roles", "said", "about", "articles")

    def __init__(self):
        self.label = self.latin = self.kind = self.source = ""
        self.roles: Counter = Counter()
        self.said: set = set()
        self.about: set = set()
        self.articles: set = set()


def _entity_names(a, labels) -> tuple[str, str, str]:
    """(Arabic label, Latin label, where the Latin label comes from) of an About: the registry's or
    gazetteer's Latin name (``registry``), else the romanisation of its Arabic name (``transliterated``)."""
    arabic = one_line(getattr(a, "ar", "") or labels.get(a.entity_id) or a.name)
    latin = one_line(getattr(a, "latin", ""))
    if latin:
        return arabic, latin, "registry"
    name = one_line(a.name)
    if not _ARABIC.search(name):  # a record from before labels were Arabic: its name is the Latin one
        return one_line(labels.get(a.entity_id) or name), name, "registry"
    return arabic, romanize(arabic), "transliterated"


def _speaker_ids(results, registry) -> dict:
    """name_key of each named person speaker → its node id (an entity with the same name joins it)."""
    out: dict = {}
    for r in results:
        for q in r.quotes:
            key = speaker_key(q)
            if key and not is_unknown(q):
                sid = speaker_node_id(r.article.id, q)
                link = _linked(sid, q.speaker, registry)
                out.setdefault(key, link[0] if link else sid)
    return out


def build_graph(results, labels=None, registry=None) -> nx.MultiDiGraph:
    """Results (objects with ``.article`` and ``.quotes``) → speaker → entity MultiDiGraph.

    ``labels``: entity id → Arabic name (default: :func:`entity_labels` of the
    shipped rules; pass ``entity_labels(folder)`` when running other rules).
    ``registry``: folded name → (id, Latin name), see :func:`registry_names` (same default).
    """
    labels = entity_labels() if labels is None else labels
    registry = registry_names() if registry is None else registry
    results = list(results)
    about_ids = AboutIds(results, registry, _speaker_ids(results, registry))
    nodes: dict[str, _Node] = {}
    edges: list[tuple[str, str, dict]] = []
    n_quotes = n_unknown = n_no_about = 0
    seen: Counter = Counter()
    articles = 0
    for r in results:
        art = r.article
        articles += 1
        # two inputs can share an id (x.txt in two folders): without a suffix their quote keys and
        # edge ids would coincide and the second article's edges would silently replace the first's
        seen[art.id] += 1
        aid = art.id if seen[art.id] == 1 else f"{art.id}~{seen[art.id]}"
        for q in r.quotes:
            n_quotes += 1
            key = (aid, q.id)
            about: dict[str, list] = {}
            latin_of: dict[str, str] = {}  # registry-linked entities: their Latin name
            for a in q.about:
                eid = about_ids.node_id(aid, a)  # الفضيلي → هاني الفضيلي; الشركة → this article's
                if about_ids.latin(eid):
                    latin_of[eid] = about_ids.latin(eid)
                about.setdefault(clean(eid), []).append(a)
            if not about:
                n_no_about += 1
            for eid, mentions in about.items():
                node = nodes.setdefault(eid, _Node())
                if not node.label:
                    node.label, node.latin, node.source = _entity_names(mentions[0], labels)
                    if eid in latin_of:
                        node.label, node.latin = one_line(labels.get(eid, node.label)), latin_of[eid]
                        node.source = "registry"
                node.kind = node.kind or clean(mentions[0].kind)
                node.about.add(key)
                node.articles.add(aid)
            if is_unknown(q):
                n_unknown += 1
                continue
            sid = speaker_node_id(aid, q)
            link = _linked(sid, q.speaker, registry)
            sid = link[0] if link else sid
            spk = nodes.setdefault(sid, _Node())
            # The rules' canonical names win, then the speaker's own, over an entity's.
            spk.label = one_line(labels.get(sid) or q.speaker) or spk.label
            spk.latin = one_line(link[1] if link else q.speaker_latin) or spk.latin or romanize(spk.label)
            listed = q.speaker_latin and q.speaker_id and not q.speaker_id.startswith("ar:")
            spk.source = spk.source or ("registry" if link or listed else "transliterated")
            spk.kind = spk.kind or clean(q.speaker_kind)
            if q.speaker_role:
                spk.roles[one_line(q.speaker_role)] += 1
            spk.said.add(key)
            spk.articles.add(aid)
            cue = q.cue
            conf = float(q.confidence)
            for eid, mentions in about.items():
                edges.append((sid, eid, {
                    "eid": clean(f"{aid}:{q.id}:{eid}"), "quote_id": clean(q.id), "article_id": clean(aid),
                    "quote_text": clean(q.text), "quote_type": clean(q.type),
                    "cue": one_line(cue.text) if cue else "", "cue_lemma": one_line(cue.lemma) if cue else "",
                    "resolution": clean(q.resolution),
                    "confidence": round(conf, 3) if math.isfinite(conf) else 0.0,
                    "speaker_text": one_line(q.speaker_text), "mention": one_line(mentions[0].text),
                    "mentions": len(mentions), "date": clean(art.date), "weight": 1.0,
                }))
    G = nx.MultiDiGraph(quotes=n_quotes, unattributed_quotes=n_unknown, quotes_without_about=n_no_about,
                        articles=articles)
    for nid, n in nodes.items():
        part = "speaker+entity" if n.said and n.about else "speaker" if n.said else "entity"
        G.add_node(nid, label=n.label or nid, label_latin=n.latin, label_latin_source=n.source or "transliterated",
                   kind=n.kind or "other",
                   role=n.roles.most_common(1)[0][0] if n.roles else "", part=part,
                   quotes=len(n.said | n.about), quotes_said=len(n.said), quotes_about=len(n.about),
                   articles=len(n.articles))
    for u, v, data in edges:
        G.add_edge(u, v, key=data["eid"], **data)
    return G


def collapse(G: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per speaker → entity pair carrying ``count`` (Gephi desktop merges parallel edges on import)."""
    H = nx.DiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple[str, str], list[dict]] = {}
    for u, v, data in G.edges(data=True):
        pairs.setdefault((u, v), []).append(data)
    for (u, v), lst in pairs.items():
        H.add_edge(u, v, eid=f"{u}->{v}", count=len(lst), weight=float(len(lst)),
                   confidence=round(sum(d["confidence"] for d in lst) / len(lst), 3),
                   quote_ids=ABOUT_SEP.join(f"{d['article_id']}:{d['quote_id']}" for d in lst),
                   quote_types=ABOUT_SEP.join(dict.fromkeys(d["quote_type"] for d in lst)),
                   articles=len({d["article_id"] for d in lst}))
    return H


def check_types(G) -> None:
    """Raise TypeError when an attribute breaks the one-type-per-field contract the writers rely on."""
    edge_fields = EDGE_FIELDS if G.is_multigraph() else PAIR_FIELDS
    for nid, data in G.nodes(data=True):
        _check(f"node {nid!r}", data, NODE_FIELDS)
    for u, v, data in G.edges(data=True):
        _check(f"edge {u!r}->{v!r}", data, edge_fields)


def _check(where: str, data: dict, fields: dict) -> None:
    for k, v in data.items():
        want = fields.get(k)
        if want is None:
            raise TypeError(f"{where}: attribute {k!r} is not declared")
        if type(v) is not want:  # noqa: E721 - exact type: bool is an int, numpy ints are not
            raise TypeError(f"{where}: attribute {k!r} is {type(v).__name__}, declared {want.__name__}")


# ---------------------------------------------------------------------------
# Writers: graph → text.  Pure; the CLI writes the file atomically.
# ---------------------------------------------------------------------------


# the writers live in graph_files.py (imported last: they read the field tables above)
from .graph_files import (GEXF_TYPES, GEXF_VERSIONS, KIND_COLOURS, OTHER_COLOUR, WRITERS, XML_DECLARATION,  # noqa: E402,F401
                          XSI_NS, node_link_json, node_size, write_gexf, write_graphml)
