"""The entity recogniser: shipped model, exact offsets on both backends, word boundaries,
determinism, names nobody listed, and the training script on a tiny slice."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import numpy as np
import pytest

import quotetrack
from quotetrack.analyser import default_analyser
from quotetrack.entities.model import MODEL, Weights
from quotetrack.entities.recogniser import EntityRecogniser
from quotetrack.entities.training import Options, Trainer, prepare, read_conll, rebuild
from quotetrack.lexicon import default_lexicon
from quotetrack.normalize import Words, fold
from quotetrack.ruleset import Ruleset

from .conftest import ROOT, shared_path, udpipe_model_path

# invented people, in no list of the project and in no training sentence
PEOPLE = [
    ("وقال زهران القطامي إن المشروع سيكتمل العام المقبل.", "زهران القطامي"),
    ("وأكدت سلوى برهوم أن الاتفاق سيوقع قريبا.", "سلوى برهوم"),
    ("وقال المدرب الكرواتي ميلان ياكوفليفيتش إن الفريق جاهز.", "ميلان ياكوفليفيتش"),
    ("وأوضح الرئيس التنفيذي لشركة الواحة للأسمنت هاني الفضيلي أن الأرباح زادت.", "هاني الفضيلي"),
    ("وقالت رئيسة الوزراء إنغريد سولبرغ إن الحكومة ستدعم القرار.", "إنغريد سولبرغ"),
    ("وأشار الوزير عوض الشمراني إلى أن الميزانية ارتفعت.", "عوض الشمراني"),
    ("وقال المتحدث باسم الشرطة رامز الدبيسي إن التحقيق مستمر.", "رامز الدبيسي"),
    ("وذكر الباحث فيكتور دوبرينين أن النتائج مشجعة.", "فيكتور دوبرينين"),
]


@pytest.fixture(scope="module")
def recogniser():
    return EntityRecogniser(Ruleset.load())


def test_model_is_shipped_inside_the_package():
    assert MODEL.parent == Path(quotetrack.__file__).parent / "data"
    w = Weights.load(MODEL)
    assert w.tags[0] == "O" and {"B-PER", "I-PER", "B-ORG", "B-GPE"} <= set(w.tags)
    assert w.chars is not None  # the letter model travels with the weights


def test_people_nobody_listed_are_recognised(recogniser):
    """A quality floor, not a promise for every name: most invented people in news sentences are
    found as PER (some word of their name inside a PER entity)."""
    found = []
    for text, name in PEOPLE:
        ents = recogniser.find(text, Words(text))
        toks = set(fold(name).split())
        found.append(any(e.label == "PER" and toks & set(fold(e.text).split()) for e in ents))
    assert sum(found) >= 6, list(zip([n for _t, n in PEOPLE], found))


def test_entity_spans_start_after_a_glued_clitic(recogniser):
    text = "وتحدث الوزير عن لأوكرانيا وبالعاصمة كييف وعن والشمراني."
    for e in recogniser.find(text, Words(text)):
        assert text[e.start:e.end] == e.text
        assert not e.text.startswith(("لأ", "وال", "وب"))


@pytest.mark.parametrize("text", [
    'قال لـ "الاقتصادية" عوض الشمراني إن الشركة رابحة.',  # a channel after لـ, then the speaker
    "وقال لـ«الوطن» هاني الفضيلي إن الأرباح زادت.",
    "وأكد ب زهران القطامي أن الاتفاق قائم.",
    "وقالت المحامية ستورمي دانيلز، رامز الدبيسي، إن الجلسة تأجلت.",  # two people, a comma between
])
def test_an_entity_never_spans_punctuation_or_starts_on_a_lone_preposition(recogniser, text):
    for e in recogniser.find(text, Words(text)):
        assert not set(e.text) & set('"«»“”،,()'), e.text
        assert len(e.text.split()[0].strip("ـ")) > 1, e.text


def offsets_hold(text: str, ents) -> None:
    """Exact offsets; never inside a word's middle: an entity starts at a word's start or right
    after the proclitics the analyser reads on it, and ends at a word's end."""
    from bisect import bisect_right

    from quotetrack.normalize import written_offset

    words = Words(text)
    an = default_analyser()
    for e in ents:
        assert text[e.start:e.end] == e.text and e.start < e.end
        i = bisect_right(words.starts, e.start) - 1
        j = bisect_right(words.starts, e.end - 1) - 1
        assert words.starts[i] <= e.start < words.ends[i] and e.end == words.ends[j]
        if e.start != words.starts[i]:
            n = len(an.analyse(words.folded[i]).proclitics)
            assert n and e.start - words.starts[i] == written_offset(words.texts[i], n)


def test_offsets_exact_on_the_seed(seed_doc, seed_text):
    ents = seed_doc._.qt_entities
    assert len(ents) > 10
    offsets_hold(seed_text, ents)
    assert {s.label_ for s in seed_doc.spans["qt_entities"]} <= {"PER", "ORG", "GPE", "LOC", "GRP"}


def test_same_entities_on_both_backends(seed_doc, seed_text):
    model = udpipe_model_path()
    nlp = quotetrack.load(backend="udpipe", udpipe_model=model)
    doc = nlp(seed_text)
    assert [(e.start, e.end, e.label) for e in doc._.qt_entities] == \
        [(e.start, e.end, e.label) for e in seed_doc._.qt_entities]


def test_deterministic(nlp, seed_text):
    a = [(e.start, e.end, e.label, e.score) for e in nlp(seed_text)._.qt_entities]
    b = [(e.start, e.end, e.label, e.score) for e in nlp(seed_text)._.qt_entities]
    assert a == b


def test_speakers_stage_needs_the_entities_stage():
    import spacy

    from quotetrack.errors import PipelineError

    nlp = spacy.blank("ar")
    nlp.add_pipe("quotetrack_speakers")
    with pytest.raises(PipelineError, match="QT022"):
        nlp("وقال الوزير إن الوضع مستقر.")


# -- training on a tiny slice -------------------------------------------------------------------
FIRST = ["زهران", "رامز", "سلوى", "فراس", "نادين", "كرم", "لمى", "يزن"]
LAST = ["القطامي", "برهوم", "الدبيسي", "حمدان", "الشوملي", "عكاشة"]
PLACES = ["دمشق", "عمان", "تونس", "الرباط"]


def tiny_conll(path: Path, n: int = 60, seed: int = 1) -> None:
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        f, la, pl = rng.choice(FIRST), rng.choice(LAST), rng.choice(PLACES)
        toks = [("و", "O"), ("قال", "O"), (f, "B-Politician"), (la, "I-Politician"), ("في", "O"),
                (pl, "B-Population-Center"), ("ان", "O"), ("ال" + "وضع", "O"), ("مستقر", "O"), (".", "O")]
        lines += [f"\u200e{t}\t{g}" for t, g in toks] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_rebuild_glues_clitics_back():
    text, spans = rebuild([[("و", "O"), ("قال", "O"), ("و", "O"), ("زهران", "B-PER"), ("ان", "O"), ("ها", "O"),
                            ("ك", "O"), ("ما", "O"), (".", "O")]])
    assert text == "وقال وزهران انها كما."
    assert [(text[s:e], lab) for s, e, lab in spans] == [("زهران", "PER")]


def test_read_conll_reports_bad_lines(tmp_path):
    from quotetrack.errors import ModelError

    p = tmp_path / "bad.txt"
    p.write_text("قال O\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"QT082.*line 1"):
        read_conll(p)


def train_tiny(path: Path, seed: int):
    opts = Options(seed=seed, epochs=3, patience=3, n_rows=1 << 12, dim=16, hidden=32, batch_words=200)
    train, dev, test = prepare(path, opts)
    trainer = Trainer(opts, default_analyser(), default_lexicon(), log=lambda _line: None)
    weights, _info = trainer.fit(train, dev)
    return weights, trainer.evaluate(weights, test)


def test_training_script_on_a_tiny_slice(tmp_path):
    data = tmp_path / "tiny.conll"
    tiny_conll(data)
    w1, scores = train_tiny(data, seed=7)
    assert set(scores) >= {"PER", "ALL"} and 0.0 <= scores["ALL"]["f1"] <= 1.0
    assert scores["PER"]["f1"] > 0.5  # the pattern is trivial: the model must learn it
    out = tmp_path / "model.npz"
    w1.save(out)
    loaded = Weights.load(out)
    assert loaded.tags == w1.tags and np.allclose(loaded.W2, w1.W2)
    w2, scores2 = train_tiny(data, seed=7)  # same seed, same weights, same scores
    assert all(np.array_equal(getattr(w1, k), getattr(w2, k)) for k in Weights.ARRAYS) and scores == scores2


def test_train_entities_command(tmp_path):
    from click.testing import CliRunner

    from quotetrack.cli import cli

    data = tmp_path / "tiny.conll"
    tiny_conll(data, n=40)
    out = tmp_path / "m.npz"
    r = CliRunner().invoke(cli, ["train-entities", str(data), "-o", str(out), "--epochs", "2"])
    assert r.exit_code == 0, r.output
    assert "PER" in r.output and "ALL" in r.output and out.is_file()
    assert Weights.load(out).config["test"]["ALL"]["support"] > 0


@pytest.mark.slow
def test_licence_and_model_travel_in_the_wheel(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, timeout=600)
    (wheel,) = tmp_path.glob("quotetrack-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("entities.npz", "ar_wordfreq.tsv.gz", "NOTICE.md", "LICENSE-NewsFANE-CC-BY-SA-3.0.txt"):
        assert f"quotetrack/data/{f}" in names
    assert "quotetrack/rules/attribution_ranker.yaml" in names and "quotetrack/rules/morphology.yaml" in names


def test_report_json_shows_entities_and_the_speakers_label():
    import json

    from click.testing import CliRunner

    from quotetrack.cli import cli

    from .conftest import SEED

    r = CliRunner().invoke(cli, ["report", str(SEED), "--format", "json"])
    assert r.exit_code == 0, r.output
    quotes = json.loads(r.output)[0]["quotes"]
    text = SEED.read_text(encoding="utf-8")
    rutte = [q for q in quotes if q["speaker"] == "مارك روتي"]
    assert rutte and rutte[0]["speaker_entity"] == "PER"
    ents = [e for q in quotes for e in q["entities"]]
    assert any(e["label"] == "GPE" and e["text"] == "روسيا" for e in ents)
    for q in quotes:  # inside their quote, with exact offsets
        for e in q["entities"]:
            assert q["start"] <= e["start"] < e["end"] <= q["end"] and text[e["start"]:e["end"]] == e["text"]


@pytest.mark.shared
def test_named_person_speakers_of_the_dev_set_are_recognised(recogniser):
    """How many gold person speakers named in their article are found as PER at some mention: by
    the recogniser alone (floor: today's figure less a margin) and in the entity layer the
    pipeline gives (the recogniser plus the people the speaker stage reads by structure), which
    must reach the issue's 85%."""
    import json
    import re

    from .name_swap import is_person_name

    gold_dir = shared_path("corpus", "dev", "gold")
    articles = shared_path("corpus", "dev", "articles")
    nlp = quotetrack.load()
    found = total = layer = 0
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (articles / gold["article"]).read_text(encoding="utf-8")
        ents = [e for e in recogniser.find(text, Words(text)) if e.label == "PER"]
        with nlp.select_pipes(enable=["quotetrack_marks", "quotetrack_sentences", "quotetrack_cues",
                                      "quotetrack_quotes", "quotetrack_entities", "quotetrack_speakers"]):
            both = [e for e in nlp(text)._.qt_entities if e.label == "PER"]
        folded = fold(text)
        for sp in gold.get("speakers", []):
            if sp.get("gender") not in ("male", "female") or not is_person_name(sp.get("name", "")):
                continue
            toks = [t for t in fold(re.sub(r"[()/]", " ", sp.get("ar", ""))).split() if len(t) > 2]
            spots = [m.start() for t in toks for m in re.finditer(re.escape(t), folded)]
            if not spots:
                continue  # not named in the article
            total += 1
            found += any(e.start <= s < e.end for e in ents for s in spots)
            layer += any(e.start <= s < e.end for e in both for s in spots)
    share = found / total
    print(f"named person speakers recognised as PER: by the recogniser {found}/{total} = {share:.3f}; "
          f"in the entity layer with the people the speaker stage reads {layer}/{total} = {layer / total:.3f}")
    assert total > 60 and share >= 0.75 and layer / total >= 0.85
