"""What quotes are about, across a corpus: one graph node per entity, by the speakers' rules.

Within an article ``link.py`` has given each entity one id.  Across articles:

* gazetteer and registry ids are one node (``syria``, ``donald_trump``);
* a person's name no list holds joins the registry when the whole name is a
  registry name, else the speaker of the corpus with the same name (one node
  for a person quoted in one article and talked about in another), else the
  one fuller name of the corpus it fits (``identity.fits``: الفضيلي → هاني
  الفضيلي), never when two fit;
* a description (``desc:`` ids: الشركة، الوزارة with no name in the article)
  is one node per article (``<article_id>/desc:…``), like an unnamed source:
  the company of one article is not the company of the next.
"""
from __future__ import annotations

from ..corpus.namekeys import fits, name_key
from ..normalize import fold_text
from .link import DESCRIPTION


def speaker_key(q) -> tuple:
    return name_key(q.speaker) if q.speaker and q.speaker_kind == "person" else ()


class AboutIds:
    """Node ids of about-entities for one corpus (``results``: objects with ``.quotes``)."""

    def __init__(self, results, registry: dict, speaker_ids: dict | None = None):
        self.registry = registry  # folded name -> (registry id, Latin name)
        self.full: dict[tuple, str] = {}  # name_key of a person's name (2+ words) -> node id
        for key, sid in (speaker_ids or {}).items():
            if len(key) > 1:
                self.full.setdefault(key, sid)
        for r in results:
            for q in r.quotes:
                for a in q.about:
                    if a.kind == "person" and a.entity_id.startswith("ar:"):
                        key = name_key(a.name)
                        if len(key) > 1:
                            self.full.setdefault(key, self._registry(a.name) or "ar:" + "_".join(key))
        self._memo: dict[str, str] = {}
        self._latin = {rid: latin for rid, latin in registry.values()}

    def _registry(self, name: str) -> str:
        hit = self.registry.get(fold_text(name))
        return hit[0] if hit else ""

    def latin(self, node_id: str) -> str:
        """The registry's Latin name of a node the corpus linked to the registry, else ""."""
        return self._latin.get(node_id, "")

    def node_id(self, article_id: str, a) -> str:
        eid = a.entity_id
        if eid.startswith(DESCRIPTION) or a.kind == "description":
            return f"{article_id}/{eid}"
        if a.kind != "person" or not eid.startswith("ar:"):
            return eid
        if eid not in self._memo:
            self._memo[eid] = self._person(a.name) or eid
        return self._memo[eid]

    def _person(self, name: str) -> str:
        hit = self._registry(name)
        if hit:
            return hit
        key = name_key(name)
        if key in self.full:
            return self.full[key]
        ids = {nid for full, nid in self.full.items() if fits(key, full)}
        return ids.pop() if len(ids) == 1 else ""
