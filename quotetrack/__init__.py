"""quotetrack: who said what about whom in Arabic news."""
from .about import __version__
from .pipeline import add_components, load
from .records import About, Cue, Entity, Mention, Quote, QuotedSpan

__all__ = ["__version__", "load", "add_components", "Quote", "Cue", "Mention", "QuotedSpan", "About", "Entity"]
