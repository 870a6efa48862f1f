"""Option declarations shared by the goldenage commands (one definition per flag)."""

from __future__ import annotations

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
        help="Mode of transport (default ocean; HMF is ocean only).",
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
MetalValueOption = Annotated[
    str | None,
    typer.Option(
        "--metal-value",
        metavar="USD",
        help="Declared value of the steel/aluminum/copper content (default: a modelled content share).",
    ),
]
CivilAircraftFlag = Annotated[
    bool,
    typer.Option(
        "--civil-aircraft", help="Declare use in civil aircraft under General Note 6 (default: no)."
    ),
]
PharmaOption = Annotated[
    str | None,
    typer.Option(
        "--pharma",
        metavar="patented|generic",
        help="Declare a pharmaceutical of U.S. note 40 patented or generic (default: not declared).",
    ),
]
SemiconductorFlag = Annotated[
    bool,
    typer.Option(
        "--advanced-semiconductor",
        help="Declare that the article meets the technical thresholds of U.S. note 39 (default: no).",
    ),
]
MetalWeightFlag = Annotated[
    bool,
    typer.Option(
        "--metal-weight-below-15pct",
        help="Declare the listed metal under 15% of the weight (metals annexes; heading 9903.82.03).",
    ),
]
VehiclePartOption = Annotated[
    str | None,
    typer.Option(
        "--vehicle-part",
        metavar="yes|no",
        help="Declare whether an article of the auto/MHD parts lists is a vehicle part "
        "(default: from its HTSUS description).",
    ),
]
CertifiedPartFlag = Annotated[
    bool,
    typer.Option(
        "--certified-auto-part",
        help="Certify that an automobile part outside the listed provisions is for US automobile "
        "production or repair (note 33(p)/(r); default: no).",
    ),
]
PharmaUseFlag = Annotated[
    bool,
    typer.Option(
        "--pharmaceutical-use",
        help="Declare a chemical of U.S. note 52(e) for pharmaceutical use (Section 301, 9903.05.89).",
    ),
]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV rows instead of a table.")]


def one_output_format(as_json: bool, as_csv: bool) -> None:
    """Refuse ``--json`` with ``--csv`` (an InputError on ``--csv``: exit 2)."""
    if as_json and as_csv:
        msg = "--json and --csv are mutually exclusive"
        field = "--csv"
        raise InputError(field, msg, "one output format")
