"""Compiled laws kept on disk between runs, like Python's own ``__pycache__``.

A compiled law (:mod:`.compiled`) is a pure function of the rules' code, the shipped data
(parameters, scenarios, scope lists, the HTSUS in use, with any revision a user added:
:func:`goldenage.tariffs.revision_store.hts_folder`) and the scenario. Its file is named by a
fingerprint of all of them, so a change to any rule, rate, list or revision starts a new
file; an old one is never read, and is deleted (whatever its scenario) when a new one is
written.
``GOLDENAGE_CACHE_DIR`` chooses the folder (default ``$XDG_CACHE_HOME/goldenage`` or
``~/.cache/goldenage``); ``off`` turns the store off.
Files are written when the process ends (or on ``CompiledLaw.flush``). Each compiled law is a
folder of data only, every file checked against its SHA-256 when it is opened
(:mod:`.cachefile`: NumPy arrays without pickle, JSON, a manifest); a folder that is
incomplete, changed or unreadable is deleted and the law compiled again from the rules, never
used. The same folder holds the tables compiled ahead for every line of the HTSUS
(:mod:`.table`), named by the same fingerprint.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

import goldenage
from goldenage.paths import data_dir
from goldenage.tariffs.kernel import cachefile

CACHE_ENV = "GOLDENAGE_CACHE_DIR"
OFF = "off"
_FORMAT = 5  # bump when the stored arrays change meaning (5: data-only folders with checksums)
log = logging.getLogger("goldenage.tariffs")
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


def scenario_folder(prefix: str, scenario: str) -> Path | None:
    """Return the folder ``<prefix><scenario>-<fingerprint>`` of the store, or ``None`` when it is off.

    Every cache of a scenario (its compiled keys, table, series sums, line answers) is named so:
    one of other rules or data is never read (:func:`fingerprint`) and is removed by
    :func:`remove_others`.
    """
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{prefix}{scenario}-{fingerprint(data_dir())}"


def path_for(scenario: str) -> Path | None:
    """Return the folder of a scenario's compiled law, or ``None`` when the store is off."""
    return scenario_folder("compiled-", scenario)


ARRAYS = ("keys", "charges", "columns", "count", "status", "error_index", "starts", "fees", "label")


def errors_to_records(errors: np.ndarray) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Return the position of each key's error in a list of distinct error records (-1: none)."""
    index = np.full(len(errors), -1, dtype=np.int32)
    records: list[dict[str, Any]] = []
    distinct: dict[int, int] = {}
    for at in np.flatnonzero(np.not_equal(errors, None)).tolist():
        error = errors[at]
        if id(error) not in distinct:  # keys of one evaluated group share their error object
            distinct[id(error)] = len(records)
            records.append(cachefile.error_record(error))
        index[at] = distinct[id(error)]
    return index, records


def errors_from_records(index: np.ndarray, records: list[dict[str, Any]]) -> np.ndarray:
    """Return the object array of errors of :func:`errors_to_records` (one object per record)."""
    made = [cachefile.error_from_record(record) for record in records]
    errors = np.empty(len(index), dtype=object)
    for at in np.flatnonzero(index >= 0).tolist():
        errors[at] = made[int(index[at])]
    return errors


def load(scenario: str) -> dict[str, Any] | None:
    """Return the stored arrays of a scenario's compiled law, or ``None``.

    A folder that fails its checksums (:class:`.cachefile.CorruptCacheError`) is deleted:
    the keys are compiled again from the rules and stored anew.
    """
    folder = path_for(scenario)
    if folder is None or not folder.is_dir():
        return None
    try:
        arrays, meta = cachefile.read_folder(folder, ARRAYS)
        errors = errors_from_records(arrays.pop("error_index"), meta["errors"])
        start, end = (np.datetime64(day, "D") for day in meta["coverage"])
        return {
            **arrays,
            "errors": errors,
            "programs": {str(k): int(v) for k, v in meta["programs"].items()},
            "label_texts": [tuple(label) for label in meta["label_texts"]],
            "profiles": {int(k): int(v) for k, v in meta["profiles"]},
            "coverage": (start, end),
            "origins": [str(o) for o in meta["origins"]],
        }
    except (cachefile.CorruptCacheError, KeyError, TypeError, ValueError) as err:
        log.warning("the stored compiled law %s is ignored and rebuilt: %s", folder.name, err)
        cachefile.discard(folder)
        return None


def save(scenario: str, arrays: dict[str, Any]) -> None:
    """Store a scenario's compiled law (atomically); errors of the store are ignored."""
    folder = path_for(scenario)
    if folder is None or len(arrays["keys"]) > MAX_KEYS:
        return
    try:
        index, records = errors_to_records(arrays["errors"])
        data = {name: arrays[name] for name in ARRAYS if name != "error_index"}
        meta = {
            "errors": records,
            "programs": dict(arrays["programs"]),
            "label_texts": [list(label) for label in arrays["label_texts"]],
            "profiles": [[int(k), int(v)] for k, v in arrays["profiles"].items()],
            "coverage": [str(day) for day in arrays["coverage"]],
            "origins": list(arrays["origins"]),
        }
        cachefile.write_folder(folder, {**data, "error_index": index}, meta)
    except (OSError, ValueError):
        return
    remove_others(folder, "compiled-")


def remove_older(folder: Path, prefix: str, current: str) -> None:
    """Delete the stores or tables (``prefix``) of other fingerprints than ``current``, any scenario.

    Also the files of the earlier pickle format; never a folder being written (a hidden
    temporary one of :func:`goldenage.outputs.atomic_folder`).
    """
    for old in folder.glob(f"{prefix}*"):
        if old.name.endswith(f"-{current}") or ".partial" in old.name:
            continue
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def remove_others(folder: Path, prefix: str) -> None:
    """Delete the stores beside ``folder`` named ``prefix`` whose fingerprint is not ``folder``'s."""
    remove_older(folder.parent, prefix, folder.name.rsplit("-", 1)[1])


__all__ = [
    "CACHE_ENV",
    "cache_dir",
    "fingerprint",
    "load",
    "path_for",
    "remove_older",
    "remove_others",
    "save",
    "scenario_folder",
]
