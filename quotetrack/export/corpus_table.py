"""The fact-checkers' table for a whole corpus, streamed: corpus speaker ids and quote clusters.

A row's corpus ``speaker_id``, ``cluster_id`` and ``cluster_first_article``
depend on articles that come later, so the table is written in two passes
without holding the corpus:

* each quote is first *prepared* (:func:`prepare`): its row formatted, as
  UTF-8 bytes, around the three corpus columns, plus what identifies its
  speaker (``SpeakerIndex.keys``) and its wording (``clusters.wording``).
  Corpus workers prepare the rows of their articles next to the pipeline, so
  the parent process, the one part of a run that does not scale with
  ``--jobs``, only adds up keys and copies bytes (decoding and encoding the
  rows' Arabic text once more there would cost it as much as all the rest);
* pass 1 consumes the results in input order (each Doc is already gone),
  spools the prepared rows to an anonymous temporary file while the speaker
  index and the quote clusters learn;
* pass 2 reads the spool back, fills the corpus columns and writes CSV or
  JSON lines to the file handle it is given (the CLI opens it atomically).

The output is exactly what ``export.table`` gives for the same rows through
pandas (``csv_text`` / ``jsonl_text``; a test holds the two equal): every
string quoted, quotes doubled, numbers bare.  Format ``csv`` puts the formula
guard on text cells (:mod:`quotetrack.export.cells`), ``csv-raw`` does not
(``--raw-cells``); JSON lines are always raw.
"""
from __future__ import annotations

import io
import json
import pickle
import tempfile
from dataclasses import dataclass

from ..corpus.clusters import QuoteClusters, wording
from ..corpus.identity import SpeakerIndex
from ..corpus.spill import blocks
from .cells import guard
from .table import BOM, COLUMNS, quote_row

ROWS_PER_CHUNK = 2000  # rows spooled at a time: bounded memory, few pickle calls
SPOOL_BYTES = 4 << 20  # or fewer, when their text passes this (overlapping quotes make long rows)
FORMATS = ("csv", "csv-raw", "jsonl")
# the corpus columns, filled in pass 2, split the row into a head and a middle part
_SID, _CID = COLUMNS.index("speaker_id"), COLUMNS.index("cluster_id")
HEAD, MIDDLE = COLUMNS[:_SID], COLUMNS[_SID + 1:_CID]
assert COLUMNS[_CID:] == ["cluster_id", "cluster_first_article"], "the corpus columns must end the row"


@dataclass(slots=True)
class Summary:
    articles: int = 0
    quotes: int = 0
    speakers: int = 0  # distinct corpus speakers with a quote
    clusters: int = 0  # distinct quotes (a cluster of one counts)
    repeated: int = 0  # clusters seen in more than one quote


def csv_field(value) -> str:
    """One field as ``csv.QUOTE_NONNUMERIC`` writes it (pandas' ``to_csv`` does the same)."""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if value is None or value != value:  # None, NaN: an empty field, as pandas writes them
        return '""'
    return repr(value) if isinstance(value, float) else str(value)


def guarded_field(value) -> str:
    """One field of the ``csv`` format: :func:`csv_field` of the guarded value."""
    return csv_field(guard(value))


def _field_writer(fmt: str):
    return guarded_field if fmt == "csv" else csv_field


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def prepare(article, quotes, mentions, keyer: SpeakerIndex, fmt: str = "csv") -> list[tuple]:
    """The rows of one article's quotes, ready for :func:`write_table`, as plain tuples.

    Each is ``(head, speaker_id, middle, speaker key, wording)``: ``head`` is the
    row up to ``speaker_id``, ``middle`` from there to ``cluster_id`` (formatted
    for ``fmt``, UTF-8), ``speaker_id`` the article-level id to keep when the
    quote has no corpus speaker.
    """
    if fmt not in FORMATS:
        raise ValueError(f"table format {fmt!r}: one of {', '.join(FORMATS)}")
    keys = keyer.keys(article.id, quotes, mentions)
    out = []
    field = _field_writer(fmt)
    for q, key in zip(quotes, keys):
        row = quote_row(article, q)
        if fmt != "jsonl":
            head = ",".join([field(row[c]) for c in HEAD]) + ","
            middle = "," + ",".join([field(row[c]) for c in MIDDLE]) + ","
        else:
            head = _json({c: row[c] for c in HEAD})[:-1] + ', "speaker_id": '
            middle = ", " + _json({c: row[c] for c in MIDDLE})[1:-1] + ', "cluster_id": '
        out.append((head.encode(), row["speaker_id"], middle.encode(), key, wording(q.text, q.speaker)))
    return out


def _line(fmt: str, head: bytes, sid: str, middle: bytes, cid: str, first: str) -> bytes:
    if fmt != "jsonl":
        field = _field_writer(fmt)
        return b"".join((head, field(sid).encode(), middle, f"{field(cid)},{field(first)}\n".encode()))
    return b"".join((head, _json(sid).encode(), middle,
                     f'{_json(cid)}, "cluster_first_article": {_json(first)}}}\n'.encode()))


def header(fmt: str, bom: bool) -> bytes:
    if fmt == "jsonl":
        return b""  # JSON lines: no header, no BOM
    return ((BOM if bom else "") + ",".join(map(csv_field, COLUMNS)) + "\n").encode()


def _blocks(result, index: SpeakerIndex, fmt: str):
    """The prepared rows of a result, a block at a time: a worker's (a list, or ``spill.Rows`` read from
    its file), else prepared here from the quotes."""
    if result.rows is None:
        return [prepare(result.article, result.quotes, result.mentions, index, fmt)]
    return blocks(result.rows)


def write_table(results, fh, fmt: str = "csv", bom: bool = False, index: SpeakerIndex | None = None,
                rows_per_chunk: int = ROWS_PER_CHUNK) -> Summary:
    """Write every quote of ``results`` (in input order) to ``fh``; return counts.

    ``fh``: a binary handle (UTF-8 is written to it as it is) or a text one.
    A result whose ``rows`` a worker prepared (:func:`prepare`, same ``fmt``) is
    used as it is; any other is prepared here from its quotes.
    """
    write = (lambda data: fh.write(data.decode())) if isinstance(fh, io.TextIOBase) else fh.write
    index = index if index is not None else SpeakerIndex()
    clusters = QuoteClusters()
    summary = Summary()
    with tempfile.TemporaryFile() as spool:
        buffer: list = []
        held = 0  # bytes of row text in the buffer
        for seq, r in enumerate(results):
            summary.articles += 1
            art = r.article
            for rows in _blocks(r, index, fmt):
                refs = index.add(seq, [row[3] for row in rows])
                for (head, sid, middle, _, words), ref in zip(rows, refs):
                    buffer.append((head, sid, middle, ref, clusters.add_wording(seq, art.date, art.id, words),
                                   art.id))
                    held += len(head) + len(middle)
                if len(buffer) >= rows_per_chunk or held >= SPOOL_BYTES:
                    pickle.dump(buffer, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    buffer, held = [], 0
        if buffer:
            pickle.dump(buffer, spool, protocol=pickle.HIGHEST_PROTOCOL)
        buffer = []
        ids, table = index.finish(), clusters.finish()
        spool.seek(0)
        write(header(fmt, bom))
        sizes: dict[str, int] = {}
        speakers: set = set()  # corpus-wide speakers (bounded by distinct names)
        local, local_count, article = set(), 0, None  # per-article speakers: counted article by article
        while True:
            try:
                chunk = pickle.load(spool)
            except EOFError:
                break
            lines = []
            for head, sid, middle, ref, provisional, art_id in chunk:
                if art_id != article:
                    article, local_count = art_id, local_count + len(local)
                    local = set()
                if isinstance(ref, str) and ref:
                    sid = ref
                    local.add(ref)
                elif ref != "":
                    sid = ids.speaker_id(ref)
                    speakers.add(sid)
                cid = table.cluster_id(provisional)
                sizes[cid] = sizes.get(cid, 0) + 1
                lines.append(_line(fmt, head, sid, middle, cid, table.first_article(provisional)))
            write(b"".join(lines))
    summary.quotes = sum(sizes.values())
    summary.speakers = len(speakers) + local_count + len(local)
    summary.clusters = len(sizes)
    summary.repeated = sum(1 for n in sizes.values() if n > 1)
    return summary
