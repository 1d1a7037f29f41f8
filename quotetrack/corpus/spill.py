"""Table rows that leave memory for a file when a chunk of work holds too many of them.

A corpus worker prepares the table rows of its articles (``work.run_items``)
and hands them back with the chunk.  Most chunks hold a few hundred rows;
one giant or pathological article can hold millions (200,000 quotation
marks, each after a speech verb, in 3.4 MB).  So the rows of a chunk are
kept in memory up to ``HELD_BYTES``; past that, the article being shaped
writes its rows, part by part as the pipeline gives them, to a file in the
run's spool folder, and only the file's name travels back.  The parent reads
the file once, in blocks, while it writes the table, and deletes it.

Pool workers and the local Dask cluster share the machine's disk with the
parent.  Without a spool folder (the Python API, a remote Dask cluster) the
rows stay in memory.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from typing import Iterator

HELD_BYTES = 8 << 20  # rows held in memory per chunk of work; the parent holds a few chunks per worker
ROW_OVERHEAD = 200  # bytes of Python objects per row, beyond its text


def row_bytes(rows: list[tuple]) -> int:
    """About what ``rows`` cost in memory: their bytes and strings, and the objects around them."""
    total = 0
    for row in rows:
        total += ROW_OVERHEAD + sum(len(x) for x in row if isinstance(x, (bytes, str)))
    return total


class Budget:
    """The memory the rows of one chunk of work may hold, and where they go past it."""

    def __init__(self, folder: str | None, limit: int | None = None):
        self.folder = folder
        self.limit = HELD_BYTES if limit is None else limit
        self.used = 0

    def full(self) -> bool:
        return self.folder is not None and self.used > self.limit


class Rows:
    """The rows of one article: a list, or a file of pickled blocks once they outgrew the budget.

    ``len()`` is the number of rows; :meth:`blocks` gives them back, in order,
    a block at a time (a file is deleted once read).  Pickled, a spilled
    ``Rows`` is its file's name and count.
    """

    __slots__ = ("held", "path", "count", "_fh")

    def __init__(self):
        self.held: list[tuple] = []
        self.path: str | None = None
        self.count = 0
        self._fh = None

    def extend(self, rows: list[tuple], budget: Budget) -> None:
        if not rows:
            return
        self.count += len(rows)
        if self._fh is not None:
            pickle.dump(rows, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            return
        self.held.extend(rows)
        budget.used += row_bytes(rows)
        if budget.full():
            budget.used -= row_bytes(self.held)
            fd, self.path = tempfile.mkstemp(prefix="rows-", suffix=".pickle", dir=budget.folder)
            self._fh = os.fdopen(fd, "wb")
            pickle.dump(self.held, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            self.held = []

    def close(self) -> "Rows":
        """Done writing (the worker's side): the file is complete."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return self

    def discard(self) -> None:
        self.close()
        self.held = []
        if self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def __len__(self) -> int:
        return self.count

    def blocks(self) -> Iterator[list[tuple]]:
        if self.path is None:
            if self.held:
                yield self.held
            return
        self.close()
        try:
            with open(self.path, "rb") as fh:
                while True:
                    try:
                        yield pickle.load(fh)
                    except EOFError:
                        return
        finally:
            self.discard()

    def __iter__(self) -> Iterator[tuple]:
        for block in self.blocks():
            yield from block

    def __getstate__(self):
        self.close()
        return (self.held, self.path, self.count)

    def __setstate__(self, state) -> None:
        self.held, self.path, self.count = state
        self._fh = None


def blocks(rows) -> Iterator[list[tuple]]:
    """The rows a worker prepared, a block at a time: a :class:`Rows` (maybe read from its file) or a list."""
    if isinstance(rows, Rows):
        return rows.blocks()
    return iter([rows] if rows else [])
