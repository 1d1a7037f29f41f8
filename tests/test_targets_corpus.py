"""What quotes are about across a corpus: one node per entity by the speakers' rules, descriptions per
article, labels in both scripts, everything working with an empty registry, rules errors."""
from __future__ import annotations

import shutil

import pytest

import quotetrack
from quotetrack.errors import RulesError
from quotetrack.export.graph import build_graph
from quotetrack.normalize import fold
from quotetrack.romanize import Romanizer, letters, romanize
from quotetrack.ruleset import Ruleset, default_rules_dir
from quotetrack.corpus.runner import Result
from quotetrack.inputs.articles import Article

from .conftest import copy_rules, shared_path


def _results(nlp, texts: dict) -> list:
    return [Result(Article(aid, text), nlp(text)._.quotes) for aid, text in texts.items()]


def _quote(i, *abouts, speaker="سامي خليل"):
    from quotetrack.records import Cue, Quote

    return Quote(0, 5, "نص", "direct", Cue(0, 3, "قال", "قال", "verb"), id=f"q{i}", speaker=speaker,
                 speaker_id="ar:" + "_".join(speaker.split()), speaker_kind="person",
                 resolution="explicit_subject", about=list(abouts))


def _person(name):
    from quotetrack.records import About

    return About("ar:" + "_".join(fold(w) for w in name.split()), name, "person", 0, len(name), name, name)


@pytest.mark.parametrize("names, joined", [
    (["هاني الفضيلي", "الفضيلي"], True),  # the surname joins the one fuller name
    (["هاني الفضيلي", "عمر الفضيلي", "الفضيلي"], False),  # two fit: never merged
    (["هاني الفضيلي", "هاني الفضيلي"], True),
])
def test_a_surname_joins_the_one_fuller_name_of_the_corpus(names, joined):
    G = build_graph([Result(Article(f"a{i}", "x"), [_quote(i, _person(n))]) for i, n in enumerate(names)])
    last = [n for n, d in G.nodes(data=True) if d["quotes_about"] and "a" + str(len(names) - 1) in
            {e["article_id"] for _, _, e in G.in_edges(n, data=True)}]
    assert len(last) == 1
    assert (G.nodes[last[0]]["articles"] > 1) == joined


def test_a_person_talked_about_is_the_same_node_as_that_person_speaking():
    G = build_graph([Result(Article("a1", "x"), [_quote(1, speaker="هاني الفضيلي")]),
                     Result(Article("a2", "y"), [_quote(2, _person("الفضيلي"))])])
    node = G.nodes["ar:هاني_الفضيلي"]
    assert node["part"] == "speaker+entity" and node["articles"] == 2


def test_a_description_is_a_node_of_its_article_only():
    from quotetrack.records import About, Cue, Quote

    def q(i):
        return Quote(0, 5, "نص", "direct", Cue(0, 3, "قال", "قال", "verb"), id=f"q{i}", speaker="سامي خليل",
                     speaker_id="ar:سامي_خليل", speaker_kind="person", resolution="explicit_subject",
                     about=[About("desc:شركة", "الشركة", "description", 0, 6, "الشركة", "الشركة")])

    G = build_graph([Result(Article(f"a{i}", "x"), [q(i)]) for i in range(3)])
    desc = [n for n in G if "desc:" in n]
    assert len(desc) == 3 and all(G.nodes[n]["articles"] == 1 for n in desc)
    assert all(n.startswith(("a0/", "a1/", "a2/")) for n in desc)


def test_latin_labels_say_where_they_come_from(nlp):
    G = build_graph(_results(nlp, {"a1": "وقال المدرب سامي خليل إن السوريين يدعمون هاني الفضيلي بقوة."}))
    syria, person = G.nodes["syria"], next(d for _, d in G.nodes(data=True) if "الفضيلي" in d["label"])
    assert (syria["label"], syria["label_latin"], syria["label_latin_source"]) == ("سوريا", "Syria", "registry")
    assert person["label_latin_source"] == "transliterated" and person["label_latin"] == "Hani Al-Fudaili"


@pytest.mark.parametrize("arabic, latin", [
    ("محمد جواد ظريف", "Mohammed Javad Zarif"),  # table words, and a vowel for a consonant cluster
    ("عادل الجبير", "Adel Al-Jubeir"),  # the article read off, the stem looked up
    ("عبد الله", "Abdullah"),  # a two-word entry
    ("وزارة الطاقة والمعادن", "Wizarat al-Taqa wal-M'adn"),
    ("روتي", "Ruti"),  # not in the table: letter by letter, long vowels only
])
def test_romanisation_uses_the_table_of_name_parts(arabic, latin):
    assert romanize(arabic) == latin


def test_romanisation_without_a_table_still_gives_a_pronounceable_label():
    bare = Romanizer({})
    assert bare("محمد") == "Mahmd" and letters("زرف") == "zarf"
    assert Romanizer({fold("محمد"): "Muhammad"})("محمد") == "Muhammad"


@pytest.fixture(scope="module")
def nlp_empty_registry(tmp_path_factory):
    empty = {"speakers.yaml": "schema_version: 1\nspeakers: []\n", "transliteration.yaml": "schema_version: 1\nnames: []\n"}
    return quotetrack.load(rules=copy_rules(tmp_path_factory.mktemp("rules"), empty))


def test_targets_work_with_an_empty_registry(nlp_empty_registry):
    text = ("وقال الرئيس الأمريكي دونالد ترامب إن الاتفاق سيء.\n"
            "وقال المحلل سامي خليل إن ترامب يضغط على الصين وإن شركة أرامكو ستستفيد.")
    quotes = nlp_empty_registry(text)._.quotes
    about = {a.name: a for q in quotes if "يضغط" in q.text for a in q.about}
    assert {"دونالد ترامب", "الصين"} <= set(about), about
    assert about["دونالد ترامب"].entity_id.startswith("ar:") and about["دونالد ترامب"].latin == ""
    assert about["الصين"].latin == "China"  # the gazetteer still names countries


def test_a_context_that_names_no_context_set_is_a_coded_error(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = folder / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("context: [benin]", "context: [benim]"),
                    encoding="utf-8")
    with pytest.raises(RulesError) as e:
        Ruleset.load(folder)
    assert "QT018" in str(e.value) and "benim" in str(e.value) and "entities.yaml" in str(e.value)


@pytest.mark.shared
def test_no_generic_description_is_one_node_of_several_articles(nlp):
    """The graph of the dev and check corpora: no node for الفريق، الشركة … shared by two articles."""
    rules = Ruleset.load(None)
    heads = {fold(h["noun"]) for h in rules["targets.yaml"]["heads"]}
    generic = {"ال" + h for h in heads} | heads
    texts = {}
    for corpus in ("dev", "check"):
        folder = shared_path("corpus", corpus, "articles")
        for p in sorted(folder.glob("*.txt")):
            texts[f"{corpus}/{p.stem}"] = p.read_text(encoding="utf-8")
    G = build_graph(_results(nlp, texts))
    entities = [(n, d) for n, d in G.nodes(data=True) if d["quotes_about"]]
    assert len(entities) > 200
    shared_generic = [(n, d["label"]) for n, d in entities
                      if d["articles"] > 1 and " ".join(fold(w) for w in d["label"].split()) in generic]
    assert shared_generic == []
