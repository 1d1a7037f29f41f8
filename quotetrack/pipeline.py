"""Building the quotetrack pipeline: ``quotetrack.load()``."""
from __future__ import annotations

import os

import spacy
from spacy.language import Language

from . import extensions  # noqa: F401  (declares the Doc extensions)
from .errors import BackendError, Errors
from .ruleset import Ruleset

BACKENDS = ("rules", "udpipe")
COMPONENTS = ("quotetrack_marks", "quotetrack_sentences", "quotetrack_cues", "quotetrack_quotes", "quotetrack_entities",
              "quotetrack_speakers", "quotetrack_attribution", "quotetrack_targets")


def _register_factories() -> None:
    # importing the stage modules registers their factories (entry points do the same for spaCy)
    from . import candidates, cues, marks, segment, targets  # noqa: F401
    from .attribution import mentions, resolve  # noqa: F401
    from .entities import recogniser  # noqa: F401


def add_components(nlp: Language, rules: str | os.PathLike | None = None) -> Language:
    """Add every quotetrack stage to ``nlp`` (any Arabic pipeline: blank or UDPipe)."""
    _register_factories()
    rules_path = str(rules) if rules else None
    Ruleset.load(rules_path)  # validate once, up front: a bad folder fails here with its code
    for name in COMPONENTS:
        config = {"rules": rules_path} if "rules" in nlp.get_factory_meta(name).default_config else {}
        if name == "quotetrack_sentences" and getattr(nlp.tokenizer, "parses", False):
            # a parsed Doc's sentences come from its tree; spaCy refuses to set starts on it (E043)
            config["set_sent_starts"] = False
        nlp.add_pipe(name, config=config)
    return nlp


def load(backend: str = "rules", rules: str | os.PathLike | None = None,
         udpipe_model: str | os.PathLike | None = None) -> Language:
    """Return the quotetrack ``Language``: ``nlp(text)._.quotes`` gives the quotes.

    backend "rules" is the embedded pipeline (``spacy.blank("ar")`` with our
    tokenizer; no model download); "udpipe" parses with a UDPipe model first.
    """
    if backend == "rules":
        from .tokenizer import customize

        nlp = customize(spacy.blank("ar"))
    elif backend == "udpipe":
        from .udpipe import load_udpipe

        nlp = load_udpipe(udpipe_model)
    else:
        raise BackendError(Errors.E021.format(backend=backend, allowed=", ".join(BACKENDS)))
    nlp = add_components(nlp, rules)
    nlp.meta["quotetrack_backend"] = backend
    return nlp
