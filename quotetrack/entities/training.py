"""Training the entity recogniser from NewsFANE Gold: ``quotetrack train-entities``.

The rebuilt text (``newsfane.py``) is read with the very code the pipeline
uses (``Words``, ``features.py``), so the model never sees a form it will not
meet.  Held out: a random tenth of sentences for dev and another for test
(``--split sentences``, the figure comparable with other NewsFANE results), or
blocks of consecutive sentences (``--split stories``: test names mostly
unseen).  The network is fit with Adam on a weighted cross-entropy (words
inside entities weigh more), early-stopped on the dev F1; the bias against
"outside" that decoding applies is chosen on dev too.

Everything is seeded: the same data and options give the same weights and
the same scores.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..normalize import Words
from .evaluation import entity_scores, spans_of
from .features import IDENTITY, N_GAPS, CharModel, gap_ids, hash_rows, word_features
from .model import Network, Weights, allowed_transitions, log_softmax, segments_of
from .newsfane import BLOCK, COARSE, blocks, read_conll, rebuild, split  # noqa: F401  (read_conll: re-exported)

@dataclass
class Options:
    seed: int = 13
    epochs: int = 30
    patience: int = 5
    window: int = 2
    n_rows: int = 1 << 15
    dim: int = 48
    hidden: int = 128
    batch_words: int = 2000
    lr: float = 2e-3
    dropout: float = 0.5
    identity_dropout: float = 0.5  # share of words trained with their identity hidden (names nobody saw)
    l2: float = 1e-6
    entity_weight: float = 2.0  # loss weight of words inside entities (O words weigh 1): recall vs precision
    limit: int = 0  # read only this many sentences (the test slice); 0 = all
    hide_grams: bool = False  # identity dropout hides the letter n-grams too
    char_model: bool = True  # the "lm=" feature (how Arabic a spelling looks)
    split: str = "sentences"  # sentences: a random tenth of sentences held out; stories: blocks of BLOCK


# -- examples -------------------------------------------------------------------------------------
@dataclass
class Example:
    folded: list[str]
    gaps: np.ndarray
    tags: np.ndarray  # tag index per word
    spans: set  # gold (first word, last word, label)


def make_example(text: str, spans: list[tuple[int, int, str]], tags: list[str]) -> Example:
    words = Words(text)
    y = np.zeros(len(words), dtype=np.int64)
    index = {t: i for i, t in enumerate(tags)}
    for s, e, lab in spans:
        first = words.index_before(s + 1) if s < len(text) else len(words) - 1
        first = max(first, 0)
        if words.ends[first] <= s:
            first += 1
        last = words.index_before(e)
        if first >= len(words) or last < first:
            continue
        y[first] = index["B-" + lab]
        y[first + 1:last + 1] = index["I-" + lab]
    ex = Example(words.folded, gap_ids(text, words), y, set())
    ex.spans = spans_of(y, tags)
    return ex


def tag_names() -> list[str]:
    return ["O"] + [f"{p}-{lab}" for lab in COARSE for p in ("B", "I")]


# -- training ------------------------------------------------------------------------------------
class Trainer:
    def __init__(self, opts: Options, analyser, lexicon, log=print):
        self.o = opts
        self.analyser, self.lexicon = analyser, lexicon
        self.log = log
        self.tags = tag_names()
        self.rng = np.random.default_rng(opts.seed)
        self._rows: dict[str, np.ndarray] = {}
        self.chars = CharModel.from_words(lexicon.words(3.0)) if opts.char_model else None

    def rows(self, folded: str) -> tuple[np.ndarray, np.ndarray]:
        """The word's feature rows, and the rows it has with its identity hidden."""
        r = self._rows.get(folded)
        if r is None:
            feats = word_features(folded, self.analyser, self.lexicon, self.chars)
            hidden = [("<unk>" + f[:2]) if f.startswith(IDENTITY) else f for f in feats
                      if not (self.o.hide_grams and f.startswith("g="))]
            r = self._rows[folded] = (np.array(hash_rows(feats, self.o.n_rows)),
                                      np.array(hash_rows(hidden, self.o.n_rows)))
        return r

    def init_weights(self) -> Weights:
        o, rng = self.o, self.rng
        n_in = (2 * o.window + 1) * o.dim
        T = len(self.tags)
        config = dict(tags=self.tags, window=o.window, n_rows=o.n_rows, dim=o.dim, hidden=o.hidden)
        return Weights(config,
                       E=(rng.standard_normal((o.n_rows, o.dim)) * 0.05).astype(np.float32),
                       G=np.zeros((N_GAPS, o.dim), np.float32), PAD=np.zeros(o.dim, np.float32),
                       W1=(rng.standard_normal((n_in, o.hidden)) * np.sqrt(2 / n_in)).astype(np.float32),
                       b1=np.zeros(o.hidden, np.float32),
                       W2=(rng.standard_normal((o.hidden, T)) * np.sqrt(1 / o.hidden)).astype(np.float32),
                       b2=np.zeros(T, np.float32), trans=np.zeros((T, T), np.float32),
                       start=np.zeros(T, np.float32), chars=self.chars)

    def transitions(self, w: Weights, train: list[Example]) -> None:
        """Tag transitions counted on the training data (add-one), forbidden ones -inf."""
        T = len(self.tags)
        counts = np.ones((T, T))
        first = np.ones(T)
        for ex in train:
            seg = segments_of(ex.gaps)
            for t in range(len(ex.tags)):
                if t == 0 or seg[t] != seg[t - 1]:
                    first[ex.tags[t]] += 1
                else:
                    counts[ex.tags[t - 1], ex.tags[t]] += 1
        ok = allowed_transitions(self.tags)
        trans = np.log(counts / counts.sum(axis=1, keepdims=True))
        w.trans = np.where(ok, trans, -np.inf).astype(np.float32)
        start = np.log(first / first.sum())
        w.start = np.where([not t.startswith("I-") for t in self.tags], start, -np.inf).astype(np.float32)

    def batches(self, train: list[Example]):
        order = self.rng.permutation(len(train))
        batch, n = [], 0
        for i in order:
            batch.append(train[i])
            n += len(train[i].folded)
            if n >= self.o.batch_words:
                yield batch
                batch, n = [], 0
        if batch:
            yield batch

    def step(self, w: Weights, adam: "Adam", batch: list[Example]) -> float:
        o = self.o
        folded = [f for ex in batch for f in ex.folded]
        if not folded:
            return 0.0
        hide = self.rng.random(len(folded)) < o.identity_dropout
        rows = [self.rows(f)[int(h)] for f, h in zip(folded, hide)]
        width = max(len(r) for r in rows)
        # words have different numbers of features (letter n-grams): pad with a zero row
        R = np.full((len(rows), width), o.n_rows, dtype=np.int64)
        for k, r in enumerate(rows):
            R[k, :len(r)] = r
        gaps = np.concatenate([ex.gaps for ex in batch])
        # one segment per example and per sentence inside it
        seg = np.concatenate([segments_of(ex.gaps) + 1_000_000 * k for k, ex in enumerate(batch)])
        y = np.concatenate([ex.tags for ex in batch])
        n = len(y)
        Ez = np.vstack([w.E, np.zeros((1, w.E.shape[1]), np.float32)])
        X = Ez[R].sum(axis=1) + w.G[gaps]
        keep_x = (self.rng.random(X.shape) >= o.dropout).astype(np.float32) / (1 - o.dropout)
        X = X * keep_x
        Xw, cols = _windows_with_index(X, w.PAD, seg, o.window)
        H = Xw @ w.W1 + w.b1
        A = np.maximum(H, 0)
        keep_a = (self.rng.random(A.shape) >= o.dropout).astype(np.float32) / (1 - o.dropout)
        A = A * keep_a
        logp = log_softmax(A @ w.W2 + w.b2)
        weight = np.where(y != 0, o.entity_weight, 1.0).astype(np.float32)
        weight /= weight.sum()
        loss = -(weight * logp[np.arange(n), y]).sum()
        dZ = np.exp(logp)
        dZ[np.arange(n), y] -= 1
        dZ *= weight[:, None]
        grads = {"W2": A.T @ dZ, "b2": dZ.sum(0)}
        dH = (dZ @ w.W2.T) * keep_a * (H > 0)
        grads["W1"], grads["b1"] = Xw.T @ dH, dH.sum(0)
        dXw = (dH @ w.W1.T).reshape(n, 2 * o.window + 1, -1)
        dXp = np.zeros((n + 1, X.shape[1]), np.float32)
        np.add.at(dXp, cols, dXw)
        dX = dXp[:n] * keep_x
        grads["PAD"] = dXp[n]
        dG = np.zeros_like(w.G)
        np.add.at(dG, gaps, dX)
        grads["G"] = dG
        dE = np.zeros((w.E.shape[0] + 1, w.E.shape[1]), np.float32)
        np.add.at(dE, R, np.broadcast_to(dX[:, None, :], (n, R.shape[1], dX.shape[1])))
        grads["E"] = dE[:-1]
        adam.update(w, grads, o.l2)
        return float(loss)

    def evaluate(self, w: Weights, examples: list[Example]) -> dict:
        net = Network(w, self.analyser, self.lexicon)
        gold, pred = [], []
        for ex in examples:
            tags = net.decode(net.log_probs(ex.folded, ex.gaps), ex.gaps)
            gold.append(ex.spans)
            pred.append(spans_of(tags, self.tags))
        return entity_scores(gold, pred)

    def fit(self, train: list[Example], dev: list[Example]) -> tuple[Weights, dict]:
        o = self.o
        w = self.init_weights()
        self.transitions(w, train)
        adam = Adam(w, o.lr)
        best, best_f, best_epoch, waited = None, -1.0, 0, 0
        for epoch in range(1, o.epochs + 1):
            t0 = time.process_time()
            losses = [self.step(w, adam, b) for b in self.batches(train)]
            scores = self.evaluate(w, dev) if dev else {"ALL": {"f1": 0.0}}
            f = scores["ALL"]["f1"]
            self.log(f"epoch {epoch:2d}  loss {np.mean(losses):.4f}  dev F1 {f:.3f}  "
                     f"PER {scores.get('PER', {}).get('f1', 0):.3f}  ({time.process_time() - t0:.0f} s CPU)")
            if f > best_f:
                best, best_f, best_epoch, waited = _copy(w), f, epoch, 0
            else:
                waited += 1
                if waited >= o.patience:
                    break
            adam.lr *= 0.9
        best.config["epochs"] = best_epoch
        if dev:  # the bias against "outside" that gives the best held-out F1
            for bias in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0):
                best.config["outside_bias"] = bias
                f = self.evaluate(best, dev)["ALL"]["f1"]
                self.log(f"outside bias {bias}: dev F1 {f:.3f}")
                if f <= best_f:
                    best.config["outside_bias"] = bias - 0.5
                    break
                best_f = f
        return best, {"dev_f1": best_f, "epoch": best_epoch}


def _windows_with_index(X, pad, seg, window):
    n = len(X)
    base = np.arange(n)
    cols = []
    for off in range(-window, window + 1):
        idx = base + off
        inside = (idx >= 0) & (idx < n)
        idx = np.clip(idx, 0, n - 1)
        inside &= seg[idx] == seg
        cols.append(np.where(inside, idx, n))
    cols = np.stack(cols, axis=1)
    Xp = np.vstack([X, pad[None, :]])
    return Xp[cols].reshape(n, -1), cols


def _copy(w: Weights) -> Weights:
    return Weights(dict(w.config), **{k: getattr(w, k).copy() for k in Weights.ARRAYS}, chars=w.chars)


class Adam:
    """Adam on the trainable arrays (transitions are counted, not learnt)."""

    TRAINED = ("E", "G", "PAD", "W1", "b1", "W2", "b2")

    def __init__(self, w: Weights, lr: float, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0
        self.m = {k: np.zeros_like(getattr(w, k)) for k in self.TRAINED}
        self.v = {k: np.zeros_like(getattr(w, k)) for k in self.TRAINED}

    def update(self, w: Weights, grads: dict, l2: float) -> None:
        self.t += 1
        corr = np.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        for k in self.TRAINED:
            g = grads[k] + l2 * getattr(w, k)
            self.m[k] *= self.b1
            self.m[k] += (1 - self.b1) * g
            self.v[k] *= self.b2
            self.v[k] += (1 - self.b2) * g * g
            getattr(w, k)[...] -= (self.lr * corr * self.m[k] / (np.sqrt(self.v[k]) + self.eps)).astype(np.float32)


def prepare(path: str | Path, opts: Options) -> tuple[list[Example], list[Example], list[Example]]:
    sents = read_conll(path, opts.limit)
    tags = tag_names()
    if opts.split == "stories":
        return split([make_example(*rebuild(b), tags) for b in blocks(sents)], opts.seed)
    # sentences held out at random, the rest kept in their order (context across sentences)
    train, dev, test = split(list(range(len(sents))), opts.seed)
    held = set(dev) | set(test)
    runs, cur = [], []
    for i in range(len(sents)):
        if i in held:
            if cur:
                runs.append(cur)
                cur = []
        else:
            cur.append(sents[i])
            if len(cur) >= BLOCK:
                runs.append(cur)
                cur = []
    if cur:
        runs.append(cur)
    one = lambda idx: [make_example(*rebuild([sents[i]]), tags) for i in idx]
    return [make_example(*rebuild(r), tags) for r in runs], one(dev), one(test)
