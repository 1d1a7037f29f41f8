"""Articles: the unit quotetrack reads, with the metadata the exports carry."""
from __future__ import annotations

from dataclasses import dataclass

SOURCE_LINE_MAX_WORDS = 8  # a second line this short, with no sentence punctuation, names the outlet


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    path: str = ""
    note: str = ""  # e.g. "empty file", "no Arabic text"


def title_and_source(text: str) -> tuple[str, str]:
    """Title = first line; source = a short second line naming the outlet.

    Heuristic (README, "Inputs"): the second line is the source when it has at
    most ``SOURCE_LINE_MAX_WORDS`` words and no sentence punctuation, like the
    seed's ``وكالة المغرب الكبير للأنباء``.
    """
    lines = text.split("\n", 2)
    title = lines[0].strip() if lines else ""
    source = ""
    if len(lines) > 1:
        second = lines[1].strip()
        if second and len(second.split()) <= SOURCE_LINE_MAX_WORDS and not any(c in second for c in ".،,:؛!?؟«»“”\""):
            source = second
    return title, source
