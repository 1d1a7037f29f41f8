"""The corpus engine: many articles through the pipeline, in order, in bounded memory.

* ``runner``      — ``run(nlp, articles)``: records of one process (the Python API's loop);
* ``engine``      — worker processes (``--jobs``) and the order of results;
* ``dask_engine`` — the same on a Dask cluster (``--engine dask``);
* ``work``        — what a worker does with a chunk of articles (read, split, run, shape rows);
* ``chunking``    — giant articles cut into parts and put back together;
* ``spill``       — rows of a giant article written to the run's spool folder;
* ``batch``       — one command's run: its inputs, failures, notes and exit code;
* ``failures``    — failed inputs and notes, on stderr and in ``--errors``/``--notes``;
* ``identity``    — one speaker across articles (corpus ids), on the name keys of ``namekeys``;
* ``clusters``    — the same quote across outlets;
* ``progress``    — the progress line.

The names below are importable from the package itself
(``from quotetrack.corpus import run``); they are loaded on first use.
"""
from __future__ import annotations

from ..lazy import lazy_api

__getattr__, __all__ = lazy_api(__name__, {"run": "runner", "Result": "runner", "Chunker": "chunking", "apply": "identity",
        "SpeakerIndex": "identity", "QuoteClusters": "clusters"})
