"""The same quote across outlets: clusters and the earliest article."""
from __future__ import annotations

import io

import pandas as pd
from click.testing import CliRunner

from quotetrack.articles import Article
from quotetrack.cli import cli
from quotetrack.clusters import QuoteClusters, same_quote
from quotetrack.export.corpus_table import write_table
from quotetrack.normalize import fold_text
from quotetrack.runner import run

from .conftest import SEED

QUOTE = "سنبقى متحدين في وجه كل التهديدات التي تواجه الحلف وأعضاءه في الشرق والغرب"


def words(text: str) -> tuple:
    return tuple(fold_text(text).split())


def cluster_all(quotes: list[tuple]) -> tuple[list[str], list[str]]:
    """quotes: (article id, date, text, speaker) → (cluster ids, earliest articles)."""
    qc = QuoteClusters()
    provisional = [qc.add(seq, Article(aid, "", date=date), text, speaker)
                   for seq, (aid, date, text, speaker) in enumerate(quotes)]
    table = qc.finish()
    return [table.cluster_id(p) for p in provisional], [table.first_article(p) for p in provisional]


def test_same_quote_rules():
    assert same_quote(words(QUOTE), words("«" + QUOTE.replace("أ", "ا") + "»"))  # marks and hamza do not count
    assert same_quote(words("وكل التهديدات التي تواجه الحلف وأعضاءه في الشرق والغرب"), words(QUOTE))  # a part
    reworded = "سنبقى متحدين في وجه التهديدات التي تواجه الحلف وأعضاءه في الشرق"
    assert same_quote(words(reworded), words(QUOTE))  # high overlap
    assert not same_quote(words("الحلف سيواصل دعم أوكرانيا في مواجهة الهجمات"), words(QUOTE))
    # a stock phrase inside a long quote is not the same quote
    assert not same_quote(words("التي تواجه الحلف وأعضاءه في"), words(QUOTE + " " + QUOTE[::-1]))


def test_clusters_across_outlets_with_earliest_article_by_date():
    ids, first = cluster_all([
        ("okaz", "2024-05-02", QUOTE, "مارك روتي"),
        ("other", "2024-05-02", "الحلف سيواصل دعم أوكرانيا في مواجهة الهجمات الروسية", "مارك روتي"),
        ("riyadh", "2024-05-01", "«" + QUOTE + "»", "روته"),
        ("sabq", "", "متحدين في وجه كل التهديدات التي تواجه الحلف وأعضاءه في الشرق والغرب", "الناتو"),
    ])
    assert ids[0] == ids[2] == ids[3] != ids[1]
    assert ids == ["c000001", "c000002", "c000001", "c000001"]
    assert first[0] == first[2] == first[3] == "riyadh" and first[1] == "other"


def test_undated_articles_come_after_dated_ones_then_input_order():
    _, first = cluster_all([("a", "", QUOTE, "x"), ("b", "", QUOTE, "x"), ("c", "2020-01-01", QUOTE, "y")])
    assert first == ["c", "c", "c"]
    _, first = cluster_all([("a", "", QUOTE, "x"), ("b", "", QUOTE, "x")])
    assert first == ["a", "a"]


def test_short_quotes_need_the_same_speaker():
    ids, _ = cluster_all([("a", "", "لا تعليق", "فلان"), ("b", "", "لا تعليق", "علان"), ("c", "", "لا تعليق", "فلان")])
    assert ids[0] == ids[2] != ids[1]


def test_a_quote_bridging_two_clusters_joins_them():
    left = "الحلف سيواصل دعم أوكرانيا في مواجهة الهجمات الروسية المتواصلة منذ أشهر"
    right = "وسيزيد الأعضاء إنفاقهم الدفاعي خلال العام المقبل بنسبة كبيرة جدا"
    ids, first = cluster_all([("a", "", left, "x"), ("b", "", right, "x"), ("c", "", left + " " + right, "x")])
    assert len(set(ids)) == 1 and first == ["a"] * 3


def test_table_gets_cluster_columns_after_url(nlp):
    text = SEED.read_text(encoding="utf-8")
    articles = [Article("one", text, date="2024-06-02"), Article("two", text, date="2024-06-01")]
    buf = io.StringIO()
    summary = write_table(run(nlp, articles), buf)
    df = pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=False)
    cols = list(df.columns)
    assert cols[cols.index("url") + 1:] == ["cluster_id", "cluster_first_article"]
    one, two = df[df.article_id == "one"], df[df.article_id == "two"]
    assert list(one.cluster_id) == list(two.cluster_id) and (df.cluster_first_article == "two").all()
    assert summary.quotes == len(df) and summary.repeated == summary.clusters  # every quote is in both


def test_extract_cli_writes_cluster_columns(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for name in ("x1", "x2"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "q.csv"
    res = CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out, keep_default_na=False, encoding="utf-8-sig")
    assert (df.cluster_first_article == "x1").all()
    assert df.groupby("cluster_id").article_id.nunique().eq(2).all()
