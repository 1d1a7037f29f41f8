"""Loading the udpipe backend and building its Doc; none of these need a real model.

The Doc builder is checked on CoNLL-U written the way the official PADT model
tokenises (و+قال and ل+الصحفيين as multiword tokens, word forms that do not
spell the surface), read with ufal.udpipe's own CoNLL-U reader.
"""
from __future__ import annotations

import pytest
import spacy
from click.testing import CliRunner
from ufal.udpipe import InputFormat, ProcessingError, Sentence

import quotetrack
from quotetrack import parse
from quotetrack.cli import cli
from quotetrack.errors import BackendError
from quotetrack.udpipe import AlignedUDPipeTokenizer, split_surface

from .conftest import SEED

# “وقال الوزير  للصحفيين\nإنه سيعود.”: two spaces and a newline that spacy-udpipe would flatten
TEXT = "وقال الوزير  للصحفيين\nإنه سيعود."
CONLLU = """\
1-2\tوقال\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:4
1\tو\tوَ\tCCONJ\tC---------\t_\t2\tcc\t_\t_
2\tقال\tقَال\tVERB\tVP-A-3MS--\tAspect=Perf|Gender=Masc|Number=Sing|Person=3\t0\troot\t_\t_
3\tالوزير\tوَزِير\tNOUN\tN------S1D\tCase=Nom|Definite=Def|Gender=Masc|Number=Sing\t2\tnsubj\t_\tTokenRange=5:11
4-5\tللصحفيين\t_\t_\t_\t_\t_\t_\t_\tTokenRange=13:21
4\tل\tلِ\tADP\tP---------\t_\t5\tcase\t_\t_
5\tالصحفيين\tصَحَفِيّ\tNOUN\tN------P2D\tCase=Gen|Definite=Def|Gender=Masc|Number=Plur\t2\tobl\t_\t_
6-7\tإنه\t_\t_\t_\t_\t_\t_\t_\tTokenRange=22:25
6\tإن\tإِنَّ\tSCONJ\tC---------\t_\t8\tmark\t_\t_
7\tهو\tهُوَ\tPRON\tSP---3MS4-\tGender=Masc|Number=Sing|Person=3\t8\tnsubj\t_\t_
8\tسيعود\tعَاد\tVERB\tVIIA-3MS--\tGender=Masc|Number=Sing\t2\tccomp\t_\tTokenRange=26:31
9\t.\t.\tPUNCT\tG---------\t_\t2\tpunct\t_\tTokenRange=31:32

"""


def read_conllu(text: str) -> list:
    fmt = InputFormat.newInputFormat("conllu")
    fmt.setText(text)
    sentences, err = [], ProcessingError()
    s = Sentence()
    while fmt.nextSentence(s, err):
        sentences.append(s)
        s = Sentence()
    assert not err.occurred(), err.message
    return sentences


@pytest.fixture(scope="module")
def builder():
    return AlignedUDPipeTokenizer(model=None, vocab=spacy.blank("ar").vocab, path="test.udpipe")


# -- the model file: missing, corrupt, not given ------------------------------------------

def test_no_model_given_is_e042(monkeypatch):
    monkeypatch.delenv("QUOTETRACK_UDPIPE_MODEL", raising=False)
    with pytest.raises(BackendError, match=r"QT042.*--udpipe-model PATH.*QUOTETRACK_UDPIPE_MODEL"):
        quotetrack.load(backend="udpipe")


def test_missing_model_is_e040_naming_the_file(tmp_path):
    missing = tmp_path / "nowhere.udpipe"
    with pytest.raises(BackendError, match=r"QT040") as e:
        quotetrack.load(backend="udpipe", udpipe_model=missing)
    assert str(missing) in str(e.value)


def test_env_variable_is_the_default_model(monkeypatch, tmp_path):
    missing = tmp_path / "from-env.udpipe"
    monkeypatch.setenv("QUOTETRACK_UDPIPE_MODEL", str(missing))
    with pytest.raises(BackendError, match=r"QT040.*from-env\.udpipe"):
        quotetrack.load(backend="udpipe")


@pytest.mark.parametrize("content", [b"", b"not a model\n" * 50, b"\x00\x01garbage" * 1000])
def test_corrupt_model_is_e041_naming_the_file(tmp_path, content):
    bad = tmp_path / "corrupt.udpipe"
    bad.write_bytes(content)
    with pytest.raises(BackendError, match=r"QT041.*corrupt\.udpipe.*not a UDPipe 1 model"):
        quotetrack.load(backend="udpipe", udpipe_model=bad)


def test_directory_as_model_is_e041(tmp_path):
    with pytest.raises(BackendError, match=r"QT041.*directory"):
        quotetrack.load(backend="udpipe", udpipe_model=tmp_path)


@pytest.mark.parametrize("command", [["report"], ["extract", "-o", "-"], ["evaluate", "--gold-dir", "{gold}"]])
def test_every_command_takes_backend_and_model(command, tmp_path):
    """--backend udpipe reaches the loader from every command: a corrupt file gives QT041, exit 2."""
    bad = tmp_path / "corrupt.udpipe"
    bad.write_bytes(b"garbage" * 100)
    (tmp_path / "x.gold.json").write_text('{"article": "000_3945717365d2420a.txt", "quotes": []}', encoding="utf-8")
    args = [a.format(gold=tmp_path) for a in command[1:]]
    r = CliRunner().invoke(cli, [command[0], str(SEED), *args, "--backend", "udpipe", "--udpipe-model", str(bad)])
    assert r.exit_code == 2, r.output
    assert "QT041" in r.output and "corrupt.udpipe" in r.output
    assert "Traceback" not in r.output


def test_cli_without_model_is_e042(monkeypatch):
    monkeypatch.delenv("QUOTETRACK_UDPIPE_MODEL", raising=False)
    r = CliRunner().invoke(cli, ["report", str(SEED), "--backend", "udpipe"])
    assert r.exit_code == 2, r.output
    assert "QT042" in r.output


def test_cli_missing_model_from_env_is_e040(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTETRACK_UDPIPE_MODEL", str(tmp_path / "gone.udpipe"))
    r = CliRunner().invoke(cli, ["report", str(SEED), "--backend", "udpipe"])
    assert r.exit_code == 2, r.output
    assert "QT040" in r.output and "gone.udpipe" in r.output


# -- multiword tokens ---------------------------------------------------------------------

@pytest.mark.parametrize("surface, forms, pieces", [
    ("وقال", ["و", "قال"], ["و", "قال"]),  # forms spell the surface: cut there
    ("للصحفيين", ["ل", "الصحفيين"], ["ل", "لصحفيين"]),  # ل + ال written لل
    ("إنه", ["إن", "هو"], ["إن", "ه"]),  # pronoun written as its clitic
    ("عليه", ["على", "هو"], ["علي", "ه"]),
    ("قال", ["قال"], ["قال"]),
    ("لا", ["ل", "ا", "x"], None),  # fewer characters than words: kept whole
])
def test_split_surface(surface, forms, pieces):
    got = split_surface(surface, forms)
    assert got == pieces
    if got is not None:
        assert "".join(got) == surface


def test_doc_keeps_the_text_and_splits_clitics(builder):
    doc = builder.build(TEXT, read_conllu(CONLLU))
    assert doc.text == TEXT
    assert [t.text for t in doc if not t.is_space] == ["و", "قال", "الوزير", "ل", "لصحفيين", "إن", "ه", "سيعود", "."]
    for t in doc:
        assert TEXT[t.idx:t.idx + len(t.text)] == t.text
    qal = doc[1]
    assert (qal.dep_, qal.head.i, qal.lemma_) == ("ROOT", 1, "قَال")
    assert doc[0].head.text == "قال" and doc[2].dep_ == "nsubj" and doc[2].head.text == "قال"
    spaces = [t for t in doc if t.is_space]
    assert [t.text for t in spaces] == [" ", "\n"]  # the second of two spaces, the newline
    assert all(t.pos_ == "SPACE" for t in spaces)


def test_parse_evidence_on_a_correct_parse(builder):
    """On a right parse the evidence functions give the right answer, in chars."""
    doc = builder.build(TEXT, read_conllu(CONLLU))
    s, e = parse.subject_span(doc, 0, 4)
    assert TEXT[s:e] == "الوزير"
    assert parse.morph_agreement(doc, 0, 4) == ("m", "s")
    assert parse.morph_agreement(doc, 13, 21) == ("m", "p")
    assert parse.lemma_at(doc, 0, 4) == "قَال"
    cs, ce = parse.ccomp_extent(doc, 0, 4)
    assert TEXT[cs:ce] == "ه سيعود"  # the complementiser إن (mark) is left out
    assert parse.evidence(doc, 0, 4)["subject_text"] == "الوزير"


def test_merged_multiword_token_keeps_its_head_word(builder):
    text = "لا بد"
    conllu = ("1-3\tلا\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:2\n"
              "1\tل\t_\tADP\t_\t_\t2\tcase\t_\t_\n"
              "2\tا\t_\tNOUN\t_\t_\t4\tobl\t_\t_\n"
              "3\tx\t_\tPRON\t_\t_\t2\tnmod\t_\t_\n"
              "4\tبد\t_\tNOUN\t_\t_\t0\troot\t_\tTokenRange=3:5\n\n")
    doc = builder.build(text, read_conllu(conllu))
    assert doc.text == text
    assert [(t.text, t.dep_, t.head.text) for t in doc] == [("لا", "obl", "بد"), ("بد", "ROOT", "بد")]


def test_tokens_out_of_the_text_are_refused_with_e044(builder):
    conllu = "1\tقال\t_\tVERB\t_\t_\t0\troot\t_\tTokenRange=0:40\n\n"
    with pytest.raises(BackendError, match=r"QT044.*test\.udpipe.*char 0"):
        builder.build("قال", read_conllu(conllu))


def test_empty_and_blank_texts(builder):
    assert builder.build("", []).text == ""
    assert builder.build(" \n\n ", []).text == " \n\n "
