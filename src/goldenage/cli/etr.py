"""``goldenage tariff etr``: the import-weighted effective tariff rate of goods of Japan, per day."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldenage.cli import options as opt
from goldenage.cli.stamped import echo_json, warn_currency
from goldenage.errors import InputError
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.etr import ORIGIN, EtrPoint, EtrSeries, etr_series
from goldenage.tariffs.etr_report import etr_report, parse_basis, report_frame, report_rows, statutory_report
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.labels import authority_label, cause_label, scenario_label
from goldenage.tariffs.origins import parse_origin

if TYPE_CHECKING:
    from pathlib import Path

    import polars as pl
    from rich.console import Console

# The JSON and CSV of the daily series import neither the tables (rich, the other commands'
# renderers) nor polars (files written by --output): each is imported where it is used.

DEFAULT_START = "2025-01-01"
TOP_AUTHORITIES = 3
# The table prints rates to 0.01 percentage point: smaller changes are not shown as new rows.
TABLE_TOLERANCE = 0.00005

FromOption = Annotated[
    str | None,
    typer.Option("--from", metavar="YYYY-MM-DD", help="First date (default 2025-01-01)."),
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last date (default today).")
]
WeightsOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        metavar="FILE",
        help="CSV or Parquet of import weights: columns hts10 and value_usd (or weight), optional "
        "valid_from/valid_to (default: 2024 US imports for consumption from Japan, Census).",
    ),
]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print one CSV row per day instead of a table.")]
BasisOption = Annotated[
    str | None,
    typer.Option(
        "--basis",
        metavar="statutory|collected",
        help="statutory (default): every line at the law's defaults; collected: with the claims, chapter "
        "98, the low-value estimate and in-transit goods of real entries (data/claims, data/timing), split "
        "by cause.",
    ),
]
MonthlyFlag = Annotated[
    bool,
    typer.Option("--monthly", help="Aggregate days of entry into calendar months (with the Census actual)."),
]
OceanShareOption = Annotated[
    float | None,
    typer.Option(
        "--ocean-share",
        metavar="SHARE",
        help="Collected basis: share of value shipped by sea, 0-1, instead of the shipped parameter "
        "(sensitivity).",
    ),
]


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.2f}%"


def etr_command(  # noqa: PLR0913 - one parameter per documented option
    origin: opt.OriginOption = ORIGIN,
    start: FromOption = None,
    end: ToOption = None,
    scenario: opt.ScenarioOption = None,
    weights: WeightsOption = None,
    basis: BasisOption = None,
    monthly: MonthlyFlag = False,
    ocean_share: OceanShareOption = None,
    as_json: opt.JsonFlag = False,
    as_csv: CsvFlag = False,
    output: opt.OutputFileOption = None,
) -> None:
    """Import-weighted effective tariff rate of goods of Japan per day (or month), split by authority.

    ETR = duty / value over the weighted lines the engine computes that day (customs value =
    the line's weight). The statutory basis (default) takes no quantity and no declarations;
    --basis collected applies what real entries claim and when they were loaded, and splits the
    gap by cause. The table shows the dates where the ETR changes (or each month); --csv,
    --json and --output FILE (.csv, .parquet, .xlsx) give every day or month.
    """
    opt.one_output_format(as_json, as_csv)
    if output is not None:
        from goldenage.spreadsheets import table_format  # noqa: PLC0415 - see the imports

        table_format(output, "--output")
    code = parse_origin(origin).code
    if code != ORIGIN:  # only Japan's Chapter 99 measures are modelled
        msg = f"the effective tariff rate is modelled for goods of Japan only, not {code}"
        field = "--origin"
        raise InputError(field, msg, ORIGIN)
    chosen = parse_basis(basis)
    first, last = start or DEFAULT_START, end or dt.date.today()
    if chosen == "statutory" and not monthly and ocean_share is None:
        series = etr_series(start=first, end=last, scenario=scenario, weights=weights)
        currency = law_currency(series.days[0].astype(dt.date), series.days[-1].astype(dt.date))
        if output is not None:
            _write(series.to_frame(), output)
        if as_json:
            echo_json(statutory_report(series, False), currency)
        elif as_csv:
            warn_currency(currency)
            writer = csv.DictWriter(sys.stdout, fieldnames=list(series.columns), lineterminator="\n")
            writer.writeheader()
            writer.writerows(series.to_rows())
        else:
            from goldenage.cli.render import print_currency, wide_console  # noqa: PLC0415 - see the imports

            console = wide_console()
            print_etr(series, console)
            print_currency(currency, console)
        return
    report = etr_report(first, last, scenario, chosen, monthly, weights, ocean_share)
    currency = law_currency(parse_date(first, "--from"), parse_date(last, "--to"))
    if output is not None:
        _write(report_frame(report), output)
    if as_json:
        echo_json(report, currency)
    elif as_csv:
        warn_currency(currency)
        columns, rows = report_rows(report)
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        from goldenage.cli.render import print_currency, wide_console  # noqa: PLC0415 - see the imports

        console = wide_console()
        print_report(report, console)
        print_currency(currency, console)


def _write(frame: pl.DataFrame, output: Path) -> None:
    """Write the table of the series to ``output`` (.csv, .parquet or .xlsx) and say where."""
    from goldenage.spreadsheets import write_table  # noqa: PLC0415 - see the imports

    sys.stderr.write(f"written: {write_table(frame, output, '--output', sheet='etr')}\n")


def print_etr(series: EtrSeries, console: Console) -> None:
    """Print the change points of the ETR: each date where it changes, the rate and its main parts."""
    first, last = series.days[0].astype(dt.date), series.days[-1].astype(dt.date)
    console.print(
        f"[bold]Import-weighted effective tariff rate[/bold] of goods of {parse_origin(series.origin).name} "
        f"({series.origin}), {first} to {last}, scenario: {scenario_label(series.scenario)}",
        highlight=False,
    )
    from rich.table import Table  # noqa: PLC0415 - see the imports

    points = series.change_points(TABLE_TOLERANCE)
    table = Table(title="ETR from each date until the next (dates where it changes)")
    for column in ("From", "To", "ETR", "Largest parts", "Coverage"):
        table.add_column(column, justify="right" if column in ("ETR", "Coverage") else "left")
    for number, point in enumerate(points):
        until = points[number + 1].date - dt.timedelta(days=1) if number + 1 < len(points) else last
        table.add_row(
            point.date.isoformat(),
            until.isoformat(),
            _percent(point.etr),
            _parts(point),
            _percent(point.coverage),
        )
    console.print(table)
    console.print(f"Weights: {series.weights_source}", highlight=False, markup=False)
    console.print(
        "Coverage: share of the weight computed; lines with specific or compound rates (which need a "
        "quantity) are left out of both duty and value. Changes under 0.005 percentage points are not "
        "shown as new rows (--csv and --json give every day).",
        highlight=False,
    )


def _parts(point: EtrPoint) -> str:
    parts = point.top(TOP_AUTHORITIES)
    return "\n".join(f"{authority_label(name)} {_percent(rate)}" for name, rate in parts) or "—"


def print_report(report: dict[str, Any], console: Console) -> None:
    """Print a monthly or collected report: one row per month (or per day where the rate changes)."""
    collected = report["basis"] == "collected"
    key = "month" if report["monthly"] else "date"
    console.print(
        f"[bold]Import-weighted effective tariff rate[/bold] of goods of Japan ({report['origin']}), "
        f"{report['basis']} basis, scenario: {scenario_label(report['scenario'])}"
        + (", by month" if report["monthly"] else ""),
        highlight=False,
    )
    from rich.table import Table  # noqa: PLC0415 - see the imports

    from goldenage.tariffs.collected import CAUSES  # noqa: PLC0415 - the collected basis only

    table = Table()
    table.add_column("Month" if report["monthly"] else "From")
    for column in ("Statutory", "Collected") if collected else ("ETR",):
        table.add_column(column, justify="right")
    if report["monthly"]:
        table.add_column("Census", justify="right")
    if collected:
        for cause in CAUSES:
            table.add_column(cause_label(cause), justify="right")
    table.add_column("Coverage", justify="right")
    previous: float | None = -1.0
    for point in report["series"]:
        if (
            not report["monthly"]
            and point["etr"] is not None
            and previous is not None
            and (abs(point["etr"] - previous) <= TABLE_TOLERANCE)
        ):
            continue
        previous = point["etr"]
        cells = [point[key]]
        cells += (
            [_percent(point["statutory"]), _percent(point["etr"])] if collected else [_percent(point["etr"])]
        )
        if report["monthly"]:
            census = point.get("census")
            cells.append(_percent(None if census is None else census["meanweighted"]))
        if collected:
            cells += [_points(point["by_cause"][cause]) for cause in CAUSES]
        cells.append(_percent(point["coverage"]))
        table.add_row(*cells)
    console.print(table)
    console.print(f"Weights: {report['weights_source']}", highlight=False, markup=False)
    if report["monthly"]:
        console.print(
            f"Census: {report['census_source']} (meanweighted: the month's line rates at 2024 weights).",
            highlight=False,
            markup=False,
        )
    if collected:
        console.print(
            "Causes in percentage points, applied in this order: chapter 98, the low-value estimate (other), "
            "JP, C, K and L claims (other), in transit, as filed; statutory + causes = collected. Inputs and "
            "assumptions: --json (sources).",
            highlight=False,
        )


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.2f}"
