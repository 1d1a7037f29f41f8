"""quotetrack's command line: one click group, help text from docstrings.

Exit codes: 0 success; 1 some inputs failed (reported on stderr and with
--errors FILE in a CSV; the rest processed, the outputs written); 2 usage error
or nothing could be processed (bad rules, bad options, an output that cannot be
written, no input readable, no article found: outputs left as they were); 70 internal
error; 130 interrupted (``lifecycle``).  -o replaces an existing file
atomically (``atomic``), never a file named as an input; its extension picks
the format, and an extension no format has is refused (QT071).
"""
from __future__ import annotations

from . import admin, commands, train  # noqa: F401  (each registers its commands on the group)
from .group import cli
from .lifecycle import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from .options import EXIT_NO_INPUT

__all__ = ["cli", "main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_NO_INPUT"]


def main():
    cli(prog_name="quotetrack")
