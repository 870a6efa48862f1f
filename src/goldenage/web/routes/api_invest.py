"""``/api/invest/...``: the JSON of ``goldenage invest project|projects|simulate|notice``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request

from goldenage.errors import InputError
from goldenage.investment import calendar
from goldenage.investment.evaluate import ProjectSpec, evaluate, spec_from_options
from goldenage.investment.inputs import choice, parse_amount, parse_cash, parse_rate, parse_years
from goldenage.investment.lifecycle import funding_window
from goldenage.investment.montecarlo import simulate
from goldenage.investment.portfolio import Portfolio
from goldenage.investment.projects import project_file, project_json, totals
from goldenage.tariffs.inputs import parse_date
from goldenage.web.deps import JobsDep, SettingsDep
from goldenage.web.entries import required
from goldenage.web.settings import WebSettings

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


def check_simulation_cost(portfolio: Portfolio, paths: int, settings: WebSettings) -> None:
    """Refuse a simulation whose work is over this server's limits, before it starts (422).

    The work and memory of a run grow with paths x projects (one waterfall per project and
    path, with its metrics) and its time with paths x project-years: 1,000 projects of
    10,000 paths ran over 300 s and grew the server to 5.2 GB when only paths were bounded.
    """
    projects = len(portfolio.projects)
    cells = paths * sum(project.years for project in portfolio.projects)
    field = "paths"
    accepted = "fewer paths, projects or years, or `goldenage invest simulate`"
    if paths * projects > settings.max_simulation_paths:
        msg = (
            f"{paths:,} paths x {projects:,} projects is over this server's limit of "
            f"{settings.max_simulation_paths:,} (GOLDENAGE_MAX_SIMULATION_PATHS)"
        )
        raise InputError(field, msg, accepted)
    if cells > settings.max_simulation_cells:
        msg = (
            f"{paths:,} paths x {cells // paths:,} project-years is over this server's limit of "
            f"{settings.max_simulation_cells:,} (GOLDENAGE_MAX_SIMULATION_CELLS)"
        )
        raise InputError(field, msg, accepted)


def simulation_json(portfolio: Portfolio, paths: int, seed: int) -> dict[str, Any]:
    """Return the JSON of a simulation (run in a job worker)."""
    return simulate(portfolio, paths, seed).to_json()


@router.post("/simulate", summary="Monte Carlo of a portfolio (goldenage invest simulate --json)")
async def simulate_route(
    request: Request,
    settings: SettingsDep,
    jobs: JobsDep,
    portfolio: Annotated[Portfolio, Body(description="The content of portfolio.yaml as JSON.")],
    paths: Annotated[
        int, Body(ge=1, description="Number of paths (at most GOLDENAGE_MAX_SIMULATION_PATHS).")
    ] = 10_000,
    seed: Annotated[int, Body(ge=0, le=2**63 - 1, description="Random seed.")] = 0,
) -> dict[str, Any]:
    """Percentiles of Japan's IRR, the recoup period and the US share (in-process engine).

    Bounded up front (paths x projects, paths x project-years; 422 naming the limit) and run
    in a worker process with a time limit, stopped when the client leaves.
    """
    check_simulation_cost(portfolio, paths, settings)
    return await jobs.run(request, "the simulation", simulation_json, portfolio, paths, seed)


@router.get("/notice", summary="The funding window of a selection notice (goldenage invest notice --json)")
def notice_route(
    date: Annotated[str | None, Query(description="Date of the selection notice, YYYY-MM-DD.")] = None,
    day_count: Annotated[str | None, Query(description="business (default) or calendar.")] = None,
) -> dict[str, Any]:
    """Return the earliest date Japan can be asked to fund after the notice, and the holidays skipped."""
    day = required(date, "--date", "the notice date as YYYY-MM-DD, e.g. 2026-02-17")
    count = choice(day_count, "--day-count", calendar.DAY_COUNTS) if day_count is not None else None
    return funding_window(parse_date(day, "--date"), count).to_json()
