"""Two steps that used to be quadratic, measured at growing sizes: both must stay linear.

1. The HTML report of one big article (``export.html.render_html``): the seed
   repeated to 0.25 … 2 MB as one article, with its quotes repeated at the
   shifted offsets, against the Markdown report of the same results;
2. corpus speaker identity (``identity.SpeakerIndex``): 5,000 … 20,000 articles
   whose speakers all share one surname (``<given name> حسن``, plus the bare
   surname now and then), against the same number with distinct surnames.

For each, the time per item at every size and the ratio of the largest to
the smallest (1.0 = linear; a quadratic step doubles it with each doubling).
Pure functions in this process: the pipeline runs once, on the seed.

Usage: .venv/bin/python benchmarks/bench_linear.py [--quick]
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "000_3945717365d2420a.txt"
GIVEN = ("محمد", "أحمد", "علي", "خالد", "سامي", "يوسف", "عمر", "حسين", "كريم", "طارق", "وليد", "نبيل")


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def big_result(seed_result, copies: int):
    """The seed ``copies`` times as one article, every quote repeated at its shifted offsets."""
    from quotetrack.inputs.articles import Article
    from quotetrack.corpus.chunking import shift
    from quotetrack.corpus.runner import Result

    text = seed_result.article.text
    quotes = []
    for k in range(copies):
        for q in seed_result.quotes:
            q = copy.deepcopy(q)
            shift(q, k * len(text), set())
            q.id = f"q{len(quotes) + 1:02d}"
            quotes.append(q)
    return Result(Article("big", text * copies, title="big"), quotes)


def html_points(sizes_mb: list[float], repeats: int) -> None:
    import quotetrack
    from quotetrack.export.html import render_html, render_markdown
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    (seed,) = run(quotetrack.load(), read_inputs([str(SEED)]))
    per_copy = len(seed.article.text.encode("utf-8"))
    print("\n1. HTML report of one article (seed repeated), against Markdown")
    print(f"{'MB':>6} {'quotes':>8} {'html s':>8} {'µs/quote':>9} {'markdown s':>11} {'html/md':>8}")
    firsts, lasts = None, None
    for mb in sizes_mb:
        r = big_result(seed, max(1, int(mb * 1e6 / per_copy)))
        h = timed(lambda: render_html([r]), repeats)
        m = timed(lambda: render_markdown([r]), repeats)
        per = h / len(r.quotes) * 1e6
        firsts = firsts or per
        lasts = per
        print(f"{mb:>6g} {len(r.quotes):>8,} {h:>8.2f} {per:>9.1f} {m:>11.2f} {h / m:>8.1f}", flush=True)
    print(f"   linearity: µs per quote at {sizes_mb[-1]:g} MB = {lasts / firsts:.2f} × at {sizes_mb[0]:g} MB "
          "(1.00 = linear)")


def identity_run(articles: int, shared: bool) -> float:
    from quotetrack.inputs.articles import Article
    from quotetrack.corpus.identity import SpeakerIndex
    from quotetrack.records import Mention, Quote

    index = SpeakerIndex()
    t = time.perf_counter()
    for seq in range(articles):
        given = f"{GIVEN[seq % len(GIVEN)]}{seq // len(GIVEN)}"  # a distinct person per article
        name = f"{given} حسن" if shared else f"{given} {GIVEN[(seq + 5) % len(GIVEN)]}ي{seq}"
        if seq % 10 == 9:  # now and then the surname alone (it fits many: joins none)
            name = name.split()[-1]
        q = Quote(0, 5, "قال…", "direct", speaker=name, speaker_start=10, speaker_end=10 + len(name),
                  speaker_kind="person", speaker_id="ar:" + name)
        index.observe(seq, Article(f"a{seq}", ""), [q], [Mention(10, 10 + len(name), name, "person", name=name)])
    index.finish()
    return time.perf_counter() - t


def identity_points(sizes: list[int]) -> None:
    print("\n2. corpus speaker identity: one surname shared by every speaker, against distinct surnames")
    print(f"{'articles':>9} {'shared s':>9} {'µs/article':>11} {'distinct s':>11} {'shared/distinct':>16}")
    first = last = None
    for n in sizes:
        shared, distinct = identity_run(n, True), identity_run(n, False)
        per = shared / n * 1e6
        first = first or per
        last = per
        print(f"{n:>9,} {shared:>9.2f} {per:>11.1f} {distinct:>11.2f} {shared / distinct:>16.2f}", flush=True)
    print(f"   linearity: µs per article at {sizes[-1]:,} = {last / first:.2f} × at {sizes[0]:,} (1.00 = linear)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    args = ap.parse_args()
    html_points([0.25, 0.5] if args.quick else [0.25, 0.5, 1, 2], repeats=1 if args.quick else 3)
    identity_points([2_500, 5_000] if args.quick else [5_000, 10_000, 20_000])


if __name__ == "__main__":
    main()
