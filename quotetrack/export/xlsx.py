"""The fact-checkers' table as a real Excel workbook (``extract -o quotes.xlsx``), through openpyxl.

One right-to-left sheet with the CSV's columns in the CSV's order, the header
row frozen and filterable, column widths fit for Arabic quotes.  Every text
value is written as a *text cell* (type string, number format ``@``), so Excel
never turns a quote into a formula, an error code (``#N/A``), a number or a
date, not even when the cell is edited later; offsets and confidence are
numbers.  The formula guard (:mod:`quotetrack.export.cells`) is Excel's own
*quote prefix* here: the cell shows and holds the exact text, and Excel keeps
it text when it is edited (``guard=False``, ``--raw-cells``: no prefix; still
text cells).

What a workbook cannot hold is said, not hidden: a value longer than Excel's
32,767 characters per cell is cut and ends with ``…``; control characters that
XML forbids (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) become U+FFFD, one
for one, so lengths stay; a table longer than one sheet's 1,048,575 rows is
refused (QT072: write .csv or .jsonl).

The sheet is written in openpyxl's write-only mode: rows stream to disk, so
memory does not grow with the number of quotes.
"""
from __future__ import annotations

import contextlib
import json
import tempfile
from typing import Iterable

from ..errors import Errors, QuotetrackError
from .cells import EXCEL_MAX_CHARS, EXCEL_MAX_ROWS, dangerous
from .corpus_table import Summary, write_table
from .table import COLUMNS

SHEET = "quotes"
TEXT_FORMAT = "@"
# width in characters of Latin "0"; Arabic letters are narrower, so a quote of about 70 letters fits in 60
WIDTHS = {"quote_text": 60, "sentence": 60, "title": 40, "speaker": 24, "speaker_text": 24, "speaker_role": 30,
          "about": 30, "cue": 14, "cue_lemma": 12, "resolution": 18, "speaker_id": 24, "url": 30, "source": 20,
          "channel": 18, "article_id": 18, "date": 12, "cluster_first_article": 18}
DEFAULT_WIDTH = 11


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    if len(text) > EXCEL_MAX_CHARS:
        text = text[: EXCEL_MAX_CHARS - 1] + "…"
    return text


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def write_xlsx(rows: Iterable[dict], fh, columns: list[str], guard: bool = True, path: str = "quotes.xlsx") -> int:
    """Write ``rows`` (dicts with ``columns``, in order) as one sheet to the binary handle ``fh``.

    Returns the number of rows written.  Raises :class:`QuotetrackError` (QT072,
    naming ``path``) past one sheet's row limit, before anything is written to ``fh``.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.sheet_view.rightToLeft = True
    ws.freeze_panes = "A2"
    for i, name in enumerate(columns, 1):
        ws.column_dimensions[_column_letter(i)].width = WIDTHS.get(name, DEFAULT_WIDTH)

    def text_cell(value: str, font=None):
        cell = WriteOnlyCell(ws, _clean(value))
        # a str starting with "=" would be stored as a formula, "#N/A" as an error: always a string
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT
        if guard and dangerous(value):
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        return cell

    bold = Font(bold=True)
    ws.append([text_cell(name, bold) for name in columns])
    count = 0
    try:
        for row in rows:
            count += 1
            if count >= EXCEL_MAX_ROWS:
                raise QuotetrackError(Errors.E072.format(path=path, limit=EXCEL_MAX_ROWS - 1))
            ws.append([text_cell(v) if isinstance(v, str) else v for v in (row[c] for c in columns)])
    except BaseException:
        with contextlib.suppress(Exception):
            ws.close()  # end the streamed sheet cleanly (nothing is saved to fh)
        raise
    ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{count + 1}"
    wb.save(fh)
    return count


def write_corpus_xlsx(results, fh, index=None, guard: bool = True, path: str = "quotes.xlsx") -> Summary:
    """The whole corpus table (``export.corpus_table``) as a workbook to the binary handle ``fh``.

    A row's corpus columns are known only once the corpus is read, so the table
    is written as JSON lines to a temporary file first (raw values: the guard is
    the workbook's own), then read back into the sheet.
    """
    with tempfile.TemporaryFile() as rows:
        done = write_table(results, rows, "jsonl", index=index)
        if done.quotes >= EXCEL_MAX_ROWS:  # said before a sheet is begun
            raise QuotetrackError(Errors.E072.format(path=path, limit=EXCEL_MAX_ROWS - 1))
        rows.seek(0)
        write_xlsx((json.loads(line) for line in rows), fh, COLUMNS, guard=guard, path=path)
    return done
