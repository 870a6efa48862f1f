"""What the deal saved, in dollars: duty on goods of Japan under the law as it is against counterfactuals.

For each calendar month of the period and each scenario (``actual`` and the counterfactuals of
:data:`COUNTERFACTUALS`), the duty is the month's effective rate (statutory or collected basis,
:mod:`goldenage.tariffs.collected`) times the month's value of imports from Japan:

- where Census has the month (``data/census/``): its imports for consumption from Japan, in
  proportion to the days of the month inside the period;
- otherwise the 2024 value (the same weights) per day, times the days.

The split by product group (HTSUS sections) gives each group its 2024 share of the weights and
its own rate. ``saved`` is the counterfactual's duty less the actual duty (positive: the deal and
the law as it stands cost importers less).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import numpy as np

from goldenage.tariffs.census_actual import census_citation, census_months
from goldenage.tariffs.collected import UNCLASSIFIED, CollectedSeries, collected_series, sections
from goldenage.tariffs.etr_report import parse_basis
from goldenage.tariffs.scenarios import get_scenario

ACTUAL = "actual"
COUNTERFACTUALS = ("no_deal", "liberation_day", "ieepa_upheld")
YEAR_2024_DAYS = 366  # the weights are the value of calendar year 2024 (a leap year)


def savings(
    start: str | dt.date,
    end: str | dt.date,
    basis: str = "collected",
    ocean_share: float | None = None,
) -> dict[str, Any]:
    """Return the duty of each scenario and what the deal saved, by month, product group and in total."""
    chosen = parse_basis(basis)
    step = "statutory" if chosen == "statutory" else "collected"
    names = (ACTUAL, *COUNTERFACTUALS)
    series = {name: collected_series(start, end, name, ocean_share) for name in names}
    actual = series[ACTUAL]
    census = census_months()
    year_value = float(actual.denominators["collected"][0]) / _coverage(actual)
    months, value_by_month = [], []
    for month, mask in actual.months():
        days = int(mask.sum())
        found = census.get(month)
        in_month = calendar.monthrange(int(month[:4]), int(month[5:7]))[1]
        if found is not None:
            value, basis_of_value = found.value_usd * days / in_month, "census"
        else:
            value, basis_of_value = year_value * days / YEAR_2024_DAYS, "2024"
        value_by_month.append(value)
        duty = {name: series[name].rate(step, mask) * value for name in names}
        months.append(
            {
                "month": month,
                "days": days,
                "value_usd": value,
                "value_basis": basis_of_value,
                "etr": {name: series[name].rate(step, mask) for name in names},
                "duty_usd": duty,
                "saved_usd": {name: duty[name] - duty[ACTUAL] for name in COUNTERFACTUALS},
            }
        )
    groups = _groups(series, actual, step, value_by_month)
    totals = {name: sum(m["duty_usd"][name] for m in months) for name in names}
    return {
        "origin": actual.origin,
        "basis": chosen,
        "from": str(actual.days[0]),
        "to": str(actual.days[-1]),
        "scenarios": {name: get_scenario(name).title for name in names},
        "value_usd": sum(value_by_month),
        "months": months,
        "groups": groups,
        "totals": {
            "duty_usd": totals,
            "saved_usd": {name: totals[name] - totals[ACTUAL] for name in COUNTERFACTUALS},
        },
        "weights_source": actual.weights_source,
        "census_source": census_citation(),
        "sources": actual.sources,
        "assumptions": [
            "a month's value of imports is Census's where it has the month, else the 2024 value per day",
            "within a month the product groups keep their 2024 shares of the value",
            "trade does not respond to the duties: the same goods are imported under every scenario",
        ],
    }


def _coverage(series: CollectedSeries) -> float:
    """Return the share of the weight computed on the first day (to restore the whole 2024 value)."""
    share = float(series.coverage[0])
    return share if np.isfinite(share) and share > 0 else 1.0


def _groups(
    series: dict[str, CollectedSeries], actual: CollectedSeries, step: str, value_by_month: list[float]
) -> list[dict[str, Any]]:
    """Return the duty and savings of each product group over the period."""
    titles = {section.id: section.title for section in sections()}
    titles[UNCLASSIFIED] = "Low-value shipments (no classification)"
    out = []
    duty = {name: np.zeros(len(actual.groups)) for name in series}
    value = np.zeros(len(actual.groups))
    for (_, mask), month_value in zip(actual.months(), value_by_month, strict=True):
        shares = actual.group_denominators[step][:, mask].sum(axis=1)
        shares = shares / shares.sum() if shares.sum() > 0 else shares
        value += shares * month_value
        for name, one in series.items():
            numerators = one.group_numerators[step][:, mask].sum(axis=1)
            denominators = one.group_denominators[step][:, mask].sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                rates = np.where(denominators > 0, numerators / denominators, 0.0)
            duty[name] += rates * shares * month_value
    for g, group in enumerate(actual.groups):
        if value[g] <= 0:
            continue
        per = {name: float(duty[name][g]) for name in series}
        out.append(
            {
                "group": group,
                "title": titles.get(group, group),
                "value_usd": float(value[g]),
                "duty_usd": per,
                "saved_usd": {name: per[name] - per[ACTUAL] for name in COUNTERFACTUALS},
            }
        )
    return sorted(out, key=lambda item: -item["value_usd"])


__all__ = ["ACTUAL", "COUNTERFACTUALS", "savings"]
