"""Citations of legal sources and provenance of shipped datasets."""

from goldenage.provenance.citation import Citation

__all__ = ["Citation"]
