"""One unit of corpus work, the same in every engine: read, split, run, merge, shape.

Every engine (one process, the local process pool, Dask) hands chunks of
*items* to :func:`run_items`, in a worker or in this process:

* an item is an :class:`~quotetrack.inputs.articles.Article` (read already: stdin,
  record files) or a :class:`~quotetrack.inputs.Pending` file, which is read
  and decoded here, so that reading scales with ``--jobs`` too;
* giant articles are cut into parts (:mod:`quotetrack.corpus.chunking`), the parts
  and articles of the chunk run through ``nlp.pipe`` together, and the parts'
  records are merged back;
* an article the reader refuses or the pipeline fails on becomes a failure
  (its code and message) instead of stopping the chunk: the others go on;
* the records are *shaped* for what the parent will do with them:
  ``"records"`` (the quotes, warnings and mentions, packed for pickling),
  ``"csv"`` / ``"csv-raw"`` / ``"jsonl"`` (the table rows of ``export.corpus_table.prepare``:
  formatted text and the keys the parent adds up; the article text does not
  travel back) or ``"speakers"`` (``SpeakerIndex.speaker_rows``).  Rows are
  made part by part for a giant article and leave memory for the run's spool
  folder past a bound (``spill``), so no article is ever held whole as rows.

An *outcome* per item: ``(article or None, note, data or None, failures)``:
the article read here (Pending items only), its final note (reading, split),
the shaped records, and ``(article id, path, message, input error?)`` of each
failure (an item without data always has one).
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Iterator

from ..inputs.articles import Article, analysed_text
from .chunking import MAX_CHARS, MAX_MARKS, Chunker, Part
from ..errors import Errors, InputError, QuotetrackError
from .failures import describe, label
from ..inputs.reading import InputOptions, Pending
from .runner import BATCH_SIZE, Result, pack, payload_of
from .spill import Budget, Rows

SHAPES = ("records", "csv", "csv-raw", "jsonl", "speakers")  # csv: with the formula guard (export.cells)
ROWS_AT_ONCE = 200  # quotes shaped into rows at a time


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """How to build the pipeline: sent to workers instead of the (large) pipeline itself."""

    backend: str = "rules"
    rules: str | None = None
    udpipe_model: str | None = None

    def load(self):
        from ..pipeline import load

        return load(backend=self.backend, rules=self.rules, udpipe_model=self.udpipe_model)

    def check(self) -> None:
        """Fail early, in the parent, on a bad rules folder (workers would fail later, once each)."""
        from ..ruleset import Ruleset

        Ruleset.load(self.rules)


@dataclass(frozen=True)
class Task:
    """What to do with each chunk: sent along with it (small, picklable)."""

    spec: PipelineSpec = PipelineSpec()
    options: InputOptions = field(default_factory=InputOptions)
    shape: str = "records"  # one of SHAPES
    max_chars: int = MAX_CHARS
    max_marks: int = MAX_MARKS
    spool: str | None = None  # a folder the parent reads: table rows past spill.HELD_BYTES go there


# One pipeline per worker thread: process workers have one thread; Dask's
# in-process workers share the module, and a spaCy pipeline is not shared
# between threads.
_local = threading.local()


def _cached(kind: str, key, make):
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    if (kind, key) not in cache:
        cache[kind, key] = make()
    return cache[kind, key]


def worker_nlp(spec: PipelineSpec):
    return _cached("nlp", spec, spec.load)


def worker_keyer(rules):
    from .identity import SpeakerIndex

    return _cached("keyer", rules, lambda: SpeakerIndex.for_rules(rules))


def work_chunk(task: Task, items: list) -> list[tuple]:
    """Worker task: the outcome of each item, in order (the pipeline is loaded once per worker)."""
    return run_items(worker_nlp(task.spec), task, items)


def run_items(nlp, task: Task, items: list, batch_size: int = BATCH_SIZE) -> list[tuple]:
    """The outcome of each item of ``items`` (module doc), in order."""
    failed: list[list] = [[] for _ in items]
    read: list = [None] * len(items)
    articles: list[Article] = []
    owner: dict[int, int] = {}  # id(article) -> item index
    for i, item in enumerate(items):
        article = item
        if isinstance(item, Pending):
            try:
                article = read[i] = item.read(task.options)
            except InputError as err:
                failed[i].append((item.id, item.path, str(err), True))
                continue
        else:
            # a copy takes the notes added here (split); the parent puts the final note on its own article
            article = replace(item)
        owner[id(article)] = i
        articles.append(article)
    chunker = Chunker(task.max_chars, task.max_marks)

    def results() -> Iterator[Result]:
        # lazily: a giant article's parts are sliced only as the pipeline takes them
        for unit, got in _pipe(nlp, chunker.split(articles), batch_size):
            whole = isinstance(unit, Part)
            index = owner[id(chunker.wholes[unit.whole] if whole else unit)]
            if isinstance(got, BaseException):
                failed[index].append((unit.id, unit.path, _message(unit, got), False))
                continue
            if whole:
                unit.text = ""  # the whole article has it; the merge needs only the part's offset
            yield Result(unit, *got)

    data: list = [None] * len(items)
    notes = [it.note if isinstance(it, Article) else "" for it in items]
    shaping = _Shaping(task, len(items))
    # piece by piece: the rows of a giant article are made part by part and may leave memory (spill.Rows)
    for piece, last in chunker.pieces(results(), deep=task.shape == "records"):
        i = owner[id(piece.article)]
        try:
            shaping.add(i, piece)
        except Exception as err:  # noqa: BLE001 — e.g. a lone surrogate from a JSON record cannot be written
            failed[i].append((piece.article.id, piece.article.path, _message(piece.article, err), False))
            shaping.drop(i)
        if last:
            notes[i] = piece.article.note
            data[i] = shaping.done(i)
    for i, article in enumerate(read):
        if article is not None:
            notes[i] = article.note
            if task.shape != "records":
                read[i] = replace(article, text="")  # the table has all it needs from the text
    for i, item in enumerate(items):
        if data[i] is None and not failed[i]:  # never silently lost, whatever went wrong above
            failed[i].append((item.id, item.path, Errors.E050.format(article=item.id, detail="no result"), False))
    return [(read[i], notes[i], data[i], failed[i]) for i in range(len(items))]


class _Shaping:
    """What each item's pieces become: records merged and packed, or table rows (``spill.Rows``)."""

    def __init__(self, task: Task, n: int):
        self.task = task
        self.acc: list = [None] * n
        self.broken = [False] * n
        self.budget = Budget(task.spool)

    def add(self, i: int, piece: Result) -> None:
        if self.broken[i]:
            return
        if self.task.shape == "records":
            acc = self.acc[i]
            if acc is None:
                self.acc[i] = piece
            else:
                acc.quotes += piece.quotes
                acc.warnings += piece.warnings
                acc.rejected += piece.rejected
                acc.mentions += piece.mentions
            return
        if self.acc[i] is None:
            self.acc[i] = Rows()
        quotes = piece.quotes
        for at in range(0, max(1, len(quotes)), ROWS_AT_ONCE):  # overlapping quotes make large rows: a few at a time
            self.acc[i].extend(_shape(replace(piece, quotes=quotes[at:at + ROWS_AT_ONCE]), self.task.shape,
                                      self.task.spec), self.budget)

    def drop(self, i: int) -> None:
        self.broken[i] = True
        if isinstance(self.acc[i], Rows):
            self.acc[i].discard()
        self.acc[i] = None

    def done(self, i: int):
        acc, self.acc[i] = self.acc[i], None
        if acc is None or self.broken[i]:
            return None
        if isinstance(acc, Rows):
            return acc.close()
        return pack((acc.quotes, acc.warnings, acc.rejected, acc.mentions))


def _pipe(nlp, units: Iterator[Article], batch_size: int) -> Iterator[tuple]:
    """``(unit, records)`` for each unit in order, or ``(unit, exception)`` for one the pipeline fails on.

    When ``nlp.pipe`` raises, the units it had taken but not returned are run
    again one by one (the culprit gets its exception, the others their
    records) and ``nlp.pipe`` goes on with the rest.  An error of ``units``
    itself (the splitter) is no article's: raised once the units before it are out.
    """
    units = iter(units)
    taken: deque = deque()
    broken: list = []

    def feed():
        while True:
            try:
                unit = next(units)
            except StopIteration:
                return
            except Exception as err:  # noqa: BLE001 — raised below, not taken for an article's failure
                broken.append(err)
                return
            taken.append(unit)
            yield analysed_text(unit.text)  # no Arabic letter: no quotes (the article's note says so)

    while not broken:
        try:
            for doc in nlp.pipe(feed(), batch_size=batch_size):
                records = payload_of(doc)  # before popping: if this raises, the unit is still taken
                yield taken.popleft(), records
            break
        except Exception:  # noqa: BLE001 — one article broke the batch: find it, keep the others
            if not taken:
                raise  # before any article: the pipeline itself is broken
        while taken:
            unit = taken.popleft()
            try:
                got = payload_of(next(iter(nlp.pipe([analysed_text(unit.text)]))))
            except Exception as err:  # noqa: BLE001
                got = err
            yield unit, got
    if broken:
        raise broken[0]


def _message(unit: Article, err: BaseException) -> str:
    if isinstance(err, QuotetrackError):  # refused on purpose (QT044 …): its own code
        return str(err)
    return Errors.E050.format(article=label(unit), detail=describe(err))


def _shape(result: Result, shape: str, spec: PipelineSpec) -> list[tuple]:
    """The rows of a result (or of one piece of a split article): table rows, or the speakers list's."""
    if shape == "speakers":
        return worker_keyer(spec.rules).speaker_rows(result.article.id, result.quotes, result.mentions)
    from ..export.corpus_table import prepare

    return prepare(result.article, result.quotes, result.mentions, worker_keyer(spec.rules), shape)
