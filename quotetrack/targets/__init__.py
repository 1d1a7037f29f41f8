"""What each quote is about: reading names (``spans``), their tables (``tables``), one identity per
entity of an article (``link``) and the spaCy component (``finder``)."""
from .finder import TargetFinder, TargetsComponent, make_targets  # noqa: F401  (registers the factory)
