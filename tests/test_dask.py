"""The Dask engine gives the local engine's output, row for row."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from quotetrack.articles import Article
from quotetrack.cli import cli
from quotetrack.corpus import PipelineSpec, process
from quotetrack.export.corpus_table import write_table
from quotetrack.identity import SpeakerIndex

from .conftest import SEED

distributed = pytest.importorskip("distributed", reason="needs dask[distributed] (the test extra)")

SHORT = [
    "قال الأمين العام لحلف شمال الأطلسي مارك روتي إن الحلف سيواصل دعم أوكرانيا في مواجهة الهجمات.",
    "أكد مارك روته أن أمن أوروبا غير قابل للتفاوض مع أي طرف كان.\nوقال روته: «سنبقى متحدين».",
    "وقال مصدر طبي: «نقل ثلاثة جرحى إلى المستشفى وحالتهم مستقرة».",
]


def articles(n: int = 12) -> list[Article]:
    texts = [SEED.read_text(encoding="utf-8"), *SHORT]
    return [Article(f"d{i:02d}", texts[i % len(texts)], date=f"2024-01-{28 - i:02d}") for i in range(n)]


def table(results) -> str:
    buf = io.StringIO()
    write_table(results, buf, index=SpeakerIndex.for_rules())
    return buf.getvalue()


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as c:
        yield c


def test_dask_table_equals_local_table_row_for_row(client, nlp):
    from quotetrack.dask_engine import process as dask_process

    arts = articles()
    local = table(process(arts, jobs=1, nlp=nlp)).splitlines()
    remote = table(dask_process(arts, PipelineSpec(), client=client, chunk_size=3)).splitlines()
    assert len(local) > len(arts)  # header + quotes of several articles
    assert remote == local


def test_dask_results_keep_input_order_with_many_partitions(client):
    from quotetrack.dask_engine import process as dask_process

    arts = articles(9)
    got = [r.article.id for r in dask_process(arts, PipelineSpec(), client=client, chunk_size=1)]
    assert got == [a.id for a in arts]


def test_cli_engine_dask_on_a_local_cluster(tmp_path):
    for a in articles(6):
        (tmp_path / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    outs = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.csv"
        res = CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(out), "--engine", engine, "-j", "2", "-q"])
        assert res.exit_code == 0, res.output
        outs[engine] = out.read_text(encoding="utf-8-sig")
    assert outs["dask"] == outs["local"]


def test_unreachable_scheduler_is_a_coded_error(tmp_path, monkeypatch):
    from quotetrack import dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "2s")
    res = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(tmp_path / "x.csv"), "--scheduler",
                                   "tcp://127.0.0.1:9", "-q"])
    assert res.exit_code == 2, res.output
    assert "QT061" in res.output
