"""Corpus mode beyond one machine: the same extraction on a Dask cluster.

The input is cut into partitions (chunks of articles, read lazily); each
partition goes to a worker as one task (``work.work_chunk``: the worker loads
the pipeline once and keeps it), and the records come back to be paired with
their articles in input order — so the CSV, the graph and the
speakers list are the same as the local engine's.  Like the local engine, only
a few partitions per worker thread are in flight at once, so the client's
memory stays flat.

Workers need quotetrack installed and, with ``--rules`` or the udpipe
backend, the same paths readable.  Input files are read here, by the client
(workers of a remote cluster need not see them): the CLI does not defer
reading to Dask workers as it does to local ones.  Without ``--scheduler`` a local cluster
(one single-threaded worker process per job) is started and closed after.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from .corpus import CHUNK_SIZE, WINDOW_PER_JOB, chunks, default_jobs, outcomes_to_results, windowed
from .errors import BackendError, Errors
from .inputs import InputOptions
from .runner import Result
from .work import PipelineSpec, Task, work_chunk


CONNECT_TIMEOUT = "20s"  # a remote scheduler may be slow to answer; a wrong address fails after this


def connect(scheduler: str | None, jobs: int | None, processes: bool = True):
    """A Client on ``scheduler``, or on a new local cluster; returns (client, cluster or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BackendError(Errors.E060) from None
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as err:
            raise BackendError(Errors.E061.format(address=scheduler, detail=err)) from None
    cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=processes,
                           dashboard_address=":0", silence_logs=logging.ERROR)  # any free port: never 8787's owner
    return Client(cluster), cluster


def process(articles: Iterable, spec: PipelineSpec = PipelineSpec(), scheduler: str | None = None,
            jobs: int | None = None, chunk_size: int = CHUNK_SIZE, client=None,
            processes: bool = True, *, options: InputOptions | None = None, shape: str = "records",
            failures=None) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order, computed on a Dask cluster.

    ``client``: an existing ``distributed.Client`` to use (it is left open);
    ``options``, ``shape``, ``failures``: as for ``corpus.process``.
    """
    task = Task(spec, options or InputOptions(), shape)
    spec.check()
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, jobs, processes)
    try:
        window = max(1, sum(client.nthreads().values())) * WINDOW_PER_JOB
        yield from windowed(lambda chunk: client.submit(work_chunk, task, chunk, pure=False),
                            chunks(articles, chunk_size), window,
                            lambda future, chunk: _collect(future, chunk, shape, failures))
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def _collect(future, chunk: list, shape: str, failures) -> Iterator[Result]:
    outcomes = future.result()
    future.release()  # the worker may drop it now: the client holds the records
    yield from outcomes_to_results(chunk, outcomes, shape, failures)
