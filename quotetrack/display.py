"""Strings from outside (file names, titles, article text) made safe to show.

* :func:`shown`: a file name that is not valid UTF-8 reaches Python with
  undecodable bytes as lone surrogates (``caf\\udce9.txt``), which no UTF-8
  file (CSV, report) can hold: it is shown with those bytes escaped
  (``caf\\xe9.txt``), so a good article in such a file is still processed and
  reported under a readable id;
* :func:`terminal`: control characters (C0 but tab and newline, DEL, C1) are
  shown escaped (``\\x1b``), so an article's title or text cannot move the
  cursor, recolour or retitle the terminal that prints a report;
* :func:`has_surrogates`: a JSON record can hold ``"\\ud800"``, a character no
  output can encode: the record is refused (QT034), never the whole run.
"""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """``text`` with undecodable file-name bytes (and any lone surrogate) escaped; valid text unchanged."""
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that did not come from undecodable bytes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def terminal(text: str) -> str:
    """``text`` for a terminal: control characters escaped (``\\x1b``), tab and newline kept."""
    text = shown(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def has_surrogates(text: str) -> int:
    """The offset of the first lone surrogate in ``text``, or -1."""
    m = _SURROGATE.search(text)
    return m.start() if m else -1
