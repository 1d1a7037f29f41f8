"""Load and validate a rules folder (``rules/`` in the source tree, ``quotetrack/rules`` installed).

Each YAML file has ``schema_version`` and one or more sections, each a list of
entries.  Entries are checked against the schemas below; a bad entry raises a
:class:`RulesError` with a code that names the file, the entry and what is
allowed, e.g.::

    [QT012] rules/speech_verbs.yaml entry 17 ('صرح'): unknown key 'glos'; allowed: lemma, gloss, ...

YAML (PyYAML) rather than JSON: rule files are edited by linguists, need
comments next to the entries, and read better with unquoted Arabic.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import Errors, RulesError
from .normalize import fold, has_arabic, strip
from .rulesyaml import brief, load_rules_yaml

SCHEMA_VERSION = 1
STR, LIST, BOOL, NUM = "a string", "a list of strings", "true or false", "a number"
# what an entity of the gazetteer can be (event: tournaments, leagues, agreements; disease: the
# subject of a health quote, المياه البيضاء)
ENTITY_KINDS = ("country", "organisation", "place", "group", "event", "disease")


@dataclass(frozen=True)
class Key:
    kind: str = STR
    required: bool = False
    choices: tuple = ()
    matcher: bool = False  # a text the rules match: must not be empty after folding


@dataclass(frozen=True)
class Section:
    keys: dict = field(default_factory=dict)  # empty: entries are plain strings
    unique: str = ""  # key whose (folded) value must be unique
    label: str = ""  # key shown in error messages


_STRINGS = Section()
SCHEMAS: dict[str, dict[str, Section]] = {
    "quote_marks.yaml": {
        "marks": Section({"char": Key(required=True, matcher=True), "family": Key(required=True),
                          "role": Key(required=True, choices=("open", "close", "either")),
                          "name": Key()}, unique="char", label="char"),
    },
    "speech_verbs.yaml": {
        "verbs": Section({"lemma": Key(required=True, matcher=True), "gloss": Key(required=True),
                          "present": Key(matcher=True), "participle": Key(matcher=True),
                          "forms": Key(LIST, matcher=True),
                          "strength": Key(choices=("strong", "weak")),
                          "complements": Key(LIST, matcher=True)},
                         unique="lemma", label="lemma"),
        # readings of a cue's form that report no speech, and the context that tells them apart
        "not_speech": Section({"form": Key(required=True, matcher=True), "reading": Key(required=True),
                               "when": Key(required=True, choices=("complement_next", "next", "previous",
                                                                   "spelled", "no_complement")),
                               "words": Key(LIST, matcher=True)}, unique="form", label="form"),
        "governing_words": _STRINGS, "predicate_heads": _STRINGS, "hypothetical_openers": _STRINGS,
    },
    "attribution_phrases.yaml": {
        "phrases": Section({"phrase": Key(required=True, matcher=True), "gloss": Key(required=True),
                            "kind": Key(required=True, choices=("according_to", "relay", "as_said", "manner")),
                            "speaker_side": Key(required=True, choices=("after", "before")),
                            "forms": Key(LIST, matcher=True)}, unique="phrase", label="phrase"),
        "complementizers": Section({"form": Key(required=True, matcher=True), "gloss": Key(required=True)},
                                   unique="form", label="form"),
        "blocking_heads": _STRINGS,
        "prepositional_complements": _STRINGS,
    },
    "role_nouns.yaml": {
        "roles": Section({"noun": Key(required=True, matcher=True), "gloss": Key(required=True),
                          "feminine": Key(matcher=True), "plural": Key(LIST, matcher=True),
                          "kind": Key(required=True, choices=("person", "unnamed_source", "group")),
                          "governs": Key(LIST, matcher=True)},
                         unique="noun", label="noun"),
        "bodies": Section({"noun": Key(required=True, matcher=True), "gloss": Key(required=True),
                           "plural": Key(LIST, matcher=True),
                           "kind": Key(required=True, choices=("organisation", "channel", "document", "group"))},
                          unique="noun", label="noun"),
    },
    "names.yaml": {
        "particles": _STRINGS, "compound_tails": _STRINGS, "stopwords": _STRINGS, "given_names": _STRINGS,
        "pronoun_subjects": _STRINGS, "titles": _STRINGS,
    },
    "morphology.yaml": {
        "conjunctions": _STRINGS, "prepositions": _STRINGS, "future": _STRINGS, "article": _STRINGS,
        "article_after_lam": _STRINGS, "enclitics": _STRINGS, "nisba_endings": _STRINGS, "accusative_endings": _STRINGS,
    },
    "attribution_ranker.yaml": {
        "weights": Section({"feature": Key(required=True), "weight": Key(NUM, required=True)},
                           unique="feature", label="feature"),
        "calibration": Section({"name": Key(required=True, choices=("slope", "intercept")),
                                "value": Key(NUM, required=True)}, unique="name", label="name"),
    },
    "context_words.yaml": {
        "adverbs_after_verb": _STRINGS, "event_particles": _STRINGS, "speech_events": _STRINGS,
        "title_nouns": _STRINGS, "relatives": _STRINGS, "clause_openers": _STRINGS, "role_prepositions": _STRINGS,
        "manner_frames": _STRINGS, "topic_markers": _STRINGS, "accusative_subject_openers": _STRINGS,
    },
    "entities.yaml": {
        "entities": Section({"id": Key(required=True), "name": Key(required=True),
                             "kind": Key(required=True, choices=ENTITY_KINDS),
                             "ar": Key(LIST, required=True, matcher=True), "adjective": Key(matcher=True),
                             "adjective_variants": Key(LIST, matcher=True), "capital": Key(LIST, matcher=True),
                             "seats": Key(LIST, matcher=True), "wikidata": Key(), "members_alias": Key(LIST, matcher=True),
                             "parent": Key(), "homographs": Key(LIST, matcher=True), "context": Key(LIST, matcher=True)},
                            unique="id", label="id"),
    },
    "speakers.yaml": {
        "speakers": Section({"id": Key(required=True), "name": Key(required=True),
                             "ar": Key(LIST, required=True, matcher=True),
                             "kind": Key(required=True, choices=("person", "organisation", "group", "unnamed_source")),
                             "gender": Key(choices=("m", "f")), "role": Key(), "wikidata": Key(),
                             "homographs": Key(LIST, matcher=True), "context": Key(LIST, matcher=True)},
                        unique="id", label="id"),
    },
    "targets.yaml": {
        "heads": Section({"noun": Key(required=True, matcher=True), "gloss": Key(required=True),
                          "kind": Key(required=True, choices=("organisation", "place", "group", "event")),
                          "role": Key(required=True, choices=("institution", "classifier", "facility")),
                          "dual": Key(LIST, matcher=True), "plural": Key(LIST, matcher=True),
                          "needs_name": Key(BOOL)},
                         unique="noun", label="noun"),
        "name_adjectives": _STRINGS,
        "not_names": _STRINGS,
        "member_words": _STRINGS,
        "about_words": _STRINGS,
        "contexts": Section({"id": Key(required=True), "gloss": Key(required=True),
                             "words": Key(LIST, required=True, matcher=True)}, unique="id", label="id"),
    },
    "transliteration.yaml": {
        "names": Section({"ar": Key(required=True, matcher=True), "latin": Key(required=True)},
                         unique="ar", label="ar"),
    },
}


def default_rules_dir() -> Path:
    """The shipped rules: ``quotetrack/rules`` when installed, ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "rules", here.parent / "rules"):
        if (cand / "speech_verbs.yaml").is_file():
            return cand
    raise RulesError(Errors.E020.format(path=here / "rules"))


def _check_value(path, index, label, name, key: Key, value):
    # values are quoted in messages cut short: a rules file's value can be huge (rulesyaml)
    ctx = dict(path=path, index=index, label=brief(label), key=brief(name).text.strip("'"))
    if key.kind == STR and not isinstance(value, str):
        raise RulesError(Errors.E011.format(expected=STR, got=brief(value), **ctx))
    if key.kind == NUM and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise RulesError(Errors.E011.format(expected=NUM, got=brief(value), **ctx))
    if key.kind == BOOL and not isinstance(value, bool):
        raise RulesError(Errors.E011.format(expected=BOOL, got=brief(value), **ctx))
    if key.kind == LIST and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise RulesError(Errors.E011.format(expected=LIST, got=brief(value), **ctx))
    if key.choices and value not in key.choices:
        raise RulesError(Errors.E013.format(got=brief(value), allowed=", ".join(key.choices), **ctx))
    if key.matcher:
        for v in value if isinstance(value, list) else [value]:
            if not fold(v).strip():
                raise RulesError(Errors.E015.format(**ctx))


def _validate_section(path: str, name: str, section: Section, entries) -> list:
    if not isinstance(entries, list):
        raise RulesError(Errors.E016.format(path=path, section=name))
    seen: dict = {}
    for i, entry in enumerate(entries, 1):
        if not section.keys:  # plain strings
            _check_value(path, i, entry, name, Key(matcher=True), entry)
            k = strip(entry)
            if k in seen:
                raise RulesError(Errors.E014.format(path=path, index=i, label=brief(entry), other=seen[k],
                                                    key=name, value=brief(entry)))
            seen[k] = i
            continue
        label = brief(entry.get(section.label, "?") if isinstance(entry, dict) else "?")
        if not isinstance(entry, dict):
            raise RulesError(Errors.E011.format(path=path, index=i, label=label, key=name,
                                                expected="a mapping", got=brief(entry)))
        for key in entry:
            if key not in section.keys:
                raise RulesError(Errors.E012.format(path=path, index=i, label=label, key=brief(key).text.strip("'"),
                                                    allowed=", ".join(section.keys)))
        for key_name, key in section.keys.items():
            if key_name not in entry:
                if key.required:
                    raise RulesError(Errors.E010.format(path=path, index=i, label=label, key=key_name))
                continue
            _check_value(path, i, label, key_name, key, entry[key_name])
        if section.unique:
            k = strip(str(entry[section.unique]))
            if k in seen:
                raise RulesError(Errors.E014.format(path=path, index=i, label=label, other=seen[k],
                                                    key=section.unique, value=brief(entry[section.unique])))
            seen[k] = i
    return entries


def load_file(path: Path, schema: dict) -> dict:
    shown = str(path)
    if not path.is_file():
        raise RulesError(Errors.E001.format(path=shown, expected=", ".join(SCHEMAS)))
    data = load_rules_yaml(path, shown)  # QT005 too large, QT006 an alias bomb, QT002 not YAML
    first = next(iter(schema))
    if not isinstance(data, dict) or "schema_version" not in data:
        raise RulesError(Errors.E003.format(path=shown, section=first))
    if data["schema_version"] != SCHEMA_VERSION:
        raise RulesError(Errors.E004.format(path=shown, found=brief(data["schema_version"]), supported=SCHEMA_VERSION))
    for key in data:
        if key != "schema_version" and key not in schema:
            raise RulesError(Errors.E012.format(path=shown, index=0, label="top level", key=brief(key).text.strip("'"),
                                                allowed=", ".join(["schema_version", *schema])))
    return {name: _validate_section(shown, name, sec, data.get(name) or []) for name, sec in schema.items()}


class Ruleset:
    """All rules files of one folder, validated.  ``Ruleset.load`` caches by folder."""

    def __init__(self, folder: Path, data: dict[str, dict]):
        self.folder = folder
        self.data = data

    def __getitem__(self, filename: str) -> dict:
        return self.data[filename]

    @classmethod
    def load(cls, folder: str | os.PathLike | None = None) -> "Ruleset":
        folder = Path(folder) if folder else default_rules_dir()
        if not folder.is_dir():
            raise RulesError(Errors.E020.format(path=folder))
        stamp = tuple((f, (folder / f).stat().st_mtime_ns if (folder / f).exists() else 0) for f in SCHEMAS)
        return _load_cached(str(folder.resolve()), stamp)


@lru_cache(maxsize=16)
def _load_cached(folder: str, _stamp) -> Ruleset:
    path = Path(folder)
    rel = os.path.relpath(path)
    shown = Path(rel) if not rel.startswith("..") else path  # rules/x.yaml inside the project, else absolute
    data = {name: load_file(shown / name, schema) for name, schema in SCHEMAS.items()}
    _check_contexts(data, shown)
    return Ruleset(path, data)


def _check_contexts(data: dict, folder: Path) -> None:
    """An entry's ``context`` names contexts of ``targets.yaml`` (Latin ids) or gives Arabic words:
    a Latin item that names no context is a typo the gazetteer would silently never satisfy."""
    known = {c["id"] for c in data["targets.yaml"]["contexts"]}
    for filename, section in (("entities.yaml", "entities"), ("speakers.yaml", "speakers")):
        for i, entry in enumerate(data[filename][section], 1):
            for item in entry.get("context", []):
                if not has_arabic(item) and item not in known:
                    raise RulesError(Errors.E018.format(path=folder / filename, index=i, label=entry["id"],
                                                        got=item, allowed=", ".join(sorted(known)) or "none"))
            if entry.get("homographs") and not entry.get("context"):
                raise RulesError(Errors.E010.format(path=folder / filename, index=i, label=entry["id"],
                                                    key="context"))
