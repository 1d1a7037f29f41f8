"""The entity recogniser's network: a window of hashed word features, one hidden layer, tags.

Small on purpose (the speed target is a share of bare tokenisation): each
distinct word's vector is the sum of its hashed feature rows, computed once
and cached; a word's hidden layer reads the vectors of two words on each side
(never across a sentence end or a line break) plus the punctuation flags
before each; the output is a BIO tag.  Decoding is Viterbi over the tags'
log-probabilities with the tag transitions learnt from the training data,
and only where a word is not almost surely outside every entity (most words).

The weights are data (``quotetrack/data/entities.npz``), written by
``quotetrack train-entities`` (``training.py``); this module only reads them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import Errors, ModelError
from .features import BREAK_FLAGS, CharModel, hash_rows, word_features

MODEL = Path(__file__).resolve().parent.parent / "data" / "entities.npz"
SURE_OUTSIDE = 0.985  # p(O) above which a word is not decoded: it is outside every entity
CACHE_LIMIT = 200_000  # distinct words whose vectors are kept (about 40 MB at the shipped size)
PROJECTION_CACHE = 8_000  # distinct words whose projections are kept too (about 20 MB)


@dataclass
class Weights:
    """The learnt arrays and the configuration they were trained with."""

    config: dict  # labels (tag names), window, n_rows, dim, hidden
    E: np.ndarray  # (n_rows, dim) hashed feature rows
    G: np.ndarray  # (n_gaps, dim) punctuation flags before a word
    PAD: np.ndarray  # (dim,) a position outside the sentence
    W1: np.ndarray  # ((2 * window + 1) * dim, hidden)
    b1: np.ndarray
    W2: np.ndarray  # (hidden, n_tags)
    b2: np.ndarray
    trans: np.ndarray  # (n_tags, n_tags) log p(tag | previous tag), -inf where BIO forbids
    start: np.ndarray  # (n_tags,) log p(first tag)
    chars: CharModel | None = None  # the letter model of the "lm=" feature

    ARRAYS = ("E", "G", "PAD", "W1", "b1", "W2", "b2", "trans", "start")

    @property
    def tags(self) -> list[str]:
        return self.config["tags"]

    def save(self, target) -> None:
        """Write to a path or a binary file: float16 for the big tables (the model ships in the
        wheel), float32 in use."""
        arrays = {k: getattr(self, k).astype(np.float16 if k in ("E", "W1") else np.float32) for k in self.ARRAYS}
        if self.chars is not None:
            arrays.update(self.chars.arrays())
        config = np.frombuffer(json.dumps(self.config, sort_keys=True).encode(), np.uint8)
        if isinstance(target, (str, Path)):
            with open(target, "wb") as fh:
                np.savez_compressed(fh, config=config, **arrays)
        else:
            np.savez_compressed(target, config=config, **arrays)

    @classmethod
    def load(cls, path: str | Path = MODEL) -> "Weights":
        try:
            with np.load(path, allow_pickle=False) as data:
                config = json.loads(bytes(data["config"]).decode("utf-8"))
                arrays = {k: data[k].astype(np.float32) for k in cls.ARRAYS}
                chars = CharModel.from_arrays({k: data[k] for k in data.files if k.startswith("lm_")}) \
                    if "lm_tri" in data.files else None
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(Errors.E080.format(path=path, detail=err)) from None
        return cls(config, **arrays, chars=chars)


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def allowed_transitions(tags: list[str]) -> np.ndarray:
    """(n, n) booleans: may tag j follow tag i?  I-X only after B-X or I-X."""
    n = len(tags)
    ok = np.ones((n, n), dtype=bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            for i, prev in enumerate(tags):
                ok[i, j] = prev[2:] == t[2:] and prev[:2] in ("B-", "I-")
    return ok


def windows(X: np.ndarray, pad: np.ndarray, segments: np.ndarray, window: int) -> np.ndarray:
    """(n, (2w+1)·d): each word's vector with its neighbours', padding outside its segment."""
    n = len(X)
    Xp = np.vstack([X, pad[None, :]])
    base = np.arange(n)
    cols = []
    for off in range(-window, window + 1):
        idx = base + off
        inside = (idx >= 0) & (idx < n)
        idx = np.clip(idx, 0, max(n - 1, 0))
        inside &= segments[idx] == segments
        cols.append(np.where(inside, idx, n))
    return Xp[np.stack(cols, axis=1)].reshape(n, -1)


def segments_of(gaps: np.ndarray) -> np.ndarray:
    """A new segment at each word after a sentence end or a line break."""
    return np.cumsum((gaps & BREAK_FLAGS) != 0)


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


class Network:
    """Inference with one set of weights; word vectors cached across documents.

    The hidden layer is computed without building the window matrix: each
    word's vector is projected once for every window offset (one matrix
    product), and a word sums its neighbours' projections — the same numbers,
    a fifth of the memory traffic."""

    def __init__(self, weights: Weights, analyser, lexicon):
        self.w = weights
        self.analyser = analyser
        self.lexicon = lexicon
        self.window = weights.config["window"]
        self.n_rows = weights.config["n_rows"]
        dim, hidden = weights.E.shape[1], weights.b1.shape[0]
        width = 2 * self.window + 1
        # W1 as (dim, offsets × hidden): one product gives every offset's projection
        self.W1 = np.ascontiguousarray(weights.W1.reshape(width, dim, hidden).transpose(1, 0, 2).reshape(dim, -1))
        self.pad_proj = (weights.PAD @ self.W1).reshape(width, hidden)
        self.gap_proj = (weights.G @ self.W1).astype(np.float32)  # the punctuation flags' share, once
        self._proj = np.zeros((0, width * hidden), dtype=np.float32)
        self.hidden = hidden
        self._ids: dict[str, int] = {}
        self._vectors = np.zeros((1024, dim), dtype=np.float32)
        tags = weights.tags
        self.outside = tags.index("O")
        self.inside = np.flatnonzero([t.startswith("I-") for t in tags])  # the I- tags' columns
        # log-odds taken from "outside" before decoding, chosen on held-out data: the network is
        # surer of O than it should be on names it never saw (precision .85, recall .6 without it)
        self.outside_bias = float(weights.config.get("outside_bias", 0.0))

    def _projections(self, ids: np.ndarray) -> np.ndarray:
        """Each word's projection for every window offset (its vector times W1): kept for the
        first PROJECTION_CACHE distinct words a process meets — the common ones, which make most
        of any article — and computed for the rest."""
        have = len(self._proj)
        want = min(int(ids.max()) + 1, PROJECTION_CACHE) if len(ids) else have
        if want > have:
            new = self._vectors[have:want] @ self.W1
            self._proj = np.vstack([self._proj, new]) if have else new
        cached = ids < len(self._proj)
        if cached.all():
            return self._proj[ids]
        out = np.empty((len(ids), self.W1.shape[1]), dtype=np.float32)
        out[cached] = self._proj[ids[cached]]
        out[~cached] = self._vectors[ids[~cached]] @ self.W1
        return out

    def ids(self, folded: list[str]) -> np.ndarray:
        """Row of each word in the vector cache, computing the vectors of new words."""
        known = list(map(self._ids.get, folded))
        if None not in known:  # every word met before (most articles after the first few): no loop
            return np.array(known, dtype=np.int64)
        ids, out = self._ids, np.empty(len(folded), dtype=np.int64)
        for k, f in enumerate(folded):
            i = ids.get(f)
            if i is None:
                if len(ids) >= CACHE_LIMIT:
                    ids.clear()
                    self._proj = self._proj[:0]
                i = ids[f] = len(ids)
                if i >= len(self._vectors):
                    grown = np.zeros((2 * len(self._vectors), self._vectors.shape[1]), dtype=np.float32)
                    grown[:len(self._vectors)] = self._vectors
                    self._vectors = grown
                rows = hash_rows(word_features(f, self.analyser, self.lexicon, self.w.chars), self.n_rows)
                self._vectors[i] = self.w.E[rows].sum(axis=0)
            out[k] = i
        return out

    def log_probs(self, folded: list[str], gaps: np.ndarray) -> np.ndarray:
        """(n, n_tags) log-probabilities of each word's tag (with the bias against "outside")."""
        n = len(folded)
        if not n:
            return np.zeros((0, len(self.w.tags)), dtype=np.float32)
        # one article's products are small: BLAS threads would spin more than they compute
        # (5 ms of CPU instead of 1.4 for a 500-word article on two cores)
        with _blas().limit(limits=1, user_api="blas"):
            return self._log_probs(folded, gaps)

    def _log_probs(self, folded: list[str], gaps: np.ndarray) -> np.ndarray:
        w = self.w
        n = len(folded)
        ids = self.ids(folded)  # may grow the cache: read it after
        P = self._projections(ids)  # a fresh array (fancy indexing copies): added to in place
        P += self.gap_proj[gaps]
        P = P.reshape(n, 2 * self.window + 1, self.hidden)
        seg = segments_of(gaps)
        H = np.empty((n, self.hidden), dtype=np.float32)
        H[:] = w.b1
        for k, off in enumerate(range(-self.window, self.window + 1)):
            # word i reads its neighbour i+off through that offset's projection, or padding
            lo, hi = max(0, -off), min(n, n - off)
            if lo >= hi:
                H += self.pad_proj[k]
                continue
            same = seg[lo:hi] == seg[lo + off:hi + off]
            read = P[lo + off:hi + off, k]
            if not same.all():  # across a segment's edge the neighbour is padding
                read = read.copy()
                read[~same] = self.pad_proj[k]
            H[lo:hi] += read
            H[:lo] += self.pad_proj[k]
            H[hi:] += self.pad_proj[k]
        np.maximum(H, 0, out=H)
        Z = H @ w.W2 + w.b2
        if self.outside_bias:
            Z[:, self.outside] -= self.outside_bias
        return log_softmax(Z)

    def decode(self, logp: np.ndarray, gaps: np.ndarray) -> np.ndarray:
        """Best tag sequence: Viterbi over each run of words that are not surely outside."""
        tags = np.full(len(logp), self.outside)
        if not len(logp):
            return tags
        logp = logp.copy()
        starts_segment = (gaps & BREAK_FLAGS) != 0
        starts_segment[0] = True
        logp[np.flatnonzero(starts_segment)[:, None], self.inside] = -np.inf  # no entity runs on across a sentence end
        unsure = np.exp(logp[:, self.outside]) < SURE_OUTSIDE
        idx = np.flatnonzero(unsure)
        if not len(idx):
            return tags
        # runs of consecutive unsure words
        bounds = np.concatenate(([0], np.flatnonzero(idx[1:] - idx[:-1] > 1) + 1, [len(idx)]))
        starts, lengths = idx[bounds[:-1]], bounds[1:] - bounds[:-1]
        # runs of about one length (1, 2–3, 4–7 … words) are decoded together, a step for all of
        # them at once: an article has dozens of short runs and a call per run cost more than its sums
        bucket = np.frexp(lengths)[1]
        for b in sorted(set(bucket.tolist())):
            first, sizes = starts[bucket == b], lengths[bucket == b]
            span = np.arange(int(sizes.max()))
            rows = np.minimum(first[:, None] + span, len(logp) - 1)  # a shorter run's tail: not read
            words = span < sizes[:, None]
            tags[rows[words]] = self._viterbi(logp[rows], first == 0, sizes)[words]
        return tags

    def _viterbi(self, logp: np.ndarray, first_of_doc: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """Best tags of R runs: ``logp`` is (R, L, n_tags), the first ``sizes[r]`` rows run r's words."""
        w = self.w
        # a run follows a word that is outside (or the document start) and is followed by one
        score = logp[:, 0] + np.where(first_of_doc[:, None], w.start, w.trans[self.outside])
        runs, length = logp.shape[:2]
        back = np.zeros((runs, length, logp.shape[2]), dtype=np.int64)
        for t in range(1, length):
            cand = score[:, :, None] + w.trans  # (R, previous tag, tag)
            back[:, t] = cand.argmax(axis=1)
            step = np.maximum.reduce(cand, axis=1) + logp[:, t]  # the value at back[:, t]
            score = np.where((t < sizes)[:, None], step, score)  # a run that has ended keeps its score
        score = score + w.trans[:, self.outside]
        out = np.empty((runs, length), dtype=np.int64)
        tag = score.argmax(axis=1)  # each run's last tag, then back from there
        every = np.arange(runs)
        for t in range(length - 1, 0, -1):
            out[:, t] = tag
            tag = np.where(t < sizes, back[every, t, tag], tag)
        out[:, 0] = tag
        return out
