"""Reading a rules file's YAML within bounds: its size, and how far its aliases expand.

A rules folder may come from anyone (``--rules DIR``), and YAML can be made
to cost far more than its size:

* **aliases** (``&a [*b, *b, *b]``) build shared values: nine levels of nine
  make 387 million strings out of a few hundred bytes.  Building them is cheap
  (the parser shares them), but anything that walks the value — validation,
  the ``repr`` in an error message — walks every copy.  A file whose values
  would count more than one per two bytes of the file (at least
  ``MIN_EXPANDED``) once expanded is refused (QT006)
  before any value is built, and values quoted in messages are shortened
  (:func:`brief`);
* **size**: a rules file over its limit is refused (QT005) before it is read.
  The speech verbs cost the most: each verb is inflected into its forms
  with every clitic at load time, about 0.2 MB of memory per verb in each
  process, so their file has a lower limit than the others.
"""
from __future__ import annotations

import reprlib
from pathlib import Path

import yaml

from .errors import Errors, RulesError

MAX_RULES_BYTES = 1 << 20  # 1 MiB: the shipped entities.yaml, the largest, is 68 KB
MAX_BYTES = {"speech_verbs.yaml": 64 << 10}  # ~600 verbs (the shipped file has 68 in 7 KB): ~130 MB per process
# values (scalars, lists, mappings) once every alias is expanded: a file without aliases has at most one per
# two bytes ("a,"); the shipped files have one per 12.  Beyond that, aliases multiply the work
MIN_EXPANDED = 100_000
MAX_SHOWN = 200  # characters of a value quoted in a message
_BRIEF = reprlib.Repr()  # stops at these many levels, items and characters: bounded time whatever the value
_BRIEF.maxlevel, _BRIEF.maxlist, _BRIEF.maxdict, _BRIEF.maxstring, _BRIEF.maxother = 3, 6, 6, 80, 80


class Brief:
    """A value as error messages show it: ``repr`` cut short (a few items, levels and characters)."""

    def __init__(self, value):
        text = _BRIEF.repr(value)
        self.text = text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def brief(value) -> Brief:
    return Brief(value)


def expanded_size(node: yaml.Node, limit: int = MIN_EXPANDED) -> int:
    """How many values ``node`` holds with every alias expanded (more than ``limit``: ``limit + 1``).

    Linear in the distinct nodes: each node's count is computed once and
    reused wherever an alias repeats it; a node that contains itself (an
    alias to an enclosing anchor) expands without end.
    """
    sizes: dict[int, int] = {}
    stack: list = [(node, False)]
    on_path: set[int] = set()
    while stack:
        current, done = stack.pop()
        key = id(current)
        children = _children(current)
        if done:
            on_path.discard(key)
            sizes[key] = min(limit + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        if key in on_path:
            return limit + 1  # recursive: infinite
        on_path.add(key)
        stack.append((current, True))
        for child in children:
            if id(child) in on_path:
                return limit + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(node)]


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a document whose aliases expand beyond ``max_values``."""

    shown_path = ""
    max_values = MIN_EXPANDED

    def compose_document(self):
        node = super().compose_document()
        if node is not None and expanded_size(node, self.max_values) > self.max_values:
            raise RulesError(Errors.E006.format(path=self.shown_path, limit=self.max_values))
        return node


def load_rules_yaml(path: Path, shown: str):
    """The data of one rules file: QT005 when too large, QT006 for an alias bomb, QT002 for bad YAML."""
    limit = MAX_BYTES.get(path.name, MAX_RULES_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise RulesError(Errors.E005.format(path=shown, size=size, limit=limit))
    try:
        with open(path, "rb") as fh:
            text = fh.read(limit + 1).decode("utf-8")  # + 1: a file that grew since the stat is still refused
        if len(text.encode("utf-8")) > limit:
            raise RulesError(Errors.E005.format(path=shown, size=len(text.encode("utf-8")), limit=limit))
        loader = _BoundedLoader(text)
        loader.shown_path, loader.max_values = shown, max(MIN_EXPANDED, len(text) // 2)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        detail = " ".join(str(err).split())
        raise RulesError(Errors.E002.format(path=shown, detail=detail[:500])) from None
