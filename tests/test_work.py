"""One unit of corpus work (work.run_items): files read where they are processed, giant articles
split and merged, failures isolated per article, table rows prepared next to the pipeline."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pandas as pd
import pytest
from spacy.language import Language

from quotetrack.inputs.articles import Article
from quotetrack.corpus.engine import Failed, process
from quotetrack.errors import InputError
from quotetrack.export.corpus_table import csv_field, prepare, write_table
from quotetrack.export.table import csv_text, jsonl_text, quotes_frame
from quotetrack.corpus.failures import Failures
from quotetrack.corpus.identity import SpeakerIndex
from quotetrack.inputs.reading import Pending, read_article
from quotetrack.corpus.runner import Result, run, unpack
from quotetrack.corpus import work
from quotetrack.corpus.work import Task, run_items

from .conftest import SEED
from .test_export_table import TRICKY, article_with

SEED_TEXT = SEED.read_text(encoding="utf-8")
A = "قال الوزير «إن الوضع مستقر» في بيان."
B = "وأكدت المتحدثة باسم الوزارة أن المحادثات ستستأنف الأسبوع المقبل."


@Language.component("quotetrack_test_work_bomb")
def _bomb(doc):
    if "💥" in doc.text:
        raise RuntimeError("a stage crashed")
    return doc


@pytest.fixture(scope="module")
def bomb_nlp():
    import quotetrack

    nlp = quotetrack.load()
    nlp.add_pipe("quotetrack_test_work_bomb", first=True)
    return nlp


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, data in [("a", SEED_TEXT.encode()), ("b", b"%PDF-1.4 binary"), ("c", A.encode("cp1256"))]:
        p = tmp_path / f"{name}.txt"
        p.write_bytes(data)
        paths[name] = str(p)
    return paths


def test_pending_files_are_read_by_the_worker_like_by_the_reader(nlp, files):
    items = [Pending(files["a"], "auto"), Pending(files["c"], "auto")]
    outcomes = run_items(nlp, Task(), items)
    for item, (article, note, data, failed) in zip(items, outcomes):
        expect = read_article(item.path)
        assert failed == [] and data is not None
        assert (article.id, article.text, article.title, article.source) == \
            (expect.id, expect.text, expect.title, expect.source)
        assert note == expect.note
    assert "Windows-1256" in outcomes[1][1]


def test_a_file_that_cannot_be_read_fails_alone(nlp, files):
    items = [Pending(files["a"], "auto"), Pending(files["b"], "auto"), Article("x", A)]
    outcomes = run_items(nlp, Task(), items)
    assert [o[2] is not None for o in outcomes] == [True, False, True]
    ((art_id, path, message, bad_input),) = outcomes[1][3]
    assert (art_id, path, bad_input) == ("b", files["b"], True) and message.startswith("[QT031]")


def test_an_article_the_pipeline_fails_on_fails_alone(bomb_nlp):
    items = [Article("a", A), Article("b", "💥 " + A), Article("c", B)]
    outcomes = run_items(bomb_nlp, Task(), items)
    assert [o[2] is not None for o in outcomes] == [True, False, True]
    ((art_id, _, message, bad_input),) = outcomes[1][3]
    assert art_id == "b" and message.startswith("[QT050]") and "RuntimeError: a stage crashed" in message
    assert not bad_input


def test_giant_articles_are_split_and_merged_in_the_worker(nlp, bomb_nlp):
    big = "\n\n".join([A] * 6)
    task = Task(max_chars=2 * len(A), max_marks=0)
    items = [Article("s1", A), Article("big", big), Article("s2", B)]
    outcomes = run_items(nlp, task, items)
    quotes = unpack(outcomes[1][2])[0]
    assert "split into" in outcomes[1][1] and items[1].note == ""  # the caller's article is not changed
    assert [q.id for q in quotes] == [f"q{i:02d}" for i in range(1, 7)]
    assert all(big[q.start:q.end] == q.text for q in quotes)
    # one part crashing: that part is a failure, the article keeps its other parts with a note
    bombed = "\n\n".join([A, A, "💥 " + A, A, A, A])
    (article, note, data, failed) = run_items(bomb_nlp, task, [Article("big", bombed)])[0]
    assert data is not None and "failed (see the errors)" in note
    ((art_id, _, message, _),) = failed
    assert art_id == "big" and "(part 3 of 6" in message and message.startswith("[QT050]")


def test_process_records_failures_and_marks_their_place(nlp, files):
    items = [Pending(files["a"], "auto"), Pending(files["b"], "auto"), Article("x", A)]
    failures = Failures(stream=io.StringIO())
    out = list(process(items, jobs=1, nlp=nlp, failures=failures))
    assert [type(r).__name__ for r in out] == ["Result", "Failed", "Result"]
    assert isinstance(out[1], Failed) and out[1].article is items[1]
    assert [(f.article, f.code) for f in failures.items] == [("b", "QT031")]
    with pytest.raises(InputError, match="QT031"):  # no collector: raised (the Python API)
        list(process(items, jobs=1, nlp=nlp))


def test_pool_reads_files_in_workers_and_equals_one_process(nlp, tmp_path):
    paths = []
    for i in range(10):
        p = tmp_path / f"f{i:02d}.txt"
        p.write_text([SEED_TEXT, A, B][i % 3], encoding="utf-8")
        paths.append(str(p))
    items = [Pending(p, "auto") for p in paths]

    def records(results):
        return [(r.article.id, r.article.text, r.article.note, [q.to_dict() for q in r.quotes]) for r in results]

    one = records(process(items, jobs=1, nlp=nlp))
    two = records(process(items, jobs=2, chunk_size=3))
    assert two == one and [r[0] for r in one] == [f"f{i:02d}" for i in range(10)]
    assert one[0][1] == SEED_TEXT  # records shape: the text comes back with the article


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_rows_prepared_by_workers_write_the_same_table(nlp, tmp_path, fmt):
    arts = [Article(f"a{i}", [SEED_TEXT, A, B, SEED_TEXT][i], date=["", "2024-01-02", "", "2024-01-01"][i])
            for i in range(4)]
    by_records, by_rows = io.StringIO(), io.StringIO()
    write_table(process(arts, jobs=1, nlp=nlp), by_records, fmt, index=SpeakerIndex.for_rules())
    rows = list(process(arts, jobs=1, nlp=nlp, shape=fmt))
    assert all(r.rows is not None and r.quotes == [] for r in rows)
    write_table(rows, by_rows, fmt, index=SpeakerIndex.for_rules())
    assert by_rows.getvalue() == by_records.getvalue() and by_rows.getvalue().count("\n") > 9


def test_rows_shape_does_not_send_the_text_back(nlp, tmp_path):
    p = tmp_path / "s.txt"
    p.write_text(SEED_TEXT, encoding="utf-8")
    ((article, note, rows, failed),) = run_items(nlp, Task(shape="csv"), [Pending(str(p), "auto")])
    assert article.text == "" and article.title == SEED_TEXT.split("\n", 1)[0].strip()
    assert len(rows) == 9 and all(r[0].decode().startswith('"s","q') for r in rows)  # UTF-8, ready to write


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_streamed_table_text_equals_pandas_formatting(fmt):
    """The corpus writer formats rows itself: the same text as pandas gives for the same records."""
    article, quotes = article_with(TRICKY)
    article.id = 'id, with "quotes"'
    for i, q in enumerate(quotes):
        q.confidence = [0.8, 0.1 + 0.2, 1.0, 0.0, 2 / 3][i % 5]
    buf = io.StringIO()
    write_table([Result(article, quotes)], buf, fmt, bom=True, index=SpeakerIndex())
    text = buf.getvalue()
    expect = quotes_frame([(article, quotes)])
    # the corpus columns are the writer's own (tested elsewhere); every other field is pandas' formatting
    expect["speaker_id"] = [f"{article.id}/ar:الوزير"] * len(quotes)
    expect["cluster_id"] = [f"c{i:06d}" for i in range(1, len(quotes) + 1)]
    expect["cluster_first_article"] = article.id
    assert text == (csv_text(expect, bom=True) if fmt == "csv" else jsonl_text(expect))
    assert len(expect) == len(TRICKY) > 5


def test_csv_field_writes_missing_values_as_pandas_does():
    df = pd.DataFrame({"a": [None], "b": [float("nan")], "c": ["x"], "d": [1], "e": [0.5]})
    assert csv_text(df, bom=False).split("\n")[1] == ",".join(csv_field(v) for v in [None, float("nan"), "x", 1, 0.5])


def test_prepare_refuses_an_unknown_format():
    article, quotes = article_with(["نص"])
    with pytest.raises(ValueError, match="csv, csv-raw, jsonl"):
        prepare(article, quotes, [], SpeakerIndex(), "xlsx")


def test_speaker_keys_added_up_equal_observe(nlp):
    arts = [Article("a", SEED_TEXT), Article("b", SEED_TEXT.replace("روتي", "روته"))]
    results = list(run(nlp, arts))
    one, two = SpeakerIndex.for_rules(), SpeakerIndex.for_rules()
    refs_observed = [one.observe(i, r.article, r.quotes, r.mentions) for i, r in enumerate(results)]
    refs_added = [two.add(i, two.keys(r.article.id, r.quotes, r.mentions)) for i, r in enumerate(results)]
    assert refs_added == refs_observed
    a, b = one.finish(), two.finish()
    assert [a.speaker_id(r) for rr in refs_observed for r in rr] == [b.speaker_id(r) for rr in refs_added for r in rr]
    assert any(isinstance(r, int) for rr in refs_added for r in rr)  # corpus-wide speakers were keyed


class _FakeDoc:
    def __init__(self, text):
        self.text = text

    @property
    def _(self):
        if "💣" in self.text:
            raise RuntimeError("records broken")
        return SimpleNamespace(quotes=[], qt_warnings=[], qt_rejected=[], qt_mentions=[])


class _FakeNlp:
    """Batches like spaCy (takes several texts before giving the first Doc back)."""

    def pipe(self, texts, batch_size=32):
        texts = iter(texts)
        while True:
            batch = [t for _, t in zip(range(3), texts)]
            if not batch:
                return
            yield from (_FakeDoc(t) for t in batch)


def test_an_article_whose_records_cannot_be_read_fails_alone():
    items = [Article(c, "نص " + c) for c in ("a", "b", "💣", "d", "e")]  # Arabic: the pipeline runs on it
    outcomes = run_items(_FakeNlp(), Task(), items)
    assert [o[2] is not None for o in outcomes] == [True, True, False, True, True]
    assert "RuntimeError: records broken" in outcomes[2][3][0][2]


def test_an_error_of_the_splitter_is_raised_not_lost(monkeypatch):
    class Broken(work.Chunker):
        def split(self, articles):
            yield next(iter(articles))
            raise RuntimeError("splitter bug")

    monkeypatch.setattr(work, "Chunker", Broken)
    with pytest.raises(RuntimeError, match="splitter bug"):
        run_items(_FakeNlp(), Task(), [Article("a", "x"), Article("b", "y"), Article("c", "z")])


def test_a_row_that_cannot_be_written_fails_its_article_alone(nlp):
    items = [Article("a", A), Article("b", A, title="\ud800 lone surrogate"), Article("c", B)]
    outcomes = run_items(nlp, Task(shape="csv"), items)
    assert [o[2] is not None for o in outcomes] == [True, False, True]
    assert "UnicodeEncodeError" in outcomes[1][3][0][2]


def test_rows_are_held_under_the_budget_and_written_to_the_spool_past_it(tmp_path):
    import pickle

    from quotetrack.corpus.spill import Budget, Rows

    rows = [(b"head%d" % i, "sid", b"middle", ("k", i), (b"w", b"", b"w")) for i in range(100)]
    held = Rows()
    held.extend(rows[:10], Budget(str(tmp_path), limit=10**9))
    assert held.path is None and list(held) == rows[:10] and len(held) == 10
    spilled, budget = Rows(), Budget(str(tmp_path), limit=3000)
    for i in range(0, 100, 10):
        spilled.extend(rows[i:i + 10], budget)
    assert spilled.path and spilled.held == [] and len(spilled) == 100 and budget.used == 0
    copy = pickle.loads(pickle.dumps(spilled))  # what crosses from a worker: the file's name and count
    assert copy.path == spilled.path and len(copy) == 100
    assert list(copy) == rows  # in order, every row
    assert list(tmp_path.iterdir()) == []  # the file is gone once read
    nowhere = Rows()
    nowhere.extend(rows, Budget(None, limit=1))  # no spool folder (the Python API): held whatever the size
    assert nowhere.path is None and list(nowhere) == rows


@pytest.mark.parametrize("shape", ["csv", "jsonl", "speakers"])
def test_a_giant_articles_rows_are_the_same_made_part_by_part_and_spilled(nlp, tmp_path, monkeypatch, shape):
    from quotetrack.corpus import spill

    big = "\n\n".join([SEED_TEXT] * 4)
    items = [Article("s1", A), Article("big", big), Article("s2", B)]

    def rows_of(outcomes):
        return [[tuple(r) for r in data] for _, _, data, _ in outcomes]

    base = Task(max_chars=3000, shape=shape)
    in_memory = rows_of(run_items(nlp, base, items))
    monkeypatch.setattr(spill, "HELD_BYTES", 2000)  # a tiny budget: the giant article's rows go to files
    spilled_outcomes = run_items(nlp, Task(max_chars=3000, shape=shape, spool=str(tmp_path)), items)
    assert spilled_outcomes[1][2].path and len(list(tmp_path.iterdir())) >= 1
    assert rows_of(spilled_outcomes) == in_memory
    assert list(tmp_path.iterdir()) == []  # read once, then deleted
    # and the same as the rows of the whole article's merged records
    records = run_items(nlp, Task(max_chars=3000), items)[1][2]
    quotes, _warnings, _rejected, mentions = unpack(records)
    keyer = SpeakerIndex.for_rules()
    merged = (keyer.speaker_rows("big", quotes, mentions) if shape == "speakers"
              else prepare(Article("big", big), quotes, mentions, keyer, shape))
    assert in_memory[1] == [tuple(r) for r in merged] and len(merged) > 20
