"""Entity-level precision, recall and F1 per label (the CoNLL way: a span counts when its
first word, last word and label are all right)."""
from __future__ import annotations


def spans_of(tags, names: list[str]) -> set[tuple[int, int, str]]:
    """(first word, last word, label) of every entity in a tag sequence (indexes into ``names``)."""
    out = set()
    start, label = -1, ""
    for i, t in enumerate(list(tags) + [0]):
        name = names[t] if i < len(tags) else "O"
        inside = name.startswith("I-") and name[2:] == label and start >= 0
        if not inside and start >= 0:
            out.add((start, i - 1, label))
            start, label = -1, ""
        if name.startswith("B-") or (name.startswith("I-") and not inside):
            start, label = i, name[2:]
    return out


def entity_scores(gold: list[set], pred: list[set]) -> dict[str, dict[str, float]]:
    """{label | "ALL": {p, r, f1, support}} over documents."""
    counts: dict[str, list[int]] = {}
    for g, p in zip(gold, pred):
        for label in {s[2] for s in g | p}:
            c = counts.setdefault(label, [0, 0, 0])
            gl = {s for s in g if s[2] == label}
            pl = {s for s in p if s[2] == label}
            c[0] += len(gl & pl)
            c[1] += len(pl)
            c[2] += len(gl)
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    out = {}
    for label, (tp, npred, ngold) in sorted(counts.items()) + [("ALL", total)]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        out[label] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": ngold}
    return out
