"""Commands about the tool itself: checking a rules folder, getting the UDPipe model."""
from __future__ import annotations

import os

import click

from ..errors import QuotetrackError
from .group import cli
from .options import fail

@cli.group()
def rules():
    """Inspect and validate rules folders."""


@rules.command("check")
@click.option("--rules", "folder", type=click.Path(), default=None, help="Rules folder (default: shipped rules).")
def rules_check(folder):
    """Validate every rules file; exit non-zero with a coded message on the first error."""
    from ..ruleset import SCHEMAS, Ruleset

    try:
        rs = Ruleset.load(folder)
    except QuotetrackError as err:
        fail(str(err))
    for name in SCHEMAS:
        counts = ", ".join(f"{len(v)} {k}" for k, v in rs[name].items())
        click.echo(f"ok  {os.path.join(str(rs.folder), name)}: {counts}")


@cli.group()
def models():
    """Get the UDPipe models the udpipe backend parses with."""


@models.command("download")
@click.argument("lang", metavar="ar")
def models_download(lang):
    """Download the official Arabic UDPipe model (arabic-padt-ud-2.5) via spacy-udpipe.

    quotetrack reads Arabic only, so LANG is ar: a model of another language would
    load, and then find no Arabic speech verbs, names or quotes at all.
    """
    from ..models import OFFICIAL, download

    if lang not in OFFICIAL:
        raise click.BadParameter(f"{lang!r}: quotetrack reads Arabic only; the model to download is "
                                 f"{', '.join(OFFICIAL)} (quotetrack models download ar)", param_hint="LANG")
    try:
        got = download(lang)
    except QuotetrackError as err:
        fail(str(err))
    click.echo(f"{'already there' if got.already else 'downloaded'}: {got.path}")
    click.echo(f"use it with: --backend udpipe --udpipe-model {got.path}")
