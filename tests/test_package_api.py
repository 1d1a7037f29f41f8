"""The packages' public names (docs/python-api.md) load from their modules on first use."""
from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["quotetrack.inputs", "quotetrack.corpus"])
def test_public_names_resolve_and_others_do_not(package):
    pkg = importlib.import_module(package)
    assert pkg.__all__
    for name in pkg.__all__:
        obj = getattr(pkg, name)
        assert obj.__module__.startswith(package + "."), (name, obj.__module__)
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        getattr(pkg, "not_a_name")
