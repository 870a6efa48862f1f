"""``goldenage tariff batch`` and ``goldenage tariff refunds``: many entry lines at once."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from goldenage.cli import options as opt
from goldenage.cli.tariff import tariff_app
from goldenage.errors import InputError
from goldenage.tariffs.batch import Summary, run_batch
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.refunds.estimate import estimate_refunds

InputArgument = Annotated[Path, typer.Argument(metavar="INPUT", help="Entry lines: .csv or .parquet.")]
OutputArgument = Annotated[Path, typer.Argument(metavar="OUTPUT", help="Results: .csv or .parquet.")]


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("computing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


@tariff_app.command("batch")
def batch_command(
    source: InputArgument,
    target: OutputArgument,
    scenario: opt.ScenarioOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", metavar="inprocess|dask", help="inprocess (default, streams chunks) or dask."
        ),
    ] = "inprocess",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", metavar="ADDRESS", help="With --engine dask: a distributed scheduler to use."
        ),
    ] = None,
) -> None:
    """Duty of every entry line of a file: hts10, origin, entry_date, customs_value (+ quantity, unit).

    Writes the input columns plus duty_total, duty_rate, fee_total, one column per authority and
    an error column; bad rows get their error and the others are still computed. A summary goes to
    stderr. Exit 0 when the run completed, even with bad rows; 2 when the input cannot be read.
    """
    if engine not in ("inprocess", "dask"):
        msg = f"unknown engine {engine!r}"
        field = "--engine"
        raise InputError(field, msg, "inprocess or dask")
    console = Console(stderr=True)
    if engine == "dask":
        summary = _dask(source, target, scenario, scheduler)
    elif console.is_terminal:
        with _progress(console) as bar:
            task = bar.add_task("rows", total=None)
            summary = run_batch(source, target, scenario, progress=lambda rows: bar.advance(task, rows))
    else:
        summary = run_batch(source, target, scenario)
    for line in summary.lines():
        sys.stderr.write(line + "\n")
    sys.stderr.write(f"written: {target}\n")


@tariff_app.command("refunds")
def refunds_command(
    entries: Annotated[
        Path,
        typer.Argument(
            metavar="ENTRIES", help="entry_number, entry_date, hts10, origin, customs_value (.csv/.parquet)."
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="YYYY-MM-DD", help="Interest to this date (default: last rate in the data)."
        ),
    ] = None,
    corporate: Annotated[
        bool, typer.Option("--corporate", help="Use the corporate overpayment rate (default: non-corporate).")
    ] = False,
    as_json: opt.JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows instead of a table.")] = False,
) -> None:
    """IEEPA duty deposited on each entry line and the interest on its refund (19 U.S.C. 1505)."""
    if as_json and as_csv:
        msg = "--json and --csv are mutually exclusive"
        field = "--csv"
        raise InputError(field, msg, "one output format")
    day: dt.date | None = parse_date(as_of, "--as-of") if as_of is not None else None
    estimate = estimate_refunds(entries, day, corporate)
    if as_json:
        typer.echo(json.dumps(estimate.to_json(), ensure_ascii=False))
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(estimate.lines.columns)
        for row in estimate.lines.iter_rows():
            writer.writerow(["" if v is None else v for v in row])
        return
    console = Console()
    console.print(f"IEEPA duty deposited: ${estimate.ieepa_total:,.2f}")
    console.print(f"Interest to {estimate.as_of}: ${estimate.interest_total:,.2f}")
    errors = estimate.lines.filter(estimate.lines["error"].is_not_null()).height
    console.print(f"Lines: {estimate.lines.height:,} ({errors:,} with errors; see --json or --csv)")
    console.print("Estimate from the law as in force, not from your entry summaries; not legal advice.")


def _dask(source: Path, target: Path, scenario: str | None, scheduler: str | None) -> Summary:
    """Run the batch over Dask partitions (on ``scheduler`` when given)."""
    from goldenage.tariffs.batch_dask import run_batch_dask  # noqa: PLC0415 - dask is slow to import

    if scheduler is None:
        return run_batch_dask(source, target, scenario)
    from distributed import Client  # noqa: PLC0415

    with Client(scheduler):
        return run_batch_dask(source, target, scenario)
