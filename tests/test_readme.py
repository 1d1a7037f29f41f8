"""The README is for the people who use quotetrack: short, and every command in it runs as written.

Every command of the README's shell blocks, and every `quotetrack …` in its text,
is checked in a fresh copy of the repository's tracked files: quotetrack commands
are parsed by the real command line (a wrong option fails) and run for real,
except the one that needs the model host, which is parsed only; the few shell
commands around them (the virtual environment, pip, pytest) are checked against
what the repository has (the extras pip names, the files they read).  The links
to docs/ must land on a file and a heading.
"""
from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from quotetrack.cli import cli

from .conftest import ROOT

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
NEEDS_NETWORK = {("models", "download")}  # parsed, not run: no network in tests
SHELL = {"python3", "source", ".venv/bin/pip", ".venv/bin/python"}


def shell_lines() -> list[str]:
    lines = []
    for lang, body in FENCE.findall(TEXT):
        if lang in ("sh", "bash", "shell", "console"):
            lines += [line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines


def inline_commands() -> list[str]:
    prose = FENCE.sub("", TEXT)
    spans = [" ".join(c.split()) for c in re.findall(r"`([^`]+)`", prose)]  # a span may wrap across lines
    return [c for c in spans if c.startswith("quotetrack ")]


def simple_commands(line: str) -> list[list[str]]:
    """``a && b | c`` → [[a…], [b…], [c…]], quoting as the shell reads it."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    out, current = [], []
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            out.append(current)
            current = []
        else:
            current.append(token)
    return out + [current] if current else out


COMMANDS = [argv for line in shell_lines() for argv in simple_commands(line)]
QUOTETRACK = [argv[1:] for argv in COMMANDS if argv[0] in ("quotetrack", ".venv/bin/quotetrack")]
QUOTETRACK += [shlex.split(c)[1:] for c in inline_commands()]


def tracked_files() -> set[str]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: what is on disk
        return {str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts}
    return set(out.splitlines())


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """The tracked files the README's commands read, as a fresh clone has them."""
    root = tmp_path_factory.mktemp("clone")
    for name in tracked_files():
        if name.startswith(("seeds/", "examples/", "rules/")) or name in ("setup.cfg", "README.md"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, root / name)
    return root


def test_readme_is_short_and_starts_with_what_a_journalist_needs():
    lines = TEXT.splitlines()
    assert len(lines) <= 250
    first_screen = "\n".join(lines[:45])
    for needed in ("Arabic news", "spreadsheet", "examples/report.png", "## Quick start", "quotetrack report seeds/"):
        assert needed in first_screen, needed
    headings = re.findall(r"^## (.+)$", TEXT, re.M)
    assert headings[:6] == ["Quick start", "Use it from any folder", "Your first hour", "Commands", "What you get",
                            "Measured quality"]
    walkthrough = TEXT.split("## Your first hour")[1].split("\n## ")[0]
    assert len(re.findall(r"^\d\. ", walkthrough, re.M)) == 5


def test_quick_start_is_the_two_commands_and_ci_runs_the_second():
    blocks = [body.strip() for lang, body in FENCE.findall(TEXT) if lang == "sh"]
    assert blocks[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/quotetrack report seeds/000_3945717365d2420a.txt",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q"]
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_no_shared_data_paths_in_user_documentation():
    for doc in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        assert "../shared" not in doc.read_text(encoding="utf-8"), doc.name


def test_every_command_is_one_the_test_knows_how_to_check():
    assert len(COMMANDS) >= 8 and len(QUOTETRACK) >= 10
    unknown = [argv for argv in COMMANDS if argv[0] not in SHELL | {"quotetrack", ".venv/bin/quotetrack"}]
    assert not unknown, f"README commands this test cannot check: {unknown}"


def test_the_shell_commands_around_quotetrack_match_the_repository():
    extras = configparser.ConfigParser()
    extras.read(ROOT / "setup.cfg")
    known = set(extras["options.extras_require"])
    files = tracked_files()
    for argv in COMMANDS:
        if argv[0] == "python3":
            assert argv[1:] == ["-m", "venv", ".venv"], argv
        elif argv[0] == ".venv/bin/pip":
            assert argv[1] == "install", argv
            target = argv[-1]
            assert target == "." or re.fullmatch(r"\.\[[\w,]+\]", target), argv
            assert set(re.findall(r"\w+", target.strip(".[]"))) <= known, f"{argv}: extras are {known}"
            assert "setup.cfg" in files and "pyproject.toml" in files
        elif argv[0] == ".venv/bin/python":
            assert argv[1:3] == ["-m", "pytest"], argv
        elif argv[0] == "source":
            assert argv[1:] == [".venv/bin/activate"], argv  # what `python3 -m venv .venv` makes


def parse(args: list[str]):
    """The click context the command line builds for ``args`` (an unknown command, option or value raises)."""
    import click

    ctx, command, rest = click.Context(cli, info_name="quotetrack"), cli, list(args)
    while isinstance(command, click.Group):
        assert rest, f"{args}: a command group needs a command"
        sub = command.get_command(ctx, rest[0])
        assert sub is not None, f"{args}: no command {rest[0]!r}"
        ctx = click.Context(sub, info_name=rest[0], parent=ctx) if isinstance(sub, click.Group) else ctx
        command, name, rest = sub, rest[0], rest[1:]
    return command.make_context(name, rest, parent=ctx)


@pytest.mark.parametrize("args", QUOTETRACK, ids=lambda a: " ".join(a))
def test_every_quotetrack_command_runs_as_written(args, clone, monkeypatch):
    files = {str(p.relative_to(clone)) for p in clone.rglob("*")}
    outputs = {args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output", "--errors", "--notes")}
    for arg in args:  # every path the command reads is in a fresh clone
        if "/" in arg and arg not in outputs and not arg.startswith("-"):
            assert arg.rstrip("/") in files, f"{arg} is not in the repository"
    if "--help" not in args:
        parse(args)
    if tuple(args[:2]) in NEEDS_NETWORK:
        return
    monkeypatch.chdir(clone)
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0, r.output
    for out in outputs:
        assert (clone / out).stat().st_size > 0, out


def github_slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_to_the_docs_land_on_a_file_and_a_heading():
    docs = sorted((ROOT / "docs").glob("*.md"))
    assert {d.name for d in docs} >= {"inputs.md", "outputs.md", "corpus.md", "how-it-works.md", "rules.md",
                                      "udpipe.md", "python-api.md", "benchmarks.md"}
    for page in [README, *docs]:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.is_file(), f"{page.name}: {target}"
            if anchor:
                heads = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                assert anchor in {github_slug(h) for h in heads}, f"{page.name}: {target}"
    readme_links = set(re.findall(r"\]\((docs/[\w-]+\.md)", TEXT))
    assert readme_links == {f"docs/{d.name}" for d in docs}  # every page is reachable from the README
