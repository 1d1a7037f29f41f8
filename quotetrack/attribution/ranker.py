"""The attribution ranker: one linear score per candidate, a softmax over them and "nobody".

The weights are data (``rules/attribution_ranker.yaml``), written by
``quotetrack train-attribution`` (``training.py``) and validated on load:
every feature named there must be one ``features.py`` can produce.  The
chosen candidate's probability is calibrated (Platt scaling fit on
leave-one-article-out predictions), so ``confidence`` means what it says:
of quotes given 0.8, about eight in ten have the right speaker.

``fit`` and ``platt`` are the learning half, plain numpy: a conditional logit
(each quote a softmax over its candidates and the null option; a quote whose
gold speaker is several candidates — two mentions of one chain — counts them
all) with an L2 penalty, fit by full-batch gradient descent with Adam.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..errors import Errors, RulesError

L2 = 0.003  # the penalty on the weights: chosen by leave-one-article-out accuracy on the dev set

# the families of feature names features.py produces (checked when weights are loaded)
FEATURE_NAME = re.compile(r"^(p:[a-z_]+(&cue:[a-z]+)?|open_len|patterns|in_lede|latest_person|only_person|latest_speaker|k:[a-z]+|by:[a-z]+|ner:[A-Z]+|ner_score|explicit_far|zipf|"
                          r"common_word|given|governed|one_word|bare_role|in_heading|after_cue|same_sentence|other_section|far_back|"
                          r"para_back[0-3]|agr:[a-z_]+|spoke_section|spoke_count|spoke_last|spoke_before|"
                          r"null(:cue:[a-z]+|:no_explicit|:direct)?)$")


@dataclass
class Decision:
    index: int  # the chosen candidate, -1 for nobody
    probability: float  # its share of the softmax
    confidence: float  # calibrated


class Ranker:
    def __init__(self, weights: dict[str, float], slope: float = 1.0, intercept: float = 0.0):
        self.weights = weights
        self.slope, self.intercept = slope, intercept

    @classmethod
    def from_rules(cls, rules) -> "Ranker":
        data = rules["attribution_ranker.yaml"]
        path = rules.folder / "attribution_ranker.yaml"
        weights = {}
        for i, entry in enumerate(data["weights"], 1):
            if not FEATURE_NAME.match(entry["feature"]):
                raise RulesError(Errors.E017.format(path=path, index=i, label=entry["feature"]))
            weights[entry["feature"]] = float(entry["weight"])
        cal = {e["name"]: float(e["value"]) for e in data["calibration"]}
        return cls(weights, cal.get("slope", 1.0), cal.get("intercept", 0.0))

    def score(self, f: dict[str, float]) -> float:
        get = self.weights.get
        return sum([get(k, 0.0) * v for k, v in f.items()])

    def decide(self, candidates: list[dict[str, float]], null: dict[str, float]) -> Decision:
        # a handful of options per quote: plain floats beat numpy's per-call overhead here
        scores = [self.score(null)] + [self.score(f) for f in candidates]
        top = max(scores)
        p = [math.exp(s - top) for s in scores]
        best = p.index(max(p))
        prob = p[best] / sum(p)
        return Decision(best - 1, prob, self.calibrate(prob))

    def calibrate(self, prob: float) -> float:
        prob = min(max(prob, 1e-6), 1 - 1e-6)
        z = self.slope * math.log(prob / (1 - prob)) + self.intercept
        return 1 / (1 + math.exp(-z))


# -- learning ----------------------------------------------------------------------------------------
@dataclass
class Group:
    """One quote: its options' features (row 0 is the null option) and which rows are right."""

    rows: list[dict[str, float]]
    right: list[bool]


def matrix(groups: list[Group], names: list[str] | None = None):
    names = names or sorted({k for g in groups for r in g.rows for k in r})
    col = {n: i for i, n in enumerate(names)}
    X = np.zeros((sum(len(g.rows) for g in groups), len(names)))
    k = 0
    for g in groups:
        for r in g.rows:
            for name, v in r.items():
                if name in col:
                    X[k, col[name]] = v
            k += 1
    return X, names


def fit(groups: list[Group], l2: float = L2, iters: int = 600, lr: float = 0.05) -> dict[str, float]:
    """Weights maximising the log-probability of the right options, minus ``l2``·|w|²."""
    groups = [g for g in groups if any(g.right)]
    X, names = matrix(groups)
    bounds = np.cumsum([0] + [len(g.rows) for g in groups])
    right = np.concatenate([g.right for g in groups]).astype(float)
    gid = np.repeat(np.arange(len(groups)), [len(g.rows) for g in groups])
    w = np.zeros(X.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    n = max(len(groups), 1)
    for t in range(1, iters + 1):
        s = X @ w
        mx = np.maximum.reduceat(s, bounds[:-1])
        e = np.exp(s - mx[gid])
        z = np.add.reduceat(e, bounds[:-1])
        zr = np.add.reduceat(e * right, bounds[:-1])
        p = e / z[gid]  # model
        q = e * right / zr[gid]  # posterior over the right options
        grad = X.T @ (p - q) / n + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return {name: round(float(x), 4) for name, x in zip(names, w) if abs(x) >= 5e-4}


def platt(probs: list[float], correct: list[bool], iters: int = 100) -> tuple[float, float]:
    """(slope, intercept) of sigmoid(slope·logit(p) + intercept) fit to whether each choice was right:
    Newton steps on the log-loss, halved while they do not lower it."""
    if not probs or all(correct) or not any(correct):
        return 1.0, 0.0
    p = np.clip(np.array(probs), 1e-6, 1 - 1e-6)
    x = np.log(p / (1 - p))
    y = np.array(correct, dtype=float)

    def loss(a: float, b: float) -> float:
        z = a * x + b
        return float(np.sum(np.logaddexp(0, z) - y * z))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(iters):
        z = 1 / (1 + np.exp(-np.clip(a * x + b, -50, 50)))
        g = np.array([((z - y) * x).sum(), (z - y).sum()])
        h = z * (1 - z)
        H = np.array([[(h * x * x).sum(), (h * x).sum()], [(h * x).sum(), h.sum()]]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(H, g)
        scale = 1.0
        while scale > 1e-6 and loss(a - scale * step[0], b - scale * step[1]) > current:
            scale /= 2
        a, b = a - scale * step[0], b - scale * step[1]
        new = loss(a, b)
        if current - new < 1e-10:
            break
        current = new
    return round(float(a), 4), round(float(b), 4)


def expected_calibration_error(conf: list[float], correct: list[bool], bins: int = 10) -> float:
    """Σ over equal-width bins of |accuracy − mean confidence| weighted by the bin's share."""
    if not conf:
        return 0.0
    conf_a, ok = np.array(conf), np.array(correct, dtype=float)
    idx = np.minimum((conf_a * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            total += sel.mean() * abs(ok[sel].mean() - conf_a[sel].mean())
    return float(total)
