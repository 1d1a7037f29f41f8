"""The Arabic entity recogniser: trained here from NewsFANE Gold, shipped with the package.

``recogniser.py`` (the spaCy component ``quotetrack_entities``), ``model.py``
(the network), ``features.py`` (what it sees of a word), ``training.py`` and
``evaluation.py`` (``quotetrack train-entities``).  The model is an adaptation
of NewsFANE Gold (Alotaibi & Lee, COLING 2014), licensed CC BY-SA 3.0: see
``quotetrack/data/NOTICE.md``.
"""
from .recogniser import EntityRecogniser, make_entities

__all__ = ["EntityRecogniser", "make_entities"]
