"""The Python API and the spaCy integration (factories, entry points, Doc extensions)."""
from __future__ import annotations

import subprocess
import sys

import spacy

import quotetrack
from quotetrack.pipeline import COMPONENTS


def test_load_returns_language_with_all_components(nlp):
    assert isinstance(nlp, spacy.language.Language)
    assert nlp.pipe_names == list(COMPONENTS)


def test_tokenizer_splits_every_mark_and_keeps_offsets(nlp, seed_text):
    doc = nlp.make_doc(seed_text)
    assert doc.text == seed_text
    for tok in doc:
        assert seed_text[tok.idx:tok.idx + len(tok.text)] == tok.text
        if any(ch in tok.text for ch in "«»“”\"‘’"):
            assert len(tok.text) == 1, tok.text
    texts = [t.text for t in doc]
    assert "لكييف" in texts and "نشر" in texts  # were glued to marks by spaCy's tokenizer


def test_pipe_streams(nlp):
    texts = ["وقال الوزير سامي خليل إن الوضع خطير جدا.", "نص بلا اقتباس.", "وقال مصدر أمني إن الهجوم وقع فجرا."]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [len(d._.quotes) for d in docs] == [1, 0, 1]


def test_results_live_on_the_doc(seed_doc):
    assert len(seed_doc._.quotes) == 9
    assert len(seed_doc.spans["qt_quotes"]) == 9
    assert {s.label_ for s in seed_doc.spans["qt_cues"]} == {"CUE"}
    assert len(seed_doc.spans["qt_marks"]) == len(seed_doc._.qt_marks)
    q = seed_doc._.quotes[3]
    assert (q.speaker, q.speaker_kind, q.speaker_role) == ("فرح دخل الله", "person", "المتحدث باسم الناتو")
    assert q.to_dict()["cue"]["lemma"] == "قال"


def test_components_added_by_name_to_a_users_pipeline():
    """spaCy finds the factories through the spacy_factories entry points (fresh process)."""
    code = (
        "import spacy\n"
        "nlp = spacy.blank('ar')\n"
        "for name in %r: nlp.add_pipe(name)\n"
        "doc = nlp('وقال الوزير سامي خليل إن الوضع خطير جدا.')\n"
        "print(doc._.quotes[0].speaker)\n" % (list(COMPONENTS),)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "سامي خليل"


def test_version_is_exposed():
    assert quotetrack.__version__.count(".") == 2


import pytest  # noqa: E402


@pytest.mark.parametrize("text", ["", " ", "  أ  ب\n\nج ", "قال: «الوضع خطير»، ثم\n", "\nس", " \n ص", "س" * 300 + " ع"])
def test_linear_tokenizer_keeps_the_text_exactly(nlp, text):
    from quotetrack.tokenizer import simple_tokenize

    doc = simple_tokenize(nlp.vocab, text)
    assert doc.text == text
    assert all(t.text.strip() == t.text or not t.text.strip() for t in doc)  # words never carry spaces
