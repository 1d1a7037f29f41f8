"""A user's broken rules folder: one coded error per kind of breakage, from the API and the CLI.

Each case copies the shipped rules to a temporary folder, breaks one file one
way, and checks that ``Ruleset.load`` and ``quotetrack rules check --rules DIR``
both refuse it with the same coded message naming the file, the entry and
what is allowed.
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli
from quotetrack.errors import RulesError
from quotetrack.ruleset import SCHEMAS, Ruleset, default_rules_dir

VERB = "  - {lemma: قال, gloss: say, present: يقول, participle: قائل}"


def _remove(folder, name, *_):
    (folder / name).unlink()


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def _replace(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the shipped {name} changed: update this test's case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def bomb(levels: int) -> str:
    """speech_verbs.yaml whose ``forms`` nest ``levels`` aliases of nine: 9 ** levels strings once expanded."""
    nest = ['&b0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    nest += [f"&b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, levels)]
    return f"schema_version: 1\nverbs:\n  - {{lemma: قال, gloss: say, forms: [{', '.join(nest)}]}}\n"


# (id, how to break the copy, code, fragments the message must contain)
CASES = [
    ("alias bomb", (_write, "speech_verbs.yaml", bomb(9)), "QT006",
     ["speech_verbs.yaml", "aliases expand to more than 100,000 values"]),
    ("alias that contains itself", (_write, "names.yaml", "schema_version: 1\nparticles: &p [عبد, *p]\n"), "QT006",
     ["names.yaml", "aliases expand"]),
    ("a huge wrong value is quoted cut short", (_write, "speech_verbs.yaml", bomb(5)), "QT011",
     ["'forms' must be a list of strings, got [['lol', 'lol',", "…"]),
    ("speech verbs over their size limit", (_write, "speech_verbs.yaml", "schema_version: 1\nverbs:\n"
                                            + "".join(f"  - {{lemma: ق{i:05d}, gloss: g}}\n" for i in range(3000))),
     "QT005", ["speech_verbs.yaml", "more than the 65,536-byte limit for one rules file"]),
    ("another file over the size limit", (_write, "entities.yaml", "schema_version: 1\n" + "#" * (1 << 20)),
     "QT005", ["entities.yaml", "more than the 1,048,576-byte limit"]),
    ("missing file", (_remove, "speech_verbs.yaml"), "QT001",
     ["speech_verbs.yaml", "rules file is missing", "quote_marks.yaml"]),
    ("bad YAML", (_write, "speech_verbs.yaml", "schema_version: 1\nverbs: [{lemma: قال, gloss: say\n"), "QT002",
     ["speech_verbs.yaml", "not valid YAML", "line"]),
    ("bad JSON (a JSON file is YAML too)", (_write, "quote_marks.yaml", '{"schema_version": 1, "marks": [}'), "QT002",
     ["quote_marks.yaml", "not valid YAML"]),
    ("not a mapping", (_write, "names.yaml", "- just\n- a list\n"), "QT003",
     ["names.yaml", "top level must be a mapping", "schema_version"]),
    ("unsupported schema version", (_replace, "role_nouns.yaml", "schema_version: 1", "schema_version: 7"), "QT004",
     ["role_nouns.yaml", "7", "supported: 1"]),
    ("unknown key", (_replace, "speech_verbs.yaml", VERB, VERB.replace("gloss: say", "gloss: say, glos: x")),
     "QT012", ["speech_verbs.yaml", "entry 1", "قال", "unknown key 'glos'", "allowed: lemma, gloss, present"]),
    ("unknown section", (_replace, "names.yaml", "particles:", "particle:"), "QT012",
     ["names.yaml", "unknown key 'particle'", "particles"]),
    ("bad value (not an allowed value)", (_replace, "role_nouns.yaml", "gloss: spokesperson, kind: person}",
                                          "gloss: spokesperson, kind: persn}"), "QT013",
     ["role_nouns.yaml", "متحدث", "'kind' = 'persn' is not allowed", "allowed values: person, unnamed_source, group"]),
    ("wrong type", (_replace, "speech_verbs.yaml", VERB, VERB.replace("present: يقول", "present: [يقول, تقول]")),
     "QT011", ["speech_verbs.yaml", "entry 1", "'present' must be a string", "يقول"]),
    ("wrong type: a number", (_replace, "speech_verbs.yaml", VERB, VERB.replace("gloss: say", "gloss: 42")),
     "QT011", ["speech_verbs.yaml", "entry 1", "'gloss' must be a string", "42"]),
    ("wrong type: list expected", (_replace, "speech_verbs.yaml", "forms: [نفت, نفوا, نافيا, نافية, نافين]",
                                   "forms: نفت"), "QT011",
     ["speech_verbs.yaml", "نفى", "'forms' must be a list of strings"]),
    ("missing required key", (_replace, "speech_verbs.yaml", VERB, "  - {lemma: قال, present: يقول}"), "QT010",
     ["speech_verbs.yaml", "entry 1", "missing required key 'gloss'"]),
    ("duplicate entry", (_replace, "speech_verbs.yaml", VERB, VERB + "\n" + VERB.replace("قال,", "قال,")), "QT014",
     ["speech_verbs.yaml", "entry 2", "duplicate of entry 1", "قال"]),
    ("duplicate after folding diacritics", (_replace, "speech_verbs.yaml", VERB, VERB + "\n  - {lemma: قَالَ, gloss: x}"),
     "QT014", ["speech_verbs.yaml", "entry 2", "duplicate of entry 1"]),
    ("duplicate string in a list section", (_replace, "names.yaml", "particles: [عبد,", "particles: [عبد, عبد,"),
     "QT014", ["names.yaml", "entry 2", "duplicate of entry 1"]),
    ("matcher folds to the empty string", (_replace, "speech_verbs.yaml", VERB,
                                           VERB + "\n  - {lemma: \"\u064e\u0640\", gloss: diacritics only}"),
     "QT015", ["speech_verbs.yaml", "'lemma' matches the empty string"]),
    ("empty quote mark", (_replace, "quote_marks.yaml", '{char: "«",', '{char: "",'), "QT015",
     ["quote_marks.yaml", "'char' matches the empty string"]),
    ("section not a list", (_replace, "names.yaml", "particles: [", "particles: 3  # ["), "QT016",
     ["names.yaml", "section 'particles' must be a list of entries"]),
]


@pytest.fixture
def broken(tmp_path, request):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    action, *args = request.param
    action(folder, *args)
    return folder


@pytest.mark.parametrize("broken,code,fragments", [pytest.param(b, c, f, id=i) for i, b, c, f in CASES],
                         indirect=["broken"])
def test_broken_rules_give_coded_errors(broken, code, fragments):
    with pytest.raises(RulesError) as info:
        Ruleset.load(broken)
    message = str(info.value)
    assert message.startswith(f"[{code}]"), message
    assert len(message) < 600, message  # a value quoted in a message is cut short
    for fragment in fragments:
        assert fragment in message, message
    r = CliRunner().invoke(cli, ["rules", "check", "--rules", str(broken)])
    assert r.exit_code == 2, r.output
    assert message in r.output, r.output


def test_missing_folder_is_a_coded_error(tmp_path):
    r = CliRunner().invoke(cli, ["rules", "check", "--rules", str(tmp_path / "nowhere")])
    assert r.exit_code == 2, r.output
    assert "[QT020]" in r.output


def test_broken_rules_stop_extract_before_any_input_is_read(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    (folder / "speech_verbs.yaml").unlink()
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير إن الوضع مستقر.", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(cli, ["extract", str(article), "-o", str(out), "--rules", str(folder), "-j", "1"])
    assert r.exit_code == 2, r.output
    assert "[QT001]" in r.output and not out.exists()


def test_shipped_rules_pass_the_check():
    r = CliRunner().invoke(cli, ["rules", "check"])
    assert r.exit_code == 0, r.output
    assert r.output.count("ok  ") == len(SCHEMAS)


def test_an_alias_bomb_costs_neither_time_nor_memory(tmp_path):
    """In a process that may not map 1 GiB: expanded, the bomb's repr alone would need several."""
    import resource
    import subprocess
    import sys

    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    _write(folder, "speech_verbs.yaml", bomb(9))

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run([sys.executable, "-c", "from quotetrack.cli import main; main()", "rules", "check",
                           "--rules", str(folder)], capture_output=True, text=True, timeout=60, preexec_fn=limit)
    assert proc.returncode == 2, proc.stderr
    assert "[QT006]" in proc.stderr
