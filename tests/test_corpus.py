"""The local corpus engine: parallel processes, input order, streaming, progress, CLI options."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from quotetrack.corpus import engine as corpus
from quotetrack.inputs.articles import Article
from quotetrack.cli import cli
from quotetrack.corpus.engine import PipelineSpec, process
from quotetrack.corpus.progress import Progress

from .conftest import SEED

SHORT = [
    "قال الأمين العام لحلف شمال الأطلسي مارك روتي إن الحلف سيواصل دعم أوكرانيا في مواجهة الهجمات.",
    "أكد وزير الخارجية أن المفاوضات ستستأنف الأسبوع المقبل في جنيف بحضور جميع الأطراف.",
    "وقال مصدر طبي: «نقل ثلاثة جرحى إلى المستشفى وحالتهم مستقرة».",
    "لا اقتباس في هذا الخبر القصير عن الطقس.",
]


def small_corpus(n: int) -> list[Article]:
    seed = SEED.read_text(encoding="utf-8")
    texts = [seed, *SHORT]
    return [Article(f"art{i:03d}", texts[i % len(texts)]) for i in range(n)]


def records(results) -> list:
    return [(r.article.id, [q.to_dict() for q in r.quotes], [(w.code, w.offset) for w in r.warnings],
             len(r.mentions), len(r.rejected)) for r in results]


def test_two_processes_give_the_same_results_in_input_order(nlp):
    articles = small_corpus(15)
    one = records(process(articles, jobs=1, nlp=nlp))
    two = records(process(articles, jobs=2, chunk_size=2))
    assert [r[0] for r in two] == [a.id for a in articles]
    assert two == one


def test_records_cross_processes_packed_and_come_back_equal(seed_doc):
    import pickle

    from quotetrack.corpus.runner import pack, payload_of, unpack

    payload = payload_of(seed_doc)
    packed = pickle.loads(pickle.dumps(pack(payload)))
    assert packed[0] == "packed" and unpack(packed) == payload
    assert payload[0] and payload[0][0].cue is not None and payload[3]  # quotes with cues, mentions


def test_input_is_read_only_as_fast_as_workers_take_it():
    taken = []

    def endless():
        i = 0
        while True:
            taken.append(i)
            yield Article(f"a{i}", SHORT[i % len(SHORT)])
            i += 1

    results = process(endless(), jobs=2, chunk_size=2)
    first = [next(results).article.id for _ in range(3)]
    results.close()  # stops and joins the workers
    assert first == ["a0", "a1", "a2"]
    # at most the window (2 jobs x WINDOW_PER_JOB chunks) plus one chunk was read ahead
    assert len(taken) <= 2 * (2 * corpus.WINDOW_PER_JOB + 2)


def test_a_single_chunk_runs_without_a_pool(monkeypatch, nlp):
    def no_pool(*a, **k):
        raise AssertionError("a pool was started for a one-chunk input")

    monkeypatch.setattr(corpus, "ProcessPoolExecutor", no_pool)
    assert len(list(process(small_corpus(3), jobs=2, nlp=nlp))) == 3


def test_worker_errors_reach_the_caller():
    bad = PipelineSpec(backend="udpipe", udpipe_model="/nonexistent/model.udpipe")
    with pytest.raises(Exception, match="QT04"):
        list(process(small_corpus(6), bad, jobs=2, chunk_size=2))


def test_progress_only_on_a_terminal_and_not_quiet():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert not Progress.for_terminal(quiet=False, stream=io.StringIO()).enabled
    assert not Progress.for_terminal(quiet=True, stream=Tty()).enabled
    tty = Tty()
    p = Progress.for_terminal(quiet=False, stream=tty)
    p.update(3, 7)
    p.close()
    assert "3 articles, 7 quotes" in tty.getvalue() and tty.getvalue().endswith("\n")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """More articles than one chunk, so --jobs 2 really uses two processes."""
    folder = tmp_path_factory.mktemp("corpus")
    for a in small_corpus(corpus.CHUNK_SIZE + 6):
        (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_extract_jobs_2_equals_jobs_1(corpus_dir, tmp_path, fmt):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.{fmt}"
        res = CliRunner().invoke(cli, ["extract", str(corpus_dir), "-o", str(out), "--jobs", jobs, "--quiet"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_extract_to_stdout_is_csv_without_bom(corpus_dir):
    res = CliRunner().invoke(cli, ["extract", str(SEED), "-o", "-", "-q"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith('"article_id"') and "cluster_first_article" in res.output.splitlines()[0]


def test_bad_rules_folder_fails_with_its_code(corpus_dir, tmp_path):
    res = CliRunner().invoke(cli, ["extract", str(corpus_dir), "-o", str(tmp_path / "x.csv"), "-j", "2",
                                   "--rules", str(tmp_path / "missing")])
    assert res.exit_code == 2, res.output
    assert "QT020" in res.output and not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("command", [["report", "--format", "json"], ["evaluate", "--gold-dir", "."]])
def test_other_commands_take_the_corpus_options(command):
    res = CliRunner().invoke(cli, [command[0], str(SEED), *command[1:], "--jobs", "2", "--engine", "local", "-q"])
    assert res.exit_code in (0, 2), res.output  # evaluate without gold exits 2 with its message
    assert "no such option" not in res.output
