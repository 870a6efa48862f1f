"""The overview: the deal at a glance (ETR over time, the fund, minerals, next deadlines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from goldenage.investment.projects import project_file, totals
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.etr import EtrSeries
from goldenage.web import charts
from goldenage.web.caches import ETR_START, etr_end
from goldenage.web.deps import CollectedDep, EtrDep
from goldenage.web.routes.api_tariff import JSON
from goldenage.web.routes.commitments import next_deadlines
from goldenage.web.routes.minerals import concentration_overview
from goldenage.web.templating import render

router = APIRouter(include_in_schema=False)
# Dates of the series table of docs/validation.md (Japan's effective tariff rate), and today.
MILESTONES = ("2025-03-17", "2025-04-17", "2025-07-17", "2025-10-15", "2026-01-01", "2026-02-25")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, etr: EtrDep, collected: CollectedDep) -> HTMLResponse:
    """Render the overview; the charts load from ``/overview/etr.json`` and ``/overview/collected.json``.

    The savings table is shown once computed (in the background at start-up); the page never
    waits for it.
    """
    dataset = project_file()
    summary = totals(dataset.projects).to_json()
    context: dict[str, Any] = {
        "active": "overview",
        "title": "The US–Japan deal at a glance",
        "etr_ready": etr.ready(),
        "collected_ready": collected.monthly.ready(),
        "savings": collected.savings.get() if collected.savings.ready() else None,
        "fund": summary,
        "fund_as_of": dataset.as_of,
        "fund_chart": charts.commitment_figure(summary),
        "law": law_currency(ETR_START, etr_end()),  # the ETR chart runs to today
    }
    context |= overview_extras(request)
    return render(request, "overview.html", context)


def overview_extras(request: Request) -> dict[str, Any]:
    """Return the minerals and commitments parts of the overview (see their routers)."""
    return {"minerals": concentration_overview(), "deadlines": next_deadlines(request)}


@router.get("/overview/etr.json")
def etr_chart(etr: EtrDep) -> Response:
    """Return the ETR chart (Plotly JSON): every scenario, computed once per process."""
    return Response(charts.etr_figure(etr.all()).encode(), media_type=JSON)


@router.get("/overview/collected.json")
def collected_chart(collected: CollectedDep) -> Response:
    """Return the monthly statutory, collected and Census chart (Plotly JSON), computed once per process."""
    return Response(charts.collected_figure(collected.monthly.get()).encode(), media_type=JSON)


def _at(series: EtrSeries, day: dt.date) -> float | None:
    index = (day - series.days[0].astype(dt.date)).days
    return series.point(index).etr if 0 <= index < len(series) else None


@router.get("/overview/etr", response_class=HTMLResponse)
def etr_table(request: Request, etr: EtrDep) -> HTMLResponse:
    """Render the ETR on milestone dates for every scenario (the chart's figures, without JavaScript)."""
    series = etr.all()
    actual = next(iter(series.values()))
    last = actual.days[-1].astype(dt.date)
    days = [dt.date.fromisoformat(d) for d in MILESTONES if dt.date.fromisoformat(d) <= last] + [last]
    rows = [{"date": day, "rates": {name: _at(one, day) for name, one in series.items()}} for day in days]
    changes = [
        {"date": p.date, "etr": p.etr, "top": p.top(3)} for p in actual.change_points(charts.ETR_TOLERANCE)
    ]
    context = {
        "active": "overview",
        "title": "Effective tariff rate on goods of Japan",
        "scenarios": list(series),
        "rows": rows,
        "changes": changes,
        "weights_source": actual.weights_source,
        "etr_chart": charts.etr_figure(series),
        "law": law_currency(actual.days[0].astype(dt.date), last),
    }
    return render(request, "etr.html", context)
