"""Spreadsheet cells that stay text: the formula guard of the CSV and .xlsx outputs.

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (OWASP "CSV injection"), and so does a cell that starts with a
tab or a carriage return before one (``\\t=HYPERLINK(…)``).  Real quotes start
that way (``-نحن السعوديين- فتحنا …``, ``- الرصاصة تقتل مرتين``) and a crafted
article can plant ``=HYPERLINK("http://…")`` in a quote, a title or a record id.

The guard puts one apostrophe (U+0027) before such a cell, as OWASP advises:
a spreadsheet then shows text, never runs it.  Which cells: :data:`DANGER` —
the first character is one of ``= + - @`` or a tab or carriage return, after
any run of whitespace and apostrophes.  Counting the apostrophes in makes the
guard reversible: a cell that already starts with ``'=`` is guarded too
(``''=``), so :func:`unguard` can drop exactly one apostrophe from every cell
that starts with ``'`` followed by a :data:`DANGER` start, and gives every cell
back as it was.  Numbers (offsets, ``-1``, confidence) are never guarded.
"""
from __future__ import annotations

import re

# a cell a spreadsheet would read as a formula: = + - @, or a tab or CR, after whitespace and apostrophes
DANGER = re.compile(r"['\s]*[=+\-@\t\r]")
GUARD = "'"
# what pandas users can paste: df[col].str.replace(UNGUARD_PATTERN, "", regex=True)
UNGUARD_PATTERN = r"^'(?=['\s]*[=+\-@\t\r])"
_UNGUARD = re.compile(UNGUARD_PATTERN)

EXCEL_MAX_CHARS = 32_767  # characters Excel holds in one cell
EXCEL_MAX_ROWS = 1_048_576  # rows of one sheet, the header included


def dangerous(value: str) -> bool:
    """True when a spreadsheet could read the text cell ``value`` as a formula (module doc)."""
    return DANGER.match(value) is not None


def guard(value):
    """``value`` with the apostrophe guard when it is a dangerous text cell; anything else unchanged."""
    if isinstance(value, str) and DANGER.match(value):
        return GUARD + value
    return value


def unguard(value):
    """The text as found, from a guarded cell: the exact inverse of :func:`guard` on every string."""
    if isinstance(value, str):
        return _UNGUARD.sub("", value, count=1)
    return value
