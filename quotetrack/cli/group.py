"""The one click group every command hangs on (``commands``, ``admin``, ``train``)."""
from __future__ import annotations

import click

from ..about import __version__
from .lifecycle import GuardedGroup


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="quotetrack")
def cli():
    """Find quotations in Arabic news, who said them and about whom."""
