"""goldenage: the 2025 US-Japan "Golden Age" agreements as executable, cited rules."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("goldenage")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
