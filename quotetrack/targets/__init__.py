"""What each quote is about (stage 7, component ``quotetrack_targets``).

* ``tables``     — the word lists of rules/targets.yaml, names.yaml and the gazetteers, folded once;
* ``found``      — what a reader gives (``Found``) and the thresholds the readers share;
* ``spans``      — the readers: listed names, head nouns and their names, quoted names;
* ``recognised`` — the entity recogniser's names and the speaker stage's roles, trimmed;
* ``known``      — names the article gave, found again (surnames, glued forms, a body's members);
* ``link``       — one reading per stretch of text, one identity per entity of the article;
* ``finder``     — the spaCy component: each quote's content and reporting clause;
* ``corpus``     — one graph node per entity across articles (the speakers' identity rules).
"""
from .finder import TargetFinder, TargetsComponent, make_targets  # noqa: F401  (registers the factory)
