"""Corpus mode on one machine: the pipeline over many articles, in parallel processes.

* Each worker process loads the pipeline once (on its first chunk) and keeps
  it; chunks of article *texts* go out, plain records come back (no Docs
  cross a process boundary, and the text is not sent back: the parent keeps
  the :class:`Article` and pairs it with its records again).
* Results come back in input order.  At most ``WINDOW_PER_JOB`` chunks per
  worker are in flight, so memory stays flat however long the input is: the
  input is read only as fast as the workers take it.
* ``jobs=1`` runs in this process with ``nlp.pipe`` in batches (no pool).

``results()`` picks the engine (local or Dask) for the CLI.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from typing import Iterable, Iterator

from .articles import Article
from .runner import BATCH_SIZE, Result, extract_texts, result_from, run

CHUNK_SIZE = 64  # articles per task: ~1 s of work, so task overhead is negligible
WINDOW_PER_JOB = 3  # chunks queued per worker: enough to never starve one, few enough to stay flat
ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """How to build the pipeline: sent to workers instead of the (large) pipeline itself."""

    backend: str = "rules"
    rules: str | None = None
    udpipe_model: str | None = None

    def load(self):
        from .pipeline import load

        return load(backend=self.backend, rules=self.rules, udpipe_model=self.udpipe_model)

    def check(self) -> None:
        """Fail early, in the parent, on a bad rules folder (workers would fail later, once each)."""
        from .ruleset import Ruleset

        Ruleset.load(self.rules)


# One pipeline per worker thread: process workers have one thread; Dask's
# in-process workers share the module, and a spaCy pipeline is not shared
# between threads.
_local = threading.local()


def worker_nlp(spec: PipelineSpec):
    cache = getattr(_local, "pipelines", None)
    if cache is None:
        cache = _local.pipelines = {}
    if spec not in cache:
        cache[spec] = spec.load()
    return cache[spec]


def extract_chunk(spec: PipelineSpec, texts: list[str]) -> list[tuple]:
    """Worker task: the records of each text, in order."""
    return extract_texts(worker_nlp(spec), texts, batch_size=BATCH_SIZE)


def default_jobs() -> int:
    """All the cores this process may use (the affinity mask, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _mp_context():
    # fork starts workers in milliseconds with the modules already imported,
    # but forking a process that runs other threads (a Dask client, say) can
    # deadlock the child: then use a fork server; elsewhere only spawn is safe.
    if sys.platform.startswith("linux"):
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["quotetrack.corpus", "quotetrack.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def process(articles: Iterable[Article], spec: PipelineSpec = PipelineSpec(), jobs: int | None = None,
            chunk_size: int = CHUNK_SIZE, nlp=None) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order, using ``jobs`` processes.

    ``nlp``: an already loaded pipeline for ``jobs=1`` (tests, the Python API).
    """
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    source = chunks(articles, chunk_size)
    head = next(source, [])
    if jobs == 1 or len(head) < chunk_size:
        # one chunk is the whole input: a pool would only add start-up time
        yield from run(nlp if nlp is not None else spec.load(), chain(head, (a for c in source for a in c)))
        return
    spec.check()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context())
    try:
        yield from windowed(lambda chunk: pool.submit(extract_chunk, spec, [a.text for a in chunk]),
                            chain([head], source), jobs * WINDOW_PER_JOB)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def windowed(submit, chunks_in: Iterable[list[Article]], window: int, collect=None) -> Iterator[Result]:
    """Submit chunks with at most ``window`` in flight and yield their results in input
    order (the local pool and Dask alike); a consumer that stops early, or an error,
    cancels what is still pending instead of leaving workers running."""
    collect = collect or _collect
    pending: deque = deque()
    try:
        for chunk in chunks_in:
            pending.append((submit(chunk), chunk))
            if len(pending) >= window:
                yield from collect(*pending.popleft())
        while pending:
            yield from collect(*pending.popleft())
    finally:
        for future, _ in pending:
            future.cancel()


def _collect(future, chunk: list[Article]) -> Iterator[Result]:
    for article, payload in zip(chunk, future.result()):
        yield result_from(article, payload)


def results(articles: Iterable[Article], spec: PipelineSpec, jobs: int | None = None, engine: str = "local",
            scheduler: str | None = None) -> Iterator[Result]:
    """Results in input order from the chosen engine (the CLI's single entry point)."""
    if engine == "dask" or scheduler:
        from .dask_engine import process as dask_process

        return dask_process(articles, spec, scheduler=scheduler, jobs=jobs)
    return process(articles, spec, jobs=jobs)
