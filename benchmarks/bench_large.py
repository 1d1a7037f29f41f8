"""Large inputs: where one Doc is superlinear, and what the parts (quotetrack/corpus/chunking.py) make of it.

Prints, in one run (figures for README "Inputs and errors", "Limits"):

1. ``quotetrack extract BIG.txt -o out.csv -j 1`` end to end (read, decode,
   parts, pipeline, CSV) at 1, 5, 20 and 50 MB, the seed repeated and the same
   as one line without newlines, each in a fresh process: seconds, peak RSS,
   characters/s after start-up, and how far that rate is from linear;
2. ``nlp(text)`` on one growing article (both shapes): seconds, characters/s,
   and the growth of the time per character — superlinear when it grows;
3. pathological quotation-mark sequences (alternating kinds, 2,500 … 20,000
   marks): ``nlp(text)`` against the parts, microseconds per mark;
4. adversarial shapes, end to end like 1. (``extract``, then ``speakers``):
   quotation marks each after a cue (``قال «نعم» `` repeated, and with a new
   word each time, so that every quote is a distinct wording), cues repeated
   without a sentence end (``وقال الوزير إن ``, ``قال: ``): peak RSS of the
   process against the README's bound (``bound_mb``), which each must stay under.

Usage: .venv/bin/python benchmarks/bench_large.py [--sizes 1,5,20,50] [--adversarial 0.5,2] [--quick]
(--quick: sizes 1,5, adversarial 0.25,0.5 and fewer raw points, for a smoke run;
--only adversarial: section 4 alone).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3945717365d2420a.txt"
CLI = [sys.executable, "-c", "from quotetrack.cli import main; main()"]


def make_text(megabytes: float, shape: str) -> str:
    seed = SEED.read_text(encoding="utf-8").strip() + "\n"
    n = max(1, int(megabytes * 1e6 / len(seed.encode("utf-8"))) + 1)
    text = seed * n
    return text.replace("\n", " ") if shape == "one line" else text


def raw_points(sizes_kb: list[int], repeats: int) -> None:
    import quotetrack

    nlp = quotetrack.load()
    nlp(make_text(0.01, "paragraphs"))  # warm caches
    print("\n2. nlp(text) on one article (no parts)")
    print(f"{'shape':<11} {'chars':>9} {'seconds':>8} {'kchar/s':>8} {'µs/char':>8} {'vs smallest':>12}")
    for shape in ("paragraphs", "one line"):
        first = None
        for kb in sizes_kb:
            text = make_text(kb / 1000, shape)
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                nlp(text)
                times.append(time.perf_counter() - t)
            dt = statistics.median(times)
            per = dt / len(text) * 1e6
            first = first or per
            print(f"{shape:<11} {len(text):>9,} {dt:>8.2f} {len(text) / dt / 1000:>8.0f} {per:>8.1f} "
                  f"{per / first:>11.1f}×", flush=True)


def run_measured(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stderr) of one quotetrack command in a fresh process (``-j 1``: one process)."""
    t = time.perf_counter()
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.stderr.close()
    if status != 0:
        raise SystemExit(f"quotetrack {' '.join(args)} failed ({status}): {err}")
    return time.perf_counter() - t, usage.ru_maxrss / 1024, err


def cli_point(megabytes: float, shape: str, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        text = make_text(megabytes, shape)
        big.write_text(text, encoding="utf-8")
        chars, size = len(text), big.stat().st_size
        del text
        dt, rss, _err = run_measured(["extract", str(big), "-o", str(Path(tmp) / "out.csv"), "-j", str(jobs), "-q"])
        quotes = sum(1 for _ in open(Path(tmp) / "out.csv", encoding="utf-8-sig")) - 1
    return {"mb": size / 1e6, "chars": chars, "seconds": dt, "rss_mb": rss, "quotes": quotes}


def cli_points(sizes: list[float], jobs: int) -> None:
    # run first, while this process is small: a child's peak RSS counts what it shared with us at fork
    start = statistics.median(cli_point(0.0001, "paragraphs", jobs)["seconds"] for _ in range(3))
    print(f"\n1. quotetrack extract BIG.txt -o out.csv -j {jobs} (fresh process each; parts of ≤ 10,000 chars)")
    print(f"   start-up (imports, pipeline, a one-line file): {start:.1f} s; kchar/s below excludes it")
    print(f"{'shape':<11} {'MB':>6} {'chars':>12} {'seconds':>8} {'peak RSS MB':>12} {'kchar/s':>8} {'quotes':>8}")
    for shape in ("paragraphs", "one line"):
        rates, seconds = [], []
        for mb in sizes:
            p = cli_point(mb, shape, jobs)
            seconds.append(p["seconds"])
            rates.append(p["chars"] / max(1e-9, p["seconds"] - start))
            rate = f"{rates[-1] / 1000:.0f}" if p["seconds"] > 2 * start else "-"  # mostly start-up
            print(f"{shape:<11} {p['mb']:>6.1f} {p['chars']:>12,} {p['seconds']:>8.1f} {p['rss_mb']:>12.0f} "
                  f"{rate:>8} {p['quotes']:>8,}", flush=True)
        # the rate after start-up means something only where the run is well longer than the start-up
        usable = [(mb, r) for mb, r, s in zip(sizes, rates, seconds) if s > 2 * start]
        if len(usable) >= 2:
            print(f"{'':<11} linearity: chars/s at {usable[-1][0]:g} MB = {usable[-1][1] / usable[0][1]:.2f} × "
                  f"chars/s at {usable[0][0]:g} MB (1.00 = linear)")
        else:
            print(f"{'':<11} linearity: needs two sizes that take more than twice the start-up")


def marks_points(counts: list[int], raw_limit: int) -> None:
    import quotetrack
    from quotetrack.inputs.articles import Article
    from quotetrack.corpus.chunking import Chunker
    from quotetrack.corpus.runner import run

    nlp = quotetrack.load()
    patterns = {"bare marks": '«"“»”"„‹›', "marks+words": '« قال » " أن " “ وأضاف ” ', "all opening": "« قال ",
                "all closing": "قال » "}
    print("\n3. pathological quotation marks: µs per mark (alternating kinds)")
    print(f"{'pattern':<12} {'marks':>7} {'nlp(text)':>10} {'in parts':>10}")
    for name, p in patterns.items():
        per = sum(c in '«»"“”„‹›' for c in p)
        for n in counts:
            text = p * (n // per + 1)
            raw = "-"
            if n <= raw_limit:
                t = time.perf_counter()
                nlp(text)
                raw = f"{(time.perf_counter() - t) / n * 1e6:.0f}"
            chunker = Chunker()
            t = time.perf_counter()
            list(chunker.merge(run(nlp, chunker.split([Article("m", text)]))))
            parts = (time.perf_counter() - t) / n * 1e6
            print(f"{name:<12} {n:>7,} {raw:>10} {parts:>10.0f}", flush=True)


# README "Limits": peak RSS of one process (extract, speakers) ≤ BASE_MB + PER_MB × the largest article's MB
# + PER_WORDING_KB × the distinct quote wordings of the run (clusters keep each in bounded space)
BASE_MB, PER_MB, PER_WORDING_KB = 250, 4, 2


def bound_mb(megabytes: float, wordings: int) -> float:
    return BASE_MB + PER_MB * megabytes + PER_WORDING_KB * wordings / 1024


def adversarial_text(shape: str, megabytes: float) -> str:
    units = {"marks after cues": lambda i: "قال «نعم» ",
             "marks after cues, new words": lambda i: f"قال «كلمة{i}» ",
             "cues, no sentence end": lambda i: "وقال الوزير إن ",
             "colons, no sentence end": lambda i: "قال: "}
    unit, out, size, i = units[shape], [], 0, 0
    while size < megabytes * 1e6:
        piece = unit(i)
        out.append(piece)
        size += len(piece.encode("utf-8"))
        i += 1
    return "".join(out)


def adversarial_points(sizes: list[float]) -> None:
    print("\n4. adversarial shapes: quotetrack extract (then speakers) -j 1, peak RSS against the README's bound")
    print(f"   bound: {BASE_MB} MB + {PER_MB} MB per MB of the article + {PER_WORDING_KB} KB per distinct quote "
          "wording (the extract's clusters)")
    print(f"{'shape':<28} {'MB':>5} {'quotes':>8} {'wordings':>9} {'csv MB':>8} {'s':>6} {'RSS MB':>7} "
          f"{'speakers RSS':>13} {'bound':>6} {'':>5}")
    worst = 0.0
    for shape in ("marks after cues", "marks after cues, new words", "cues, no sentence end",
                  "colons, no sentence end"):
        for mb in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                big, out = Path(tmp) / "big.txt", Path(tmp) / "out.csv"
                big.write_text(adversarial_text(shape, mb), encoding="utf-8")
                size = big.stat().st_size / 1e6
                dt, rss, err = run_measured(["extract", str(big), "-o", str(out), "-j", "1", "-q"])
                _dt, rss_speakers, _ = run_measured(["speakers", str(big), "-o", str(Path(tmp) / "s.json"),
                                                     "--format", "json", "-j", "1", "-q"])
                m = re.search(r"([\d,]+) quotes? from ", err)  # the summary writes 110,890
                quotes = int(m.group(1).replace(",", "")) if m else -1
                wordings = distinct_wordings(out)
                csv_mb = out.stat().st_size / 1e6
            bound = bound_mb(size, wordings)
            worst = max(worst, max(rss, rss_speakers) / bound)
            verdict = "ok" if max(rss, rss_speakers) <= bound else "OVER"
            print(f"{shape:<28} {size:>5.2f} {quotes:>8,} {wordings:>9,} {csv_mb:>8.0f} {dt:>6.1f} {rss:>7.0f} "
                  f"{rss_speakers:>13.0f} {bound:>6.0f} {verdict:>5}", flush=True)
    print(f"   highest peak / bound: {worst:.2f} (every shape must stay at or under 1.00)")


def distinct_wordings(csv_path: Path) -> int:
    """Distinct quote wordings in an extract CSV, counted as the clusters count them (``clusters.wording``)."""
    import csv as csv_module

    from quotetrack.corpus.clusters import wording

    csv_module.field_size_limit(2**31 - 1)
    seen = set()
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for row in csv_module.DictReader(fh):
            seen.add(wording(row["quote_text"], row["speaker"])[:2])
    return len(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,5,20,50", help="MB for the end-to-end runs")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--adversarial", default="0.5,2", help="MB for the adversarial shapes (section 4)")
    ap.add_argument("--only", choices=["adversarial"], help="run one section only")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = [1, 5] if args.quick else [float(s) for s in args.sizes.split(",")]
    adversarial = [0.25, 0.5] if args.quick else [float(s) for s in args.adversarial.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; seed {SEED.name}")
    if args.only == "adversarial":
        adversarial_points(adversarial)
        return
    cli_points(sizes, args.jobs)
    adversarial_points(adversarial)  # before 2. and 3. load a pipeline here: a child's peak RSS counts ours
    raw_points([25, 50, 100, 200] if args.quick else [25, 50, 100, 200, 400], repeats=1 if args.quick else 3)
    marks_points([2_500, 5_000, 10_000] if args.quick else [2_500, 5_000, 10_000, 20_000],
                 raw_limit=5_000 if args.quick else 10_000)
    print(f"\n(benchmark's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
