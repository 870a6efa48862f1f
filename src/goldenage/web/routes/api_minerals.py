"""``/api/minerals/...``: the JSON of ``goldenage minerals tts|concentration|stockpile|scenario|optimise``.

The routes use the shipped NdFeB network of ``year`` (the CLI's default); ``POST /api/minerals/tts``
takes a user network file (the CLI's ``--network FILE``). Every linear program runs in a job
worker (:mod:`goldenage.web.jobs`): time-limited, stopped when the client leaves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from goldenage.errors import InputError
from goldenage.minerals.concentration import Concentration, NotComputable, after_projects, concentrations
from goldenage.minerals.inputs import parse_disruption, parse_horizon, parse_money
from goldenage.minerals.network import Network
from goldenage.minerals.network_yaml import load_network
from goldenage.minerals.optimise import OBJECTIVES, optimise
from goldenage.minerals.scenarios import load_scenario, run_scenario, scenario_names
from goldenage.minerals.shipped import check_year, shipped_network
from goldenage.minerals.stockpile import size_stockpile
from goldenage.minerals.tts import survival, survival_all
from goldenage.web.deps import JobsDep, ResultsDep
from goldenage.web.routes.minerals import known_scenario

router = APIRouter(prefix="/api/minerals", tags=["minerals"])
Year = Annotated[int, Query(description="Year of the shipped network's figures (2024-2035).")]
MAX_NETWORK_BYTES = 1 << 20


def _tts(network: Network, disrupt: str | None, all_nodes: bool, ttr: str | None) -> dict[str, Any]:
    horizon = None if ttr is None else parse_horizon(ttr, "--ttr", network.time_unit)
    if all_nodes and disrupt:
        field = "--all"
        msg = "cannot be combined with --disrupt"
        raise InputError(field, msg, "either disrupt=NODE[,NODE...] or all=true")
    if all_nodes:
        results = survival_all(network, horizon)
        return {
            "network": network.name,
            "time_unit": network.time_unit,
            "results": [r.to_json() for r in results],
        }
    result = survival(network, parse_disruption(disrupt, network), horizon)
    return {"network": network.name, **result.to_json()}


def tts_json(source: int | Path, disrupt: str | None, all_nodes: bool, ttr: str | None) -> dict[str, Any]:
    """Return the TTS answer on the shipped network of year ``source`` or a network file (a job)."""
    network = shipped_network(source) if isinstance(source, int) else load_network(source)
    return _tts(network, disrupt, all_nodes, ttr)


def stockpile_json(  # noqa: PLR0913 - one argument per parameter of the route
    year: int, node: str, ttr: str, disrupt: str | None, price: str | None
) -> dict[str, Any]:
    """Return the stockpile answer (a job)."""
    network = shipped_network(year)
    horizon = parse_horizon(ttr, "--ttr", network.time_unit)
    given = None if price is None else parse_money(price, "--price", "US dollars per unit >= 0")
    result = size_stockpile(network, node, parse_disruption(disrupt, network), horizon, given)
    return {"network": network.name, **result.to_json()}


def scenario_json(name: str, year: int | None, projects: tuple[str, ...]) -> dict[str, Any]:
    """Return a scenario's report (a job)."""
    return run_scenario(name, year, projects).to_json()


def optimise_json(amount: float, year: int, objective: str) -> dict[str, Any]:
    """Return the optimiser's plan (a job)."""
    return optimise(amount, year, objective).to_json()


@router.get("/tts", summary="Time to survive a disruption (goldenage minerals tts --json)")
async def tts_route(
    request: Request,
    jobs: JobsDep,
    disrupt: Annotated[str | None, Query(description="NODE[,NODE...]; NODE=SHARE keeps that share.")] = None,
    all_nodes: Annotated[bool, Query(alias="all", description="Disrupt every node in turn.")] = False,
    ttr: Annotated[str | None, Query(description="Time to recover: report the demand lost.")] = None,
    year: Year = 2025,
) -> dict[str, Any]:
    """TTS (null when unbounded) and, with ``ttr``, the demand lost, on the shipped network."""
    return await jobs.run(request, "the linear programs", tts_json, check_year(year), disrupt, all_nodes, ttr)


@router.post(
    "/tts", summary="Time to survive on a network file (goldenage minerals tts --network FILE --json)"
)
async def tts_file_route(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    jobs: JobsDep,
    results: ResultsDep,
    network: Annotated[UploadFile, File(description="Network YAML (docs/minerals.md).")],
    disrupt: Annotated[str | None, Form()] = None,
    all_nodes: Annotated[bool, Form(alias="all")] = False,
    ttr: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Answer as ``GET /api/minerals/tts`` on the uploaded network (at most 1 MiB)."""
    _, folder = results.new_run()
    path = folder / "network.yaml"
    body = await network.read(MAX_NETWORK_BYTES + 1)
    if len(body) > MAX_NETWORK_BYTES:
        field = "network"
        msg = "the network file is over 1 MiB"
        raise InputError(field, msg, "a smaller YAML file")
    path.write_bytes(body)
    try:
        return await jobs.run(request, "the linear programs", tts_json, path, disrupt, all_nodes, ttr)
    except InputError as err:
        where = err.field.replace(str(path), "network")
        raise InputError(where, err.message.replace(str(path), "network"), err.accepted) from err


@router.get("/concentration", summary="HHI and top shares (goldenage minerals concentration --json)")
def concentration_route(
    stage: Annotated[str | None, Query(description="mine, separation, metal_alloy or magnet.")] = None,
    group: Annotated[str | None, Query(description="all, light or heavy.")] = None,
    after_projects_year: Annotated[
        int | None, Query(alias="after_projects", description="Also add the projects online by this year.")
    ] = None,
) -> dict[str, Any]:
    """HHI and top-country share per stage and element group, from the cited shares."""
    groups: list[Concentration | NotComputable] = list(concentrations(stage, group))
    if after_projects_year is not None:
        for g in after_projects(after_projects_year):
            base = g.base if isinstance(g, NotComputable) else g
            if (stage is None or base.stage == stage) and (group is None or base.element_group == group):
                groups.append(g)
    return {"groups": [g.to_json() for g in groups]}


@router.get("/stockpile", summary="Stock needed so that TTS >= TTR (goldenage minerals stockpile --json)")
async def stockpile_route(  # noqa: PLR0913 - one parameter per query parameter
    request: Request,
    jobs: JobsDep,
    node: Annotated[str, Query(description="Node that holds the stock.")],
    ttr: Annotated[str, Query(description="Time to recover, in months.")],
    disrupt: Annotated[str | None, Query(description="NODE[,NODE...] taken down.")] = None,
    year: Year = 2025,
    price: Annotated[str | None, Query(description="US$ per unit (default: the cited price).")] = None,
) -> dict[str, Any]:
    """Return the smallest added stock at ``node`` and its cost."""
    return await jobs.run(
        request, "the linear programs", stockpile_json, check_year(year), node, ttr, disrupt, price
    )


@router.get("/scenarios", summary="The shipped scenarios (goldenage minerals scenario --json)")
def scenarios_route() -> dict[str, Any]:
    """Name, kind and description of each export-control scenario."""
    return {
        "scenarios": [
            {
                "name": n,
                "kind": load_scenario(n).kind,
                "description": " ".join(load_scenario(n).description.split()),
            }
            for n in scenario_names()
        ]
    }


@router.get("/scenario/{name}", summary="Run a scenario (goldenage minerals scenario NAME --json)")
async def scenario_route(
    request: Request,
    jobs: JobsDep,
    name: str,
    year: Annotated[int | None, Query(description="Network year (default: the scenario's).")] = None,
    project: Annotated[
        list[str] | None, Query(description="Add a project of projects.csv (repeatable).")
    ] = None,
) -> dict[str, Any]:
    """Which US and Japanese demand nodes fall short, and by how much."""
    chosen = known_scenario(name, "name")
    return await jobs.run(request, "the scenario", scenario_json, chosen, year, tuple(project or ()))


@router.get("/optimise", summary="Projects under a budget (goldenage minerals optimise --json)")
async def optimise_route(
    request: Request,
    jobs: JobsDep,
    budget: Annotated[str, Query(description="Budget in US dollars.")],
    year: Annotated[int, Query(description="Target year: projects online by then.")],
    objective: Annotated[str, Query(description="min-tts or non-allied.")] = "min-tts",
) -> dict[str, Any]:
    """Return the chosen projects, the minimum TTS and the non-allied share before and after."""
    if objective not in OBJECTIVES:
        field = "--objective"
        msg = f"unknown objective {objective!r}"
        raise InputError(field, msg, " or ".join(OBJECTIVES))
    amount = parse_money(budget, "--budget", "US dollars >= 0, e.g. 500000000")
    return await jobs.run(request, "the optimiser", optimise_json, amount, year, objective)
