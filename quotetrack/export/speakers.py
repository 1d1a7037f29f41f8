"""The speakers of a corpus (``quotetrack speakers``) as text, JSON or CSV: pure functions."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from ..display import terminal
from ..corpus.identity import SpeakerInfo
from .cells import guard as guard_cell
from .table import BOM

LIST_SEP = " | "
CSV_COLUMNS = ["speaker_id", "name", "latin", "kind", "scope", "quotes", "articles", "article_ids", "roles",
               "spellings"]
MAX_TEXT_ITEMS = 5  # roles/spellings/articles shown per speaker in the text listing


def render_text(speakers: list[SpeakerInfo]) -> str:
    """One block per speaker, most quoted first."""
    if not speakers:
        return "no speakers found\n"
    out = []
    for s in speakers:
        head = f"{s.name}  ({s.latin})" if s.latin else s.name
        out.append(f"{head}\n  id: {s.speaker_id}  kind: {s.kind}{'  (this article only)' if s.scope == 'article' else ''}")
        out.append(f"  quotes: {s.quotes}  articles: {len(s.articles)}: {_some(s.articles)}")
        if s.roles:
            out.append(f"  roles: {_some(s.roles)}")
        if len(s.spellings) > 1 or (s.spellings and s.spellings[0] != s.name):
            out.append(f"  written: {_some(s.spellings)}")
    return terminal("\n".join(out)) + "\n"  # names come from the articles: no escape sequence acts


def _some(items: list) -> str:
    shown = LIST_SEP.join(items[:MAX_TEXT_ITEMS])
    return shown + (f" (+{len(items) - MAX_TEXT_ITEMS} more)" if len(items) > MAX_TEXT_ITEMS else "")


def render_json(speakers: list[SpeakerInfo]) -> str:
    return json.dumps([asdict(s) for s in speakers], ensure_ascii=False, indent=2) + "\n"


def render_csv(speakers: list[SpeakerInfo], guard: bool = True, bom: bool = False) -> str:
    """The listing as CSV; ``guard``: text cells that start like a formula get the apostrophe
    guard of the quotes CSV (:mod:`quotetrack.export.cells`); ``bom``: a UTF-8 byte-order mark
    first, as every CSV file quotetrack writes has (Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(CSV_COLUMNS)
    cell = guard_cell if guard else (lambda v: v)
    for s in speakers:
        w.writerow([cell(v) for v in (s.speaker_id, s.name, s.latin, s.kind, s.scope, s.quotes, len(s.articles),
                                      LIST_SEP.join(s.articles), LIST_SEP.join(s.roles),
                                      LIST_SEP.join(s.spellings))])
    return (BOM if bom else "") + buf.getvalue()


RENDERERS = {"text": render_text, "json": render_json, "csv": render_csv}
