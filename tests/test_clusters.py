"""The same quote across outlets: clusters and the earliest article."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from quotetrack.inputs.articles import Article
from quotetrack.cli import cli
from quotetrack.corpus.clusters import QuoteClusters, same_quote
from quotetrack.export.corpus_table import write_table
from quotetrack.normalize import fold_text
from quotetrack.corpus.runner import run

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


def test_wordings_are_bounded_whatever_the_quote():
    from quotetrack.corpus.clusters import DIGEST_BYTES, MAX_COMPARED_WORDS, wording

    long = " ".join(f"كلمة{i}" for i in range(1000))
    exact, speaker, compared = wording(long, "x")
    assert len(exact) == DIGEST_BYTES and speaker == b"" and len(compared.split()) == MAX_COMPARED_WORDS
    assert wording(long)[0] == wording("«" + long + "»")[0] != wording(long + " أخرى")[0]
    assert wording("لا تعليق", "فلان") == ("لا تعليق".encode(), "فلان".encode(), "لا تعليق".encode())


@pytest.mark.parametrize("seed", range(20))
def test_numbered_words_compare_like_words(seed):
    import random
    from array import array

    rng = random.Random(seed)
    vocab = ["حلف", "دعم", "أوكرانيا", "روسيا", "في", "من", "على"]
    a = tuple(rng.choice(vocab) for _ in range(rng.randint(3, 15)))
    start = rng.randint(0, len(a) - 1)
    b = a[start:start + rng.randint(1, len(a))] if rng.random() < 0.5 else tuple(rng.choice(vocab) for _ in a)
    number = {w: i for i, w in enumerate(vocab)}
    as_array = lambda ws: array("I", [number[w] for w in ws])  # noqa: E731
    assert same_quote(as_array(a), as_array(b)) == same_quote(a, b)


def test_quotes_longer_than_the_compared_words_cluster_on_their_beginning():
    head = " ".join(f"كلمة{i}" for i in range(250))
    ids, _ = cluster_all([("a", "", head + " نهاية أولى", "x"), ("b", "", head + " نهاية ثانية", "y"),
                          ("c", "", "شيء آخر تماما لا علاقة له بما سبق", "z")])
    assert ids[0] == ids[1] != ids[2]


def test_an_article_with_more_wordings_than_are_indexed_still_clusters_equal_quotes():
    """Past MAX_INDEXED_PER_ARTICLE, an article's wordings are found again when equal, not when near."""
    from quotetrack.corpus.clusters import MAX_INDEXED_PER_ARTICLE

    many = [" ".join(f"{w}{i}" for w in ("كلمات", "فريدة", "تماما", "هنا", "وهناك", "أيضا"))
            for i in range(MAX_INDEXED_PER_ARTICLE + 5)]
    first_one, last_one = many[0], many[-1]
    later = [("b", "", first_one + " زيادة", "y"), ("c", "", last_one, "y"), ("d", "", last_one + " زيادة", "y")]
    qc = QuoteClusters()
    big = Article("big", "")
    provisional = [qc.add(0, big, text, "x") for text in many]  # all the same article: seq 0
    provisional += [qc.add(seq, Article(aid, ""), text, speaker) for seq, (aid, _, text, speaker) in
                    enumerate(later, 1)]
    table = qc.finish()
    ids, first = [table.cluster_id(p) for p in provisional], [table.first_article(p) for p in provisional]
    n = len(many)
    assert len(set(ids[:n])) == n  # distinct quotes, distinct clusters
    assert ids[n] == ids[0] and first[n] == "big"  # near an indexed wording: found
    assert ids[n + 1] == ids[n - 1]  # equal to a wording past the index: found
    assert ids[n + 2] not in ids[:n]  # near a wording past the index: not found (the price of the bound)
