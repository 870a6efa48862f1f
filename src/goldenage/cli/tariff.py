"""``goldenage tariff``: duty on one entry line, and lookup of HTS lines."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from goldenage.cli.options import DateOption, JsonFlag
from goldenage.cli.render import print_duty, print_line
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty
from goldenage.tariffs.lookup import lookup

tariff_app = typer.Typer(
    help="US duty on goods of Japan: column 1 rates, fees and their legal basis.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_HTS_HELP = (
    "HTS code: 10 digits, dots optional (8703.23.01.90 or 8703230190); 8 digits if unambiguous."
)


def _required(value: str | None, field: str, accepted: str) -> str:
    if value is None or not str(value).strip():
        msg = "is required"
        raise InputError(field, msg, accepted)
    return value


def _emit_notes(notes: tuple[str, ...]) -> None:
    for note in notes:
        sys.stderr.write(f"note: {note}\n")


@tariff_app.command("duty")
def duty_command(  # noqa: PLR0913 - one parameter per documented option
    hts: Annotated[str | None, typer.Option("--hts", metavar="CODE", help=_HTS_HELP)] = None,
    origin: Annotated[
        str, typer.Option("--origin", help="Country of origin (ISO alpha-2).")
    ] = "JP",
    date: DateOption = None,
    value: Annotated[
        str | None, typer.Option("--value", metavar="USD", help="Customs value in US dollars.")
    ] = None,
    quantity: Annotated[
        str | None,
        typer.Option(
            "--quantity", metavar="Q", help="Quantity, needed for specific and compound rates."
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="UNIT",
            help="Unit of --quantity (default: the rate's unit), e.g. kg, liter, t.",
        ),
    ] = None,
    transport: Annotated[
        str | None,
        typer.Option(
            "--transport",
            metavar="ocean|air|land",
            help="Mode of transport (default ocean; HMF is ocean only).",
        ),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", metavar="NAME", help="Scenario (default: actual).")
    ] = None,
    preference: Annotated[
        str | None,
        typer.Option(
            "--preference",
            metavar="PROGRAM",
            help="Claim a column 1 Special rate: JP (US-Japan Trade Agreement, General Note 36).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What one entry line pays: each duty with its heading and citation, then the fees."""
    result = duty(
        hts=_required(hts, "--hts", "an HTS code such as 8703.23.01.90"),
        origin=origin,
        entry_date=date if date is not None else dt.date.today(),
        customs_value=_required(value, "--value", "a positive amount of US dollars, e.g. 30000"),
        quantity=quantity,
        unit=unit,
        transport=transport,
        scenario=scenario,
        preference=preference,
    )
    _emit_notes(result.notes)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print_duty(result, Console())


@tariff_app.command("lookup")
def lookup_command(
    code: Annotated[str, typer.Argument(metavar="CODE", help=_HTS_HELP)],
    date: DateOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show an HTS line: description path, units, rate columns and Chapter 99 footnotes."""
    report = lookup(code, date if date is not None else dt.date.today())
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print_line(report, Console())
