"""``python -m quotetrack.cli``: the command line, as the ``quotetrack`` script runs it."""
from . import main

main()
