"""Corpus-mode benchmark (issue 6): speed, parallel speed-up, memory and linearity, printed in one run.

The corpus repeats the development articles (../shared/corpus/dev/articles)
and the seed to each size, as ``.txt`` files in a temporary folder.  Every
measurement runs the real command, ``quotetrack extract FOLDER -o out.csv``,
in a subprocess, timed from start to exit (start-up, reading, pipeline,
corpus speaker ids, clustering and the CSV all count), while a thread samples
the RSS of the whole process tree (the command and its workers) every 50 ms.

Printed: articles/s and tokens/s per core at each size, peak memory, the
``--jobs 2`` / ``--jobs 1`` speed-up, and the ratio of the end-to-end rules
pipeline (``--jobs 1``) to bare ``spacy.blank("ar")`` tokenisation of the same
texts in memory — medians of ``--repeats`` runs, made in rounds (each round
runs every size and configuration once) so that a spell of load from other
processes hits every size and configuration alike.

    .venv/bin/python benchmarks/bench_corpus.py                      # 1,000 / 10,000 / 50,000
    .venv/bin/python benchmarks/bench_corpus.py --sizes 200,1000 --speedup-size 1000 --repeats 1   # quick check
"""
from __future__ import annotations

import argparse
import os
import resource
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # installed with dask[distributed] (the test extra)

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTETRACK_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "seeds" / "000_3945717365d2420a.txt"
TARGETS = {"ratio": 0.35, "speedup": 1.7, "memory": 1.20, "linear": 0.15}


def base_texts() -> tuple[list[str], str]:
    dev = SHARED / "corpus" / "dev" / "articles"
    paths = sorted(dev.glob("*.txt")) if dev.is_dir() else []
    texts = [p.read_text(encoding="utf-8") for p in paths] + [SEED.read_text(encoding="utf-8")]
    what = f"{len(paths)} dev articles + the seed" if paths else "the seed only (../shared not found)"
    return texts, what


def make_corpus(folder: Path, n: int, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in family:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_extract(folder: Path, jobs: int, out: Path) -> tuple[float, int, float]:
    """(wall seconds, peak RSS of the process tree in bytes, CPU seconds of the tree) of one ``quotetrack extract``.

    CPU time counts the command and its workers (each is waited for, so its
    usage is added to its parent's, then to ours): unlike wall time it does
    not grow when other programs share the cores.
    """
    cpu0 = children_cpu()
    cmd = [sys.executable, "-m", "quotetrack.cli", "extract", str(folder), "-o", str(out), "--jobs", str(jobs),
           "--quiet"]
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(ps))
            done.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    t.join()
    if proc.returncode != 0:
        sys.exit(f"quotetrack extract failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return seconds, peak, children_cpu() - cpu0


def bare_tokenise(texts: list[str], n: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``spacy.blank("ar")`` over the same n texts, in memory."""
    import spacy

    blank = spacy.blank("ar")
    start, cpu = time.perf_counter(), time.process_time()
    for _ in blank.pipe((texts[i % len(texts)] for i in range(n)), batch_size=32):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="corpus sizes, comma-separated")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the size runs (and the speed-up's 'N')")
    ap.add_argument("--speedup-size", type=int, default=10000, help="corpus size for --jobs N vs --jobs 1")
    ap.add_argument("--repeats", type=int, default=3, help="runs per measurement (medians) up to --big")
    ap.add_argument("--big", type=int, default=50000, help="sizes above this run once")
    ap.add_argument("--workdir", default=None, help="where to write the corpora (default: a temporary folder)")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    texts, what = base_texts()
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="qt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    reps = lambda n: args.repeats if n <= args.big else 1  # noqa: E731

    import spacy

    import quotetrack

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    per_text = [len(d) for d in spacy.blank("ar").pipe(texts)]
    print(f"quotetrack {quotetrack.__version__} corpus benchmark — {platform.machine()}, {cores} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB, Python {platform.python_version()}, spaCy {spacy.__version__}")
    print(f"package: {Path(quotetrack.__file__).parent}")
    print(f"corpus: {what} repeated ({len(texts)} texts, mean {statistics.mean(map(len, texts)):,.0f} chars, "
          f"{statistics.mean(per_text):,.0f} spaCy tokens); load average at start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()

    rows = {}
    speed = {}
    all_sizes = sorted(set(sizes) | {args.speedup_size})
    folders, tokens = {}, {}
    for n in all_sizes:
        folders[n] = work / f"corpus_{n}"
        make_corpus(folders[n], n, texts)
        tokens[n] = sum(per_text[i % len(texts)] for i in range(n))
    # runs[n][jobs]: interleaved, one round over every size and configuration per repeat, so that a
    # spell of load from other programs hits every size alike instead of one size's only sample
    runs = {n: ({args.jobs: [], 1: []} if n == args.speedup_size else {args.jobs: []}) for n in all_sizes}
    bare = []
    for rep in range(max(reps(n) for n in all_sizes)):
        for n in all_sizes:
            if rep >= reps(n):
                continue
            for jobs in runs[n]:
                runs[n][jobs].append(run_extract(folders[n], jobs, work / "out.csv"))
            if n == args.speedup_size:
                bare.append(bare_tokenise(texts, n))
    for n in all_sizes:
        if n in sizes:
            rs = runs[n][args.jobs]
            rows[n] = (median([r[0] for r in rs]), max(r[1] for r in rs), tokens[n], len(rs),
                       median([r[2] for r in rs]))
        if n == args.speedup_size:
            r1, rN = runs[n][1], runs[n][args.jobs]
            speed = {"n": n, "tokens": tokens[n], "t1": median([r[0] for r in r1]),
                     "tN": median([r[0] for r in rN]), "bare": median([b[0] for b in bare]),
                     "c1": median([r[2] for r in r1]), "cN": median([r[2] for r in rN]),
                     "cbare": median([b[1] for b in bare]), "runs": len(bare)}
        shutil.rmtree(folders[n])

    print(f"{'articles':>9} {'jobs':>4} {'runs':>4} {'median s':>9} {'articles/s':>10} {'art/s/core':>10} "
          f"{'tokens/s/core':>13} {'peak RSS MB':>11} {'ms/article':>10} {'CPU ms/article':>14}")
    for n, (t, peak, tokens, r, cpu) in rows.items():
        print(f"{n:>9,} {args.jobs:>4} {r:>4} {t:>9.1f} {n / t:>10.1f} {n / t / args.jobs:>10.1f} "
              f"{tokens / t / args.jobs:>13,.0f} {peak / 2**20:>11.0f} {1000 * t / n:>10.2f} {1000 * cpu / n:>14.2f}")
    print()
    ok = lambda good: "PASS" if good else "FAIL"  # noqa: E731
    if speed:
        n = speed["n"]
        e2e, bare = n / speed["t1"], n / speed["bare"]
        ratio = e2e / bare
        up = speed["t1"] / speed["tN"]
        print(f"end-to-end vs bare tokenisation ({n:,} articles, 1 process, medians of {speed['runs']}): "
              f"{e2e:,.1f} vs {bare:,.1f} articles/s ({speed['tokens'] / speed['t1']:,.0f} vs "
              f"{speed['tokens'] / speed['bare']:,.0f} tokens/s) = {ratio:.2f}  "
              f"[target >= {TARGETS['ratio']}] {ok(ratio >= TARGETS['ratio'])}")
        print(f"--jobs {args.jobs} vs --jobs 1 ({n:,} articles): {speed['t1']:.1f} s / {speed['tN']:.1f} s = "
              f"{up:.2f}x  [target >= {TARGETS['speedup']}] {ok(up >= TARGETS['speedup'])}")
        cratio = speed["cbare"] / speed["c1"]
        cup = args.jobs * speed["c1"] / speed["cN"]
        print(f"  by CPU time (insensitive to other programs on the cores): end-to-end / bare = "
              f"{speed['cbare']:.1f} / {speed['c1']:.1f} CPU s = {cratio:.2f}; --jobs {args.jobs} spends "
              f"{speed['cN']:.1f} CPU s against {speed['c1']:.1f}, so on {args.jobs} idle cores at most "
              f"{cup:.2f}x")
    if len(rows) >= 2:
        small, large = min(rows), max(rows)
        mem = rows[large][1] / rows[small][1]
        print(f"peak memory {large:,} vs {small:,} articles: {rows[large][1] / 2**20:.0f} / "
              f"{rows[small][1] / 2**20:.0f} MB = {mem:.2f}  [target <= {TARGETS['memory']}] "
              f"{ok(mem <= TARGETS['memory'])}")
        base = rows[small][0] / small
        raw = {n: (row[0] / n) / base for n, row in rows.items() if n != small}
        print(f"time per article vs {small:,} (start-up included, so it falls with size): "
              + ", ".join(f"{n:,}: {d:.2f}" for n, d in raw.items()))
        # Linear growth = each added article costs the same: compare the cost per added
        # article between consecutive sizes (the fixed start-up drops out).
        ns = sorted(rows)
        for what, k in (("time", 0), ("CPU time", 4)):
            slopes = [(rows[b][k] - rows[a][k]) / (b - a) for a, b in zip(ns, ns[1:])]
            spread = max(slopes) / min(slopes) - 1
            fixed = rows[ns[0]][k] - slopes[0] * ns[0]
            print(f"{what} per added article: " + ", ".join(
                f"{a:,}->{b:,}: {1000 * sl:.2f} ms" for (a, b), sl in zip(zip(ns, ns[1:]), slopes))
                + f" (fixed cost {fixed:.1f} s); spread {spread:.0%}  [target within {TARGETS['linear']:.0%}] "
                + (ok(spread <= TARGETS['linear']) if len(slopes) > 1 else "(needs 3 sizes)"))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
