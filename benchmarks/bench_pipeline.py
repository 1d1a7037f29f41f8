"""End-to-end speed of the rules backend against bare spaCy tokenisation, and where the time goes.

    .venv/bin/python benchmarks/bench_pipeline.py [--runs N]

Prints, in one run, on the seed and the development set (or the seed alone when ../shared is
absent):

* CPU seconds of bare ``spacy.blank("ar")`` tokenisation and of the whole quotetrack pipeline
  (rules backend) on the same texts, medians of N interleaved rounds, and their ratio — the
  target is that quotetrack runs at ≥ 30% of the speed of bare tokenisation (ratio ≥ 0.30);
* the CPU seconds of each stage (our tokenizer, marks, …, the entity recogniser, attribution).

CPU seconds of this process (``time.process_time``): the machines are shared.  The variants
take turns in every round, so a slow spell hits them alike.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTETRACK_SHARED", ROOT.parent / "shared"))


def texts() -> dict[str, list[str]]:
    out = {"seed": [(ROOT / "seeds" / "000_3945717365d2420a.txt").read_text(encoding="utf-8")]}
    dev = SHARED / "corpus" / "dev" / "articles"
    if dev.is_dir():
        out["dev"] = [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*.txt"))]
    return out


def stage_times(nlp, docs_texts: list[str]) -> dict[str, float]:
    times = {"tokenizer": 0.0}
    for t in docs_texts:
        s = time.process_time()
        doc = nlp.make_doc(t)
        times["tokenizer"] += time.process_time() - s
        for name, proc in nlp.pipeline:
            s = time.process_time()
            doc = proc(doc)
            times[name] = times.get(name, 0.0) + time.process_time() - s
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="interleaved rounds (medians are printed)")
    args = ap.parse_args(argv)

    import spacy

    import quotetrack

    bare = spacy.blank("ar")
    nlp = quotetrack.load()
    print(f"spacy {spacy.__version__}, quotetrack {quotetrack.__version__}; CPU seconds, medians of {args.runs} rounds")
    worst = None
    for name, corpus in texts().items():
        for t in corpus:  # warm caches (word vectors, gazetteer matches) before timing
            nlp(t)
        rounds = {"bare": [], "quotetrack": []}
        stages: dict[str, list[float]] = {}
        for _ in range(args.runs):
            s = time.process_time()
            for t in corpus:
                bare(t)
            rounds["bare"].append(time.process_time() - s)
            s = time.process_time()
            for t in corpus:
                nlp(t)
            rounds["quotetrack"].append(time.process_time() - s)
            for k, v in stage_times(nlp, corpus).items():
                stages.setdefault(k, []).append(v)
        b, q = statistics.median(rounds["bare"]), statistics.median(rounds["quotetrack"])
        ratio = b / q
        worst = ratio if worst is None else min(worst, ratio)
        words = sum(len(t.split()) for t in corpus)
        print(f"\n{name}: {len(corpus)} articles, {words:,} words")
        print(f"  bare spacy.blank('ar') tokenisation {b:.3f} s   quotetrack (rules backend) {q:.3f} s   "
              f"ratio {ratio:.2f} (target >= 0.30)")
        for k, v in stages.items():
            print(f"    {k:28} {statistics.median(v):.3f} s")
    print(f"\nworst ratio {worst:.2f}: {'meets' if worst >= 0.30 else 'MISSES'} the 0.30 target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
