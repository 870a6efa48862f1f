"""``goldenage tariff batch``: the duty of every entry line of a file.

Imports only what a batch needs (the compiled law and polars); rich is loaded only to
draw the progress bar on a terminal, Dask only for ``--engine dask``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from goldenage.cli import options as opt
from goldenage.errors import InputError
from goldenage.tariffs.batch import Summary, run_batch

InputArgument = Annotated[Path, typer.Argument(metavar="INPUT", help="Entry lines: .csv or .parquet.")]
OutputArgument = Annotated[
    Path, typer.Argument(metavar="OUTPUT", help="Results: .csv, .parquet or .xlsx (Excel).")
]


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
    """Duty of every entry line: hts10, origin, entry_date, customs_value (+ optional columns).

    Optional columns: quantity, unit, transport (ocean, air, land) and metal_value (the declared
    value of the steel, aluminum or copper content, as --metal-value of `goldenage tariff duty`).

    Writes the input columns plus duty_total, duty_rate, fee_total, one column per authority and
    an error column; bad rows get their error and the others are still computed. A summary goes to
    stderr. Exit 0 when the run completed, even with bad rows; 2 when the input cannot be read.
    """
    if engine not in ("inprocess", "dask"):
        msg = f"unknown engine {engine!r}"
        field = "--engine"
        raise InputError(field, msg, "inprocess or dask")
    if engine == "dask":
        summary = _dask(source, target, scenario, scheduler)
    elif sys.stderr.isatty():
        from rich.console import Console  # noqa: PLC0415 - rich only to draw the bar

        from goldenage.cli.progress import progress_bar  # noqa: PLC0415

        with progress_bar(Console(stderr=True)) as bar:
            task = bar.add_task("rows", total=None)
            summary = run_batch(source, target, scenario, progress=lambda rows: bar.advance(task, rows))
    else:
        summary = run_batch(source, target, scenario)
    for line in summary.lines():
        sys.stderr.write(line + "\n")
    sys.stderr.write(f"written: {target}\n")


def _dask(source: Path, target: Path, scenario: str | None, scheduler: str | None) -> Summary:
    """Run the batch over Dask partitions (on ``scheduler`` when given)."""
    from goldenage.tariffs.batch_dask import run_batch_dask  # noqa: PLC0415 - dask is slow to import

    if scheduler is None:
        return run_batch_dask(source, target, scenario)
    from goldenage.cli.scheduler import scheduler_client  # noqa: PLC0415

    with scheduler_client(scheduler):
        return run_batch_dask(source, target, scenario)


__all__ = ["batch_command"]
