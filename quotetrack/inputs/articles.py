"""Articles: the unit quotetrack reads, with the metadata the exports carry."""
from __future__ import annotations

from dataclasses import dataclass

SOURCE_LINE_MAX_WORDS = 8  # a second line this short, with no sentence punctuation, names the outlet
TITLE_MAX_CHARS = 300  # a longer first line is body text (a page saved as one line), not a headline
SOURCE_LINE_MAX_CHARS = 120  # and an outlet's name is short in characters too
NOTE_SEP = "; "


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    path: str = ""
    note: str = ""  # e.g. "empty file", "no Arabic text", "decoded as Windows-1256 (not valid UTF-8)"

    def add_note(self, note: str) -> None:
        if note and note not in self.note.split(NOTE_SEP):
            self.note = f"{self.note}{NOTE_SEP}{note}" if self.note else note


def title_and_source(text: str) -> tuple[str, str]:
    """Title = first line; source = a short second line naming the outlet.

    Heuristic (README, "Inputs and errors"): the second line is the source when
    it has at most ``SOURCE_LINE_MAX_WORDS`` words and no sentence punctuation,
    like the seed's ``وكالة المغرب الكبير للأنباء``.  A first line longer than
    ``TITLE_MAX_CHARS`` is no headline: no title, no source.  ``--no-source-line``
    turns the source guess off, ``--no-title-line`` both.
    """
    first_end = text.find("\n", 0, TITLE_MAX_CHARS + 1)
    if first_end < 0:
        # one long line (or a long first paragraph): never copy it into every CSV row
        return (text.strip(), "") if len(text) <= TITLE_MAX_CHARS else ("", "")
    title = text[:first_end].strip()
    rest = first_end + 1
    second_end = text.find("\n", rest, rest + SOURCE_LINE_MAX_CHARS + 1)
    if second_end < 0:
        second_end = len(text) if len(text) - rest <= SOURCE_LINE_MAX_CHARS else rest
    second = text[rest:second_end].strip()
    source = ""
    if second and len(second.split()) <= SOURCE_LINE_MAX_WORDS and not any(c in second for c in ".،,:؛!?؟«»“”\""):
        source = second
    return title, source


def make_article(art_id: str, text: str, path: str = "", *, fmt: str = "auto", title_line: bool = True,
                 source_line: bool = True, meta: dict | None = None, note: str = "") -> Article:
    """An :class:`Article` from decoded text, the way every input format builds one.

    ``fmt``: "txt" (plain text: first line title, short second line source),
    "html" (text extracted, offsets into the extracted text), "record" (a
    JSON-lines or CSV record: metadata from ``meta``, no title guessing) or
    "auto" (HTML when the text is plainly HTML, else "txt").  Empty text and
    text without Arabic letters give an article with a note, not an error.
    """
    from .htmltext import extract, looks_like_html

    meta = {k: v for k, v in (meta or {}).items() if v}
    article = Article(art_id, text, path=path)
    article.add_note(note)
    if fmt == "html" or (fmt in ("auto", "record") and looks_like_html(text)):
        page = extract(text)
        article.text = page.text
        article.title, article.source, article.date, article.url = page.title, page.source, page.date, page.url
        article.add_note("HTML: text extracted, offsets refer to the extracted text")
    elif fmt in ("auto", "txt") and title_line:
        article.title, article.source = title_and_source(text)
        if not source_line:
            article.source = ""
    for key in ("title", "source", "date", "url"):
        if meta.get(key):
            setattr(article, key, str(meta[key]))
    if not article.text.strip():
        article.add_note("empty file" if fmt != "record" else "empty text")
    elif not has_arabic(article.text):
        article.add_note("no Arabic text")
    return article


def has_arabic(text: str) -> bool:
    from ..normalize import has_arabic as _has_arabic

    return _has_arabic(text)


def analysed_text(text: str) -> str:
    """What the pipeline runs on: ``text``, or nothing when it has no Arabic letter.

    quotetrack reads Arabic only: an English article would give English "quotes"
    with speaker unknown.  Such a file has the note "no Arabic text" and no quotes
    (README, "Inputs"); the criterion is the note's own (:func:`has_arabic`).
    """
    return text if has_arabic(text) else ""
