"""The sums of the daily ETR series per segment, kept on disk for the shipped weights (issue 20).

The daily series (:mod:`.etr`) rests on a few sums per *segment* (a run of days with the same
law and the same weights in force): the weight in force, the weight computed, the duty and the
duty of each authority, over the weighted lines. They do not depend on which day of the
segment is evaluated, so the sums of the segments of the whole coverage of the HTSUS data are
those of any period inside it (:meth:`SegmentSums.within`), to the last bit: the same lines,
added in the same order.

``goldenage tariff compile`` (run by ``make run``) computes them once per scenario with the
shipped weights (from the table compiled ahead) and writes them as a cache folder
``series-<scenario>-<fingerprint>`` of data only (:mod:`.kernel.cachefile`: NumPy arrays
without pickle, JSON, the SHA-256 of every file checked when the folder is opened; a few KB).
A series of the shipped weights then reads that folder instead of the table (61 MB) and the
weights. The folder is used only when

- every file matches its checksum (else it is deleted and the series computed as before);
- it was written by the rules' code and data of this run: its name and its facts carry the
  fingerprint of :func:`.kernel.store.fingerprint` (parameters, scenarios, scope lists, the
  HTSUS with any revision a user added, and the code of the rules and of this arithmetic);
- the shipped weights file and its ``.yaml`` have the SHA-256 recorded when it was written.

Otherwise the series is computed from the table or the rules, never from stale sums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from goldenage.paths import data_dir
from goldenage.tariffs.kernel import cachefile, store
from goldenage.tariffs.kernel.layout import AUTHORITIES

PREFIX = "series-"
ARRAYS = ("starts", "weight", "computed", "duty", "parts", "rows")
# The shipped weights (goldenage.tariffs.weights.SHIPPED, checked equal by the tests) and its
# metadata; named here so that reading the sums imports neither polars nor pydantic.
WEIGHTS = Path("weights") / "us_imports_japan_2024.csv"
log = logging.getLogger("goldenage.tariffs")


@dataclass(frozen=True, eq=False)
class SegmentSums:
    """The sums of the weighted lines per segment (arrays indexed by segment)."""

    starts: np.ndarray  # datetime64[D]: the first day of each segment, ascending
    weight: np.ndarray  # the weight in force (US dollars)
    computed: np.ndarray  # the weight of the lines the engine computed
    duty: np.ndarray  # their duty
    parts: dict[str, np.ndarray]  # their duty by authority (every name of AUTHORITIES)
    rows: np.ndarray  # int64: weighted lines evaluated

    def within(self, first: dt.date, last: dt.date) -> SegmentSums:
        """Return the sums of the segments of ``first``..``last``, the first starting on ``first``.

        Raises ``ValueError`` when ``first`` is before the first segment.
        """
        begin, end = np.datetime64(first, "D"), np.datetime64(last, "D")
        starts = np.concatenate([[begin], self.starts[(self.starts > begin) & (self.starts <= end)]])
        index = np.searchsorted(self.starts, starts, side="right") - 1
        if index[0] < 0:
            msg = f"{first} is before the first segment of the sums ({self.starts[0]})"
            raise ValueError(msg)
        return SegmentSums(
            starts=starts,
            weight=self.weight[index],
            computed=self.computed[index],
            duty=self.duty[index],
            parts={name: amounts[index] for name, amounts in self.parts.items()},
            rows=self.rows[index],
        )


@dataclass(frozen=True)
class StoredSums:
    """The sums of a scenario's series over the whole coverage, with the shipped weights."""

    sums: SegmentSums
    weights_source: str
    coverage: tuple[dt.date, dt.date]
    weights_sha256: dict[str, str]  # of the weights file and its .yaml (weights_digest), before reading them


def folder_for(scenario: str) -> Path | None:
    """Return the folder of a scenario's stored sums, or ``None`` when the store is turned off."""
    return store.scenario_folder(PREFIX, scenario)


def weights_digest() -> dict[str, str]:
    """Return the SHA-256 of the shipped weights file and of its ``.yaml`` (empty text: missing)."""
    out = {}
    for path in (data_dir() / WEIGHTS, data_dir() / WEIGHTS.with_suffix(".yaml")):
        out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return out


def write_sums(scenario: str, stored: StoredSums) -> Path | None:
    """Write the sums of ``scenario`` (whole coverage, shipped weights); ``None`` when the store is off.

    ``stored.weights_sha256`` is taken before the weights are read: a weights file changed
    while the sums were computed is recorded with its old digest, and the sums never served.
    """
    folder = folder_for(scenario)
    if folder is None:
        return None
    sums = stored.sums
    arrays = {
        "starts": sums.starts.astype("datetime64[D]"),
        "weight": sums.weight,
        "computed": sums.computed,
        "duty": sums.duty,
        "parts": np.stack([sums.parts[name] for name in AUTHORITIES]),
        "rows": sums.rows.astype(np.int64),
    }
    meta = {
        "scenario": scenario,
        "fingerprint": store.fingerprint(data_dir()),
        "weights_sha256": stored.weights_sha256,
        "weights_source": stored.weights_source,
        "coverage": [day.isoformat() for day in stored.coverage],
        "authorities": list(AUTHORITIES),
    }
    cachefile.write_folder(folder, arrays, meta)
    store.remove_others(folder, PREFIX)
    return folder


def read_sums(scenario: str, digest: dict[str, str] | None = None) -> StoredSums | None:
    """Return the stored sums of ``scenario`` when they hold for this run's rules, data and weights.

    ``None`` when there are none, when the store is off, or when they were written for other
    rules, data or weights (``digest``: that of :func:`weights_digest`, taken when ``None``).
    A folder that fails its checksums or cannot be read is deleted.
    """
    folder = folder_for(scenario)
    if folder is None or not folder.is_dir():
        return None
    try:
        arrays, meta = cachefile.read_folder(folder, ARRAYS)
        if (
            meta["scenario"] != scenario
            or meta["fingerprint"] != store.fingerprint(data_dir())
            or meta["authorities"] != list(AUTHORITIES)
        ):
            return None  # a folder renamed or copied
        if meta["weights_sha256"] != (weights_digest() if digest is None else digest):
            return None  # the shipped weights changed since: computed from the table instead
        sums = _sums(arrays)
        begin, end = (dt.date.fromisoformat(day) for day in meta["coverage"])
        return StoredSums(sums, str(meta["weights_source"]), (begin, end), dict(meta["weights_sha256"]))
    except (cachefile.CorruptCacheError, KeyError, TypeError, ValueError) as err:
        log.warning("the stored series sums %s are ignored and deleted: %s", folder.name, err)
        cachefile.discard(folder)
        return None


def _sums(arrays: dict[str, np.ndarray]) -> SegmentSums:
    """Return the sums of the arrays read (``ValueError`` when their shapes disagree)."""
    starts = arrays["starts"]
    size = len(starts)
    parts = arrays["parts"]
    columns = (arrays["weight"], arrays["computed"], arrays["duty"], arrays["rows"])
    if (
        starts.dtype != np.dtype("datetime64[D]")
        or size == 0
        or any(column.shape != (size,) for column in columns)
        or parts.shape != (len(AUTHORITIES), size)
        or bool(np.any(np.diff(starts) <= np.timedelta64(0, "D")))
    ):
        msg = "the arrays of the sums disagree in type or shape"
        raise ValueError(msg)
    return SegmentSums(
        starts=starts,
        weight=arrays["weight"].astype(np.float64),
        computed=arrays["computed"].astype(np.float64),
        duty=arrays["duty"].astype(np.float64),
        parts={name: parts[at].astype(np.float64) for at, name in enumerate(AUTHORITIES)},
        rows=arrays["rows"].astype(np.int64),
    )


__all__ = ["PREFIX", "SegmentSums", "StoredSums", "folder_for", "read_sums", "weights_digest", "write_sums"]
