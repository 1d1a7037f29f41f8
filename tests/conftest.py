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
