"""Build ``data/census/japan_monthly.csv``: the duty Census calculated on goods of Japan, month by month.

Input: ``../shared/data/third_party/us-imports-japan-monthly/tri-all-country-data.parquet`` (Census
calculated duty and imports for consumption by country and month, 2024-01 to 2025-11, one row per
day with the month's values repeated; see its PROVENANCE.md). Output: one row per month of Japan
(``CTY_NAME`` JAPAN) with data: ``month``, ``value_usd`` (imports for consumption, customs value:
``duty_total / simplemean``), ``duty_usd`` (``duty_total``), ``simplemean`` (duty / value of the
month's own mix) and ``meanweighted`` (the month's line rates at 2024 import weights: the
like-for-like figure for a model run on 2024 weights). The month's values are taken from its first
day; a check refuses a month whose days disagree. Usage: ``python scripts/build_census_monthly.py``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import polars as pl
import yaml

from goldenage.outputs import atomic_path

REPO = Path(__file__).resolve().parents[1]
SOURCE = (
    REPO.parent
    / "shared"
    / "data"
    / "third_party"
    / "us-imports-japan-monthly"
    / "tri-all-country-data.parquet"
)
OUT = REPO / "data" / "census" / "japan_monthly.csv"


def build() -> pl.DataFrame:
    """Return the monthly table of Japan."""
    table = pl.read_parquet(SOURCE).filter(pl.col("CTY_NAME") == "JAPAN")
    table = table.with_columns(pl.col("date").dt.strftime("%Y-%m").alias("month"))
    table = table.filter(pl.col("duty_total").is_not_null() & pl.col("meanweighted").is_not_null())
    spread = table.group_by("month").agg(
        *(pl.col(name).n_unique().alias(name) for name in ("duty_total", "simplemean", "meanweighted"))
    )
    uneven = spread.filter(pl.max_horizontal("duty_total", "simplemean", "meanweighted") > 1)
    if uneven.height:
        msg = f"months whose days disagree: {uneven['month'].to_list()}"
        raise SystemExit(msg)
    first = table.sort("date").group_by("month", maintain_order=True).first()
    return first.select(
        "month",
        (pl.col("duty_total") / pl.col("simplemean")).round(0).alias("value_usd"),
        pl.col("duty_total").round(0).alias("duty_usd"),
        "simplemean",
        "meanweighted",
    ).sort("month")


def main() -> int:
    """Write the CSV and its .yaml."""
    table = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(OUT, "OUT") as partial:
        table.write_csv(partial)
    metadata = {
        "description": "Duty Census calculated on US imports for consumption from Japan, by month of entry",
        "citation": "U.S. Census Bureau, International Trade API (imports/hs: CON_VAL_MO, CAL_DUT_MO), Japan "
        "(country 5880), as compiled in tradewartracker/TRI-tracker data/tri-all-country-data.parquet",
        "source": {
            "file": "shared/data/third_party/us-imports-japan-monthly/tri-all-country-data.parquet",
            "sha256": hashlib.sha256(SOURCE.read_bytes()).hexdigest(),
            "repository": "tradewartracker/TRI-tracker",
            "commit": "0545032a6113d7effad2bb3e5fd65297525411bd",
            "licence": "Census statistics: public domain (17 U.S.C. 105); the compilation: MIT (c) 2025 "
            "tradewartracker",
            "provenance": "shared/data/third_party/us-imports-japan-monthly/PROVENANCE.md",
        },
        "columns": {
            "month": "YYYY-MM",
            "value_usd": "imports for consumption, customs value (duty_total / simplemean)",
            "duty_usd": "Census calculated duty, all HS10 lines (chapters 98 and 99 included)",
            "simplemean": "duty / value of the month (fraction)",
            "meanweighted": "sum over lines of the line's 2024 share of imports x its duty/value of the "
            "month; "
            "lines "
            "without imports that month count 0 (fraction)",
        },
        "built_by": "scripts/build_census_monthly.py",
        "rows": table.height,
        "first_month": table["month"][0],
        "last_month": table["month"][-1],
    }
    with atomic_path(OUT.with_suffix(".yaml"), "OUT") as partial:
        Path(partial).write_text(yaml.safe_dump(metadata, sort_keys=False, width=110), encoding="utf-8")
    sys.stdout.write(
        f"{OUT.relative_to(REPO)}: {table.height} months, {table['month'][0]} to {table['month'][-1]}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
