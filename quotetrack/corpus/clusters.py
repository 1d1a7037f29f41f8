"""The same quote in several outlets: clusters of quotes and each cluster's earliest article.

Two quotes are the same quote (README, "Corpus mode") when, compared on
their normalised words (``normalize.fold``: hamza seats, alef maqsura,
diacritics and punctuation do not count):

* the words are equal;
* or one quote's words run, in order, inside the other's (an outlet quoting
  part of a sentence), the shorter having at least ``MIN_NEAR_WORDS`` words
  and being a real part of the longer (``MIN_PART_WORDS`` words, or half of
  it): a stock phrase found inside many long quotes must not chain them all;
* or the two share most of their words: Jaccard overlap of the word sets at
  least ``MIN_OVERLAP``, both with at least ``MIN_NEAR_WORDS`` words.

Short quotes (fewer than ``MIN_NEAR_WORDS`` words: «لا تعليق») are the same
only with equal words *and* the same speaker name: two people say the same
three words too often.  Clustering is transitive (a quote that matches two
clusters joins them).

The earliest article of a cluster is the one with the earliest ``date``
(ISO dates compare as text); articles without a date come after dated ones,
and ties go to input order.  Every quote gets a ``cluster_id`` (``c000001``,
numbered by first appearance), a quote seen once is a cluster of one.

Streaming and memory: :meth:`QuoteClusters.add` is called in input order and
returns a provisional number; :meth:`QuoteClusters.finish` gives the final
id.  Only distinct wordings are kept (a repeated quote costs nothing), each
in bounded space: the exact wording as a digest, and for near matches its
first ``MAX_COMPARED_WORDS`` words as numbers (each distinct word is held
once), so a corpus of long or overlapping quotes does not cost the square of
its text; an article's first ``MAX_INDEXED_PER_ARTICLE`` distinct wordings are
kept for near matches, the rest (a pathological article of overlapping
quotes) only for equal ones.  Candidates are found through an index of three-word sequences (a
quote inside another shares all of its sequences; a reworded quote keeps
some), skipping sequences so common that they would make every quote a candidate.
"""
from __future__ import annotations

import hashlib
from array import array
from typing import Iterator

from ..normalize import WORD_RE, fold

MIN_NEAR_WORDS = 5
MIN_PART_WORDS = 10
MIN_OVERLAP = 0.6
SHINGLE = 3  # words per indexed sequence
MAX_POSTING = 200  # a sequence in more wordings than this is too common to find candidates with
MAX_COMPARED_WORDS = 200  # words of a quote compared with others (99.9% of quotes are shorter): bounded memory
DIGEST_BYTES = 16  # a longer exact wording is kept as its digest
# distinct wordings of one article indexed for near matches (a news article has a few dozen quotes): past
# this, an article's quotes still join the clusters they match, but later quotes find them only when equal
MAX_INDEXED_PER_ARTICLE = 1000
_NOT_KEPT = array("I")


def wording(text: str, speaker: str = "") -> tuple[bytes, bytes, bytes]:
    """What clustering compares: (the exact wording, folded speaker name or b"", the words compared).

    The exact wording is the normalised words joined by spaces, or its 16-byte
    digest when longer than that: equal quotes are found by it, and a long
    quote costs the parent no more than a short one.  Near matches compare
    the first ``MAX_COMPARED_WORDS`` words.  The speaker counts only for short
    quotes («لا تعليق» by two people is two quotes).  UTF-8 bytes: a corpus
    worker computes them and the parent only compares them, never decodes
    them; and the same in every process (unlike ``hash``, which Python seeds per process).
    """
    words = [fold(w) for w in WORD_RE.findall(text)]
    speaker_key = "" if len(words) >= MIN_NEAR_WORDS else fold(speaker) or " "
    joined = " ".join(words).encode()
    exact = joined if len(joined) <= DIGEST_BYTES else hashlib.blake2b(joined, digest_size=DIGEST_BYTES).digest()
    compared = joined if len(words) <= MAX_COMPARED_WORDS else " ".join(words[:MAX_COMPARED_WORDS]).encode()
    return exact, speaker_key.encode(), compared


class QuoteClusters:
    def __init__(self):
        self.variant_of: dict[tuple, int] = {}  # (exact wording, speaker) -> variant
        self.words: list[array] = []  # variant -> its compared words, as numbers (``vocabulary``)
        self.vocabulary: dict[bytes, int] = {}  # a word -> its number: each distinct word is held once
        self.cluster: list[int] = []  # variant -> provisional cluster
        self.parent: list[int] = []  # union-find over provisional clusters
        self.first: list[tuple] = []  # cluster -> (no date, date, seq, article id) of its earliest article
        self.postings: dict[int, list[int]] = {}  # hash of a word sequence -> variants (long quotes only)
        self._seq, self._indexed = -1, 0  # the article being added, and how many of its wordings are indexed

    def add(self, seq: int, article, text: str, speaker: str = "") -> int:
        """Provisional cluster of a quote of ``article`` (the ``seq``-th article of the input)."""
        return self.add_wording(seq, article.date, article.id, wording(text, speaker))

    def add_wording(self, seq: int, date: str, article_id: str, key: tuple[bytes, bytes, bytes]) -> int:
        """:meth:`add` for a quote whose :func:`wording` was computed elsewhere (a corpus worker)."""
        when = (not date, date, seq, article_id)
        exact, speaker, compared = key
        v = self.variant_of.get((exact, speaker))
        if v is not None:  # a wording seen before: most quotes of a corpus that repeats the news
            c = self._find(self.cluster[v])
            if when < self.first[c]:
                self.first[c] = when
            return c
        vocabulary = self.vocabulary
        words = array("I", [vocabulary.setdefault(w, len(vocabulary)) for w in compared.split(b" ")]
                      if compared else [])
        long = not speaker  # wording() names the speaker of short quotes only
        if seq != self._seq:
            self._seq, self._indexed = seq, 0
        indexed = long and self._indexed < MAX_INDEXED_PER_ARTICLE
        self._indexed += indexed
        c = len(self.parent)
        self.parent.append(c)
        self.first.append(when)
        v = self.variant_of[exact, speaker] = len(self.words)
        self.words.append(words if indexed else _NOT_KEPT)
        self.cluster.append(c)
        if long:
            keys = shingles(words)
            for other in self._near(words, keys, c):
                c = self._union(c, self.cluster[other])
            if indexed:
                for k in keys:
                    posting = self.postings.setdefault(k, [])
                    if len(posting) <= MAX_POSTING:
                        posting.append(v)
        return self._find(c)

    def _near(self, words, keys: set, cluster: int) -> Iterator[int]:
        """Earlier long variants that are the same quote as ``words`` (of the provisional ``cluster``),
        skipping those already in its cluster: joining them again would change nothing."""
        seen: set[int] = set()
        for k in keys:
            posting = self.postings.get(k)
            if posting and len(posting) <= MAX_POSTING:
                seen.update(posting)
        for v in sorted(seen):
            if self._find(self.cluster[v]) == self._find(cluster):
                continue
            if same_quote(words, self.words[v]):
                cluster = self._union(cluster, self.cluster[v])
                yield v

    def _find(self, c: int) -> int:
        parent = self.parent
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def _union(self, a: int, b: int) -> int:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        ra, rb = min(ra, rb), max(ra, rb)  # the older cluster absorbs the newer
        self.parent[rb] = ra
        self.first[ra] = min(self.first[ra], self.first[rb])
        return ra

    def finish(self) -> "ClusterTable":
        return ClusterTable(self)


def shingles(words) -> set[int]:
    # hashes, not tuples: a collision only adds a candidate, which same_quote then checks
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(max(1, len(words) - SHINGLE + 1))}


def same_quote(a, b) -> bool:
    """Equal, one inside the other, or high word overlap (both long enough).

    ``a`` and ``b``: words as tuples of strings, or numbered (``array("I")``, as the clusters keep them).
    """
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_NEAR_WORDS:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if (len(short) >= MIN_PART_WORDS or 2 * len(short) >= len(long)) and _runs_inside(short, long):
        return True
    sa, sb = set(a), set(b)
    return len(sa & sb) >= MIN_OVERLAP * len(sa | sb)


def _runs_inside(short, long) -> bool:
    """``short``'s words appear, in order and together, in ``long``."""
    if isinstance(short, array):  # numbered words: find the bytes, at a word's boundary
        needle, hay, size = short.tobytes(), long.tobytes(), short.itemsize
        at = hay.find(needle)
        while at >= 0 and at % size:
            at = hay.find(needle, at + 1)
        return at >= 0
    sep = " "
    return sep + sep.join(short) + sep in sep + sep.join(long) + sep


class ClusterTable:
    """Final cluster ids: ``c000001`` … in order of first appearance, with each cluster's earliest article."""

    def __init__(self, clusters: QuoteClusters):
        self.clusters = clusters
        self.labels: dict[int, str] = {}

    def cluster_id(self, provisional: int) -> str:
        root = self.clusters._find(provisional)
        label = self.labels.get(root)
        if label is None:
            label = self.labels[root] = f"c{len(self.labels) + 1:06d}"
        return label

    def first_article(self, provisional: int) -> str:
        return self.clusters.first[self.clusters._find(provisional)][3]
