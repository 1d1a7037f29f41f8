"""Training the entity recogniser from NewsFANE Gold: ``quotetrack train-entities``.

NewsFANE Gold (Alotaibi & Lee, COLING 2014; CC BY-SA 3.0) is Arabic newswire
in CoNLL form with 50 fine classes, its text normalised and clitic-split
(``و قال``، ``اجهزت ها``).  Training rebuilds text that looks like what the
pipeline reads — clitics glued back (``و`` + ``المسلمين`` → ``والمسلمين``, the
entity still starting after the و), punctuation against its word — and reads
it with the very code the pipeline uses (``Words``, ``features.py``), so the
model never sees a form it will not meet.  Sentences are kept in blocks of
consecutive sentences (one story rarely spans two blocks) and the blocks are
split train/dev/test with a fixed seed, so test names are mostly unseen.

Everything is seeded: the same data and options give the same weights and
the same scores.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import Errors, ModelError
from ..normalize import Words
from .evaluation import entity_scores, spans_of
from .features import IDENTITY, N_GAPS, CharModel, gap_ids, hash_rows, word_features
from .model import Network, Weights, allowed_transitions, log_softmax, segments_of, windows

# NewsFANE's fine classes → the labels the pipeline uses.  Products, works and vehicles
# (Book, Movie, Software, Air …) never speak and are rarely what news quotes are about: O.
COARSE = {
    "PER": ("Politician", "Athlete", "Other_PER", "Artist", "Religious_PER", "Scientist", "Businessperson",
            "Police", "Lawyer", "Engineer"),
    "ORG": ("Non-Governmental", "Sports", "Government", "Media", "Commercial", "Educational",
            "Medical-Science", "Entertainment", "Religious_ORG"),
    "GPE": ("Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "County-or-District"),
    "LOC": ("Continent", "Water-Body", "Land", "Land-Region-Natural", "Path", "Celestial", "Building-Grounds",
            "Airport", "Subarea-Facility"),
    "GRP": ("Group",),
}
FINE_TO_COARSE = {fine: coarse for coarse, fines in COARSE.items() for fine in fines}
PROCLITIC_TOKENS = {"و", "ف", "ب", "ل", "ك", "س"}
ENCLITIC_TOKENS = {"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "نا", "ني", "ي"}
CLOSING = set(".،,:;؛!?؟)]}%")
OPENING = set("([{")
BLOCK = 20  # consecutive sentences kept together when splitting


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


# -- reading ------------------------------------------------------------------------------------
def read_conll(path: str | Path, limit: int = 0) -> list[list[tuple[str, str]]]:
    """Sentences of (token, coarse BIO tag); unknown or unused classes become O."""
    sents, cur = [], []
    try:
        fh = open(path, encoding="utf-8-sig")
    except OSError as err:
        raise ModelError(Errors.E083.format(path=path, detail=err)) from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                    if limit and len(sents) >= limit:
                        break
                continue
            token, sep, tag = line.partition("\t")
            if not sep:
                raise ModelError(Errors.E082.format(path=path, line=lineno, detail="no tab"))
            tag = tag.strip()
            if tag != "O" and not tag[:2] in ("B-", "I-"):
                raise ModelError(Errors.E082.format(path=path, line=lineno, detail=f"tag {tag!r}"))
            if token.startswith("==="):
                continue  # a file separator line
            coarse = FINE_TO_COARSE.get(tag[2:]) if tag != "O" else None
            cur.append((token.strip(), f"{tag[:2]}{coarse}" if coarse else "O"))
    if cur:
        sents.append(cur)
    if not sents:
        raise ModelError(Errors.E082.format(path=path, line=0, detail="no sentences"))
    return sents


def rebuild(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of consecutive sentences as an article would print them, and the entities' char spans."""
    pieces: list[str] = []
    pos = 0
    spans: list[list] = []
    for sent in sentences:
        glue = False  # the next token joins the previous one (after a proclitic or an opening bracket)
        for k, (tok, tag) in enumerate(sent):
            nxt = sent[k + 1][0] if k + 1 < len(sent) else ""
            proclitic = tok in PROCLITIC_TOKENS and tag == "O" and nxt[:1].isalpha() and len(nxt) > 1
            enclitic = tok in ENCLITIC_TOKENS and tag == "O" and pieces and pieces[-1][-1:].isalpha() \
                and not proclitic  # ك ما is كما (a proclitic), اجهزت ها is اجهزتها (an enclitic)
            if pieces and not glue and tok not in CLOSING and not enclitic:
                pieces.append(" ")
                pos += 1
            begin = pos
            pieces.append(tok)
            pos += len(tok)
            if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][3] is not True)):
                spans.append([begin, pos, tag[2:], True])
            elif tag.startswith("I-"):
                spans[-1][1] = pos
            elif spans and spans[-1][3] is True:
                spans[-1][3] = False
            glue = proclitic or tok in OPENING
        if spans:
            spans[-1][3] = False
    return "".join(pieces), [(s, e, lab) for s, e, lab, _ in spans]


def blocks(sentences: list, size: int = BLOCK) -> list[list]:
    return [sentences[i:i + size] for i in range(0, len(sentences), size)]


def split(items: list, seed: int) -> tuple[list, list, list]:
    """80 / 10 / 10 with a fixed seed."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    n = len(items)
    n_test = max(1, n // 10) if n >= 3 else 0
    n_dev = max(1, n // 10) if n >= 3 else 0
    test = [items[i] for i in sorted(order[:n_test])]
    dev = [items[i] for i in sorted(order[n_test:n_test + n_dev])]
    train = [items[i] for i in sorted(order[n_test + n_dev:])]
    return train, dev, test


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
