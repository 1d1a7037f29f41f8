"""Fitting the attribution ranker on gold articles: ``quotetrack train-attribution``.

Each article runs through the pipeline up to the speaker stage once; then the
resolver runs over it with a chooser that knows the gold speaker, so every
quote yields one training group (its candidates' features, the null option,
and which candidates name the gold speaker).  The history features are those
of the gold decisions (teacher forcing).

Leave-one-article-out cross-validation gives the honest figure: for each
article, the ranker is fit on all the others and the resolver runs on it with
its own decisions feeding its history, as in use; its quotes are scored like
``score_quotes.py`` scores them.  The chosen options' probabilities from these
runs are what the Platt calibration is fit on; the expected calibration error
is measured on confidences each article gets from a calibration fit on the
other articles, so it too is out of sample.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from ..evaluate import Score, names_match, norm, score_article
from ..normalize import text_of, words_of
from .candidates import Candidate
from .ranker import L2, Decision, Group, Ranker, expected_calibration_error, fit, platt
from .resolve import Resolver



@dataclass
class Article:
    key: str
    gold: dict
    doc: object  # the Doc after the speaker stage
    quotes: list  # its quotes and mentions before attribution (copied for every run)
    mentions: list
    groups: list = field(default_factory=list)


def accepted_names(gold: dict, quote_text: str) -> list[str] | None:
    """The gold speaker names of the gold quote this predicted quote matches (None: no match)."""
    text = norm(quote_text)
    hits = [g for g in gold["quotes"] if norm(g["anchor"]) in text]
    if not hits:
        return None
    hits.sort(key=lambda g: not g.get("required", True))
    return hits[0]["speaker"]


def candidate_names(c: Candidate, members: dict) -> list[str]:
    """What the scorer may compare: the mention as written, its name, its chain's fullest name."""
    m = c.mention
    names = [m.text, m.name]
    names += [e.name for e in members.get(m.chain, ()) if e.name and e.kind in ("person", "pronoun")]
    return [n for n in names if n]


class GoldChooser:
    """Chooses a gold-consistent candidate and records the quote's training group."""

    def __init__(self, article: Article, resolver: Resolver, fallback: Ranker):
        self.article, self.resolver, self.fallback = article, resolver, fallback

    def __call__(self, q, cands: list[Candidate], feats: list[dict], null: dict) -> Decision:
        gold = accepted_names(self.article.gold, q.text)
        if gold is None:
            return self.fallback.decide(feats, null)  # not a gold quote: decide as in use
        members = self.resolver.proposer.index.members
        right = [names_match(candidate_names(c, members), gold) for c in cands]
        self.article.groups.append(Group([null] + feats, [not any(right)] + right))
        if not any(right):
            return Decision(-1, 1.0, 1.0)
        scores = [self.fallback.score(f) if ok else float("-inf") for f, ok in zip(feats, right)]
        return Decision(scores.index(max(scores)), 1.0, 1.0)


def prepare(nlp, texts: dict[str, str], gold: dict[str, dict], progress=None) -> list[Article]:
    """Run the pipeline up to the speaker stage on each gold article (keyed by file stem)."""
    out = []
    with nlp.select_pipes(disable=["quotetrack_attribution", "quotetrack_targets"]):
        for n, (key, text) in enumerate(sorted(texts.items()), 1):
            if key not in gold:
                continue
            doc = nlp(text)
            out.append(Article(key, gold[key], doc, copy.deepcopy(doc._.quotes), copy.deepcopy(doc._.qt_mentions)))
            if progress:
                progress(n, len(texts))
    return out


def run(resolver: Resolver, art: Article, chooser=None) -> list:
    """Resolve one article afresh (copies of its quotes and mentions); returns the kept quotes."""
    doc = art.doc
    quotes, mentions = copy.deepcopy(art.quotes), copy.deepcopy(art.mentions)
    kept, _rejected = resolver.resolve(text_of(doc), words_of(doc), quotes, mentions, doc._.qt_sentences or [],
                                       doc._.qt_paragraphs or [], None, chooser)
    return kept


def rows_of(quotes) -> list[dict]:
    return [{"quote_text": q.text, "speaker": q.speaker, "speaker_text": q.speaker_text,
             "resolution": q.resolution, "about": ""} for q in quotes]


@dataclass
class Report:
    loo: Score
    ece: float
    weights: dict
    slope: float
    intercept: float
    n_groups: int
    reachable: float  # share of gold-matched quotes whose gold speaker is among the candidates


def train(rules, articles: list[Article], l2: float = L2, progress=None) -> Report:
    resolver = Resolver(rules)
    start = resolver.ranker
    for art in articles:  # the training groups, with gold decisions feeding the history
        art.groups = []
        run(resolver, art, GoldChooser(art, resolver, start))
    groups = [g for a in articles for g in a.groups]
    reachable = sum(any(g.right[1:]) for g in groups) / max(len(groups), 1)
    total = Score()
    by_article: list[tuple[list[float], list[bool]]] = []  # each article's chosen probabilities, right?
    for k, art in enumerate(articles, 1):  # leave one article out
        others = [g for a in articles if a is not art for g in a.groups]
        ranker = Ranker(fit(others, l2))
        decided: dict[int, float] = {}

        def chooser(q, cands, feats, null, ranker=ranker, decided=decided):
            d = ranker.decide(feats, null)
            decided[id(q)] = d.probability
            return d

        kept = run(Resolver(rules, ranker), art, chooser)
        total.add(score_article(art.key, art.gold, rows_of(kept), False))
        probs, correct = [], []
        for q in kept:
            gold = accepted_names(art.gold, q.text)
            if gold is not None and q.speaker != "unknown" and id(q) in decided:
                probs.append(decided[id(q)])
                correct.append(names_match([q.speaker, q.speaker_text], gold))
        by_article.append((probs, correct))
        if progress:
            progress(k, len(articles))
    # the calibration's own error measured out of sample too: each article's confidences come
    # from a Platt fit on the other articles' predictions
    conf, right = [], []
    for k, (probs, correct) in enumerate(by_article):
        rest_p = [p for j, (ps, _c) in enumerate(by_article) if j != k for p in ps]
        rest_c = [c for j, (_ps, cs) in enumerate(by_article) if j != k for c in cs]
        fold = Ranker({}, *platt(rest_p, rest_c))
        conf += [fold.calibrate(p) for p in probs]
        right += correct
    slope, intercept = platt([p for ps, _c in by_article for p in ps], [c for _ps, cs in by_article for c in cs])
    ece = expected_calibration_error(conf, right)
    return Report(total, ece, fit(groups, l2), slope, intercept, len(groups), reachable)


def weights_yaml(report: Report, note: str = "") -> str:
    f = report.loo.figures
    lines = ["schema_version: 1",
             "# Weights of the attribution ranker (quotetrack/attribution/ranker.py): one per feature of",
             "# quotetrack/attribution/features.py.  Written by `quotetrack train-attribution`; rerun it after",
             "# changing rules.  Leave-one-article-out on the training articles: "
             f"speaker accuracy {f['speaker_acc']:.3f}, quote F1 {f['f1']:.3f}, ECE {report.ece:.3f}, "
             f"{report.n_groups} quotes, gold speaker among the candidates for {report.reachable:.3f}."]
    if note:
        lines.append(f"# {note}")
    lines.append("weights:")
    for name, w in sorted(report.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0])):
        lines.append(f'  - {{feature: "{name}", weight: {w}}}')
    lines += ["calibration:", f"  - {{name: slope, value: {report.slope}}}",
              f"  - {{name: intercept, value: {report.intercept}}}", ""]
    return "\n".join(lines)


def read_texts(paths: list[Path]) -> dict[str, str]:
    out = {}
    for p in paths:
        for f in sorted(p.glob("*.txt")) if p.is_dir() else [p]:
            out[f.stem] = f.read_text(encoding="utf-8-sig")
    return out
