"""Option declarations shared by the goldenage commands (one definition per flag)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goldenage.errors import InputError

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="YYYY-MM-DD", help="Entry date (default: today)."),
]
HtsOption = Annotated[
    str | None,
    typer.Option(
        "--hts",
        metavar="CODE",
        help="HTS code: 10 digits, dots optional (8703.23.01.90 or 8703230190); 8 digits if unambiguous.",
    ),
]
OriginOption = Annotated[
    str, typer.Option("--origin", help="Country of origin (ISO alpha-2); JP is modelled.")
]
ValueOption = Annotated[
    str | None, typer.Option("--value", metavar="USD", help="Customs value in US dollars.")
]
QuantityOption = Annotated[
    str | None,
    typer.Option("--quantity", metavar="Q", help="Quantity, needed for specific and compound rates."),
]
UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help="Unit of --quantity (default: the rate's unit), e.g. kg, liter, t.",
    ),
]
TransportOption = Annotated[
    str | None,
    typer.Option(
        "--transport",
        metavar="ocean|air|land",
        help="Mode of transport (default ocean; HMF and the in-transit clauses are ocean only).",
    ),
]
FreightOption = Annotated[
    str | None,
    typer.Option(
        "--freight",
        metavar="USD",
        help="International freight to the US port (not dutiable, 19 U.S.C. 1401a(b)(4)(A)); landed cost.",
    ),
]
InsuranceOption = Annotated[
    str | None,
    typer.Option(
        "--insurance", metavar="USD", help="Insurance of the international shipment (not dutiable)."
    ),
]
OtherCostsOption = Annotated[
    str | None,
    typer.Option(
        "--other-costs",
        metavar="USD",
        help="Other costs to the buyer (brokerage, inland freight), for the landed cost.",
    ),
]
BasisOption = Annotated[
    str | None,
    typer.Option(
        "--basis",
        metavar="FOB|CIF",
        help="How --value is quoted: FOB (default; the customs value) or CIF (with freight and insurance).",
    ),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output", metavar="FILE", help="Also write the table to FILE: .csv, .parquet or .xlsx (Excel)."
    ),
]
ScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        metavar="NAME",
        help="Scenario (default: actual; see `goldenage tariff scenarios`).",
    ),
]
PreferenceOption = Annotated[
    str | None,
    typer.Option(
        "--preference",
        metavar="PROGRAM",
        help="Claim a column 1 Special rate: JP (US-Japan Trade Agreement, General Note 36).",
    ),
]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV rows instead of a table.")]


def declaration_options() -> dict[str, tuple[object, object]]:
    """Return one option per importer declaration of the registry: name -> (annotation, default).

    A ``flag`` is a boolean switch; every other kind takes a value typed as text and validated
    by the engine (:meth:`goldenage.tariffs.declarations.Declaration.parse`), as the web does.
    """
    from goldenage.tariffs.declarations import REGISTRY  # noqa: PLC0415 - numpy: for the tariff commands only

    options: dict[str, tuple[object, object]] = {}
    for declaration in REGISTRY:
        if declaration.kind == "flag":
            flag = typer.Option(declaration.option, help=declaration.help)
            options[declaration.name] = (Annotated[bool, flag], False)
        else:
            option = typer.Option(declaration.option, metavar=declaration.metavar, help=declaration.help)
            options[declaration.name] = (Annotated[str | None, option], None)
    return options


def one_output_format(as_json: bool, as_csv: bool) -> None:
    """Refuse ``--json`` with ``--csv`` (an InputError on ``--csv``: exit 2)."""
    if as_json and as_csv:
        msg = "--json and --csv are mutually exclusive"
        field = "--csv"
        raise InputError(field, msg, "one output format")
