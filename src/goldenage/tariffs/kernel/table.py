"""The law compiled ahead for every line of the HTSUS: memory-mapped arrays beside the store.

``goldenage tariff compile`` (run by ``make run``) evaluates the rules once for every
10-digit line of the shipped HTSUS and every period of a scenario's law, without declarations
(the key of a plain entry line), and writes the rates per dollar of those keys as NumPy
arrays in the store's folder (:mod:`.store`), named by the same fingerprint of the rules'
code and data. A run meeting a key it has not compiled yet looks it up there first (a binary
search in the memory-mapped sorted keys, reading only the pages it touches) and evaluates the
rules only for the keys the table lacks (declarations, a later scenario edit): a first run of
plain lines then loads no rules at all. The keys found are added to the run's compiled law
and stored with it as usual, so the table itself is read only for keys never seen before.

The table is a cache folder of data only (:mod:`.cachefile`): the arrays as ``.npy`` files
(no pickle), the distinct errors and the facts as JSON, and the SHA-256 of every file, checked
when the table is opened. It is written to a temporary folder renamed at the end; a table that
is partial, changed or unreadable is deleted and not used (the rules compile the keys instead,
and the next ``goldenage tariff compile`` writes it again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import not_a_line, revision_in_force, shipped_revisions
from goldenage.tariffs.kernel import cachefile, store
from goldenage.tariffs.kernel.layout import ERROR, key_parts

ARRAYS = ("keys", "charges", "columns", "count", "status", "error_index", "codes", "label")
_FACT_ARRAYS = ("starts", "fees")  # facts of the law kept as arrays (the others are JSON)
log = logging.getLogger("goldenage.tariffs")


def folder_for(scenario: str) -> Path | None:
    """Return the folder of a scenario's table, or ``None`` when the store is turned off."""
    folder = store.cache_dir()
    if folder is None:
        return None
    return folder / f"table-{scenario}-{store.fingerprint(data_dir())}"


@dataclass(frozen=True)
class Table:
    """Compiled keys sorted ascending, their compacted rates, status and errors, and the facts."""

    keys: np.ndarray  # int64, sorted, distinct
    charges: np.ndarray  # float64 (depth, keys): the non-zero rates per dollar of each key
    columns: np.ndarray  # int8 (depth, keys): the authority of each rate
    count: np.ndarray  # int64: rates per key
    status: np.ndarray  # int8: OK, ERROR, NEEDS_QUANTITY (see .compiled)
    error_index: np.ndarray  # int32: position in ``error_records``, -1 when none
    codes: np.ndarray  # int64, sorted: every 10-digit code of the HTSUS (a line in some revision)
    label: np.ndarray  # int32: what each key applied, an id of ``labels`` (see .labels)
    error_records: list[dict[str, Any]]  # each distinct error as data: only those used are made
    facts: dict[str, Any]  # starts, fees, coverage, origins (see CompiledLaw._FACTS)
    labels: list[tuple[str | None, ...]]  # the distinct labels (id 0: nothing applied)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return which of ``keys`` the table holds and, for those, their positions in it."""
        place = np.searchsorted(self.keys, keys)
        inside = place < len(self.keys)
        found = np.zeros(len(keys), dtype=bool)
        found[inside] = self.keys[place[inside]] == keys[inside]
        return found, place[found]

    def known(self, numbers: np.ndarray) -> np.ndarray:
        """Return which 10-digit codes (as numbers) are a line of some revision of the HTSUS."""
        place = np.minimum(np.searchsorted(self.codes, numbers), len(self.codes) - 1)
        return self.codes[place] == numbers if len(self.codes) else np.zeros(len(numbers), dtype=bool)

    def rows(self, positions: np.ndarray) -> dict[str, np.ndarray]:
        """Return the arrays of the keys at ``positions`` (read from the mapped files)."""
        index = self.error_index[positions]
        errors = np.empty(len(positions), dtype=object)
        made: dict[int, Any] = {}
        for at in np.flatnonzero(index >= 0).tolist():
            which = int(index[at])
            if which not in made:
                made[which] = cachefile.error_from_record(self.error_records[which])
            errors[at] = made[which]
        return {
            "keys": np.asarray(self.keys[positions]),
            "charges": np.asarray(self.charges[:, positions]),
            "columns": np.asarray(self.columns[:, positions]),
            "count": np.asarray(self.count[positions]),
            "status": np.asarray(self.status[positions]),
            "errors": errors,
            "label": np.asarray(self.label[positions]),
        }


_OPEN: dict[Path, Table | None] = {}


def open_table(scenario: str) -> Table | None:
    """Return a scenario's table compiled by the rules and data of this run, or ``None``."""
    folder = folder_for(scenario)
    if folder is None:
        return None
    if folder not in _OPEN:
        _OPEN[folder] = _read(folder)
    return _OPEN[folder]


def _read(folder: Path) -> Table | None:
    if not folder.is_dir():
        return None
    names = ARRAYS + tuple(f"fact_{name}" for name in _FACT_ARRAYS)
    try:
        arrays, meta = cachefile.read_folder(folder, names, mmap=True)
        facts = {name: np.asarray(arrays.pop(f"fact_{name}")) for name in _FACT_ARRAYS}
        facts |= _facts_from_json(meta["facts"])
        labels = [tuple(label) for label in meta["labels"]]
        return Table(**arrays, error_records=list(meta["errors"]), facts=facts, labels=labels)
    except (cachefile.CorruptCacheError, KeyError, TypeError, ValueError) as err:
        log.warning("the table %s is ignored and deleted (compile it again): %s", folder.name, err)
        cachefile.discard(folder)
        return None


def _facts_to_json(facts: dict[str, Any]) -> dict[str, Any]:
    """Return the facts that are not arrays as JSON (the coverage as ISO dates)."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if name in _FACT_ARRAYS:
            continue
        if name == "coverage":
            out[name] = [str(day) for day in value]
        else:
            out[name] = list(value) if isinstance(value, tuple | list) else value
    return out


def _facts_from_json(facts: dict[str, Any]) -> dict[str, Any]:
    out = dict(facts)
    if "coverage" in out:
        start, end = (np.datetime64(day, "D") for day in out["coverage"])
        out["coverage"] = (start, end)
    return out


def unknown_rows(keys: np.ndarray, starts: np.ndarray) -> dict[str, np.ndarray]:
    """Return the compiled arrays of keys whose code is no line of any revision: all refused.

    ``starts`` are the period starts of the law. The error names the revision in force in the
    key's period, as column 1 of the engine words it (:func:`.hts_revisions.not_a_line`), one
    error object per code and revision.
    """
    revisions = shipped_revisions()
    number, period, _ = key_parts(keys)
    which = revision_in_force(starts[period], revisions)
    made: dict[tuple[int, int], Any] = {}
    errors = np.empty(len(keys), dtype=object)
    for at, cell in enumerate(zip(number.tolist(), which.tolist(), strict=True)):
        if cell not in made:
            made[cell] = not_a_line(str(cell[0]).zfill(10), revisions[cell[1]])
        errors[at] = made[cell]
    return {
        "keys": keys,
        "charges": np.zeros((0, len(keys))),
        "columns": np.zeros((0, len(keys)), dtype=np.int8),
        "count": np.zeros(len(keys), dtype=np.int64),
        "status": np.full(len(keys), ERROR, dtype=np.int8),
        "errors": errors,
        "label": np.zeros(len(keys), dtype=np.int32),
    }


def write_table(
    scenario: str, arrays: dict[str, np.ndarray], facts: dict[str, Any], codes: np.ndarray
) -> Path:
    """Write a scenario's table (keys in any order; sorted here) and return its folder.

    ``arrays`` holds ``keys, charges, columns, count, status`` and ``errors`` (objects, None
    where none), as a compiled law keeps them; ``codes`` the 10-digit codes of the HTSUS
    compiled (as numbers). Raises ``ValueError`` when the store is off.
    """
    folder = folder_for(scenario)
    if folder is None:
        msg = "the store is turned off"
        raise ValueError(msg)
    order = np.argsort(arrays["keys"], kind="stable")
    index, records = store.errors_to_records(arrays["errors"][order])
    columns = {
        "keys": arrays["keys"][order],
        "charges": arrays["charges"][:, order],
        "columns": arrays["columns"][:, order],
        "count": arrays["count"][order],
        "status": arrays["status"][order],
        "error_index": index,
        "codes": np.unique(np.asarray(codes, dtype=np.int64)),
        "label": np.asarray(arrays["label"], dtype=np.int32)[order],
    }
    for name in _FACT_ARRAYS:
        columns[f"fact_{name}"] = np.asarray(facts.get(name, np.zeros(0)))
    labels = [list(label) for label in arrays["label_texts"]]
    meta = {"errors": records, "facts": _facts_to_json(facts), "labels": labels}
    cachefile.write_folder(folder, columns, meta)
    store.remove_older(folder.parent, "table-", folder.name.rsplit("-", 1)[1])
    _OPEN.pop(folder, None)
    return folder


__all__ = ["ARRAYS", "Table", "folder_for", "open_table", "unknown_rows", "write_table"]
