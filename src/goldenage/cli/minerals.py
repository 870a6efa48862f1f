"""``goldenage minerals``: the magnet network: TTS/TTR, concentration, stockpiles, scenarios, projects."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from goldenage.cli.options import JsonFlag
from goldenage.cli.render import wide_console
from goldenage.errors import InputError
from goldenage.minerals.concentration import Concentration, NotComputable, after_projects, concentrations
from goldenage.minerals.inputs import parse_disruption, parse_horizon, parse_money
from goldenage.minerals.network import Network
from goldenage.minerals.network_yaml import load_network
from goldenage.minerals.optimise import OBJECTIVES, optimise
from goldenage.minerals.scenarios import load_scenario, run_scenario, scenario_names
from goldenage.minerals.shipped import shipped_network
from goldenage.minerals.stockpile import size_stockpile
from goldenage.minerals.tts import SurvivalResult, survival, survival_all
from goldenage.outputs import json_text

minerals_app = typer.Typer(
    help="Rare-earth magnet supply network: time to survive, concentration, stockpiles, scenarios, projects.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NetworkOption = Annotated[
    Path | None,
    typer.Option(
        "--network",
        metavar="FILE",
        help="YAML network file (see docs/minerals.md); default: the shipped NdFeB network of --year.",
    ),
]
YearOption = Annotated[int, typer.Option("--year", help="Year of the shipped network's figures (2024-2035).")]
DisruptOption = Annotated[
    str | None,
    typer.Option(
        "--disrupt",
        metavar="NODE[,NODE...]",
        help="Nodes taken down; NODE=SHARE keeps that share of its capacity (e.g. A=0.25).",
    ),
]
TtrOption = Annotated[
    str | None,
    typer.Option(
        "--ttr", metavar="T", help="Time to recover, in the network's time unit: report the demand lost."
    ),
]


def _network(path: Path | None, year: int) -> Network:
    return load_network(path) if path is not None else shipped_network(year)


def _fmt(value: float | None, unbounded_text: str = "unbounded") -> str:
    return unbounded_text if value is None else f"{value:,.4g}"


def _print_survival(network: Network, results: list[SurvivalResult], console: Console) -> None:
    table = Table(title=f"{network.name}: time to survive ({network.time_unit}s)")
    for column in ("Disrupted", "TTS", "Unbounded", "TTR", "Lost demand", "At risk (TTS < TTR)"):
        table.add_column(column, justify="left" if column == "Disrupted" else "right")
    for r in results:
        table.add_row(
            ", ".join(f"{k}" if v == 0 else f"{k}={v:g}" for k, v in r.disrupted.items()),
            _fmt(r.tts, "-"),
            "yes" if r.unbounded else "no",
            _fmt(r.ttr, "") if r.ttr is not None else "",
            _fmt(r.lost_demand, "") if r.lost_demand is not None else "",
            "" if r.at_risk is None else ("yes" if r.at_risk else "no"),
        )
    console.print(table)
    for note in network.notes:
        console.print(f"note: {note}", highlight=False, markup=False)


@minerals_app.command("tts")
def tts_command(  # noqa: PLR0913 - one parameter per documented option
    network_path: NetworkOption = None,
    disrupt: DisruptOption = None,
    all_nodes: Annotated[
        bool, typer.Option("--all", help="Disrupt every node in turn (one result each).")
    ] = False,
    ttr: TtrOption = None,
    year: YearOption = 2025,
    as_json: JsonFlag = False,
) -> None:
    """Time to survive (TTS) of a disruption and the demand lost within a time to recover (TTR)."""
    network = _network(network_path, year)
    horizon = None if ttr is None else parse_horizon(ttr, "--ttr", network.time_unit)
    if all_nodes and disrupt:
        field = "--all"
        msg = "cannot be combined with --disrupt"
        raise InputError(field, msg, "either --disrupt NODE[,NODE...] or --all")
    if all_nodes:
        results = survival_all(network, horizon)
        if as_json:
            payload = {
                "network": network.name,
                "time_unit": network.time_unit,
                "results": [r.to_json() for r in results],
            }
            typer.echo(json_text(payload))
        else:
            _print_survival(network, results, wide_console())
        return
    result = survival(network, parse_disruption(disrupt, network), horizon)
    if as_json:
        typer.echo(json_text({"network": network.name, **result.to_json()}))
    else:
        _print_survival(network, [result], wide_console())


@minerals_app.command("concentration")
def concentration_command(
    stage: Annotated[
        str | None, typer.Option("--stage", help="mine, separation, metal_alloy or magnet.")
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="Element group: all, light or heavy.")] = None,
    after: Annotated[
        int | None,
        typer.Option("--after-projects", metavar="YEAR", help="Also add the projects online by YEAR."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """HHI and top-country share per stage and element group, from the cited shares."""
    groups: list[Concentration | NotComputable] = list(concentrations(stage, group))
    if after is not None:
        groups += [
            g
            for g in after_projects(after)
            if (stage is None or (g.base if isinstance(g, NotComputable) else g).stage == stage)
            and (group is None or (g.base if isinstance(g, NotComputable) else g).element_group == group)
        ]
    if as_json:
        typer.echo(json_text({"groups": [g.to_json() for g in groups]}))
        return
    table = Table(title="Concentration (HHI 0-10,000; buckets such as OTHER counted as one supplier)")
    for column in (
        "Stage",
        "Group",
        "Basis",
        "Year",
        "Edition",
        "HHI",
        "HHI min",
        "Top",
        "Top share",
        "Projects",
    ):
        table.add_column(column)
    for g in groups:
        base = g.base if isinstance(g, NotComputable) else g
        if isinstance(g, NotComputable):
            table.add_row(
                base.stage,
                base.element_group,
                base.basis,
                str(base.year),
                base.edition,
                "-",
                "-",
                "-",
                "-",
                g.reason,
            )
            continue
        top, share = g.top
        projects = ", ".join(g.projects) if g.target_year else ""
        if g.target_year:
            projects = f"by {g.target_year}: {projects or 'none'}"
        table.add_row(
            g.stage,
            g.element_group,
            g.basis,
            str(g.year),
            g.edition,
            f"{g.hhi:,.0f}",
            f"{g.hhi_min:,.0f}",
            top,
            f"{share:.1%}",
            projects,
        )
    wide_console().print(table)


@minerals_app.command("stockpile")
def stockpile_command(  # noqa: PLR0913
    node: Annotated[str | None, typer.Option("--node", help="Node that holds the stock.")] = None,
    disrupt: DisruptOption = None,
    ttr: TtrOption = None,
    network_path: NetworkOption = None,
    year: YearOption = 2025,
    unit_price: Annotated[
        str | None,
        typer.Option("--price", metavar="USD", help="Price per unit of stock (default: cited price)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Smallest stock at a node so that TTS >= TTR for a disruption, and its cost."""
    network = _network(network_path, year)
    if node is None:
        field = "--node"
        msg = "is required"
        raise InputError(field, msg, "a node id of the network")
    if ttr is None:
        field = "--ttr"
        msg = "is required"
        raise InputError(field, msg, f"a number of {network.time_unit}s > 0")
    horizon = parse_horizon(ttr, "--ttr", network.time_unit)
    given = None if unit_price is None else parse_money(unit_price, "--price", "US dollars per unit >= 0")
    result = size_stockpile(network, node, parse_disruption(disrupt, network), horizon, given)
    if as_json:
        typer.echo(json_text({"network": network.name, **result.to_json()}))
        return
    console = wide_console()
    console.print(
        f"{network.name}: stock at {result.node} for TTS >= {result.ttr:g} {result.time_unit}s "
        f"with {', '.join(result.disrupted)} down",
        highlight=False,
    )
    console.print(
        f"  holds {result.current:,.1f}, needs {result.required:,.1f}: add {result.extra:,.1f}",
        highlight=False,
    )
    cost = (
        "no price given"
        if result.cost_usd is None
        else f"${result.cost_usd:,.0f} at ${result.unit_price:,.2f}/unit"
    )
    console.print(f"  cost of the addition: {cost}", highlight=False)


@minerals_app.command("scenario")
def scenario_command(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Scenario (omit to list them).")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Network year (default: the year of the scenario's date).")
    ] = None,
    project: Annotated[
        list[str] | None,
        typer.Option("--project", metavar="ID", help="Add a project of projects.csv (repeatable)."),
    ] = None,
    ttr: Annotated[
        str | None,
        typer.Option("--ttr", metavar="MONTHS", help="Time to recover in months (default: the scenario's)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """China's 2025 export controls as scenarios: which US/Japan nodes fall short and by how much."""
    if name is None:
        listing = [
            {
                "name": n,
                "kind": load_scenario(n).kind,
                "description": " ".join(load_scenario(n).description.split()),
            }
            for n in scenario_names()
        ]
        if as_json:
            typer.echo(json_text({"scenarios": listing}))
        else:
            for item in listing:
                typer.echo(f"{item['name']} ({item['kind']}): {item['description']}")
        return
    horizon = None if ttr is None else parse_horizon(ttr, "--ttr", "month")
    report = run_scenario(name, year, tuple(project or ()), horizon)
    if as_json:
        typer.echo(json_text(report.to_json()))
        return
    console = wide_console()
    data = report.to_json()
    console.print(f"[bold]{name}[/bold] ({report.spec.kind}), {report.spec.date}, network {report.year}")
    console.print(data["description"], highlight=False, markup=False)
    for law in report.laws:
        state = "unknown" if law.in_force is None else ("in force" if law.in_force else "not in force")
        console.print(f"  {law.parameter}: {state} ({law.detail})", highlight=False, markup=False)
    used = report.result.ttr
    console.print(
        f"TTS {_fmt(report.result.tts)} months; TTR {used:g} months"
        + ("" if report.ttr_given else " (the scenario's)")
        if used is not None
        else f"TTS {_fmt(report.result.tts)}",
        highlight=False,
    )
    table = Table(title="US and Japanese demand within the TTR")
    for column in ("Node", "Demand (t)", "Lost (t)", "Lost share", "Falls short"):
        table.add_column(column)
    for s in data["shortfalls"]:
        table.add_row(
            s["node"],
            f"{s['demand_within_ttr']:,.0f}",
            f"{s['lost']:,.0f}",
            f"{s['lost_share']:.1%}",
            "yes" if s["falls_short"] else "no",
        )
    console.print(table)


@minerals_app.command("optimise")
def optimise_command(
    budget: Annotated[
        str | None, typer.Option("--budget", metavar="USD", help="Budget in US dollars.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Target year: projects online by then.")] = None,
    objective: Annotated[
        str, typer.Option("--objective", help="min-tts (maximise the minimum TTS) or non-allied.")
    ] = "min-tts",
    as_json: JsonFlag = False,
) -> None:
    """Choose projects under a budget to maximise the minimum TTS (or minimise the non-allied share)."""
    if budget is None:
        field = "--budget"
        msg = "is required"
        raise InputError(field, msg, "US dollars >= 0, e.g. 500000000")
    if year is None:
        field = "--year"
        msg = "is required"
        raise InputError(field, msg, "a target year, e.g. 2028")
    if objective not in OBJECTIVES:
        field = "--objective"
        msg = f"unknown objective {objective!r}"
        raise InputError(field, msg, " or ".join(OBJECTIVES))
    plan = optimise(parse_money(budget, "--budget", "US dollars >= 0, e.g. 500000000"), year, objective)
    data = plan.to_json()
    if as_json:
        typer.echo(json_text(data))
        return
    console = wide_console()
    console.print(
        f"Budget ${plan.budget:,.0f}, projects online by {plan.year}, objective {plan.objective}: "
        f"spend ${plan.cost_usd:,.0f}",
        highlight=False,
    )
    table = Table(title="Chosen projects")
    for column in ("Project", "Name", "Adds", "Online", "Cost (US$)", "Cost basis"):
        table.add_column(column)
    for item in data["chosen"]:
        table.add_row(
            item["project"],
            item["name"],
            f"{item['adds']:,.0f} {item['unit']}",
            str(item["online_year"]),
            f"{item['cost_usd']:,.0f}",
            item["cost_basis"],
        )
    console.print(table)
    console.print(
        f"minimum TTS: {_fmt(plan.baseline_min_tts)} -> {_fmt(plan.min_tts)} months; "
        f"non-allied share: {plan.baseline_non_allied_share:.1%} -> {plan.non_allied_share:.1%}",
        highlight=False,
    )
    for project, why in plan.excluded:
        console.print(f"  not eligible: {project}: {why}", highlight=False, markup=False)
