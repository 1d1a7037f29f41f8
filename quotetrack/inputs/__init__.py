"""Reading articles: what the user gives (files, folders, globs, record files, standard
input) becomes :class:`Article` objects with the exact text the offsets refer to.

* ``reading``  — the entry points (``read_inputs``, ``read_article``, ``InputOptions``);
* ``listing``  — folders and globs expanded safely (no link loops, no FIFOs);
* ``records``  — JSON lines, CSV/TSV and JSON record files, streamed;
* ``decoding`` — bytes to text: BOMs, UTF-8, Windows-1256, ISO-8859-6, mojibake;
* ``htmltext`` — the text of an HTML page;
* ``articles`` — the :class:`Article` record and the text the pipeline analyses.

The names below are importable from the package itself
(``from quotetrack.inputs import read_inputs``); they are loaded on first use.
"""
from __future__ import annotations

from ..lazy import lazy_api

__getattr__, __all__ = lazy_api(__name__, {"Article": "articles", "make_article": "articles", "read_inputs": "reading", "read_article": "reading",
        "InputOptions": "reading", "expand": "listing"})
