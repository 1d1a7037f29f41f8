"""Public names of a package loaded from its modules on first use (PEP 562).

``from quotetrack.inputs import read_inputs`` works without importing every module of the
package when it is imported, so packages that use each other (``inputs`` and ``corpus``) never
import in a circle.
"""
from __future__ import annotations

import importlib


def lazy_api(package: str, api: dict[str, str]):
    """``(__getattr__, __all__)`` for ``package``: ``api`` maps each public name to its module."""
    def __getattr__(name: str):
        if name in api:
            return getattr(importlib.import_module(f"{package}.{api[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__, sorted(api)
