"""``goldenage invest``: the $550 billion US-Japan strategic-investment MOU.

Commands: ``project`` (one project through the waterfall), ``projects`` (announced projects
and totals against the $550 billion), ``simulate`` (Monte Carlo of a portfolio) and
``notice`` (the funding window a selection notice opens).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from goldenage.cli import options as opt
from goldenage.cli.progress import progress_bar
from goldenage.cli.render import wide_console
from goldenage.cli.tariff import _required  # one 'is required' error for every command
from goldenage.errors import InputError
from goldenage.inputs import parse_whole
from goldenage.investment import calendar
from goldenage.investment.evaluate import ProjectResult, evaluate, load_spec, spec_from_options
from goldenage.investment.inputs import (
    PATHS_ACCEPTED,
    SEED_ACCEPTED,
    choice,
    parse_amount,
    parse_cash,
    parse_rate,
    parse_years,
)
from goldenage.investment.lifecycle import FundingWindow, funding_window
from goldenage.investment.montecarlo import Simulation, simulate
from goldenage.investment.portfolio import load_portfolio
from goldenage.investment.projects import project_file, project_json, totals
from goldenage.outputs import json_text
from goldenage.tariffs.inputs import parse_date

invest_app = typer.Typer(
    help="The $550 billion US-Japan strategic-investment MOU: waterfall, returns, projects, Monte Carlo.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

MAX_PATHS = 100_000_000
FileOption = Annotated[Path | None, typer.Option("--file", metavar="FILE", help="A YAML file (see docs).")]


def _money(amount: float | None) -> str:
    return "—" if amount is None else f"${amount:,.2f}"


def _percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.3f}%"


def _output(result: Any, as_json: bool, printer: Callable[[Any, Console], None]) -> None:
    """Print ``result`` as one JSON object, or as tables with ``printer``."""
    if as_json:
        typer.echo(json_text(result.to_json()))
    else:
        printer(result, wide_console())


def _print_sources(console: Console, citations: list[dict[str, Any]]) -> None:
    console.print("Sources:")
    for citation in citations:
        parts = [citation["title"], citation.get("section")]
        link = f" <{citation['href']}>" if citation.get("href") else ""
        console.print("  - " + ", ".join(p for p in parts if p) + link, highlight=False, markup=False)


@invest_app.command("project")
def project_command(
    amount: Annotated[
        str | None, typer.Option("--amount", metavar="USD", help="Amount Japan funds at time 0.")
    ] = None,
    cash_flow: Annotated[
        str | None,
        typer.Option("--cash-flow", metavar="USD_PER_PERIOD", help="Distributable cash of each year."),
    ] = None,
    years: Annotated[str | None, typer.Option("--years", metavar="N", help="Life of the project.")] = None,
    deemed_rate: Annotated[
        str | None,
        typer.Option(
            "--deemed-rate",
            metavar="R",
            help="Deemed interest rate, annual fraction (default: an assumption, 0.05; see docs).",
        ),
    ] = None,
    file: FileOption = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """One project through the MOU waterfall: who gets what each period, Japan's IRR and NPV.

    Either --amount, --cash-flow and --years (one funding, an equal yearly cash flow), or --file
    project.yaml (instalments, a cash-flow vector, monthly periods or dated flows).
    """
    if file is not None:
        given = [
            name
            for name, value in (("--amount", amount), ("--cash-flow", cash_flow), ("--years", years))
            if value
        ]
        if given:
            msg = f"{', '.join(given)} cannot be combined with --file"
            field = "--file"
            raise InputError(field, msg, "either --file or --amount/--cash-flow/--years")
        spec = load_spec(file)
        if deemed_rate is not None:
            spec = spec.model_copy(update={"deemed_rate": parse_rate(deemed_rate)})
    else:
        for name, value, accepted in (
            ("--amount", amount, "a positive amount of US dollars, e.g. 1000000000 (or give --file)"),
            ("--cash-flow", cash_flow, "a non-negative amount of US dollars per period (or give --file)"),
            ("--years", years, "a whole number of years from 1 to 100 (or give --file)"),
        ):
            _required(value, name, accepted)
        spec = spec_from_options(
            parse_amount(amount),
            parse_cash(cash_flow),
            parse_years(years),
            parse_rate(deemed_rate) if deemed_rate is not None else None,
        )
    result = evaluate(spec)
    for note in result.assumptions:
        sys.stderr.write(f"assumption: {note}\n")
    _output(result, as_json, _print_project)


def _print_project(result: ProjectResult, console: Console) -> None:
    data = result.to_json()
    table = Table(title=f"Waterfall{' — ' + data['name'] if data['name'] else ''}")
    for column in ("Period", "Distributable", "Japan", "US", "Balance before", "Funding", "Balance after"):
        table.add_column(column, justify="right")
    for row in data["periods"]:
        label = row.get("date", str(row["period"]))
        table.add_row(
            label,
            *(
                _money(row[k])
                for k in ("distributable", "japan", "us", "balance_start", "funding", "balance_end")
            ),
        )
    console.print(table)
    recouped = data["recouped_period"]
    console.print(
        f"Japan {_money(data['japan_total'])}, US {_money(data['us_total'])} "
        f"(US share {_percent(data['us_share'])}); funded {_money(data['funded_total'])}",
        highlight=False,
    )
    when = f"period {recouped}" if recouped else "never, within the life"
    console.print(
        f"Deemed Allocation Amount recouped: {when}; "
        f"Japan IRR {_percent(data['japan_irr'])}; NPV at the deemed rate "
        f"({_percent(data['deemed_rate'])}, {data['deemed_rate_source']}) {_money(data['japan_npv'])}",
        highlight=False,
    )
    for convention in data["conventions"]:
        console.print(f"convention: {convention}", highlight=False, markup=False)
    _print_sources(console, data["citations"])


@invest_app.command("projects")
def projects_command(as_json: opt.JsonFlag = False) -> None:
    """Announced projects (sponsor, state, sector, amount, dates, status) and totals against $550B."""
    dataset = project_file()
    summary = totals(dataset.projects)
    if as_json:
        payload = {
            "as_of": dataset.as_of,
            "projects": [project_json(p, dataset.sources) for p in dataset.projects],
            "tranches": [t.model_dump() for t in dataset.tranches],
            "totals": summary.to_json(),
        }
        typer.echo(json_text(payload))
        return
    console = wide_console()
    table = Table(title=f"Projects under the MOU (sources to {dataset.as_of})")
    for column in (
        "Status",
        "Project",
        "Sponsor",
        "State",
        "Sector",
        "Amount",
        "Basis",
        "Announced",
        "Sources",
    ):
        table.add_column(column, justify="right" if column == "Amount" else "left")
    for project in dataset.projects:
        amount = "—" if project.amount_usd is None else f"${project.amount_usd / 1e9:,.2f}B"
        table.add_row(
            project.status + (f" (tranche {project.tranche})" if project.tranche else ""),
            project.project,
            project.sponsor or "not named",
            ", ".join(project.states) or "—",
            project.sector,
            amount + (" *" if project.estimated else ""),
            project.amount_basis.replace("_", " "),
            project.announced,
            ", ".join(project.sources),
        )
    console.print(table)
    console.print("* estimated: approximate, an upper bound ('up to'), unverified or not reported.")
    data = summary.to_json()
    console.print(
        f"Selected: ${data['selected_usd'] / 1e9:,.2f}B of ${data['commitment_usd'] / 1e9:,.0f}B "
        f"({_percent(data['selected_share'])}); remaining ${data['remaining_usd'] / 1e9:,.2f}B "
        f"until {data['commitment_end']}. Candidates: ${data['candidate_usd'] / 1e9:,.2f}B priced "
        f"({data['projects_without_amount']['candidate']} without an amount). Floated for a later "
        f"tranche (under discussion, not put forward): ${data['floated_usd'] / 1e9:,.2f}B priced "
        f"({data['projects_without_amount']['floated']} without an amount). Expressed interest "
        f"(not commitments, lists overlap): ${data['expressed_interest_usd'] / 1e9:,.2f}B.",
        highlight=False,
    )
    for tranche in dataset.tranches:
        console.print(
            f"Tranche {tranche.tranche} ({tranche.announced}): ${tranche.amount_usd / 1e9:,.0f}B "
            f"{tranche.basis.replace('_', ' ')} [{', '.join(tranche.sources)}]",
            highlight=False,
        )
    for project in dataset.projects:
        if project.unverified:
            console.print(f"unverified ({project.id}): {project.unverified}", highlight=False, markup=False)
    for label, source in dataset.sources.items():
        console.print(
            f"[{label}] {source.title} ({source.published}, read {source.retrieved}) <{source.href}>",
            highlight=False,
            markup=False,
        )


@invest_app.command("simulate")
def simulate_command(
    file: FileOption = None,
    paths: Annotated[str, typer.Option("--paths", metavar="N", help="Number of paths.")] = "10000",
    seed: Annotated[
        str, typer.Option("--seed", metavar="S", help="Random seed (same seed, same result).")
    ] = "0",
    engine: Annotated[
        str, typer.Option("--engine", metavar="inprocess|dask", help="inprocess (default) or dask.")
    ] = "inprocess",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", metavar="ADDRESS", help="With --engine dask: a distributed scheduler."),
    ] = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """Monte Carlo of a portfolio: percentiles of Japan's IRR, the recoup period and the US share."""
    file = Path(_required(file, "--file", "a portfolio YAML file (see docs/investment.md)"))
    count = parse_whole(paths, "--paths", PATHS_ACCEPTED, 1, MAX_PATHS)
    seed_value = parse_whole(seed, "--seed", SEED_ACCEPTED, 0, 2**63 - 1)
    kind = choice(engine, "--engine", ("inprocess", "dask"))
    if scheduler is not None and kind != "dask":
        msg = "needs --engine dask"
        field = "--scheduler"
        raise InputError(field, msg, "--engine dask --scheduler ADDRESS")
    portfolio = load_portfolio(file)
    console = Console(stderr=True)
    if console.is_terminal:
        with progress_bar(console) as bar:
            task = bar.add_task("paths", total=count)
            result = _run(kind, scheduler, portfolio, count, seed_value, lambda n: bar.advance(task, n))
    else:
        result = _run(kind, scheduler, portfolio, count, seed_value, None)
    _output(result, as_json, _print_simulation)


def _run(
    kind: str, scheduler: str | None, portfolio: Any, paths: int, seed: int, progress: Any
) -> Simulation:
    if kind == "inprocess":
        return simulate(portfolio, paths, seed, progress)
    from goldenage.investment.montecarlo_dask import simulate_dask  # noqa: PLC0415 - dask is slow to import

    if scheduler is None:
        return simulate_dask(portfolio, paths, seed, progress)
    from goldenage.cli.scheduler import scheduler_client  # noqa: PLC0415

    with scheduler_client(scheduler):
        return simulate_dask(portfolio, paths, seed, progress)


def _print_simulation(result: Simulation, console: Console) -> None:
    data = result.to_json()
    console.print(
        f"{data['name'] or 'Portfolio'}: {data['paths']:,} paths, seed {data['seed']}, "
        f"engine {data['engine']}",
        highlight=False,
    )
    table = Table(title="Percentiles (p5 / p25 / p50 / p75 / p95)")
    for column in ("", "Japan IRR", "US share", "Recouped in period", "Never recouped"):
        table.add_column(column)
    rows = [("portfolio", data["portfolio"])] + [(p["name"], p) for p in data["projects"]]
    for name, summary in rows:
        keys = [f"p{q}" for q in data["percentiles"]]
        recoup = summary["recoup_period"]
        table.add_row(
            name,
            " / ".join(_percent(summary["japan_irr"][k]) for k in keys),
            " / ".join(_percent(summary["us_share"][k]) for k in keys),
            " / ".join("never" if recoup[k] is None else str(recoup[k]) for k in keys),
            _percent(recoup["never_share"]),
        )
    console.print(table)
    _print_sources(console, data["citations"])


@invest_app.command("notice")
def notice_command(
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the selection notice.")
    ] = None,
    day_count: Annotated[
        str | None,
        typer.Option(
            "--day-count",
            metavar="business|calendar",
            help="How the 45 days are counted (default: business, US federal business days).",
        ),
    ] = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """The earliest date Japan can be asked to fund after a selection notice (MOU funding clause)."""
    date = _required(date, "--date", "the notice date as YYYY-MM-DD, e.g. 2026-02-17")
    count = choice(day_count, "--day-count", calendar.DAY_COUNTS) if day_count is not None else None
    window = funding_window(parse_date(date, "--date"), count)
    _output(window, as_json, _print_window)


def _print_window(window: FundingWindow, console: Console) -> None:
    data = window.to_json()
    console.print(
        f"Notice {data['notice_date']}: Japan funds on or after {data['earliest_funding_date']} "
        f"({data['window_days']} {data['day_count']} days, {data['calendar_days']} calendar days).",
        highlight=False,
    )
    for holiday in data["holidays_skipped"]:
        console.print(f"  not counted: {holiday['date']} {holiday['name']}", highlight=False, markup=False)
    if data["after_commitment_end"]:
        console.print(
            f"  note: after the end of the commitment period ({data['commitment_end']}); the MOU's text as "
            "reported does not say whether such a funding counts (docs/investment.md).",
            highlight=False,
        )
    for item in data["unverified"]:
        console.print(f"  unverified ({item['term']}): {item['unverified']}", highlight=False, markup=False)
    _print_sources(console, data["citations"])
