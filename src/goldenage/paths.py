"""Where goldenage finds its shipped data.

``data/`` at the repository root is the source of truth; a wheel carries the same tree as
``goldenage/_data``. ``GOLDENAGE_DATA_DIR`` overrides both (tests use it for fixtures).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from goldenage.errors import DataFileError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir() -> Path:
    """Return the directory holding ``params/``, ``hts/`` and the other shipped data."""
    override = os.environ.get("GOLDENAGE_DATA_DIR")
    candidates = [Path(override)] if override else []
    candidates += [_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent.parent / "data"]
    for candidate in candidates:
        if (candidate / "params").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    msg = f"goldenage data directory not found (tried {tried}); set GOLDENAGE_DATA_DIR"
    raise DataFileError(msg)
