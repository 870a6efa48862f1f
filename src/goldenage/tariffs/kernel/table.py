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

import bisect
import datetime as dt
import logging
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from goldenage.paths import data_dir
from goldenage.tariffs.hts_revisions import not_a_line, revision_in_force, shipped_revisions
from goldenage.tariffs.kernel import cachefile, store
from goldenage.tariffs.kernel.layout import ERROR, FLAG_SLOTS, OK, PERIOD_SLOTS, key_parts

if TYPE_CHECKING:
    from goldenage.tariffs.kernel.explain import StoredExplanations
    from goldenage.tariffs.kernel.render import Explanation

ARRAYS = ("keys", "charges", "columns", "count", "status", "error_index", "explained", "codes", "label")
_FACT_ARRAYS = ("starts", "fees")  # facts of the law kept as arrays (the others are JSON)
_EXPLANATIONS = "explanations.json"  # what the rules decided for each key (.explain)
# The 8-digit subheadings are a table of their own in the same folder: their files are those
# of the table's with this prefix (one manifest checks both).
_SUBHEADINGS = "sub_"
log = logging.getLogger("goldenage.tariffs")


def folder_for(scenario: str) -> Path | None:
    """Return the folder of a scenario's table, or ``None`` when the store is turned off."""
    return store.scenario_folder("table-", scenario)


@dataclass(frozen=True)
class Table:
    """Compiled keys sorted ascending, their compacted rates, status and errors, and the facts."""

    keys: np.ndarray  # int64, sorted, distinct
    charges: np.ndarray  # float64 (depth, keys): the non-zero rates per dollar of each key
    columns: np.ndarray  # int8 (depth, keys): the authority of each rate
    count: np.ndarray  # int64: rates per key
    status: np.ndarray  # int8: OK, ERROR, NEEDS_QUANTITY (see .compiled)
    error_index: np.ndarray  # int32: position in ``error_records``, -1 when none
    explained: np.ndarray  # int32: position in ``explanations``, -1 when none (refused keys)
    codes: np.ndarray  # int64, sorted: every 10-digit code of the HTSUS (a line in some revision)
    label: np.ndarray  # int32: what each key applied, an id of ``labels`` (see .labels)
    error_records: list[dict[str, Any]]  # each distinct error as data: only those used are made
    facts: dict[str, Any]  # starts, fees, coverage, origins (see CompiledLaw._FACTS)
    labels: list[tuple[str | None, ...]]  # the distinct labels (id 0: nothing applied)
    folder: Path
    explanations_file: Path  # JSON in ``folder``, checked with the other files when it was opened
    # The 8-digit subheadings of chapters 1-97 printed without statistical lines, in the periods
    # they have none (the line in force for their code): keyed by their 8 digits (see .ahead).
    subheadings: Table | None = None

    @cached_property
    def _start_days(self) -> list[dt.date]:
        return self.facts["starts"].tolist()

    @cached_property
    def explanations(self) -> StoredExplanations:
        """Return the explanations of the keys (read on first use)."""
        from goldenage.tariffs.kernel.explain import StoredExplanations  # noqa: PLC0415 - single lines only

        return StoredExplanations(self.explanations_file.read_bytes())

    def explanation(self, code: str, day: dt.date) -> Explanation | None:
        """Return the explanation of a plain entry of the 10-digit ``code`` on ``day``, if compiled.

        An 8-digit code is looked up among the subheadings. ``None`` when the day is before
        the first period, the key is not in the table, or its rows are refused or need a
        quantity (the rules say why).
        """
        if not code.isdigit():
            return None
        if len(code) == 10:  # noqa: PLR2004 - a statistical line
            return self._explanation(int(code), day)
        if len(code) == 8 and self.subheadings is not None:  # noqa: PLR2004 - a subheading
            return self.subheadings._explanation(int(code), day)  # noqa: SLF001 - a table of the same kind
        return None

    def _explanation(self, number: int, day: dt.date) -> Explanation | None:
        period = bisect.bisect_right(self._start_days, day) - 1
        if period < 0:
            return None
        key = (number * PERIOD_SLOTS + period) * FLAG_SLOTS
        place = int(self.keys.searchsorted(key))
        if place >= len(self.keys) or int(self.keys[place]) != key or int(self.status[place]) != OK:
            return None
        index = int(self.explained[place])
        return None if index < 0 else self.explanations[index]

    @cached_property
    def _grid(self) -> bool:
        """Return whether the keys are every code of ``codes`` in every period, without declarations."""
        periods = len(self.facts["starts"])
        return (
            len(self.keys) == len(self.codes) * periods > 0
            and int(self.keys[-1]) == (int(self.codes[-1]) * PERIOD_SLOTS + periods - 1) * FLAG_SLOTS
        )

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return which of ``keys`` the table holds and, for those, their positions in it.

        The table of every line (``goldenage tariff compile``) is a grid of codes x periods:
        a key's position is then its code's times the periods plus its period, found by a
        search among the codes (small enough for the processor's cache) instead of among the
        keys; each position is checked against the key it should hold.
        """
        if self._grid:
            number, period, flags = key_parts(keys)
            at = np.minimum(np.searchsorted(self.codes, number), len(self.codes) - 1)
            place = at * len(self.facts["starts"]) + period
        else:
            place = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[place] == keys if len(self.keys) else np.zeros(len(keys), dtype=bool)
        return found, place[found]

    def known(self, numbers: np.ndarray) -> np.ndarray:
        """Return which 10-digit codes (as numbers) are a line of some revision of the HTSUS."""
        place = np.minimum(np.searchsorted(self.codes, numbers), len(self.codes) - 1)
        return self.codes[place] == numbers if len(self.codes) else np.zeros(len(numbers), dtype=bool)

    def errors(self, positions: np.ndarray) -> np.ndarray:
        """Return the error of the keys at ``positions`` (objects; None where none), each read once."""
        index = self.error_index[positions]
        errors = np.empty(len(positions), dtype=object)
        refused = np.flatnonzero(index >= 0)
        if refused.size:
            which, each = np.unique(index[refused], return_inverse=True)
            made = np.empty(len(which), dtype=object)
            for k, record in enumerate(which.tolist()):
                made[k] = cachefile.error_from_record(self.error_records[record])
            errors[refused] = made[each]
        return errors

    def rows(self, positions: np.ndarray) -> dict[str, np.ndarray]:
        """Return the arrays of the keys at ``positions`` (read from the mapped files)."""
        errors = self.errors(positions)
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
_FOLDERS: dict[tuple[str, str | None, str | None], Path | None] = {}  # by scenario and store settings


def open_table(scenario: str) -> Table | None:
    """Return a scenario's table compiled by the rules and data of this run, or ``None``."""
    settings = (scenario, os.environ.get(store.CACHE_ENV), os.environ.get("XDG_CACHE_HOME"))
    if settings not in _FOLDERS:
        _FOLDERS[settings] = folder_for(scenario)
    folder = _FOLDERS[settings]
    if folder is None:
        return None
    if folder not in _OPEN:
        _OPEN[folder] = _read(folder)
    return _OPEN[folder]


def _read(folder: Path) -> Table | None:
    if not folder.is_dir():
        return None
    try:
        optional = tuple(_SUBHEADINGS + name for name in ARRAYS)
        arrays, meta = cachefile.read_folder(folder, _names(), mmap=True, optional=optional)
        facts = {name: np.asarray(arrays[f"fact_{name}"]) for name in _FACT_ARRAYS}
        facts |= _facts_from_json(meta["facts"])
        if facts.get("fingerprint") != store.fingerprint(data_dir()):  # a folder renamed or copied
            return None
        subheadings = None
        if "subheadings" in meta:
            subheadings = _table(folder, _SUBHEADINGS, arrays, meta["subheadings"], facts, None)
        return _table(folder, "", arrays, meta, facts, subheadings)
    except (cachefile.CorruptCacheError, KeyError, TypeError, ValueError) as err:
        log.warning("the table %s is ignored and deleted (compile it again): %s", folder.name, err)
        cachefile.discard(folder)
        return None


def _names() -> tuple[str, ...]:
    """Return the names of the arrays of a table (its subheadings' are optional)."""
    return ARRAYS + tuple(f"fact_{name}" for name in _FACT_ARRAYS)


def _table(  # noqa: PLR0913 - the parts of a table
    folder: Path,
    prefix: str,
    arrays: dict[str, np.ndarray],
    meta: dict[str, Any],
    facts: dict[str, Any],
    subheadings: Table | None,
) -> Table:
    # Plain arrays over the mapped files (a memmap's own indexing is several times slower).
    mine = {name: arrays[prefix + name].view(np.ndarray) for name in ARRAYS}
    return Table(
        **mine,
        error_records=list(meta["errors"]),
        facts=facts,
        labels=[tuple(label) for label in meta["labels"]],
        folder=folder,
        explanations_file=folder / (prefix + _EXPLANATIONS),
        subheadings=subheadings,
    )


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


def unknown_rows(keys: np.ndarray, starts: np.ndarray, digits: int = 10) -> dict[str, np.ndarray]:
    """Return the compiled arrays of keys whose code is no line of any revision: all refused.

    ``starts`` are the period starts of the law; ``digits`` those of the keys' codes. The error
    names the revision in force in the key's period, as column 1 of the engine words it
    (:func:`.hts_revisions.not_a_line`), one error object per code and revision.
    """
    revisions = shipped_revisions()
    number, period, _ = key_parts(keys)
    which = revision_in_force(starts[period], revisions)
    made: dict[tuple[int, int], Any] = {}
    errors = np.empty(len(keys), dtype=object)
    for at, cell in enumerate(zip(number.tolist(), which.tolist(), strict=True)):
        if cell not in made:
            made[cell] = not_a_line(str(cell[0]).zfill(digits), revisions[cell[1]])
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


def write_table(  # noqa: PLR0913 - the table's parts
    scenario: str,
    arrays: dict[str, np.ndarray],
    facts: dict[str, Any],
    codes: np.ndarray,
    explanations: str | None = None,
    subheadings: tuple[dict[str, np.ndarray], np.ndarray, str] | None = None,
) -> Path:
    """Write a scenario's table (keys in any order; sorted here) and return its folder.

    ``arrays`` holds ``keys, charges, columns, count, status`` and ``errors`` (objects, None
    where none), as a compiled law keeps them, and ``explained`` (int, -1 where none);
    ``codes`` the 10-digit codes of the HTSUS compiled (as numbers); ``explanations`` the JSON
    of :class:`.explain.Explanations` (none: an empty list); ``subheadings`` the arrays, codes
    and explanations of the 8-digit subheadings (:attr:`Table.subheadings`). Raises
    ``ValueError`` when the store is off.
    """
    folder = folder_for(scenario)
    if folder is None:
        msg = "the store is turned off"
        raise ValueError(msg)
    columns, meta = _columns(arrays, codes)
    for name in _FACT_ARRAYS:
        columns[f"fact_{name}"] = np.asarray(facts.get(name, np.zeros(0)))
    meta["facts"] = _facts_to_json({**facts, "fingerprint": store.fingerprint(data_dir())})
    texts = {_EXPLANATIONS: explanations if explanations is not None else _no_explanations()}
    if subheadings is not None:
        sub_columns, meta["subheadings"] = _columns(subheadings[0], subheadings[1])
        columns |= {_SUBHEADINGS + name: array for name, array in sub_columns.items()}
        texts[_SUBHEADINGS + _EXPLANATIONS] = subheadings[2]
    cachefile.write_folder(folder, columns, meta, texts)
    store.remove_others(folder, "table-")
    _OPEN.pop(folder, None)
    return folder


def _no_explanations() -> str:
    from goldenage.tariffs.kernel.explain import Explanations  # noqa: PLC0415 - single lines only

    return Explanations().to_json()


def _columns(
    arrays: dict[str, np.ndarray], codes: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Return the arrays of one table, sorted by key, and its errors and labels as JSON-ready data."""
    order = np.argsort(arrays["keys"], kind="stable")
    index, records = store.errors_to_records(arrays["errors"][order])
    columns = {
        "keys": arrays["keys"][order],
        "charges": arrays["charges"][:, order],
        "columns": arrays["columns"][:, order],
        "count": arrays["count"][order],
        "status": arrays["status"][order],
        "error_index": index,
        "explained": np.asarray(arrays.get("explained", np.full(len(order), -1)), dtype=np.int32)[order],
        "codes": np.unique(np.asarray(codes, dtype=np.int64)),
        "label": np.asarray(arrays["label"], dtype=np.int32)[order],
    }
    labels = [list(label) for label in arrays["label_texts"]]
    return columns, {"errors": records, "labels": labels}


__all__ = ["ARRAYS", "Table", "folder_for", "open_table", "unknown_rows", "write_table"]
