"""``/api/invest/...``: the JSON of ``goldenage invest project|projects|simulate|notice``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.concurrency import run_in_threadpool

from goldenage.errors import InputError
from goldenage.investment import calendar
from goldenage.investment.evaluate import ProjectSpec, evaluate, spec_from_options
from goldenage.investment.inputs import choice, parse_amount, parse_cash, parse_rate, parse_years
from goldenage.investment.lifecycle import funding_window
from goldenage.investment.montecarlo import simulate
from goldenage.investment.portfolio import Portfolio
from goldenage.investment.projects import project_file, project_json, totals
from goldenage.tariffs.inputs import parse_date
from goldenage.web.deps import SettingsDep
from goldenage.web.entries import required

router = APIRouter(prefix="/api/invest", tags=["invest"])
Text = Annotated[str | None, Query(max_length=64)]


@router.get("/project", summary="One project through the waterfall (goldenage invest project --json)")
def project_route(
    amount: Annotated[str, Query(description="Amount Japan funds at time 0, USD.", examples=["1000000000"])],
    cash_flow: Annotated[
        str, Query(description="Distributable cash of each year, USD.", examples=["150000000"])
    ],
    years: Annotated[str, Query(description="Life of the project in years (1-100).", examples=["20"])],
    deemed_rate: Annotated[
        str | None, Query(description="Deemed rate, annual fraction (default 0.05).")
    ] = None,
) -> dict[str, Any]:
    """Japan's and the US's receipts per period, the recoup period, Japan's IRR and NPV."""
    spec = spec_from_options(
        parse_amount(amount),
        parse_cash(cash_flow),
        parse_years(years),
        parse_rate(deemed_rate) if deemed_rate is not None else None,
    )
    return evaluate(spec).to_json()


@router.post("/project", summary="A project file through the waterfall (goldenage invest project --file)")
def project_file_route(spec: ProjectSpec) -> dict[str, Any]:
    """Run the content of ``project.yaml``, sent as JSON (instalments, monthly or dated flows)."""
    return evaluate(spec).to_json()


@router.get("/projects", summary="Announced projects and totals (goldenage invest projects --json)")
def projects_route() -> dict[str, Any]:
    """Sponsor, state, sector, amount, dates and status of each project, with totals against $550B."""
    dataset = project_file()
    return {
        "as_of": dataset.as_of,
        "projects": [project_json(p, dataset.sources) for p in dataset.projects],
        "tranches": [t.model_dump() for t in dataset.tranches],
        "totals": totals(dataset.projects).to_json(),
    }


@router.post("/simulate", summary="Monte Carlo of a portfolio (goldenage invest simulate --json)")
async def simulate_route(
    settings: SettingsDep,
    portfolio: Annotated[Portfolio, Body(description="The content of portfolio.yaml as JSON.")],
    paths: Annotated[
        int, Body(ge=1, description="Number of paths (at most GOLDENAGE_MAX_SIMULATION_PATHS).")
    ] = 10_000,
    seed: Annotated[int, Body(ge=0, le=2**63 - 1, description="Random seed.")] = 0,
) -> dict[str, Any]:
    """Percentiles of Japan's IRR, the recoup period and the US share (in-process engine)."""
    if paths > settings.max_simulation_paths:
        msg = f"{paths:,} paths is over this server's limit of {settings.max_simulation_paths:,}"
        field = "paths"
        raise InputError(field, msg, "fewer paths, or `goldenage invest simulate`")
    result = await run_in_threadpool(simulate, portfolio, paths, seed)
    return result.to_json()


@router.get("/notice", summary="The funding window of a selection notice (goldenage invest notice --json)")
def notice_route(
    date: Annotated[str | None, Query(description="Date of the selection notice, YYYY-MM-DD.")] = None,
    day_count: Annotated[str | None, Query(description="business (default) or calendar.")] = None,
) -> dict[str, Any]:
    """Return the earliest date Japan can be asked to fund after the notice, and the holidays skipped."""
    day = required(date, "--date", "the notice date as YYYY-MM-DD, e.g. 2026-02-17")
    count = choice(day_count, "--day-count", calendar.DAY_COUNTS) if day_count is not None else None
    return funding_window(parse_date(day, "--date"), count).to_json()
