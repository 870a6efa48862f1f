"""The effective tariff rate on either basis, per day or per month, as one JSON-ready report.

``goldenage tariff etr --basis statutory|collected [--monthly]`` and ``/api/tariff/etr`` give
the same object::

    {origin, scenario, basis, monthly, weights_source,
     series: [{date | month, etr, by_authority, by_cause, coverage, ...}], ...}

- ``statutory`` (the default): :func:`goldenage.tariffs.etr.etr_series` (every weighted line at
  the law's defaults); ``by_cause`` is ``null``.
- ``collected``: :func:`goldenage.tariffs.collected.collected_series` (claims, Chapter 98, the
  low-value estimate and in-transit goods); each point also gives ``statutory`` (the statutory
  rate over the same days) and ``by_cause`` (the change each cause makes, so that statutory +
  causes = collected); the report lists its ``sources`` and assumptions.
- ``monthly``: days of entry aggregated into calendar months (the ratio of the month's duty
  to its weight, entries spread evenly over the days); each month gives ``days`` (the days of
  the month inside the period) and, where Census has the month, ``census`` (the duty Census
  calculated: ``meanweighted`` at 2024 weights, ``simplemean``, value and duty).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from goldenage.errors import InputError
from goldenage.tariffs.etr import EtrSeries, etr_series
from goldenage.tariffs.kernel.layout import AUTHORITIES

if TYPE_CHECKING:
    import polars as pl

    from goldenage.tariffs.collected import CollectedSeries

# The statutory series imports neither the collected basis (scipy, the claims, the rules) nor the
# Census actual (polars): they are imported where they are used.
BASES = ("statutory", "collected")


def parse_basis(text: str | None, field: str = "--basis") -> str:
    """Return the basis (``statutory`` by default) or raise :class:`InputError` naming ``field``."""
    basis = (text or "statutory").strip().lower()
    if basis not in BASES:
        msg = f"{text!r} is not a basis"
        raise InputError(field, msg, " or ".join(BASES))
    return basis


def etr_report(  # noqa: PLR0913 - one parameter per documented option
    start: str | dt.date,
    end: str | dt.date,
    scenario: str | None = None,
    basis: str = "statutory",
    monthly: bool = False,
    weights: str | Path | None = None,
    ocean_share: float | None = None,
) -> dict[str, Any]:
    """Return the report of the ETR of goods of Japan (see the module docstring)."""
    basis = parse_basis(basis)
    if basis == "collected":
        if weights is not None:
            msg = "the collected basis uses the shipped 2024 weights (its claims are per 2024 Census line)"
            field = "--weights"
            raise InputError(field, msg, "no --weights with --basis collected")
        from goldenage.tariffs.collected import collected_series  # noqa: PLC0415 - see the imports

        return collected_report(collected_series(start, end, scenario, ocean_share), monthly)
    if ocean_share is not None:
        msg = "applies to the collected basis only"
        field = "--ocean-share"
        raise InputError(field, msg, "--basis collected")
    return statutory_report(etr_series(start, end, scenario, weights), monthly)


def statutory_report(series: EtrSeries, monthly: bool) -> dict[str, Any]:
    """Return the report of a statutory series."""
    head = _head(series, "statutory", monthly)
    if not monthly:
        points = [{**point.to_json(), "by_cause": None} for point in series.points()]
        return {**head, "series": points}
    months = series.days.astype("datetime64[M]")
    out = []
    for month in np.unique(months):
        mask = (months == month) & np.isfinite(series.etr)
        days = months == month
        out.append(
            {
                "month": str(month),
                "days": int(days.sum()),
                "etr": _weighted(series.etr, mask, series.computed_usd),
                "by_authority": {
                    name: _weighted(rates, mask, series.computed_usd)
                    for name, rates in series.by_authority.items()
                },
                "by_cause": None,
                "coverage": _finite(float(np.nanmean(series.coverage[days]))) if mask.any() else None,
                "census": _census(str(month)),
            }
        )
    return {**head, "series": out, "census_source": _census_citation()}


def collected_report(series: CollectedSeries, monthly: bool) -> dict[str, Any]:
    """Return the report of a collected series."""
    head = _head(series, "collected", monthly)
    if monthly:
        points = [
            {
                "month": month,
                "days": int(mask.sum()),
                **series.point(mask, "collected"),
                "census": _census(month),
            }
            for month, mask in series.months()
        ]
        extra = {"census_source": _census_citation()}
    else:
        points = [
            {"date": str(day), **series.point(slice(index, index + 1), "collected")}
            for index, day in enumerate(series.days.astype("datetime64[D]"))
        ]
        extra = {}
    return {**head, "series": points, **extra, "sources": series.sources}


def _head(series: EtrSeries | CollectedSeries, basis: str, monthly: bool) -> dict[str, Any]:
    return {
        "origin": series.origin,
        "scenario": series.scenario,
        "basis": basis,
        "monthly": monthly,
        "weights_source": series.weights_source,
    }


def _weighted(rates: np.ndarray, mask: np.ndarray, weight: np.ndarray) -> float | None:
    """Return the mean of ``rates`` over the days of ``mask``, weighted by the value computed each day."""
    total = float(weight[mask].sum())
    return _finite(float((rates[mask] * weight[mask]).sum()) / total) if total > 0 else None


def _census(month: str) -> dict[str, Any] | None:
    from goldenage.tariffs.census_actual import census_months  # noqa: PLC0415 - see the imports

    found = census_months().get(month)
    return None if found is None else found.to_json()


def _census_citation() -> str:
    from goldenage.tariffs.census_actual import census_citation  # noqa: PLC0415 - see the imports

    return census_citation()


def _finite(value: float) -> float | None:
    return None if not math.isfinite(value) else value


def report_rows(report: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """Return CSV columns and rows of a report: one row per day or month, parts as columns."""
    key = "month" if report["monthly"] else "date"
    columns = [key, "etr"]
    if report["basis"] == "collected":
        from goldenage.tariffs.collected import CAUSES  # noqa: PLC0415 - see the imports

        columns += ["statutory", *(f"cause_{name}" for name in CAUSES)]
    if report["monthly"]:
        columns += ["census_meanweighted"]
    columns += ["coverage", *AUTHORITIES]
    rows = []
    for point in report["series"]:
        row: dict[str, Any] = {key: point[key], "etr": point["etr"], "coverage": point["coverage"]}
        if report["basis"] == "collected":
            row["statutory"] = point["statutory"]
            row.update({f"cause_{name}": value for name, value in (point["by_cause"] or {}).items()})
        if report["monthly"]:
            census = point.get("census")
            row["census_meanweighted"] = None if census is None else census["meanweighted"]
        row.update(point["by_authority"])
        rows.append(row)
    return columns, rows


def report_frame(report: dict[str, Any]) -> pl.DataFrame:
    """Return the rows of :func:`report_rows` as a table (the day or month as text, the rest as numbers)."""
    import polars as pl  # noqa: PLC0415 - only for tables written to files

    columns, rows = report_rows(report)
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.Float64) | {columns[0]: pl.Utf8})


__all__ = [
    "BASES",
    "collected_report",
    "etr_report",
    "parse_basis",
    "report_frame",
    "report_rows",
    "statutory_report",
]
