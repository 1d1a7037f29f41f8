"""The fact-checkers' table for a whole corpus, streamed: corpus speaker ids and quote clusters.

A row's corpus ``speaker_id`` and ``cluster_first_article`` depend on
articles that come later, so the table is written in two passes without
holding the corpus: pass 1 consumes the results (each Doc is already gone),
turns each quote into its row at once and spools the rows to an anonymous
temporary file while the speaker index and the quote clusters learn; pass 2
reads the spool back in chunks, fills the corpus columns and writes CSV or
JSON lines to the file handle it is given (the CLI opens it atomically).
The rows are formatted by ``export.table`` exactly as for a single article.
"""
from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass

from ..clusters import QuoteClusters
from ..identity import SpeakerIndex
from .table import csv_text, jsonl_text, quote_row, quotes_frame

ROWS_PER_CHUNK = 2000  # rows spooled and formatted at a time: bounded memory, few pandas calls


@dataclass(slots=True)
class Summary:
    articles: int = 0
    quotes: int = 0
    speakers: int = 0  # distinct corpus speakers with a quote
    clusters: int = 0  # distinct quotes (a cluster of one counts)
    repeated: int = 0  # clusters seen in more than one quote


def write_table(results, fh, fmt: str = "csv", bom: bool = False, index: SpeakerIndex | None = None,
                rows_per_chunk: int = ROWS_PER_CHUNK) -> Summary:
    """Write every quote of ``results`` (in input order) to the text handle ``fh``; return counts."""
    index = index if index is not None else SpeakerIndex()
    clusters = QuoteClusters()
    summary = Summary()
    with tempfile.TemporaryFile() as spool:
        buffer: list = []
        for seq, r in enumerate(results):
            summary.articles += 1
            refs = index.observe(seq, r.article, r.quotes, r.mentions)
            for q, ref in zip(r.quotes, refs):
                buffer.append((quote_row(r.article, q), ref, clusters.add(seq, r.article, q.text, q.speaker)))
            if len(buffer) >= rows_per_chunk:
                pickle.dump(buffer, spool, protocol=pickle.HIGHEST_PROTOCOL)
                buffer = []
        if buffer:
            pickle.dump(buffer, spool, protocol=pickle.HIGHEST_PROTOCOL)
        buffer = []
        ids, table = index.finish(), clusters.finish()
        spool.seek(0)
        first = True
        sizes: dict[str, int] = {}
        speakers: set = set()  # corpus-wide speakers (bounded by distinct names)
        local, local_count, article = set(), 0, None  # per-article speakers: counted article by article
        while True:
            try:
                chunk = pickle.load(spool)
            except EOFError:
                break
            rows = []
            for row, ref, provisional in chunk:
                if row["article_id"] != article:
                    article, local_count = row["article_id"], local_count + len(local)
                    local = set()
                if isinstance(ref, str) and ref:
                    row["speaker_id"] = ref
                    local.add(ref)
                elif ref != "":
                    row["speaker_id"] = ids.speaker_id(ref)
                    speakers.add(row["speaker_id"])
                cid = row["cluster_id"] = table.cluster_id(provisional)
                row["cluster_first_article"] = table.first_article(provisional)
                sizes[cid] = sizes.get(cid, 0) + 1
                rows.append(row)
            fh.write(_format(rows, fmt, bom and first, header=first))
            first = False
        if first:  # no quote at all: still a valid file with its header
            fh.write(_format([], fmt, bom, header=True))
    summary.quotes = sum(sizes.values())
    summary.speakers = len(speakers) + local_count + len(local)
    summary.clusters = len(sizes)
    summary.repeated = sum(1 for n in sizes.values() if n > 1)
    return summary


def _format(rows: list[dict], fmt: str, bom: bool, header: bool) -> str:
    df = quotes_frame([]) if not rows else _frame(rows)
    if fmt == "jsonl":
        return jsonl_text(df)
    text = csv_text(df, bom=bom)
    if not header:
        text = text.split("\n", 1)[1]  # the header is one line: column names hold no newline
    return text


def _frame(rows: list[dict]):
    import pandas as pd

    from .table import COLUMNS, INT_COLUMNS

    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in INT_COLUMNS:
        df[c] = df[c].astype("int64")
    df["confidence"] = df["confidence"].astype("float64")
    return df
