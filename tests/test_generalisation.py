"""Does attribution generalise?  Measured on the development set (needs ../shared):

* leave-one-article-out speaker accuracy and the calibration of the confidences;
* every gold person name replaced by an invented one costs at most 3 points of speaker accuracy;
* with the closed list of given names emptied, speaker accuracy falls by at most 3 points.

The floors are the figures the closing note reports, less a small margin: they catch a change
that makes attribution worse on articles it was not tuned to.
"""
from __future__ import annotations


import pytest
import yaml

import quotetrack
from quotetrack.evaluate import Score, load_gold, score_article
from quotetrack.ruleset import Ruleset

from .conftest import copy_rules, shared_path
from .name_swap import swap_article

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def dev():
    articles = shared_path("corpus", "dev", "articles")
    gold = load_gold([str(shared_path("corpus", "dev", "gold"))])
    texts = {p.stem: p.read_text(encoding="utf-8-sig") for p in sorted(articles.glob("*.txt"))}
    return texts, gold


def accuracy(nlp, texts: dict, gold: dict) -> float:
    total = Score()
    for key, text in texts.items():
        rows = [{"quote_text": q.text, "speaker": q.speaker, "speaker_text": q.speaker_text, "about": ""}
                for q in nlp(text)._.quotes]
        total.add(score_article(key, gold[key], rows, False))
    return total.figures["speaker_acc"]


@pytest.fixture(scope="module")
def baseline(nlp, dev):
    return accuracy(nlp, *dev)


def test_invented_names_cost_at_most_three_points(nlp, dev, baseline):
    texts, gold = dev
    reader = nlp.get_pipe("quotetrack_speakers").scanner.reader
    swapped_texts, swapped_gold, n = {}, {}, 0
    for i, key in enumerate(sorted(texts)):
        swapped_texts[key], swapped_gold[key], mapping = swap_article(texts[key], gold[key], reader, seed=i)
        n += len(mapping)
    assert n > 100  # the dev set names well over a hundred people
    swapped = accuracy(nlp, swapped_texts, swapped_gold)
    print(f"speaker accuracy: dev {baseline:.3f}, names invented {swapped:.3f}")
    assert swapped >= baseline - 0.03


def test_given_names_list_is_evidence_not_a_gate(tmp_path, dev, baseline):
    copy_rules(tmp_path)
    names = yaml.safe_load((tmp_path / "names.yaml").read_text(encoding="utf-8"))
    names["given_names"] = []
    (tmp_path / "names.yaml").write_text(yaml.safe_dump(names, allow_unicode=True), encoding="utf-8")
    emptied = accuracy(quotetrack.load(rules=tmp_path), *dev)
    print(f"speaker accuracy: dev {baseline:.3f}, given_names emptied {emptied:.3f}")
    assert emptied >= baseline - 0.03


def test_leave_one_article_out(nlp, dev):
    from quotetrack.attribution.training import Article, prepare, train

    texts, gold = dev
    articles: list[Article] = prepare(nlp, texts, gold)
    report = train(Ruleset.load(), articles)
    f = report.loo.figures
    print(f"leave-one-article-out: speaker accuracy {f['speaker_acc']:.3f}, F1 {f['f1']:.3f}, "
          f"ECE {report.ece:.3f}, gold speaker among candidates {report.reachable:.3f}")
    assert f["speaker_acc"] >= 0.80 and f["f1"] >= 0.94
    assert report.ece <= 0.05
