"""Batches: failures never stop the others, giant articles in parts, the CLI's input options and outputs."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from spacy.language import Language

from quotetrack.inputs.articles import Article
from quotetrack.corpus.chunking import Chunker, Part, cut_points
from quotetrack.cli import cli
from quotetrack.errors import RulesError
from quotetrack.corpus.failures import MAX_SHOWN, Failures, keep_going
from quotetrack.corpus.runner import Result, run

from .conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
A = "قال الوزير «إن الوضع مستقر» في بيان."
SERIAL = ["-j", "1"]


# -- failures and keep_going ------------------------------------------------------------------

def test_failures_csv_and_echo():
    stream = io.StringIO()
    failures = Failures(stream=stream)
    failures.add("a", "x/a.txt", "[QT031] x/a.txt: looks like a binary file (PDF document)")
    failures.add("b", "x/b.txt", "no code here, \"quoted\", and a comma")
    rows = list(csv.reader(io.StringIO(failures.csv_text().lstrip("\ufeff"))))
    assert rows == [["article", "path", "code", "problem"],
                    ["a", "x/a.txt", "QT031", "x/a.txt: looks like a binary file (PDF document)"],
                    ["b", "x/b.txt", "", "no code here, \"quoted\", and a comma"]]
    assert failures.csv_text().startswith("\ufeff")
    assert stream.getvalue().splitlines()[0] == "quotetrack: [QT031] x/a.txt: looks like a binary file (PDF document)"


def test_stderr_shows_a_bounded_number_of_failures():
    stream = io.StringIO()
    failures = Failures(stream=stream)
    for i in range(MAX_SHOWN + 50):
        failures.add(str(i), "", "[QT030] bad")
    assert len(failures) == MAX_SHOWN + 50 and len(stream.getvalue().splitlines()) == MAX_SHOWN + 1


def arts(n):
    return [Article(f"a{i}", "💥" if i in BAD else A) for i in range(n)]


BAD = {3, 7}


def explode(article):
    if "💥" in article.text:
        raise RuntimeError(f"boom in {article.id}")


def engine_one_by_one(articles):
    for a in articles:
        explode(a)
        yield Result(a, [])


def engine_in_chunks(articles, size=4):
    """Like the process pool: takes a chunk, fails or returns it whole."""
    chunk = []
    for a in articles:
        chunk.append(a)
        if len(chunk) == size:
            for c in chunk:
                explode(c)
            yield from (Result(c, []) for c in chunk)
            chunk = []
    for c in chunk:
        explode(c)
    yield from (Result(c, []) for c in chunk)


@pytest.mark.parametrize("engine", [engine_one_by_one, engine_in_chunks])
def test_keep_going_isolates_the_articles_that_fail(engine):
    failures = Failures(stream=io.StringIO())
    out = list(keep_going(engine, arts(12), failures, lambda: engine_one_by_one))
    assert [r.article.id for r in out] == [f"a{i}" for i in range(12) if i not in BAD]
    assert [(f.article, f.code) for f in failures.items] == [("a3", "QT050"), ("a7", "QT050")]
    assert "RuntimeError: boom in a3" in failures.items[0].problem


def test_keep_going_gives_up_the_engine_after_repeated_breakdowns():
    calls = []

    def flaky(articles):
        calls.append(1)
        for a in articles:
            raise OSError("worker died")  # not the article's fault: the engine itself is broken
            yield a

    failures = Failures(stream=io.StringIO())
    out = list(keep_going(flaky, arts(20), failures, lambda: engine_one_by_one))
    assert [r.article.id for r in out] == [f"a{i}" for i in range(20) if i not in BAD]
    assert len(calls) == 3  # MAX_ENGINE_RESTARTS, then the fallback runs the rest


def test_an_error_before_any_article_is_not_an_articles_fault():
    def engine(articles):
        raise RulesError("[QT001] rules")
        yield

    with pytest.raises(RulesError):
        list(keep_going(engine, arts(3), Failures(stream=io.StringIO()), lambda: engine_one_by_one))


def test_a_pipeline_that_cannot_be_loaded_is_not_an_articles_fault():
    def fallback():
        raise RulesError("[QT041] model")

    with pytest.raises(RulesError):
        list(keep_going(engine_one_by_one, arts(12), Failures(stream=io.StringIO()), fallback))


def test_an_article_refused_on_purpose_keeps_its_code():
    def refuse(articles):
        for a in articles:
            if "💥" in a.text:
                raise RulesError(f"[QT044] model: tokens do not line up ({a.id})")
            yield Result(a, [])

    failures = Failures(stream=io.StringIO())
    out = list(keep_going(refuse, arts(12), failures, lambda: refuse))
    assert len(out) == 10 and [(f.article, f.code) for f in failures.items] == [("a3", "QT044"), ("a7", "QT044")]


# -- giant articles in parts ----------------------------------------------------------------

# (id, text, max_chars, max_marks, expected boundaries)
CUTS = [
    ("paragraph break", "أ" * 30 + "\n" + "ب" * 30 + "\n" + "ت" * 30, 70, 0, [0, 62, 92]),
    ("blank line preferred", "أ" * 20 + "\n\n" + "ب" * 30 + "\n" + "ت" * 30, 60, 0, [0, 53, 83]),
    ("sentence end on one line", ("جملة قصيرة هنا. " * 10).strip(), 50, 0, [0, 48, 96, 144, 159]),
    ("space when no sentence ends", "كلمة " * 20, 42, 0, [0, 40, 80, 100]),
    ("hard cut, not inside diacritics", "بَ" * 30, 25, 0, [0, 24, 48, 60]),
    ("quotation marks bound a part", "«»" * 10, 1000, 6, [0, 6, 12, 18, 20]),
    ("short text is one part", "قال", 10, 0, [0, 3]),
]


@pytest.mark.parametrize("text,max_chars,max_marks,bounds", [pytest.param(*c[1:], id=c[0]) for c in CUTS])
def test_cut_points(text, max_chars, max_marks, bounds):
    assert cut_points(text, max_chars, max_marks) == bounds


def test_parts_merge_into_the_quotes_of_the_whole(nlp):
    # three copies of the seed, cut exactly between them: the same quotes as the seed's, shifted
    unit = SEED_TEXT + "\n"
    n = len(unit)
    whole = unit * 3
    chunker = Chunker(max_chars=n + 5, max_marks=0)
    parts = list(chunker.split([Article("big", whole)]))
    assert [(p.index, p.base, p.count) for p in parts] == [(i, i * n, 3) for i in range(3)]
    (merged,) = list(chunker.merge(run(nlp, parts)))
    assert merged.article.text == whole and "split into 3 parts" in merged.article.note
    seed = nlp(unit)._.quotes
    expect = [(q.start + k * n, q.end + k * n, q.type, q.speaker, q.speaker_start + k * n if q.speaker_start >= 0
               else -1) for k in range(3) for q in seed]
    assert [(q.start, q.end, q.type, q.speaker, q.speaker_start) for q in merged.quotes] == expect
    assert [q.id for q in merged.quotes] == [f"q{i:02d}" for i in range(1, 3 * len(seed) + 1)]
    for q in merged.quotes:
        assert whole[q.start:q.end] == q.text and whole[q.cue.start:q.cue.end] == q.cue.text
    for w in merged.warnings:
        assert f"at {w.offset}" in w.message
    chains = {m.chain for m in merged.mentions if m.chain >= 0}
    per_part = {m.chain for m in nlp(unit)._.qt_mentions if m.chain >= 0}
    assert len(chains) == 3 * len(per_part)  # chains of different parts stay apart


def test_small_articles_pass_through_and_order_is_kept(nlp):
    chunker = Chunker(max_chars=40, max_marks=0)
    articles = [Article("s1", A), Article("big", A * 4), Article("s2", A)]
    out = list(chunker.merge(run(nlp, chunker.split(articles))))
    assert [r.article.id for r in out] == ["s1", "big", "s2"] and out[0].article is articles[0]


def test_a_failed_part_is_noted_on_the_article():
    chunker = Chunker(max_chars=40, max_marks=0)
    parts = list(chunker.split([Article("big", A * 4)]))
    results = [Result(p, []) for p in parts if p.index != 1]
    (merged,) = list(chunker.merge(results))
    assert f"part 2 of {len(parts)} failed" in merged.article.note


def test_parts_are_articles_with_an_offset():
    part = Part("id", "نص", whole=1, base=10, index=0, count=2)
    assert isinstance(part, Article) and part.base == 10


# -- the CLI ------------------------------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(SEED_TEXT, encoding="utf-8")
    (d / "win.txt").write_bytes(A.encode("cp1256"))
    return d


def test_clean_run_writes_a_header_only_errors_file(folder, tmp_path):
    errors = tmp_path / "errors.csv"
    errors.write_text("stale", encoding="utf-8")
    r = invoke("extract", folder, "-o", tmp_path / "q.csv", "--errors", errors, *SERIAL)
    assert r.exit_code == 0, r.output
    assert errors.read_text(encoding="utf-8-sig") == "article,path,code,problem\n"
    assert "note: " in r.output and "Windows-1256" in r.output


def test_output_is_replaced_atomically(folder, tmp_path):
    out = tmp_path / "q.csv"
    out.write_text("old", encoding="utf-8")
    r = invoke("extract", folder, "-o", out, *SERIAL)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8-sig").startswith('"article_id"')
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".quotetrack-")]


# (id, extra arguments given a folder `folder` and a tmp path `tmp`, code, fragment)
USAGE = [
    ("output is an input", lambda d, t: [d / "good.txt", "-o", d / "good.txt"], "QT036", "is also an input"),
    ("output folder missing", lambda d, t: [d, "-o", t / "nowhere" / "q.csv"], "QT036", "does not exist"),
    ("output is a folder", lambda d, t: [d, "-o", t], "QT036", "is a folder"),
    ("same file twice", lambda d, t: [d, "-o", t / "q.csv", "--errors", t / "q.csv"], "QT036", "two outputs"),
    ("unknown encoding", lambda d, t: [d, "-o", t / "q.csv", "--encoding", "klingon"], "QT037", "klingon"),
    ("bad --column", lambda d, t: [d, "-o", t / "q.csv", "--column", "author=by"], "", "FIELD=NAME"),
    ("nothing readable", lambda d, t: [t / "missing.txt", "-o", t / "q.csv"], "QT051", "no input could be read"),
]


@pytest.mark.parametrize("args,code,fragment", [pytest.param(*c[1:], id=c[0]) for c in USAGE])
def test_usage_errors_exit_2_and_write_nothing(folder, tmp_path, args, code, fragment):
    r = invoke("extract", *args(folder, tmp_path), *SERIAL)
    assert r.exit_code == 2, r.output
    assert code in r.output and fragment in r.output
    assert not (tmp_path / "q.csv").exists()


def test_txt_and_record_options_reach_the_reader(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"guid": "g1", "body": A, "headline": "ع"}, ensure_ascii=False) + "\n", encoding="utf-8")
    t = tmp_path / "a.txt"
    t.write_text(SEED_TEXT, encoding="utf-8")
    r = invoke("report", "--format", "json", f, t, "--text-column", "body", "--id-column", "guid",
               "--column", "title=headline", "--no-title-line", *SERIAL)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    arts = report["articles"] if isinstance(report, dict) else report
    meta = {a["article_id"]: (a["title"], a["source"]) for a in arts}
    assert meta == {"g1": ("ع", ""), "a": ("", "")}


@Language.component("quotetrack_test_bomb")
def _bomb(doc):
    if "💥" in doc.text:
        raise RuntimeError("a stage crashed")
    return doc


def _with_bomb(real):
    """pipeline.load with the crashing test component first (it raises on 💥)."""
    def load_with_bomb(**kwargs):
        nlp = real(**kwargs)
        nlp.add_pipe("quotetrack_test_bomb", first=True)
        return nlp
    return load_with_bomb


def test_an_article_the_pipeline_fails_on_is_reported_and_the_rest_processed(tmp_path, monkeypatch):
    import quotetrack.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load", _with_bomb(pipeline.load))
    for name, text in [("a", SEED_TEXT), ("b", "💥 " + A), ("c", A)]:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out, errors = tmp_path / "out" / "q.csv", tmp_path / "out" / "errors.csv"
    out.parent.mkdir()
    r = invoke("extract", tmp_path, "-o", out, "--errors", errors, *SERIAL)
    assert r.exit_code == 1, r.output
    ids = {row["article_id"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert ids == {"a", "c"}
    (row,) = list(csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert (row["article"], row["code"]) == ("b", "QT050") and "RuntimeError: a stage crashed" in row["problem"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork: workers inherit the patched pipeline")
def test_keep_going_with_the_process_pool(monkeypatch):
    """An engine that raises (here: process() without a failure collector) has its pending articles
    re-run here one by one, the culprits recorded, and is restarted on the rest."""
    import multiprocessing

    import quotetrack.corpus.engine as corpus
    import quotetrack.pipeline as pipeline
    from quotetrack.corpus.engine import PipelineSpec, process

    load_with_bomb = _with_bomb(pipeline.load)
    monkeypatch.setattr(pipeline, "load", load_with_bomb)
    monkeypatch.setattr(corpus, "_mp_context", lambda: multiprocessing.get_context("fork"))
    articles = [Article(f"a{i}", "💥 " + A if i in (5, 17) else A) for i in range(24)]
    failures = Failures(stream=io.StringIO())
    nlp = load_with_bomb()
    out = list(keep_going(lambda arts: process(arts, PipelineSpec(), jobs=2, chunk_size=4), articles, failures,
                          lambda: (lambda arts: run(nlp, arts))))
    assert [r.article.id for r in out] == [a.id for a in articles if a.id not in ("a5", "a17")]
    assert [(f.article, f.code) for f in failures.items] == [("a5", "QT050"), ("a17", "QT050")]


@pytest.mark.parametrize("command", [["report"], ["report", "--format", "json"], ["extract", "-o", "{out}.csv"],
                                     ["extract", "-o", "{out}.jsonl"], ["graph", "-o", "{out}.gexf"],
                                     ["speakers", "--format", "csv"]])
def test_every_command_that_reads_articles_keeps_going(folder, tmp_path, command):
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    errors = tmp_path / "errors.csv"
    args = [a.format(out=tmp_path / "out") for a in command]
    r = invoke(*args, folder, "--errors", errors, *SERIAL)
    assert r.exit_code == 1, r.output
    (row,) = list(csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert (row["article"], row["code"]) == ("scan", "QT031")


def test_evaluate_takes_the_input_options():
    r = invoke("evaluate", "--help")
    assert r.exit_code == 0 and "--errors" in r.output and "--encoding" in r.output
