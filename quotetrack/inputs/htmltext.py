"""HTML → article text, with the standard library's ``html.parser`` (no dependency).

What comes out (README, "Inputs and errors"): the text of ``<body>`` with
``script``, ``style``, ``noscript``, ``template``, ``svg``, ``head`` and the page
furniture ``nav``, ``footer``, ``aside``, ``form`` and ``iframe`` dropped; every block
element (``p``, ``div``, ``h1``…``h6``, ``li``, ``tr``, ``br``, ``blockquote``…) ends a
line, so paragraphs are lines as in a ``.txt`` article; runs of spaces and
newlines inside a block are one space (HTML's own rule), except in ``pre``;
entities are unescaped (``&laquo;`` → «).  **Offsets in every output refer to
this extracted text**, not to the HTML source.

Metadata, when the page has it: title from ``og:title`` or ``<title>`` (else the
first ``h1``), source from ``og:site_name``, date from ``article:published_time``
(or ``<time datetime>``), url from ``<link rel=canonical>`` or ``og:url``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCK = frozenset("""address article blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure h1 h2 h3 h4 h5 h6 header hgroup hr li main menu ol p pre section
    summary table tbody td tfoot th thead tr ul""".split())
DROP = frozenset("script style noscript template svg math head nav footer aside form iframe object "
                 "canvas select button textarea".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace (not U+00A0, which is a real character)
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|br|span|article|meta|title|h[1-6]|table|a\s)\b",
                        re.IGNORECASE)
_CLOSING = re.compile(r"</(?:p|div|html|body|span|h[1-6]|a|li|article|td|title)\s*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is plainly HTML: it starts with a tag and has HTML elements.

    Arabic news text never starts with ``<``; a text that merely mentions
    ``<p>`` somewhere later is left alone.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    if re.match(r"<(?:!doctype\s+html|html\b|\?xml[^>]*>\s*<(?:!doctype\s+)?html)", head, re.IGNORECASE):
        return True
    return bool(_HTML_HINT.search(head)) and bool(_CLOSING.search(text[:65536]) or "<br" in head.lower())


@dataclass(slots=True)
class HtmlText:
    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []  # finished lines
        self.line: list[str] = []  # pieces of the current line
        self.drop = 0  # depth inside dropped elements
        self.pre = 0
        self.in_title = self.in_h1 = False
        self.title = self.h1 = ""
        self.meta: dict[str, str] = {}
        self.time = ""
        self.body_seen = False

    # -- structure -------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "body":
            self.body_seen = True
            self.drop = 0  # a missing </head> must not swallow the page
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.meta.setdefault("canonical", a.get("href", "").strip())
        elif tag == "time" and a.get("datetime") and not self.time:
            self.time = a["datetime"].strip()
        if tag in DROP and tag not in VOID and not (tag == "head" and self.body_seen):
            self.drop += 1
            return
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag == "pre":
            self.pre += 1
        if tag in BLOCK:
            self.break_line()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in DROP:
            self.drop = max(0, self.drop - 1)
            return
        if tag == "h1":
            self.in_h1 = False
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in BLOCK:
            self.break_line()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.drop:
            return
        if self.in_h1:
            self.h1 += data
        if self.pre:
            parts = data.split("\n")
            for k, part in enumerate(parts):
                if k:
                    self.break_line(keep_empty=True)
                self.line.append(part)
        else:
            self.line.append(_SPACE.sub(" ", data))

    def break_line(self, keep_empty: bool = False):
        line = "".join(self.line)
        self.line = []
        line = line if self.pre else line.strip(" ")
        if line.strip() or keep_empty:
            self.lines.append(line)

    def result(self) -> HtmlText:
        self.break_line()
        m = self.meta
        title = m.get("og:title") or _SPACE.sub(" ", self.title).strip() or _SPACE.sub(" ", self.h1).strip()
        return HtmlText(
            text="\n".join(self.lines),
            title=title,
            source=m.get("og:site_name", ""),
            date=m.get("article:published_time") or m.get("datepublished") or m.get("date") or self.time,
            url=m.get("canonical") or m.get("og:url", ""),
        )


def extract(html: str) -> HtmlText:
    """The article text and metadata of an HTML page (see the module docstring)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return parser.result()
