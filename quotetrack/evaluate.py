"""Scoring quotes against gold annotations, with the rules of ``shared/tools/score_quotes.py``.

A predicted quote matches a gold quote when its text contains the gold anchor
(quotation marks, diacritics, tatweel and spacing ignored; alef, yeh, teh
marbuta and hamza seats folded).  A speaker matches when the canonical name or
the text as written equals or contains an accepted name after the same
normalisation.  ``about`` is recall: each gold entity among the matched
quote's entities.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_QUOTES = re.compile("[\"'“”„‟«»‹›「」『』〝〞＂]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def norm(text: str) -> str:
    text = _QUOTES.sub(" ", _DIACRITICS.sub("", text or "")).translate(_FOLD).lower()
    return " ".join(text.split())


def names_match(predicted: list[str], accepted: list[str]) -> bool:
    preds = [norm(p) for p in predicted if p and norm(p)]
    return any(p == norm(a) or norm(a) in p for a in accepted for p in preds)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    req: int = 0
    found: int = 0
    spk: int = 0
    about: int = 0
    about_hit: int = 0
    lines: list = field(default_factory=list)
    patterns: dict = field(default_factory=dict)  # resolution -> [right, total] on matched required quotes

    def add(self, other: "Score") -> None:
        for k in ("tp", "fp", "req", "found", "spk", "about", "about_hit"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for pattern, (right, total) in other.patterns.items():
            acc = self.patterns.setdefault(pattern, [0, 0])
            acc[0] += right
            acc[1] += total

    @property
    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.found / self.req if self.req else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return dict(p=p, r=r, f1=f1, speaker_acc=self.spk / self.found if self.found else 0.0,
                    about_recall=self.about_hit / self.about if self.about else 0.0)


def load_gold(dirs: list[str]) -> dict[str, dict]:
    gold = {}
    for d in dirs:
        for path in sorted(Path(d).glob("*.gold.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            gold[Path(data["article"]).stem] = data
    return gold


def score_article(key: str, g: dict, rows: list[dict], verbose: bool) -> Score:
    s = Score()
    matched: set[int] = set()
    normed = [norm(r["quote_text"]) for r in rows]
    for q in g["quotes"]:
        anchor = norm(q["anchor"])
        hits = [i for i, t in enumerate(normed) if anchor in t]
        matched.update(hits)
        if not q.get("required", True):
            continue
        s.req += 1
        if not hits:
            if verbose:
                s.lines.append(f"  MISSED {key} {q['id']}: {q['anchor']}")
            continue
        s.found += 1
        ok = any(names_match([rows[i]["speaker"], rows[i]["speaker_text"]], q["speaker"]) for i in hits)
        s.spk += ok
        for i in hits:
            acc = s.patterns.setdefault(rows[i].get("resolution", ""), [0, 0])
            acc[0] += names_match([rows[i]["speaker"], rows[i]["speaker_text"]], q["speaker"])
            acc[1] += 1
        if verbose and not ok:
            got = "; ".join(f"{rows[i]['speaker']} / {rows[i]['speaker_text']}" for i in hits)
            s.lines.append(f"  WRONG SPEAKER {key} {q['id']}: got {got}, want {q['speaker'][0]}")
        for names in q.get("about", []):
            s.about += 1
            got = [n for i in hits for n in rows[i].get("about", "").split("|")]
            hit = names_match(got, names)
            s.about_hit += hit
            if verbose and not hit:
                s.lines.append(f"  ABOUT MISSED {key} {q['id']}: {names[0]}")
    s.tp = len(matched)
    s.fp = len(rows) - len(matched)
    if verbose:
        for i, r in enumerate(rows):
            if i not in matched:
                s.lines.append(f"  EXTRA {key}: {r['quote_text'][:80]!r} ({r['speaker']})")
    return s


def evaluate(gold: dict[str, dict], rows_by_article: dict[str, list[dict]], verbose: bool = False,
             by_pattern: bool = False):
    """Yield report lines; the last is ``overall: P=.. R=.. F1=.. speaker_acc=.. about_recall=..``.

    ``by_pattern`` adds the speaker accuracy of each resolution pattern (how the
    winning candidate was proposed)."""
    total = Score()
    for key, g in sorted(gold.items()):
        rows = rows_by_article.get(key, [])
        s = score_article(key, g, rows, verbose)
        yield from s.lines
        yield (f"{key}: predicted={len(rows)} tp={s.tp} fp={s.fp} required={s.req} found={s.found} "
               f"speaker_ok={s.spk} about={s.about_hit}/{s.about}")
        total.add(s)
    if by_pattern:
        for pattern, (right, n) in sorted(total.patterns.items(), key=lambda kv: -kv[1][1]):
            yield f"pattern {pattern or '-'}: {right}/{n} right = {right / n:.3f}"
    f = total.figures
    yield (f"overall: P={f['p']:.3f} R={f['r']:.3f} F1={f['f1']:.3f} speaker_acc={f['speaker_acc']:.3f} "
           f"about_recall={f['about_recall']:.3f}")
