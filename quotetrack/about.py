"""Package metadata (kept apart so setup.cfg can read it without importing spaCy)."""

__title__ = "quotetrack"
__version__ = "0.1.0"
