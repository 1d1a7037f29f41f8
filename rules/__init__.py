"""quotetrack's linguistic rules, as YAML data files (installed as ``quotetrack.rules``)."""
