"""Shared fixtures.  Tests that need ../shared skip with a reason when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_3945717365d2420a.txt"
SHARED = Path(os.environ.get("QUOTETRACK_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or skip the test saying what is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (the project's shared data; set QUOTETRACK_SHARED or run via .ci/run)")
    return p


def copy_rules(folder: Path, replace: dict[str, str] | None = None) -> Path:
    """The shipped rules copied into ``folder``, with ``replace`` (file name -> new text) written over."""
    import shutil

    from quotetrack.ruleset import default_rules_dir

    for f in default_rules_dir().glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    for name, text in (replace or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def nlp():
    import quotetrack

    return quotetrack.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_text):
    return nlp(seed_text)


def udpipe_model_path() -> Path:
    """The UDPipe model named by $QUOTETRACK_UDPIPE_MODEL (set by .ci/run), or skip saying so."""
    value = os.environ.get("QUOTETRACK_UDPIPE_MODEL", "").strip()
    if not value:
        pytest.skip("needs a UDPipe model: set QUOTETRACK_UDPIPE_MODEL (e.g. ../shared/models/ar_pud_small.udpipe; .ci/run does)")
    if not Path(value).is_file():
        pytest.skip(f"QUOTETRACK_UDPIPE_MODEL={value} does not exist")
    return Path(value)


@pytest.fixture(scope="session")
def udpipe_nlp():
    import quotetrack

    return quotetrack.load(backend="udpipe", udpipe_model=udpipe_model_path())


# Hypothesis profiles: "ci" (the default) is reproducible and bounded; "long" is a one-off deep run:
#   .venv/bin/python -m pytest tests/test_fuzz.py --hypothesis-profile=long
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the test extras are not installed: the fuzz tests will not be collected either
    pass
else:
    settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=20_000, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("ci")
