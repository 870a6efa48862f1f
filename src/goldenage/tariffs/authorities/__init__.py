"""One small vectorised rule module per legal authority (see the package docstring)."""
