"""Attribution: who said each quote.

``mentions.py`` (stage ``quotetrack_speakers``) finds everything in the
article that could speak — people, roles, bodies, groups, unnamed sources —
from the entity recogniser and the noun-phrase reader (``nounphrase.py``),
and links mentions of one speaker into chains (``chains.py``).
``resolve.py`` (stage ``quotetrack_attribution``) asks ``candidates.py`` for
every plausible speaker of each quote, with the pattern that proposed it,
describes each by ``features.py`` and lets ``ranker.py`` (weights in
``rules/attribution_ranker.yaml``, fit by ``training.py``) choose once.
"""
