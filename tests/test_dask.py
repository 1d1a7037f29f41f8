"""The Dask engine gives the local engine's output, row for row."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from quotetrack.inputs.articles import Article
from quotetrack.cli import cli
from quotetrack.corpus.engine import PipelineSpec, process
from quotetrack.export.corpus_table import write_table
from quotetrack.corpus.identity import SpeakerIndex

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
    from quotetrack.corpus.dask_engine import process as dask_process

    arts = articles()
    local = table(process(arts, jobs=1, nlp=nlp)).splitlines()
    remote = table(dask_process(arts, PipelineSpec(), client=client, chunk_size=3)).splitlines()
    assert len(local) > len(arts)  # header + quotes of several articles
    assert remote == local


def test_dask_results_keep_input_order_with_many_partitions(client):
    from quotetrack.corpus.dask_engine import process as dask_process

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
    from quotetrack.corpus import dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "2s")
    res = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(tmp_path / "x.csv"), "--scheduler",
                                   "tcp://127.0.0.1:9", "-q"])
    assert res.exit_code == 2, res.output
    assert "QT061" in res.output


def test_cli_scheduler_option_on_a_running_scheduler(client, tmp_path):
    """The greeting check lets a real Dask scheduler through."""
    out = tmp_path / "x.csv"
    res = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(out), "--scheduler", client.scheduler.address,
                                   "-q"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8-sig").count("\n") > 5


@pytest.fixture()
def silent_server():
    """A web server: it waits for a request, so a Dask client would wait for ever for a greeting."""
    import http.server
    import threading

    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture()
def chatty_server():
    """A server that talks first, in its own protocol: Dask would read "HTTP/1.1" as a 3.5 EiB length."""
    import socket
    import threading

    srv = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()


def run_with_scheduler(address, tmp_path):
    import time

    t = time.monotonic()
    res = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(tmp_path / "x.csv"), "--scheduler", address,
                                   "-q"])
    return res, time.monotonic() - t


def test_a_server_that_is_not_dask_is_refused_within_the_handshake_bound(silent_server, tmp_path, monkeypatch):
    from quotetrack.corpus import dask_engine

    monkeypatch.setattr(dask_engine, "HANDSHAKE_SECONDS", 1.0)
    res, seconds = run_with_scheduler(silent_server, tmp_path)
    assert res.exit_code == 2, res.output
    assert "QT061" in res.output and "no Dask handshake within 1 s" in res.output
    assert seconds < 60 and not (tmp_path / "x.csv").exists()


def test_a_server_that_talks_first_is_refused_without_allocating_its_length(chatty_server, tmp_path):
    res, seconds = run_with_scheduler(chatty_server, tmp_path)
    assert res.exit_code == 2, res.output
    assert "QT061" in res.output and "not a Dask handshake" in res.output and "HTTP/1.1" in res.output


@pytest.mark.parametrize("address,fragment", [
    ("tcp://", "not an address"),
    ("tcp://host:port", "not an address"),
    ("::::", "not an address"),
    ("http://127.0.0.1:8786", "unsupported scheme 'http'"),
    ("tcp://127.0.0.1:99999", "port from 1 to 65535"),
    ("tcp://127.0.0.1:9", "cannot connect"),  # discard port: nothing listens
])
def test_a_bad_scheduler_address_is_a_coded_error_not_a_traceback(address, fragment, tmp_path):
    res, _ = run_with_scheduler(address, tmp_path)
    assert res.exit_code == 2, res.output
    assert "QT061" in res.output and fragment in res.output and "Traceback" not in res.output


QUIET_SCRIPT = """
import logging, sys
from quotetrack.corpus.dask_engine import connect
client, cluster = connect(None, 1, quiet=sys.argv[1] == "quiet")
client.run(lambda: logging.getLogger("distributed.worker").error("heartbeat failed: a worker's traceback"))
client.close()
cluster.close()
"""


@pytest.mark.parametrize("mode", ["quiet", "verbose"])
def test_quiet_silences_the_workers_logs(mode):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", QUIET_SCRIPT, mode], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert ("heartbeat failed" in proc.stderr) == (mode == "verbose"), proc.stderr
