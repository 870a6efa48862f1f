"""``goldenage tariff refunds``: the IEEPA duty of many entry lines and the interest on its refund."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from goldenage.cli import options as opt
from goldenage.cli.render import print_currency
from goldenage.cli.stamped import echo_json, warn_currency
from goldenage.spreadsheets import table_format, write_table
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.refunds.estimate import RefundEstimate, estimate_refunds


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
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Interest to this date (default: today). Quarters without a shipped rate take the "
            "last published one (listed as assumed).",
        ),
    ] = None,
    corporate: Annotated[
        bool, typer.Option("--corporate", help="Use the corporate overpayment rate (default: non-corporate).")
    ] = False,
    as_json: opt.JsonFlag = False,
    as_csv: opt.CsvFlag = False,
    output: opt.OutputFileOption = None,
) -> None:
    """IEEPA duty deposited on each entry line and the interest on its refund (19 U.S.C. 1505)."""
    opt.one_output_format(as_json, as_csv)
    if output is not None:
        table_format(output, "--output")
    day: dt.date | None = parse_date(as_of, "--as-of") if as_of is not None else None
    estimate = estimate_refunds(entries, day, corporate)
    for line in estimate.warnings():
        sys.stderr.write(line + "\n")
    currency = law_currency(*(estimate.entry_dates or (None, None)))
    if output is not None:
        written = write_table(estimate.lines, output, "--output", inputs=[entries], sheet="refunds")
        sys.stderr.write(f"written: {written}\n")
    if as_json:
        echo_json(estimate.to_json(), currency)
        return
    if as_csv:
        warn_currency(currency)
        writer = csv.writer(sys.stdout)
        writer.writerow(estimate.lines.columns)
        for row in estimate.lines.iter_rows():
            writer.writerow(["" if v is None else v for v in row])
        return
    console = Console()
    console.print(f"IEEPA duty deposited: ${estimate.ieepa_total:,.2f}")
    status = "corporate" if estimate.corporate else "non-corporate"
    console.print(f"Interest to {estimate.as_of} ({status}): ${estimate.interest_total:,.2f}")
    errors = estimate.lines.filter(estimate.lines["error"].is_not_null()).height
    console.print(f"Lines: {estimate.lines.height:,} ({errors:,} with errors; see --json or --csv)")
    if estimate.rates:
        print_rates(estimate, console)
    console.print("Estimate from the law as in force, not from your entry summaries; not legal advice.")
    print_currency(currency, console)


def print_rates(estimate: RefundEstimate, console: Console) -> None:
    """Print the overpayment rate of each quarter of the interest periods, assumed ones marked."""
    table = Table(title="Overpayment rates applied (26 U.S.C. 6621; 19 U.S.C. 1505(c))")
    for column in ("Quarter", "From", "To", "Rate", "Source"):
        table.add_column(column, justify="right" if column == "Rate" else "left")
    for quarter in estimate.rates:
        source = quarter.citation.document or quarter.citation.title
        table.add_row(
            quarter.quarter,
            quarter.start.isoformat(),
            quarter.end.isoformat(),
            f"{quarter.rate * 100:g}%",
            f"assumed: carried forward from {source}" if quarter.assumed else source,
        )
    console.print(table)
