"""``goldenage tariff savings``: what the deal saved importers of goods of Japan, in dollars."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from goldenage.cli import options as opt
from goldenage.cli.etr import DEFAULT_START, BasisOption, FromOption, OceanShareOption, ToOption
from goldenage.cli.render import wide_console
from goldenage.cli.stamped import echo_json, warn_currency
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.savings import ACTUAL, COUNTERFACTUALS, savings

CsvFlag = Annotated[bool, typer.Option("--csv", help="Print one CSV row per month instead of tables.")]


def savings_command(
    start: FromOption = None,
    end: ToOption = None,
    basis: BasisOption = None,
    ocean_share: OceanShareOption = None,
    as_json: opt.JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    """Duty on goods of Japan under the law as it is against no_deal, liberation_day and ieepa_upheld.

    Each month: the effective rate of each scenario (collected basis unless --basis statutory)
    times the month's value of imports from Japan (Census where it has the month, else the 2024
    value per day); by month, by product group (HTSUS section) and in total. Saved = the
    counterfactual's duty less the actual duty.
    """
    opt.one_output_format(as_json, as_csv)
    first, last = start or DEFAULT_START, end or dt.date.today()
    report = savings(first, last, basis or "collected", ocean_share)
    currency = law_currency(parse_date(first, "--from"), parse_date(last, "--to"))
    if as_json:
        echo_json(report, currency)
        return
    warn_currency(currency)
    if as_csv:
        columns = ["month", "days", "value_usd", "value_basis"]
        columns += [f"duty_{name}" for name in (ACTUAL, *COUNTERFACTUALS)]
        columns += [f"saved_vs_{name}" for name in COUNTERFACTUALS]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for month in report["months"]:
            row: dict[str, Any] = {key: month[key] for key in ("month", "days", "value_usd", "value_basis")}
            row |= {f"duty_{name}": value for name, value in month["duty_usd"].items()}
            row |= {f"saved_vs_{name}": value for name, value in month["saved_usd"].items()}
            writer.writerow(row)
    else:
        console = wide_console()
        print_savings(report, console)
        console.print(currency.line(), highlight=False, markup=False)


def _billions(amount: float) -> str:
    return f"${amount / 1e9:,.2f}B"


def _table(
    title: str, first: str, names: dict[str, str], rows: list[tuple[str, str, dict[str, Any]]]
) -> Table:
    """Return a table of (label, imports, item with duty_usd and saved_usd) rows: duty and savings."""
    table = Table(title=title)
    table.add_column(first)
    table.add_column("Imports", justify="right")
    table.add_column(f"Duty: {names[ACTUAL]}", justify="right")
    for name in COUNTERFACTUALS:
        table.add_column(f"Saved vs {names[name]}", justify="right")
    for label, imports, item in rows:
        cells = [label, imports, _billions(item["duty_usd"][ACTUAL])]
        table.add_row(*cells, *(_billions(item["saved_usd"][name]) for name in COUNTERFACTUALS))
    return table


def print_savings(report: dict[str, Any], console: Console) -> None:
    """Print the savings by month, by product group and in total."""
    names = report["scenarios"]
    console.print(
        f"[bold]What the deal saved[/bold]: duty on goods of Japan, {report['from']} to {report['to']}, "
        f"{report['basis']} basis (saved = counterfactual duty − actual duty)",
        highlight=False,
    )
    months = [
        (m["month"], _billions(m["value_usd"]) + ("" if m["value_basis"] == "census" else " *"), m)
        for m in report["months"]
    ]
    months.append(("Total", _billions(report["value_usd"]), report["totals"]))
    console.print(_table("By month", "Month", names, months))
    groups = [(f"{g['group']} {g['title']}", _billions(g["value_usd"]), g) for g in report["groups"]]
    console.print(_table("By product group (HTSUS section)", "Group", names, groups))
    console.print(
        "* no Census figure for the month: the 2024 value per day. Census: " + report["census_source"],
        highlight=False,
        markup=False,
    )


__all__ = ["print_savings", "savings_command"]
