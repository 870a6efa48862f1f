"""Default metal content shares of derivative articles (a documented estimate).

The legal base of the Section 232 duty on a derivative is the value of its steel, aluminum
or copper content as the importer declares it. When no value is declared, goldenage uses the
modelled share of ``data/tariffs/metal_content_shares.csv`` (BEA input-output estimates by
HTS10 from the Budget Lab at Yale's tariff-rate-tracker) and says so in the output.
"""

from __future__ import annotations

import csv
from functools import cache

from goldenage.errors import DataFileError
from goldenage.paths import data_dir

METALS = ("steel", "aluminum", "copper")


@cache
def _shares() -> dict[str, dict[str, float]]:
    path = data_dir() / "tariffs" / "metal_content_shares.csv"
    shares: dict[str, dict[str, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                values = {metal: float(row[f"{metal}_share"]) for metal in METALS}
            except (KeyError, ValueError) as err:
                msg = f"{path}:{number}: invalid share ({err})"
                raise DataFileError(msg) from err
            if not all(0.0 <= v <= 1.0 for v in values.values()):
                msg = f"{path}:{number}: shares must lie between 0 and 1"
                raise DataFileError(msg)
            shares[row["hts10"]] = values
    return shares


def default_share(hts10: str, metal: str) -> float | None:
    """Return the modelled share of ``metal`` in the value of ``hts10``, or ``None``."""
    row = _shares().get(hts10)
    return None if row is None else row[metal]
