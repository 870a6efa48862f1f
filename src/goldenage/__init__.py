"""goldenage: the 2025 US-Japan "Golden Age" agreements as executable, cited rules."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)

__all__ = ["__version__"]
