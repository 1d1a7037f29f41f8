"""Per-article reports (text, json), pure functions from results to strings."""
from __future__ import annotations

import json

from ..display import shown, terminal
from ..records import Quote

SHORTEN = 160


def shorten(text: str, limit: int = SHORTEN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote_dict(q: Quote) -> dict:
    cue = q.cue
    return {
        "id": q.id, "type": q.type, "text": q.text, "start": q.start, "end": q.end,
        "cue": None if cue is None else {"text": cue.text, "lemma": cue.lemma, "kind": cue.kind, "gloss": cue.gloss,
                                         "person": cue.person, "gender": cue.gender, "number": cue.number,
                                         "start": cue.start, "end": cue.end},
        "speaker": q.speaker, "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end, "speaker_role": q.speaker_role, "speaker_kind": q.speaker_kind,
        "speaker_id": q.speaker_id, "speaker_latin": q.speaker_latin, "speaker_entity": q.speaker_entity,
        "resolution": q.resolution,
        "confidence": q.confidence, "channel": q.channel, "backend": q.backend,
        "about": [{"id": a.entity_id, "name": a.name, "kind": a.kind, "text": a.text, "start": a.start,
                   "end": a.end} for a in q.about],
        "entities": [{"text": e.text, "label": e.label, "start": e.start, "end": e.end, "score": e.score}
                     for e in q.entities],
    }


def summary(quotes: list[Quote], labels=None) -> dict:
    """Speakers by number of quotes and entities by number of quotes about them (names as ``labels``
    shows them; without labels, the records' own names)."""
    speakers: dict[str, int] = {}
    entities: dict[str, int] = {}
    for q in quotes:
        speakers[q.speaker] = speakers.get(q.speaker, 0) + 1
        for a in (set(labels.entities(q)) if labels is not None else {a.name for a in q.about}):
            entities[a] = entities.get(a, 0) + 1
    order = lambda d: sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))  # noqa: E731
    return {"speakers": order(speakers), "entities": order(entities)}


def article_json(result) -> dict:
    a = result.article
    # a file name that is not UTF-8 is shown with its odd bytes escaped: the report is UTF-8
    return {"article_id": a.id, "title": a.title, "source": a.source, "path": shown(a.path), "note": a.note,
            "quotes": [quote_dict(q) for q in result.quotes],
            "summary": {k: [{"name": n, "quotes": c} for n, c in v] for k, v in summary(result.quotes).items()},
            "warnings": [{"code": w.code, "message": w.message, "offset": w.offset} for w in result.warnings],
            "rejected": [{"text": q.text, "start": q.start, "end": q.end, "reason": r} for q, r in result.rejected]}


def render_json(results) -> str:
    return json.dumps([article_json(r) for r in results], ensure_ascii=False, indent=2) + "\n"


def render_text(results, labels=None) -> str:
    """Per article: each quote with its kind, speech verb, speaker and how it was found, what it is
    about; then the speakers, the entities most talked about and the warnings (``labels``: the words'
    and names' language, :class:`quotetrack.export.labels.Labels`)."""
    from .labels import Labels

    lb = labels or Labels()
    out = []
    for r in results:
        a = r.article
        out.append(f"# {a.id}: {a.title}" + (f"  ({a.source})" if a.source else ""))
        if a.note:
            out.append(f"  {lb.word('note')}: {a.note}")
        if not r.quotes:
            out.append(f"  {lb.word('none')}")
        sep, semi = lb.word("sep"), lb.word("semi")
        for q in r.quotes:
            out.append(f"  {q.id} {lb.quote_type(q.type)} — {lb.word('col_cue')}: {lb.cue(q.cue)}")
            role = lb.role(q)
            how = [lb.kind(q.speaker_kind) if q.speaker_kind else "", lb.resolution(q.resolution),
                   f"{lb.word('confidence')} {q.confidence:.2f}" if q.resolution != "unknown" else "",
                   f"{lb.word('via')} {q.channel}" if q.channel else ""]
            out.append(f"      {lb.word('col_speaker')}: {lb.speaker(q)}" + (f"{sep}{role}" if role else "")
                       + " — " + semi.join(x for x in how if x))
            out.append(f"      «{shorten(q.text)}»")
            if q.about:
                out.append(f"      {lb.word('col_about')}: " + sep.join(lb.entities(q)))
        s = summary(r.quotes, lb)
        if s["speakers"]:
            out.append(f"  {lb.word('speakers')}: " + sep.join(f"{n} ({c})" for n, c in s["speakers"]))
        if s["entities"]:
            out.append(f"  {lb.word('talked_about')}: " + sep.join(f"{n} ({c})" for n, c in s["entities"][:8]))
        for w in r.warnings:
            out.append(f"  {lb.word('warning')}: {w.message}")
        out.append("")
    # read on a terminal: an escape sequence in a title or a quote must show, not act
    return terminal("\n".join(out))
