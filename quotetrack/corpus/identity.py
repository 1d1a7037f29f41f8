"""Who is who across articles: one corpus-level ``speaker_id`` per real speaker.

Within an article, ``chains.py`` merges the mentions of one speaker; across
articles this module merges the speakers themselves (README, "Corpus mode"):

* **registry and gazetteer ids**: the same id is the same speaker; a name
  with no id is looked up in the speakers registry (``مارك روتي`` →
  ``mark_rutte``) as a whole;
* **normalised names**: person names are compared word by word on a loose
  spelling key (``skeleton``) that absorbs how outlets transcribe foreign
  names: ``روتي``/``روته``, ``جاليبارينكو``/``غاليبارينكو``,
  ``ستولتنبرغ``/``ستولتنبيرغ``, ``عبد الله``/``عبدالله``;
* **partial names**: a surname alone (``روتي``) or a shorter name joins the
  one fuller name it fits (``مارك روتي``), only when exactly one person of
  the corpus fits — never when two do; two different registry ids are never
  merged.

Descriptions are not names: an unnamed source (``مصدر طبي``), a role with no
name (``المتحدث الرسمي``) or a generic body (``الجمعية``, ``البيان الصادر``)
in two articles are rarely the same speaker, so they stay per article, with
the id ``<article_id>/<speaker_id>`` (the graph's convention).  Bodies with a
proper multi-word name (``وزارة الخارجية الإيطالية``: first word without
``ال``) are one speaker across articles.

Streaming: :meth:`SpeakerIndex.observe` is called once per article, in input
order, and returns a reference per quote; :meth:`SpeakerIndex.finish` turns
references into ids.  Memory grows with the number of distinct names, not of
articles or quotes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..normalize import Words, fold
from ..romanize import romanize

from .namekeys import MIN_SURNAME_LETTERS, UNKNOWN, name_key, skeleton

@dataclass(slots=True)
class Form:
    """A speaker as named in one or more articles (corpus-wide)."""

    kind: str
    entity_id: str
    tokens: tuple
    name: str
    latin: str
    first_seq: int
    quotes: int = 0
    articles: set | None = None
    roles: Counter | None = None
    spellings: Counter | None = None


@dataclass(slots=True)
class SpeakerInfo:
    """One corpus speaker, for ``quotetrack speakers``."""

    speaker_id: str
    name: str
    latin: str
    kind: str
    scope: str  # corpus | article
    quotes: int
    articles: list = field(default_factory=list)  # article ids, input order
    roles: list = field(default_factory=list)  # most frequent first
    spellings: list = field(default_factory=list)  # surface forms seen, most frequent first


class SpeakerIndex:
    """Collects the speakers of a corpus, article by article; ``finish`` merges them."""

    def __init__(self, registry=None, track: bool = False, entities=None):
        self.registry = registry  # a gazetteer of the speakers registry, or None
        self.entities = entities  # the entity gazetteer (bodies named in full: صندوق النقد الدولي → imf)
        self.track = track  # keep articles/roles/spellings (the speakers list); off for the CSV
        self.forms: list[Form] = []
        self.by_key: dict[tuple, int] = {}
        self.local: dict[str, Form] = {}  # per-article speakers, only when tracking
        self.article_ids: list[str] = []  # only when tracking
        self._looked_up: dict[tuple, object] = {}  # (gazetteer, name) -> entry: one lookup per distinct name

    @classmethod
    def for_rules(cls, rules=None, track: bool = False) -> "SpeakerIndex":
        from ..gazetteer import entity_gazetteer, registry_gazetteer
        from ..ruleset import Ruleset

        rs = Ruleset.load(rules)
        return cls(registry_gazetteer(rs), track, entity_gazetteer(rs))

    # -- pass 1 ---------------------------------------------------------------
    def keys(self, article_id: str, quotes, mentions=()) -> list:
        """What identifies each quote's speaker, before any merging (pure: no state changes).

        Per quote: "" (no speaker), a per-article id ``<article_id>/<speaker_id>``
        (str), or a corpus-wide key ``(key, kind, entity id, name tokens, name,
        Latin name)``.  Corpus workers compute these next to the pipeline; the
        parent only adds them up (:meth:`add`).
        """
        named = {(m.name_start if m.name_start >= 0 else m.start, m.name_end if m.name_start >= 0 else m.end):
                 bool(m.name) for m in mentions}
        out: list = []
        for q in quotes:
            if not q.speaker or q.speaker == UNKNOWN:
                out.append("")
                continue
            key, eid, latin = self._key(q, named.get((q.speaker_start, q.speaker_end), False))
            if key is None:
                out.append(f"{article_id}/{q.speaker_id or 'ar:' + fold(q.speaker).replace(' ', '_')}")
            else:
                out.append((key, q.speaker_kind, eid, name_key(q.speaker), q.speaker, latin))
        return out

    def add(self, seq: int, keys: list) -> list:
        """One reference per key of :meth:`keys` (the ``seq``-th article): a form index (int), a final id (str) or ""."""
        refs: list = []
        for k in keys:
            if type(k) is str:
                refs.append(k)
            else:
                ref = self._form(seq, k)
                self.forms[ref].quotes += 1
                refs.append(ref)
        return refs

    def observe(self, seq: int, article, quotes, mentions=()) -> list:
        """:meth:`add` of :meth:`keys`, also counting articles, roles and spellings when tracking."""
        if not self.track:
            return self.add(seq, self.keys(article.id, quotes, mentions))
        return self.observe_rows(seq, article.id, self.speaker_rows(article.id, quotes, mentions))

    def speaker_rows(self, article_id: str, quotes, mentions=()) -> list[tuple]:
        """Per quote what the speakers list needs: ``(key, kind, name, Latin name, role, spelling)``.

        Pure, like :meth:`keys`: corpus workers make these rows, part by part
        for a giant article, and the parent adds them up (:meth:`observe_rows`).
        """
        return [(k, q.speaker_kind, q.speaker, q.speaker_latin, q.speaker_role, q.speaker_text or q.speaker)
                for q, k in zip(quotes, self.keys(article_id, quotes, mentions))]

    def observe_rows(self, seq: int, article_id: str, rows) -> list:
        """:meth:`observe` for rows of :meth:`speaker_rows`; called once or more per article (in parts)."""
        if len(self.article_ids) <= seq:
            self.article_ids.extend([""] * (seq + 1 - len(self.article_ids)))
        self.article_ids[seq] = article_id
        refs: list = []
        for k, kind, name, latin, role, spelling in rows:
            if k == "":
                refs.append("")
                continue
            if type(k) is str:
                form = self.local.setdefault(k, Form(kind, "", (), name, latin or romanize(name), seq))
                ref = k
            else:
                ref = self._form(seq, k)
                form = self.forms[ref]
            self._count(form, seq, role, spelling)
            refs.append(ref)
        return refs

    def _form(self, seq: int, k: tuple) -> int:
        ref = self.by_key.get(k[0])
        if ref is None:
            ref = self.by_key[k[0]] = len(self.forms)
            self.forms.append(Form(k[1], k[2], k[3], k[4], k[5], seq))
        return ref

    def _key(self, q, named: bool):
        """(key, entity id, Latin name) of a corpus-wide speaker, or (None, "", "") for a per-article one."""
        eid = "" if q.speaker_id.startswith("ar:") else q.speaker_id
        latin = q.speaker_latin
        if not eid and q.speaker_kind == "person" and named:
            entry = self._lookup("registry", q.speaker)
            if entry is not None and entry.kind == "person":
                eid, latin = entry.id, entry.latin
        elif not eid and q.speaker_kind in ("organisation", "group"):
            entry = self._lookup("entities", q.speaker)
            if entry is not None and entry.via in ("name", "members"):
                eid, latin = entry.id, entry.latin
        if eid:
            return ("id", eid), eid, latin
        tokens = name_key(q.speaker)
        if q.speaker_kind == "person" and named and tokens:
            return ("person", tokens), "", latin
        if q.speaker_kind == "organisation" and len(tokens) >= 2 and not tokens[0].startswith("ال"):
            return ("organisation", tokens), "", latin
        return None, "", ""

    def _lookup(self, which: str, name: str):
        key = (which, name)
        if key not in self._looked_up:
            self._looked_up[key] = _whole(getattr(self, which), name)
        return self._looked_up[key]

    def _count(self, form: Form, seq: int, role: str, spelling: str) -> None:
        form.quotes += 1
        if self.track:
            if form.articles is None:
                form.articles, form.roles, form.spellings = set(), Counter(), Counter()
            form.articles.add(seq)
            if role:
                form.roles[role] += 1
            form.spellings[spelling] += 1

    # -- merging ----------------------------------------------------------------
    def finish(self) -> "Identities":
        forms = self.forms
        parent = list(range(len(forms)))
        ids: list[set] = [{f.entity_id} - {""} for f in forms]

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> bool:
            ra, rb = find(a), find(b)
            if ra == rb:
                return True
            if ids[ra] and ids[rb] and ids[ra] != ids[rb]:
                return False  # two registry people are never one
            ra, rb = min(ra, rb), max(ra, rb)
            parent[rb] = ra
            ids[ra] |= ids[rb]
            return True

        persons = [i for i, f in enumerate(forms) if f.kind == "person" and f.tokens]
        loose = {i: tuple(skeleton(t) for t in forms[i].tokens) for i in persons}
        same: dict[tuple, int] = {}
        for i in persons:  # full names (2+ words) spelled alike are one person
            if len(loose[i]) >= 2:
                union(same.setdefault(loose[i], i), i)
        # the full names each shorter name fits (``fits``), found by one lookup instead of a scan: a word but
        # the first → the names holding it; a run of words → the longer names it begins or ends
        fitting: dict[tuple, list[int]] = {}
        for i in persons:
            full = loose[i]
            for w in set(full[1:]):
                fitting.setdefault(("word", w), []).append(i)
            for n in range(2, len(full)):
                fitting.setdefault(("run", full[:n]), []).append(i)
                if full[-n:] != full[:n]:
                    fitting.setdefault(("run", full[-n:]), []).append(i)
        for i in persons:  # a surname or shorter name joins the one person it fits
            short = loose[i]
            if len(short) == 1 and len(forms[i].tokens[0]) < MIN_SURNAME_LETTERS:
                continue
            cands = fitting.get(("word", short[0]) if len(short) == 1 else ("run", short))
            if cands:
                group = _only_group(cands, find, find(i))
                if group is not None:
                    union(group, i)
        return Identities(self, [find(i) for i in range(len(forms))], ids)


def _only_group(cands: list[int], find, own: int):
    """The one group other than ``own`` that ``cands`` belong to, or None (none, or two or more).

    Stops at the second group, and keeps one name per group seen at the front
    of ``cands``: asking again about a name many people share costs a few
    steps, not one per person (with thousands of "… حسن" in a corpus, scanning
    them all for every "حسن" made identities quadratic).
    """
    groups: dict[int, int] = {}  # group -> a member of it in cands
    for k, j in enumerate(cands):
        root = find(j)
        if root not in groups:
            groups[root] = j
            if len(groups) > 2 or (len(groups) == 2 and own not in groups):
                break
    else:
        k = len(cands)
    if k > len(groups):  # drop the names already counted for a group: they cannot add one
        cands[:k] = list(groups.values())
    others = [r for r in groups if r != own]
    return others[0] if len(others) == 1 else None


class Identities:
    """The merged speakers: ``speaker_id(ref)`` for each reference ``observe`` gave."""

    def __init__(self, index: SpeakerIndex, root: list[int], ids: list[set]):
        self.index = index
        self.root = root
        members: dict[int, list[int]] = {}
        for i, r in enumerate(root):
            members.setdefault(r, []).append(i)
        self.members = members
        self.canon: dict[int, tuple[str, str, str]] = {}  # root -> (id, name, latin)
        for r, group in members.items():
            forms = [index.forms[i] for i in group]
            best = max(forms, key=lambda f: (len(f.tokens), f.quotes, -f.first_seq))
            eid = next(iter(ids[r])) if ids[r] else ""
            latin = next((f.latin for f in forms if f.entity_id == eid and eid and f.latin), "") \
                or best.latin or romanize(best.name)
            self.canon[r] = (eid or "ar:" + fold(best.name).replace(" ", "_"), best.name, latin)

    def speaker_id(self, ref) -> str:
        if isinstance(ref, str):
            return ref
        return self.canon[self.root[ref]][0]

    def name(self, ref) -> str:
        return "" if isinstance(ref, str) else self.canon[self.root[ref]][1]

    def latin(self, ref) -> str:
        return "" if isinstance(ref, str) else self.canon[self.root[ref]][2]

    def speakers(self) -> list[SpeakerInfo]:
        """Every speaker with its counts (needs ``track=True``), most quoted first."""
        index = self.index
        out = []
        for r, group in self.members.items():
            forms = [index.forms[i] for i in group]
            sid, name, latin = self.canon[r]
            out.append(_info(sid, name, latin, _kind(forms), "corpus", forms, index.article_ids))
        for sid, form in index.local.items():
            out.append(_info(sid, form.name, form.latin, form.kind, "article", [form], index.article_ids))
        out.sort(key=lambda s: (-s.quotes, -len(s.articles), s.speaker_id))
        return out


def _whole(gazetteer, name: str):
    """The gazetteer entry naming all of ``name``, or None."""
    if gazetteer is None:
        return None
    words = Words(name)
    if not len(words):
        return None
    hit = gazetteer.match(words, 0)
    return hit[1] if hit and hit[0] == len(words) - 1 else None


def _kind(forms: list[Form]) -> str:
    return Counter(f.kind for f in forms).most_common(1)[0][0]


def _info(sid, name, latin, kind, scope, forms, article_ids) -> SpeakerInfo:
    seqs = sorted(set().union(*(f.articles or set() for f in forms)))
    roles = sum((f.roles or Counter() for f in forms), Counter())
    spellings = sum((f.spellings or Counter() for f in forms), Counter())
    return SpeakerInfo(sid, name, latin, kind, scope, sum(f.quotes for f in forms),
                       [article_ids[s] for s in seqs if s < len(article_ids)],
                       [r for r, _ in roles.most_common()], [s for s, _ in spellings.most_common()])


def apply(results, rules=None, registry=None) -> Identities:
    """Give the quotes of ``results`` (a list, in input order) their corpus-level ids, in place.

    Unnamed sources keep their per-article ``speaker_id``: the graph scopes
    them to their article itself (``export.graph.speaker_node_id``).
    """
    index = SpeakerIndex(registry) if registry is not None else SpeakerIndex.for_rules(rules)
    refs = [index.observe(seq, r.article, r.quotes, r.mentions) for seq, r in enumerate(results)]
    ids = index.finish()
    for r, rr in zip(results, refs):
        for q, ref in zip(r.quotes, rr):
            if ref == "" or (isinstance(ref, str) and q.speaker_kind == "unnamed_source"):
                continue
            q.speaker_id = ids.speaker_id(ref)
            if not isinstance(ref, str):
                q.speaker_latin = ids.latin(ref)
    return ids
