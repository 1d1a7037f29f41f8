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

from .engine import CHUNK_SIZE, WINDOW_PER_JOB, chunks, default_jobs, outcomes_to_results, windowed
from ..errors import BackendError, Errors
from ..inputs.reading import InputOptions
from .runner import Result
from .work import PipelineSpec, Task, work_chunk


CONNECT_TIMEOUT = "20s"  # a remote scheduler may be slow to answer; a wrong address fails after this
HANDSHAKE_SECONDS = 10.0  # a Dask scheduler greets a new connection at once; silence means it is not one
CONNECT_SECONDS = 40.0  # the whole connection (Dask's own handshakes have no time limit): QT061 after this
MAX_GREETING_BYTES = 1 << 20  # a Dask greeting is a few hundred bytes; "HTTP/1.1" read as a length is 3.07 EiB
SCHEMES = ("tcp", "tls")


def _refuse(address: str, detail: str) -> BackendError:
    return BackendError(Errors.E061.format(address=address, detail=detail))


def check_address(address: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a scheduler address (``tcp://host:8786``, ``host:8786``), or QT061."""
    try:
        from distributed.comm.addressing import parse_address, parse_host_port

        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as err:
        raise _refuse(address, f"not an address ({err}); give tcp://HOST:PORT") from None
    if scheme not in SCHEMES:
        raise _refuse(address, f"unsupported scheme {scheme!r}; give tcp://HOST:PORT (or tls://)")
    if not host or not 0 < int(port) < 65536:
        raise _refuse(address, "give tcp://HOST:PORT with a port from 1 to 65535")
    return scheme, host, int(port)


def probe(address: str, host: str, port: int, timeout: float | None = None) -> None:
    """Check, within ``timeout`` seconds, that a Dask scheduler listens at ``host:port`` (plain TCP).

    A Dask scheduler speaks first: on a new connection it sends its handshake,
    a message whose first 8 bytes are its length.  A web server waits for a
    request instead (Dask would then wait for ever), and a server that talks
    first in its own protocol would have Dask read a gigantic length and try
    to allocate it: both are refused here, before Dask connects.
    """
    import socket
    import struct

    timeout = HANDSHAKE_SECONDS if timeout is None else timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as err:
        raise _refuse(address, f"cannot connect: {err.strerror or err}") from None
    head = b""
    try:
        sock.settimeout(timeout)
        while len(head) < 8:
            got = sock.recv(8 - len(head))
            if not got:
                raise _refuse(address, "it closed the connection without a Dask handshake")
            head += got
    except TimeoutError:
        raise _refuse(address, f"no Dask handshake within {timeout:g} s; is it a Dask scheduler "
                               f"(a web server or the dashboard's port waits for a request)?") from None
    except OSError as err:
        raise _refuse(address, f"the connection failed: {err.strerror or err}") from None
    finally:
        sock.close()
    (length,) = struct.unpack("Q", head)  # native order, as Dask packs it
    if not 0 < length <= MAX_GREETING_BYTES:
        raise _refuse(address, f"it answered {head!r}…, which is not a Dask handshake; is it a Dask scheduler?")


def _client_within(address: str, seconds: float):
    """``Client(address)``, or QT061 when it is not connected after ``seconds``."""
    import threading

    from distributed import Client

    box: dict = {}

    def make():
        try:
            box["client"] = Client(address, timeout=CONNECT_TIMEOUT)
        except BaseException as err:  # noqa: BLE001 — handed to the caller's thread
            box["error"] = err

    maker = threading.Thread(target=make, name="quotetrack-dask-connect", daemon=True)
    maker.start()
    maker.join(seconds)
    if maker.is_alive():
        raise _refuse(address, f"no answer within {seconds:g} s")
    if "error" in box:
        err = box["error"]
        if not isinstance(err, Exception):
            raise err
        raise _refuse(address, " ".join(str(err).split()) or type(err).__name__) from None
    return box["client"]


def connect(scheduler: str | None, jobs: int | None, processes: bool = True, quiet: bool = False):
    """A Client on ``scheduler``, or on a new local cluster; returns (client, cluster or None).

    Every step with a remote scheduler is bounded in time (QT061): the address
    is checked, the server must greet like a Dask scheduler within
    ``HANDSHAKE_SECONDS``, and the client must be connected within ``CONNECT_SECONDS``.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BackendError(Errors.E060) from None
    if quiet:  # a worker's heartbeat failing as the cluster closes is not worth a traceback on stderr
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    if scheduler:
        scheme, host, port = check_address(scheduler)
        if scheme == "tcp":
            probe(scheduler, host, port)
        return _client_within(scheduler, CONNECT_SECONDS), None
    cluster = LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=processes,
                           dashboard_address=":0",  # any free port: never 8787's owner
                           silence_logs=logging.CRITICAL if quiet else logging.ERROR)
    return Client(cluster), cluster


def process(articles: Iterable, spec: PipelineSpec = PipelineSpec(), scheduler: str | None = None,
            jobs: int | None = None, chunk_size: int = CHUNK_SIZE, client=None,
            processes: bool = True, *, options: InputOptions | None = None, shape: str = "records",
            failures=None, quiet: bool = False, spool: str | None = None) -> Iterator[Result]:
    """Yield one :class:`Result` per article, in input order, computed on a Dask cluster.

    ``client``: an existing ``distributed.Client`` to use (it is left open);
    ``options``, ``shape``, ``failures``, ``spool``: as for ``corpus.process`` (a spool folder only
    for workers on this machine).
    """
    task = Task(spec, options or InputOptions(), shape, spool=spool)
    spec.check()
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(scheduler, jobs, processes, quiet)
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
