"""The udpipe backend with a real model ($QUOTETRACK_UDPIPE_MODEL; skipped with a reason without one).

CI runs these with ``../shared/models/ar_pud_small.udpipe``, a deliberately
weak model: the point is that quotetrack's stages, which read character
offsets, give the same quotes at the same offsets on UDPipe's tokens as on
ours, and that the Doc's text is the input, whitespace and all.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.evaluate import names_match, norm

from .conftest import SEED, shared_path, udpipe_model_path

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def gold():
    return json.loads(shared_path("gold", "000_3945717365d2420a.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def udpipe_seed(udpipe_nlp, seed_text):
    return udpipe_nlp(seed_text)


def matched(quotes, g):
    anchor = norm(g["anchor"])
    return next((q for q in quotes if anchor in norm(q.text)), None)


def test_seed_nine_required_quotes_with_speakers(udpipe_seed, gold):
    required = [g for g in gold["quotes"] if g["required"]]
    assert len(required) == 9
    report = []
    for g in required:
        q = matched(udpipe_seed._.quotes, g)
        ok = q is not None and names_match([q.speaker, q.speaker_text], g["speaker"])
        report.append((g["id"], None if q is None else (q.speaker, q.resolution), ok))
    assert all(ok for *_, ok in report), report


def test_seed_quotes_say_udpipe_decided(udpipe_seed):
    assert udpipe_seed._.qt_backend == "udpipe"
    assert udpipe_seed._.quotes
    for q in udpipe_seed._.quotes:
        assert q.backend == "udpipe" and q.resolution  # which backend, which sieve


def test_seed_udpipe_tokens_differ_but_offsets_agree(udpipe_seed, seed_doc, seed_text):
    """UDPipe splits clitics and glues marks (“نشر); the quotes still sit at the same chars."""
    assert udpipe_seed.text == seed_text
    tokens = [t.text for t in udpipe_seed]
    assert "“نشر" in tokens  # the weak model glues the mark to the word
    assert [t.text for t in seed_doc] != tokens
    rules = {q.text: (q.start, q.end, q.cue.start if q.cue else -1) for q in seed_doc._.quotes}
    same = [q for q in udpipe_seed._.quotes if q.text in rules]
    assert len(same) >= 9
    for q in same:
        assert (q.start, q.end, q.cue.start if q.cue else -1) == rules[q.text], q.text
        assert seed_text[q.start:q.end] == q.text
        if q.speaker_start >= 0:
            assert seed_text[q.speaker_start:q.speaker_end] == q.speaker_text


def test_udpipe_no_worse_than_rules_on_seed(udpipe_seed, seed_doc, gold):
    def right(doc):
        return {g["id"] for g in gold["quotes"] if g["required"]
                and (q := matched(doc._.quotes, g)) is not None and names_match([q.speaker, q.speaker_text], g["speaker"])}
    assert right(seed_doc) <= right(udpipe_seed)


def test_dev_set_text_kept_and_offsets_agree(udpipe_nlp, nlp):
    articles = sorted(shared_path("corpus", "dev", "articles").glob("*.txt"))
    assert articles
    compared = 0
    for path in articles:
        text = path.read_text(encoding="utf-8")
        u, r = udpipe_nlp(text), nlp(text)
        assert u.text == text, path.name
        rules = {q.text: (q.start, q.end) for q in r._.quotes}
        for q in u._.quotes:
            assert text[q.start:q.end] == q.text
            if q.text in rules:
                assert (q.start, q.end) == rules[q.text], (path.name, q.text)
                compared += 1
    assert compared > 100


@pytest.mark.parametrize("text", [
    "قال الوزير:  «سنعود»\n\nوأضاف أن الحكومة    ستدعم المشروع.\n",
    "\n\n  \tأكدت الوزارة أن «الوضع مستقر» \u200fاليوم.\r\nوقال المتحدث 👍 إن الأمر انتهى.  ",
    "نص\u00a0فيه مسافة غير منقسمة، وقال: \"نعم\".",
])
def test_doc_text_is_the_input_exactly(udpipe_nlp, text):
    doc = udpipe_nlp(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text
    for q in doc._.quotes:
        assert text[q.start:q.end] == q.text


def test_bare_spacy_udpipe_changes_the_text(seed_text):
    """Why the aligned tokenizer exists: spacy-udpipe's own Doc flattens newlines."""
    import spacy_udpipe

    bare = spacy_udpipe.load_from_path(lang="ar", path=str(udpipe_model_path()))
    doc = bare(seed_text)
    assert doc.text != seed_text and "\n" not in doc.text


def test_cli_report_and_extract_with_udpipe(tmp_path):
    model = str(udpipe_model_path())
    r = CliRunner().invoke(cli, ["report", str(SEED), "--format", "json", "--backend", "udpipe",
                                 "--udpipe-model", model])
    assert r.exit_code == 0, r.output
    assert '"backend": "udpipe"' in r.output and "فرح دخل الله" in r.output
    out = tmp_path / "q.csv"
    r = CliRunner().invoke(cli, ["extract", str(SEED), "-o", str(out), "--backend", "udpipe", "--udpipe-model", model])
    assert r.exit_code == 0, r.output
    assert "مارك روتي" in out.read_text(encoding="utf-8-sig")


def test_cli_evaluate_with_udpipe_from_env(monkeypatch):
    monkeypatch.setenv("QUOTETRACK_UDPIPE_MODEL", str(udpipe_model_path()))
    r = CliRunner().invoke(cli, ["evaluate", str(SEED), "--gold-dir", str(shared_path("gold")), "--backend", "udpipe"])
    assert r.exit_code == 0, r.output
    assert "R=1.000" in r.output or "found=9" in r.output, r.output
