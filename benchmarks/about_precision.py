"""About-precision on the dev set (issue 14): 100 predicted about-entities, sampled at random with a
fixed seed from a quotes CSV of the dev run, judged against the gold and the text.

An entity is judged **correct** when the gold lists it for the quote (the scorer's name matching),
else by a human verdict kept in ``benchmarks/about_judgements.tsv`` (article, quote anchor start,
entity, ok|wrong, why): the gold lists only what annotators kept, so a true mention it left out
(a city named in passing) needs a reader.  Entities of quotes that match no gold quote, or with no
verdict yet, are printed for judging and counted as wrong until judged.

    .venv/bin/quotetrack extract ../shared/corpus/dev/articles -o /tmp/dev.csv -q
    .venv/bin/python benchmarks/about_precision.py /tmp/dev.csv --gold-dir ../shared/corpus/dev/gold
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

JUDGEMENTS = Path(__file__).with_name("about_judgements.tsv")


def _scorer(gold_dir: Path):
    sys.path.insert(0, str(gold_dir.parent.parent.parent / "tools"))
    from score_quotes import names_match, norm  # the shared scorer's own normalisation

    return names_match, norm


def sample(rows: list[dict], n: int, seed: int) -> list[tuple[dict, str]]:
    items = [(r, name.strip()) for r in rows for name in r.get("about", "").split("|") if name.strip()]
    return random.Random(seed).sample(items, min(n, len(items)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--gold-dir", default="../shared/corpus/dev/gold")
    ap.add_argument("-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args(argv)
    gold_dir = Path(args.gold_dir)
    names_match, norm = _scorer(gold_dir)
    gold = {}
    for p in gold_dir.glob("*.gold.json"):
        g = json.loads(p.read_text(encoding="utf-8"))
        gold[Path(g["article"]).stem] = g["quotes"]
    verdicts = {}
    if JUDGEMENTS.exists():
        for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                art, head, ent, verdict, *_ = line.split("\t")
                verdicts[(art, head, ent)] = verdict
    with open(args.csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ok = by_gold = by_reader = 0
    todo = []
    for r, name in sample(rows, args.n, args.seed):
        art = Path(r["article_id"]).stem
        quotes = [q for q in gold.get(art, []) if norm(q["anchor"]) in norm(r["quote_text"])]
        if any(names_match([name], names) for q in quotes for names in q.get("about", [])):
            ok += 1
            by_gold += 1
            continue
        key = (art, norm(r["quote_text"])[:40], name)
        v = verdicts.get(key)
        if v == "ok":
            ok += 1
            by_reader += 1
        elif v is None:
            todo.append(key + (r["quote_text"][:200].replace("\n", " "),))
    total = min(args.n, sum(1 for r in rows for x in r.get("about", "").split("|") if x.strip()))
    for t in todo:
        print("UNJUDGED", "\t".join(t))
    print(f"about-precision: {ok}/{total} = {ok / max(total, 1):.3f} (gold {by_gold}, reader {by_reader}, "
          f"unjudged {len(todo)}, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
