"""Cache folders of data only, with a checksum of every file verified when the folder is opened.

The compiled law (:mod:`.store`) and the table compiled ahead (:mod:`.table`) live in a folder
the user can write (``GOLDENAGE_CACHE_DIR``). Nothing read from there may run code, and a
corrupted file must not become a wrong duty: the issue that asked for this found a batch total
of 8.2e190 with exit 0 after one array file was changed, and errors unpickled from that folder
(code execution). So a cache folder holds

- NumPy arrays, one ``NAME.npy`` each, written and read with ``allow_pickle=False`` (numbers
  and fixed-width types only; memory-mapped on read when asked);
- ``meta.json``: everything else, as JSON (errors as the records of :func:`error_record`),
  and any other text file the caller writes (JSON it checks when it reads it);
- ``manifest.json``: the format number and the SHA-256 of every other file.

:func:`read_folder` checks every file against the manifest before it maps or parses any of
them, and raises :class:`CorruptCacheError` on any difference or missing file; the callers
then delete the folder and compile again (rebuild), never use it. Folders are written whole
to a temporary name and renamed into place (:func:`goldenage.outputs.atomic_folder`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from goldenage.errors import GoldenageError
from goldenage.outputs import atomic_folder

FORMAT = 1
MANIFEST = "manifest.json"
META = "meta.json"
_CHUNK = 1 << 20
_SCALARS = (str, int, float, bool, type(None))


class CorruptCacheError(GoldenageError):
    """A cache folder is incomplete, changed since it was written, or not of this format."""


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_folder(
    folder: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any], texts: dict[str, str] | None = None
) -> Path:
    """Write ``arrays``, ``meta`` (JSON-ready) and ``texts`` as a cache folder, replacing any; return it.

    ``texts`` are files of text (JSON that its reader checks) by name, checked as the others.
    Raises ``ValueError`` for an array of Python objects (not data-only) or for ``meta`` that
    is not JSON, and ``OSError`` when the folder cannot be written.
    """
    with atomic_folder(folder) as temp:
        sums: dict[str, str] = {}
        for name, array in arrays.items():
            path = temp / f"{name}.npy"
            np.save(path, np.ascontiguousarray(array), allow_pickle=False)
            sums[path.name] = _digest(path)
        for name, text in (texts or {}).items():
            if Path(name).name != name or name in (META, MANIFEST):
                msg = f"{name!r} is not a file name of a cache folder"
                raise ValueError(msg)
            (temp / name).write_text(text, encoding="utf-8")
            sums[name] = _digest(temp / name)
        (temp / META).write_text(json.dumps(meta, allow_nan=False), encoding="utf-8")
        sums[META] = _digest(temp / META)
        manifest = {"format": FORMAT, "files": sums}
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Path(folder)


def _verify(folder: Path, names: tuple[str, ...]) -> set[str]:
    """Check every file of ``folder`` against the manifest (CorruptCacheError on any difference).

    Returns the names of the files the manifest lists.
    """
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    sums = manifest.get("files") if isinstance(manifest, dict) else None
    if manifest.get("format") != FORMAT or not isinstance(sums, dict):
        msg = f"{folder}: not a cache folder of format {FORMAT}"
        raise CorruptCacheError(msg)
    wanted = {f"{name}.npy" for name in names} | {META}
    if not wanted <= set(sums):
        msg = f"{folder}: the manifest lacks {sorted(wanted - set(sums))}"
        raise CorruptCacheError(msg)
    for file, expected in sums.items():
        if Path(file).name != file or _digest(folder / file) != expected:
            msg = f"{folder}/{file} does not match its checksum"
            raise CorruptCacheError(msg)
    return set(sums)


def read_folder(
    folder: Path, names: tuple[str, ...], mmap: bool = False, optional: tuple[str, ...] = ()
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Return the arrays ``names`` (and those of ``optional`` written) and the meta of a cache folder.

    Every file is checked first. Raises :class:`CorruptCacheError` when the manifest is
    missing or of another format, a file is missing, unlisted or differs from its checksum,
    or an array cannot be read.
    """
    try:
        listed = _verify(folder, names)
        present = names + tuple(name for name in optional if f"{name}.npy" in listed)
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)
            for name in present
        }
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except CorruptCacheError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        msg = f"{folder}: unreadable cache folder ({type(err).__name__}: {err})"
        raise CorruptCacheError(msg) from err
    return arrays, meta


def discard(folder: Path) -> None:
    """Delete a cache folder (a corrupt one, so that the next write replaces it)."""
    shutil.rmtree(folder, ignore_errors=True)


# --- errors as data -------------------------------------------------------------------------


def error_record(error: BaseException) -> dict[str, Any]:
    """Return a goldenage error as JSON-ready data: its class and constructor arguments.

    Raises ``ValueError`` for an error that is not a goldenage error or whose arguments are
    not plain values (text, numbers, None).
    """
    cls = type(error)
    if not isinstance(error, GoldenageError) or not cls.__module__.startswith("goldenage."):
        msg = f"only goldenage errors are stored, not {cls.__name__}"
        raise ValueError(msg)
    reduced = error.__reduce__()
    args, state = reduced[1], (reduced[2] if len(reduced) > 2 else None) or {}  # noqa: PLR2004
    if not all(isinstance(a, _SCALARS) for a in (*args, *state.values())):
        msg = f"{cls.__name__} has arguments that are not plain values"
        raise ValueError(msg)
    return {"class": f"{cls.__module__}:{cls.__qualname__}", "args": list(args), "state": dict(state)}


_KNOWN: dict[str, type[GoldenageError]] = {}  # the goldenage error classes by name, as last walked


def _goldenage_errors() -> dict[str, type[GoldenageError]]:
    """Return every goldenage error class imported so far, by name (walked again on each call)."""
    found: dict[str, type[GoldenageError]] = {}
    pending: list[type[GoldenageError]] = [GoldenageError]
    while pending:
        cls = pending.pop()
        found[f"{cls.__module__}:{cls.__qualname__}"] = cls
        pending += cls.__subclasses__()
    _KNOWN.clear()
    _KNOWN.update(found)
    return found


def error_from_record(record: dict[str, Any]) -> GoldenageError:
    """Return the error of :func:`error_record` (only goldenage error classes are made).

    Raises :class:`CorruptCacheError` for a record naming any other class.
    """
    name = record.get("class") if isinstance(record, dict) else None
    if not isinstance(name, str) or not name.startswith("goldenage."):
        msg = f"a stored error names {name!r}, not a goldenage error"
        raise CorruptCacheError(msg)
    known = _KNOWN if name in _KNOWN else _goldenage_errors()  # the classes walked once, not per error
    if name not in known:  # a subclass defined in a module not imported yet
        try:
            importlib.import_module(name.split(":", 1)[0])
        except ImportError as err:
            msg = f"a stored error names {name!r}, not a goldenage error"
            raise CorruptCacheError(msg) from err
        known = _goldenage_errors()
    cls = known.get(name)
    args, state = record.get("args"), record.get("state") or {}
    if cls is None or not isinstance(args, list) or not isinstance(state, dict):
        msg = f"a stored error names {name!r}, not a goldenage error"
        raise CorruptCacheError(msg)
    error = cls(*args)
    error.__dict__.update(state)
    return error


__all__ = [
    "CorruptCacheError",
    "discard",
    "error_from_record",
    "error_record",
    "read_folder",
    "write_folder",
]
