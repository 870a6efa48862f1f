"""The investment page: one project through the MOU waterfall, the announced projects, Monte Carlo."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from goldenage.errors import GoldenageError
from goldenage.inputs import parse_number, parse_whole
from goldenage.investment.assumptions import assumptions
from goldenage.investment.evaluate import evaluate, spec_from_options
from goldenage.investment.inputs import (
    PATHS_ACCEPTED,
    SEED_ACCEPTED,
    parse_amount,
    parse_cash,
    parse_rate,
    parse_years,
)
from goldenage.investment.montecarlo import simulate
from goldenage.investment.portfolio import PORTFOLIO_ACCEPTED, Portfolio
from goldenage.investment.projects import project_file, project_json, totals
from goldenage.web import charts
from goldenage.web.deps import SettingsDep
from goldenage.web.errors import form_message, page_status, pydantic_input_error
from goldenage.web.jobs import JobPool
from goldenage.web.routes.api_invest import check_simulation_cost
from goldenage.web.settings import WebSettings
from goldenage.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=64)]
MAX_SPREAD = 5.0  # the portfolio model's bound on volatility (goldenage.investment.portfolio)
DEFAULTS = {
    "amount": "1000000000",
    "cash_flow": "150000000",
    "years": "20",
    "deemed_rate": "",
    "paths": "10000",
    "seed": "0",
    "sigma": "0.4",
    "volatility": "0.2",
}


def portfolio_of(form: dict[str, str], rate: float) -> Portfolio:
    """Return a one-project portfolio: the calculator's project with uncertain cash.

    The yearly cash's level is log-normal around the calculator's cash flow (``sigma`` of the
    log), with year-to-year shocks of ``volatility``; the deemed rate is fixed.
    """
    data = {
        "name": "the project above, with uncertain cash",
        "projects": [
            {
                "name": "project",
                "amount": parse_amount(form["amount"]),
                "years": parse_years(form["years"]),
                "cash_flow": {
                    "distribution": "lognormal",
                    "median": parse_cash(form["cash_flow"]),
                    "sigma": _non_negative(form["sigma"], "sigma"),
                },
                "volatility": _non_negative(form["volatility"], "volatility"),
                "deemed_rate": {"distribution": "fixed", "value": rate},
            }
        ],
    }
    try:
        return Portfolio.model_validate(data)
    except ValidationError as err:
        raise pydantic_input_error(err, "cash_flow", PORTFOLIO_ACCEPTED) from err


def _non_negative(text: str, field: str) -> float:
    """Return a spread of a distribution: a number from 0 to :data:`MAX_SPREAD`."""
    accepted = f"a number from 0 to {MAX_SPREAD:g}, e.g. 0.4"
    return parse_number(text, field, accepted, minimum=0.0, maximum=MAX_SPREAD)


@router.get("/investment", response_class=HTMLResponse)
def investment_page(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    amount: Text = None,
    cash_flow: Text = None,
    years: Text = None,
    deemed_rate: Text = None,
    paths: Text = None,
    seed: Text = None,
    sigma: Text = None,
    volatility: Text = None,
) -> HTMLResponse:
    """Render the calculator (defaults prefilled), the Monte Carlo and the projects table."""
    given = {
        "amount": amount,
        "cash_flow": cash_flow,
        "years": years,
        "deemed_rate": deemed_rate,
        "paths": paths,
        "seed": seed,
        "sigma": sigma,
        "volatility": volatility,
    }
    form = {k: (v.strip() if v is not None and v.strip() else DEFAULTS[k]) for k, v in given.items()}
    dataset = project_file()
    context: dict[str, Any] = {
        "active": "investment",
        "title": "The $550 billion investment fund",
        "form": form,
        "max_paths": settings.max_simulation_paths,
        "default_rate": assumptions().default_deemed_rate.value,
        "projects": [project_json(p, dataset.sources) for p in dataset.projects],
        "tranches": dataset.tranches,
        "totals": totals(dataset.projects).to_json(),
        "as_of": dataset.as_of,
        "error": None,
        "mc_error": None,
    }
    status = 200
    try:
        context |= _project(form)
    except GoldenageError as err:
        context["error"], _ = form_message(err)
        status = 422
    if context["error"] is None:
        try:
            context |= _simulation(form, context["project"]["deemed_rate"], settings, request.app.state.jobs)
        except GoldenageError as err:
            context["mc_error"], _ = form_message(err)
            status = page_status(err)
    return render(request, "investment.html", context, status)


def _project(form: dict[str, str]) -> dict[str, Any]:
    rate = parse_rate(form["deemed_rate"]) if form["deemed_rate"] else None
    spec = spec_from_options(
        parse_amount(form["amount"]),
        parse_cash(form["cash_flow"]),
        parse_years(form["years"]),
        rate,
    )
    result = evaluate(spec).to_json()
    return {"project": result, "waterfall_chart": charts.waterfall_figure(result["periods"])}


def simulation_and_irr(portfolio: Portfolio, paths: int, seed: int) -> tuple[dict[str, Any], Any]:
    """Return a simulation's JSON and the portfolio's IRR of every path (run in a job worker)."""
    simulation = simulate(portfolio, paths, seed)
    return simulation.to_json(), simulation.metrics["irr"][0]


def _simulation(form: dict[str, str], rate: float, settings: WebSettings, jobs: JobPool) -> dict[str, Any]:
    max_paths = settings.max_simulation_paths
    count = parse_whole(
        form["paths"], "paths", PATHS_ACCEPTED.replace("100000000", f"{max_paths}"), 1, max_paths
    )
    seed = parse_whole(form["seed"], "seed", SEED_ACCEPTED, 0, 2**63 - 1)
    portfolio = portfolio_of(form, rate)
    check_simulation_cost(portfolio, count, settings)
    simulation, irr = jobs.call("the simulation", simulation_and_irr, portfolio, count, seed)
    return {
        "simulation": simulation,
        "histogram": charts.histogram_figure(
            irr,
            f"Japan's IRR over {count:,} simulated paths (seed {seed})",
            "Japan's internal rate of return",
        ),
    }
