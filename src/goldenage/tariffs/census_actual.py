"""The duty Census calculated on goods of Japan, month by month (the "actual" to compare with).

Reads ``data/census/japan_monthly.csv`` (built by ``scripts/build_census_monthly.py`` from the
Census International Trade API figures in ``../shared/data/third_party/us-imports-japan-monthly/``):
per month of entry, the imports for consumption from Japan (``value_usd``), the calculated
duty (``duty_usd``), its ratio (``simplemean``) and ``meanweighted``, the month's line rates at
2024 import weights, the figure a model on 2024 weights is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from goldenage.errors import DataFileError
from goldenage.params.loader import read_yaml
from goldenage.paths import data_dir

SHIPPED = Path("census") / "japan_monthly.csv"


@dataclass(frozen=True)
class CensusMonth:
    """One month of Census figures for goods of Japan."""

    month: str  # YYYY-MM
    value_usd: float
    duty_usd: float
    simplemean: float
    meanweighted: float

    def to_json(self) -> dict[str, float | str]:
        """Return the month as JSON-ready data."""
        return {
            "month": self.month,
            "value_usd": self.value_usd,
            "duty_usd": self.duty_usd,
            "simplemean": self.simplemean,
            "meanweighted": self.meanweighted,
        }


@cache
def census_months() -> dict[str, CensusMonth]:
    """Return the shipped Census months by ``YYYY-MM``."""
    path = data_dir() / SHIPPED
    try:
        frame = pl.read_csv(path, schema_overrides={"month": pl.Utf8})
    except (OSError, pl.exceptions.PolarsError) as err:
        msg = f"{path} cannot be read ({err}); rebuild it with scripts/build_census_monthly.py"
        raise DataFileError(msg) from err
    return {row["month"]: CensusMonth(**row) for row in frame.iter_rows(named=True)}


def census_citation() -> str:
    """Return the citation of the Census figures."""
    return str(read_yaml((data_dir() / SHIPPED).with_suffix(".yaml"))["citation"])


__all__ = ["CensusMonth", "census_citation", "census_months"]
