"""``goldenage report``: what a basket of typical Japanese exports pays on a date."""

from __future__ import annotations

import datetime as dt
import sys

import typer
from rich.table import Table

from goldenage.cli.options import DateOption, JsonFlag
from goldenage.cli.render import SourceIndex, component_text, wide_console
from goldenage.outputs import json_text
from goldenage.tariffs.basket import price_basket
from goldenage.tariffs.inputs import parse_date


def report_command(date: DateOption = None, as_json: JsonFlag = False) -> None:
    """What a basket of typical Japanese exports pays at the US border (default: today)."""
    on = parse_date(date) if date is not None else dt.date.today()
    lines = price_basket(on)
    notes = {note for line in lines if line.result for note in line.result.notes}
    for note in sorted(notes):
        sys.stderr.write(f"note: {note}\n")
    if as_json:
        payload = [
            {
                "category": line.item.category,
                "label": line.item.label,
                "result": line.result.to_json() if line.result else None,
                "error": line.error,
            }
            for line in lines
        ]
        typer.echo(json_text({"date": on.isoformat(), "lines": payload}))
        return
    sources = SourceIndex()
    table = Table(
        title=f"What typical Japanese exports pay at the US border on {on}",
        caption=(
            "Every duty layer in force on the date (column 1 and Chapter 99, no importer declarations), "
            "plus MPF and HMF (ocean only) fees."
        ),
    )
    for column in ("Product", "HTS", "Value", "Duty", "Rate", "Fees", "Legal basis"):
        table.add_column(column, justify="right" if column in ("Value", "Duty", "Rate", "Fees") else "left")
    for line in lines:
        item, result = line.item, line.result
        product = f"{item.category}: {item.label}"
        if result is None:
            table.add_row(product, item.hts10, "", "", "", "", f"[red]{line.error}")
            continue
        basis = "\n".join(f"{component_text(d)} [{sources.number(d.citation)}]" for d in result.duties)
        table.add_row(
            product,
            item.hts10,
            f"${result.customs_value:,.0f}",
            f"${result.duty_total:,.2f}",
            f"{result.duty_rate * 100:.2f}%",
            f"${result.fee_total:,.2f}",
            basis,
        )
    console = wide_console()
    console.print(table)
    sources.print(console)
