"""Compiled laws kept on disk between runs, like Python's own ``__pycache__``.

A compiled law (:mod:`.compiled`) is a pure function of the rules' code, the shipped data
(parameters, scenarios, scope lists, the HTSUS in use, with any revision a user added:
:func:`goldenage.tariffs.revision_store.hts_folder`) and the scenario. Its file is named by a
fingerprint of all of them, so a change to any rule, rate, list or revision starts a new
file; an old one is never read, and is deleted (whatever its scenario) when a new one is
written.
``GOLDENAGE_CACHE_DIR`` chooses the folder (default ``$XDG_CACHE_HOME/goldenage`` or
``~/.cache/goldenage``); ``off`` turns the store off.
Files are written when the process ends (or on ``CompiledLaw.flush``), to a temporary name
then renamed, so a reader never sees half a file; an unreadable file is ignored (and replaced
on the next save). The same folder holds the tables compiled ahead for every line of the
HTSUS (:mod:`.table`), named by the same fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import goldenage
from goldenage.paths import data_dir

CACHE_ENV = "GOLDENAGE_CACHE_DIR"
OFF = "off"
_FORMAT = 4  # bump when the stored arrays change meaning (4: labels of what each key applied)
_DATA_FOLDERS = ("params", "scenarios", "tariffs", "origins")  # and the HTSUS in use, below
_CODE_FOLDERS = ("tariffs", "params")
_CODE_FILES = ("money.py", "errors.py")
MAX_KEYS = 2_000_000  # larger compiled laws are kept in memory only


def cache_dir() -> Path | None:
    """Return the folder of the store, or ``None`` when it is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in (OFF, "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "goldenage"


@cache
def fingerprint(data: Path) -> str:
    """Return a digest of the rules' code and the shipped data they read."""
    digest = hashlib.sha256(f"format {_FORMAT}; goldenage {goldenage.__version__}".encode())
    package = Path(goldenage.__file__).parent
    files = [package / name for name in _CODE_FILES]
    for folder in _CODE_FOLDERS:
        files += sorted((package / folder).rglob("*.py"))
    for folder in _DATA_FOLDERS:
        files += sorted(p for p in (data / folder).rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    from goldenage.tariffs.revision_store import hts_folder  # noqa: PLC0415 - only when fingerprinting

    for path in sorted(p for p in hts_folder().iterdir() if p.is_file()):  # shipped, or with added revisions
        digest.update(f"hts/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def path_for(scenario: str) -> Path | None:
    """Return the file of a scenario's compiled law, or ``None`` when the store is off."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"compiled-{scenario}-{fingerprint(data_dir())}.pickle"


def load(scenario: str) -> dict[str, Any] | None:
    """Return the stored arrays of a scenario's compiled law, or ``None``."""
    path = path_for(scenario)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - our own file, named by its content's fingerprint
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return stored if isinstance(stored, dict) and stored.get("format") == _FORMAT else None


def save(scenario: str, arrays: dict[str, Any]) -> None:
    """Store a scenario's compiled law (atomically); errors of the store are ignored."""
    path = path_for(scenario)
    if path is None or len(arrays["keys"]) > MAX_KEYS:
        return
    partial: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as handle:
            partial = Path(handle.name)
            pickle.dump({"format": _FORMAT, **arrays}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        current = f"-{fingerprint(data_dir())}.pickle"
        for old in path.parent.glob("compiled-*.pickle"):  # any scenario's, of earlier rules or data
            if not old.name.endswith(current):
                old.unlink(missing_ok=True)
    except OSError:
        if partial is not None:
            partial.unlink(missing_ok=True)


__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "load", "path_for", "save"]
