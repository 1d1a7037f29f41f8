"""Throughput of the two backends, and what quotetrack adds on top of bare spacy-udpipe.

    .venv/bin/python benchmarks/bench_backends.py [--udpipe-model PATH] [--runs N]

Prints, in one run:

* tokens/s, words/s and articles/s of the rules and udpipe backends on the
  seed and on the development set (median of N runs).  "tokens" are each
  backend's own tokens (UDPipe splits clitics, so it has more); "words" are
  the same regex words for both, so words/s compares like with like;
* the ratio of quotetrack with the udpipe backend (our aligned tokenizer plus
  every quotetrack stage) to bare spacy-udpipe (``spacy_udpipe.load_from_path``,
  no quotetrack) on the same texts: our overhead, target <= 1.10; and where the
  time goes (UDPipe itself, building the Doc, the stages).

Times are CPU seconds of this process (``time.process_time``): the machines
are shared, and wall time swings with other people's jobs.  The variants run
interleaved, round after round, so a slow spell hits them all alike.
The model path comes from --udpipe-model or $QUOTETRACK_UDPIPE_MODEL.
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
SEED = ROOT / "seeds" / "000_3945717365d2420a.txt"
DEV = SHARED / "corpus" / "dev" / "articles"


def cpu_seconds(fn) -> float:
    """CPU seconds of ``fn()``, or what it returns when it times itself (to leave its setup out)."""
    t = time.process_time()
    own = fn()
    return own if isinstance(own, float) else time.process_time() - t


def stages_only(nlp, texts) -> float:
    """CPU seconds of the quotetrack stages alone, on Docs made (untimed) beforehand."""
    docs = [nlp.make_doc(t) for t in texts]
    t = time.process_time()
    for doc in docs:
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    return time.process_time() - t


def interleaved(variants: dict, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median and fastest CPU seconds of each variant, the variants taking turns in every round."""
    times = {k: [] for k in variants}
    for _ in range(runs):
        for name, fn in variants.items():
            times[name].append(cpu_seconds(fn))
    return {k: statistics.median(v) for k, v in times.items()}, {k: min(v) for k, v in times.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--udpipe-model", default=os.environ.get("QUOTETRACK_UDPIPE_MODEL"))
    ap.add_argument("--runs", type=int, default=5, help="runs per figure on the dev set (seed: 3x as many)")
    args = ap.parse_args(argv)
    if not args.udpipe_model or not Path(args.udpipe_model).is_file():
        print("bench_backends: give --udpipe-model PATH or set QUOTETRACK_UDPIPE_MODEL", file=sys.stderr)
        return 2

    import spacy_udpipe

    import quotetrack
    from quotetrack.normalize import Words

    corpora = {"seed": [SEED.read_text(encoding="utf-8")]}
    if DEV.is_dir():
        corpora["dev"] = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    else:
        print(f"(no dev set at {DEV}: seed only)")
    rules = quotetrack.load(backend="rules")
    udpipe = quotetrack.load(backend="udpipe", udpipe_model=args.udpipe_model)
    bare = spacy_udpipe.load_from_path(lang="ar", path=args.udpipe_model)
    model = bare.tokenizer.model  # spacy_udpipe.UDPipeModel: tokenize, tag, parse (C++)

    print(f"model: {args.udpipe_model}")
    print(f"CPU seconds, median of runs; spacy {__import__('spacy').__version__}, "
          f"spacy-udpipe {spacy_udpipe.__version__}, quotetrack {quotetrack.__version__}")
    print()
    print(f"{'corpus':6} {'backend':7} {'articles':>8} {'tokens':>7} {'words':>7} {'median s':>9} "
          f"{'tokens/s':>9} {'words/s':>9} {'articles/s':>10}")
    overhead, best = {}, {}
    for cname, texts in corpora.items():
        runs = args.runs * (3 if cname == "seed" else 1)
        n_words = sum(len(Words(t)) for t in texts)
        n_tok = {"rules": sum(len(rules.make_doc(t)) for t in texts),
                 "udpipe": sum(sum(not tok.is_space for tok in udpipe.make_doc(t)) for t in texts)}
        med, fastest = interleaved({
            "rules": lambda: [rules(t) for t in texts],
            "udpipe": lambda: [udpipe(t) for t in texts],
            "bare spacy-udpipe": lambda: [bare(t) for t in texts],
            "udpipe alone": lambda: [model(t) for t in texts],
            "our udpipe Doc": lambda: [udpipe.make_doc(t) for t in texts],
            "stages": lambda: stages_only(udpipe, texts),
        }, runs)
        for backend in ("rules", "udpipe"):
            s = med[backend]
            print(f"{cname:6} {backend:7} {len(texts):>8} {n_tok[backend]:>7} {n_words:>7} {s:>9.3f} "
                  f"{n_tok[backend] / s:>9,.0f} {n_words / s:>9,.0f} {len(texts) / s:>10.1f}")
        overhead[cname] = med
        best[cname] = fastest
    print()
    print("quotetrack-with-udpipe / bare spacy-udpipe (same texts; target <= 1.10):")
    for cname, med in overhead.items():
        stages = med["stages"]
        print(f"  {cname:5} ratio {med['udpipe'] / med['bare spacy-udpipe']:.3f}   "
              f"bare {med['bare spacy-udpipe']:.3f}s = UDPipe {med['udpipe alone']:.3f}s + spacy-udpipe's Doc "
              f"{med['bare spacy-udpipe'] - med['udpipe alone']:+.3f}s | ours {med['udpipe']:.3f}s = our Doc "
              f"{med['our udpipe Doc']:.3f}s + stages {stages:.3f}s (timed alone)")
        fast = best[cname]
        print(f"        (fastest runs: ratio {fast['udpipe'] / fast['bare spacy-udpipe']:.3f}; the stages alone "
              f"are {stages / med['bare spacy-udpipe']:.1%} of bare spacy-udpipe)")
    print(f"  rules/udpipe speed: the rules backend is "
          f"{overhead[list(overhead)[-1]]['udpipe'] / overhead[list(overhead)[-1]]['rules']:.1f}x faster "
          f"on the {list(overhead)[-1]} set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
