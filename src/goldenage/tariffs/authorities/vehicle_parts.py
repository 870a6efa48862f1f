"""Whether an article of a listed parts provision is a vehicle part (declared or by default).

Law: U.S. note 33(h)(ii) (9903.94.06: articles in the note 33(g) provisions that are not
parts of passenger vehicles or light trucks pay no Section 232 duty); U.S. note 38(i) likewise
for medium- and heavy-duty vehicle parts. Default when not declared: a part if the line is in
chapter 87 or its HTSUS description names motor cars, motor vehicles or vehicles of chapter 87
(e.g. 4011.10 tyres "of a kind used on motor cars"); otherwise not (e.g. a laptop of 8471).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from goldenage.tariffs.kernel.frame import NO_VALUE
from goldenage.tariffs.kernel.state import State
from goldenage.tariffs.schedule import Schedule

# Words of a description that name vehicles (case-insensitive), searched in the line's whole
# description path (the headings above it joined by spaces).
VEHICLE_WORDS = r"motor (?:cars|vehicles)|vehicles? of (?:sub)?headings? 87|vehicles of chapter 87|automobile"
_DESCRIBED: dict[int, tuple[Schedule, np.ndarray]] = {}


def names_vehicles(hts: Schedule) -> np.ndarray:
    """Return, for every row of ``hts.lines``, whether its description path names vehicles.

    One regular-expression pass over the whole schedule (polars), kept per schedule object.
    """
    kept = _DESCRIBED.get(id(hts))
    if kept is None or kept[0] is not hts:
        text = pl.col("description_path").list.join(" ")
        flags = hts.lines.select(text.str.contains("(?i)" + VEHICLE_WORDS).fill_null(False)).to_series()
        kept = _DESCRIBED[id(hts)] = (hts, flags.to_numpy())
    return kept[1]


def vehicle_part(state: State, rows: np.ndarray, program: str) -> np.ndarray:
    """Return, among ``rows``, those that are vehicle parts; record the default where used."""
    frame = state.ctx.frame
    declared = frame.vehicle_part
    line_index = state.ctx.line_index()
    by_line = names_vehicles(state.ctx.schedule).take(state.ctx.line_positions())
    described = (by_line if by_line.size else np.zeros(1, dtype=bool))[np.maximum(line_index, 0)]
    default = state.ctx.prefixed("87") | described
    undeclared = rows & (declared == NO_VALUE)
    state.default(
        undeclared & default,
        f"{program}: the article is classifiable in a listed provision and is taken to be a vehicle part "
        "from its HTSUS description (declare --vehicle-part yes|no)",
    )
    state.default(
        undeclared & ~default,
        f"{program}: the article is classifiable in a listed provision and is taken to be not a vehicle "
        "part from its HTSUS description (declare --vehicle-part yes|no)",
    )
    return rows & np.where(declared == NO_VALUE, default, declared == 1)
