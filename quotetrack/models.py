"""``quotetrack models download LANG``: fetch the official UDPipe model through spacy-udpipe.

spacy-udpipe's ``download`` fetches ``{BASE_URL}/{file}`` with
``urllib.request.urlretrieve`` into its own ``models`` folder and lets any
network error escape as a traceback.  We call that same code path and turn a
failure into E043, naming the URL tried and how to place the file by hand, so
a machine that cannot reach the model host gets instructions, not a stack.
"""
from __future__ import annotations

import os
import urllib.error
from dataclasses import dataclass

from .errors import BackendError, Errors

# the model spacy-udpipe's table names for Arabic (UD 2.5, PADT treebank)
OFFICIAL = {"ar": "arabic-padt-ud-2.5-191206.udpipe"}


@dataclass(slots=True)
class Download:
    lang: str
    url: str
    path: str  # where the model file is (or would be) on disk
    already: bool = False  # spacy-udpipe found it there and downloaded nothing


def model_url(lang: str) -> str:
    """The URL spacy-udpipe fetches for ``lang`` (read from its own table, so it stays in step)."""
    from spacy_udpipe import utils

    return f"{utils.BASE_URL}/{utils.LANGUAGES[lang]}"


def model_file(lang: str) -> str:
    """Where spacy-udpipe keeps the downloaded model for ``lang``."""
    from spacy_udpipe import utils

    return os.path.join(utils.MODELS_DIR, utils.LANGUAGES[lang])


def download(lang: str) -> Download:
    """Download the UDPipe model for ``lang`` with ``spacy_udpipe.download``; E043 on any failure."""
    import spacy_udpipe
    from spacy_udpipe import utils

    if lang not in utils.LANGUAGES:  # a usage error, not a download failure: the CLI checks first
        raise ValueError(f"spacy-udpipe has no model for {lang!r}; known: {', '.join(sorted(utils.LANGUAGES))}")
    url, path = model_url(lang), model_file(lang)
    already = os.path.exists(path)
    try:
        spacy_udpipe.download(lang)
    except (urllib.error.URLError, OSError, ValueError) as err:
        # URLError (no route, DNS, refused, file:// missing) and HTTPError are OSErrors too;
        # ValueError is urllib's "unknown url type".  A partial file would later load as
        # a corrupt model (E041), so remove what the failed attempt left.
        if not already and os.path.exists(path):
            os.remove(path)
        raise BackendError(Errors.E043.format(lang=lang, url=url, detail=_reason(err))) from err
    return Download(lang, url, path, already)


def _reason(err: Exception) -> str:
    reason = getattr(err, "reason", None)
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if reason is not None:
        return f"{type(err).__name__}: {reason}"
    return f"{type(err).__name__}: {err}"
