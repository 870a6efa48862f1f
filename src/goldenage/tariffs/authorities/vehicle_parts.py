"""Whether an article of a listed parts provision is a vehicle part (declared or by default).

Law: U.S. note 33(h)(ii) (9903.94.06: articles in the note 33(g) provisions that are not
parts of passenger vehicles or light trucks pay no Section 232 duty); U.S. note 38(i) likewise
for medium- and heavy-duty vehicle parts. Default when not declared: a part if the line is in
chapter 87 or its HTSUS description names motor cars, motor vehicles or vehicles of chapter 87
(e.g. 4011.10 tyres "of a kind used on motor cars"); otherwise not (e.g. a laptop of 8471).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from goldenage.tariffs.kernel.frame import NO_VALUE
from goldenage.tariffs.kernel.state import State

_VEHICLE_WORDS = re.compile(
    r"motor (?:cars|vehicles)|vehicles? of (?:sub)?headings? 87|vehicles of chapter 87|automobile",
    re.IGNORECASE,
)


@cache
def _names_vehicles(path: tuple[str, ...]) -> bool:
    return bool(_VEHICLE_WORDS.search(" ".join(path)))


def vehicle_part(state: State, rows: np.ndarray, program: str) -> np.ndarray:
    """Return, among ``rows``, those that are vehicle parts; record the default where used."""
    frame = state.ctx.frame
    declared = frame.vehicle_part
    paths = state.ctx.line_field("description_path")
    line_index = state.ctx.line_index()
    by_line = np.array([_names_vehicles(tuple(p)) for p in paths] or [False], dtype=bool)
    described = by_line[np.maximum(line_index, 0)]
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
