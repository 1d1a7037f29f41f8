"""Corpus mode on one machine: the pipeline over many articles, in parallel processes.

* Each worker process loads the pipeline once (on its first chunk) and keeps
  it; chunks of *items* go out (articles, or files for the worker to read),
  and outcomes come back (``work.run_items``: no Docs cross a process
  boundary, and an article's text never travels back for the table).
* Results come back in input order.  At most ``WINDOW_PER_JOB`` chunks per
  worker are in flight, so memory stays flat however long the input is: the
  input is read only as fast as the workers take it.
* ``jobs=1`` runs the same ``run_items`` in this process (no pool).

``results()`` picks the engine (local or Dask) for the CLI.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice
from typing import Iterable, Iterator

from ..inputs.articles import Article
from ..errors import InputError, QuotetrackError
from ..inputs.reading import InputOptions
from ..cli.lifecycle import die_with_parent
from .runner import Failed, Result, unpack
from .work import PipelineSpec, Task, run_items, work_chunk

__all__ = ["Failed", "PipelineSpec", "Task", "process", "results", "windowed", "default_jobs"]

CHUNK_SIZE = 64  # articles per task: ~0.2 s of work, so task overhead is negligible
WINDOW_PER_JOB = 3  # chunks queued per worker: enough to never starve one, few enough to stay flat
ENGINES = ("local", "dask")


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
        ctx.set_forkserver_preload(["quotetrack.corpus.engine", "quotetrack.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def process(articles: Iterable, spec: PipelineSpec = PipelineSpec(), jobs: int | None = None,
            chunk_size: int = CHUNK_SIZE, nlp=None, *, options: InputOptions | None = None,
            shape: str = "records", failures=None, spool: str | None = None) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order, using ``jobs`` processes.

    ``articles``: :class:`Article` s and ``inputs.Pending`` files.  ``nlp``: an
    already loaded pipeline for ``jobs=1`` (tests, the Python API).  ``shape``:
    ``work.SHAPES``.  An article that cannot be read or processed goes to
    ``failures`` (``failures.Failures``) and yields a :class:`Failed` marker in
    its place (so every input yields one item: ``failures.keep_going`` counts
    on it; ``Batch`` drops the markers); without a collector it is raised.
    ``spool``: a folder for the table rows a chunk cannot hold in memory (``spill``).
    """
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    task = Task(spec, options or InputOptions(), shape, spool=spool)
    source = chunks(articles, chunk_size)
    head = next(source, [])
    if jobs == 1 or len(head) < chunk_size:
        # one chunk is the whole input: a pool would only add start-up time
        nlp = nlp if nlp is not None else spec.load()
        for chunk in chain([head], source):
            yield from outcomes_to_results(chunk, run_items(nlp, task, chunk), shape, failures)
        return
    spec.check()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context(), initializer=die_with_parent)
    try:
        yield from windowed(lambda chunk: pool.submit(work_chunk, task, chunk), chain([head], source),
                            jobs * WINDOW_PER_JOB, lambda future, chunk: outcomes_to_results(
                                chunk, future.result(), shape, failures))
    except BaseException:  # an interrupt, a signal, an error: stop the workers now, not after their chunks
        stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes (``shutdown`` would wait for the chunks they are running)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass


def outcomes_to_results(items: list, outcomes: list, shape: str, failures=None) -> Iterator[Result | Failed]:
    """The results of a chunk from its outcomes (``work.run_items``), failures recorded or raised."""
    for item, (article, note, data, failed) in zip(items, outcomes):
        for art_id, path, message, bad_input in failed:
            if failures is None:
                raise (InputError if bad_input else QuotetrackError)(message)
            failures.add(art_id, path, message)
        if data is None:
            yield Failed(item)
            continue
        article = article if article is not None else item
        article.note = note
        if shape == "records":
            yield Result(article, *unpack(data))
        else:
            yield Result(article, [], rows=data)


def windowed(submit, chunks_in: Iterable[list], window: int, collect) -> Iterator[Result]:
    """Submit chunks with at most ``window`` in flight and yield their results in input
    order (the local pool and Dask alike); a consumer that stops early, or an error,
    cancels what is still pending instead of leaving workers running."""
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


def results(articles: Iterable, spec: PipelineSpec, jobs: int | None = None, engine: str = "local",
            scheduler: str | None = None, quiet: bool = False, **how) -> Iterator[Result]:
    """Results in input order from the chosen engine (the CLI's single entry point).

    ``how``: ``options``, ``shape``, ``failures`` and ``spool`` of :func:`process`; ``quiet``: Dask logs nothing.
    """
    if engine == "dask" or scheduler:
        from .dask_engine import process as dask_process

        if scheduler:  # a remote cluster's workers cannot write into this machine's spool folder
            how = {**how, "spool": None}
        return dask_process(articles, spec, scheduler=scheduler, jobs=jobs, quiet=quiet, **how)
    return process(articles, spec, jobs=jobs, **how)
