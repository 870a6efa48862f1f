"""``goldenage tariff``: duty, explain, timeline, scenarios and lookup."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from goldenage.cli import options as opt
from goldenage.cli.render import (
    print_duty,
    print_explain,
    print_line,
    print_scenarios,
    print_timeline,
    wide_console,
)
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty, parse_declarations
from goldenage.tariffs.declarations import Declarations
from goldenage.tariffs.inputs import parse_value
from goldenage.tariffs.lookup import lookup
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.timeline import timeline

DEFAULT_EXPLAIN_VALUE = "10000"


def _required(value: str | None, field: str, accepted: str) -> str:
    if value is None or not str(value).strip():
        msg = "is required"
        raise InputError(field, msg, accepted)
    return value


def _emit_notes(result: DutyResult) -> None:
    for note in result.notes:
        sys.stderr.write(f"note: {note}\n")
    for default in result.defaults_used:
        sys.stderr.write(f"default used: {default}\n")


def _declarations(  # noqa: PLR0913
    metal_value: str | None,
    civil_aircraft: bool,
    pharma: str | None,
    advanced_semiconductor: bool,
    metal_weight_below_15pct: bool,
    vehicle_part: str | None,
    certified_auto_part: bool,
    pharmaceutical_use: bool,
) -> Declarations:
    return parse_declarations(
        metal_value,
        civil_aircraft,
        pharma,
        advanced_semiconductor,
        metal_weight_below_15pct,
        vehicle_part,
        certified_auto_part,
        pharmaceutical_use,
    )


def _entry(  # noqa: PLR0913 - the entry options shared by duty and explain
    hts: str | None,
    origin: str,
    date: str | None,
    value: str,
    quantity: str | None,
    unit: str | None,
    transport: str | None,
    scenario: str | None,
    preference: str | None,
    declarations: Declarations,
) -> DutyResult:
    return duty(
        hts=_required(hts, "--hts", "an HTS code such as 8703.23.01.90"),
        origin=origin,
        entry_date=date if date is not None else dt.date.today(),
        customs_value=value,
        quantity=quantity,
        unit=unit,
        transport=transport,
        scenario=scenario,
        preference=preference,
        declarations=declarations,
    )


def duty_command(  # noqa: PLR0913 - one parameter per documented option
    hts: opt.HtsOption = None,
    origin: opt.OriginOption = "JP",
    date: opt.DateOption = None,
    value: opt.ValueOption = None,
    quantity: opt.QuantityOption = None,
    unit: opt.UnitOption = None,
    transport: opt.TransportOption = None,
    scenario: opt.ScenarioOption = None,
    preference: opt.PreferenceOption = None,
    metal_value: opt.MetalValueOption = None,
    civil_aircraft: opt.CivilAircraftFlag = False,
    pharma: opt.PharmaOption = None,
    advanced_semiconductor: opt.SemiconductorFlag = False,
    metal_weight_below_15pct: opt.MetalWeightFlag = False,
    vehicle_part: opt.VehiclePartOption = None,
    certified_auto_part: opt.CertifiedPartFlag = False,
    pharmaceutical_use: opt.PharmaUseFlag = False,
    as_json: opt.JsonFlag = False,
) -> None:
    """What one entry line pays: each duty with its heading and citation, then the fees."""
    declared = _declarations(
        metal_value,
        civil_aircraft,
        pharma,
        advanced_semiconductor,
        metal_weight_below_15pct,
        vehicle_part,
        certified_auto_part,
        pharmaceutical_use,
    )
    result = _entry(
        hts,
        origin,
        date,
        _required(value, "--value", "a positive amount of US dollars, e.g. 30000"),
        quantity,
        unit,
        transport,
        scenario,
        preference,
        declared,
    )
    _emit_notes(result)
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print_duty(result, wide_console())


def explain_command(  # noqa: PLR0913
    hts: opt.HtsOption = None,
    origin: opt.OriginOption = "JP",
    date: opt.DateOption = None,
    value: Annotated[
        str,
        typer.Option("--value", metavar="USD", help="Customs value in US dollars (default 10000)."),
    ] = DEFAULT_EXPLAIN_VALUE,
    quantity: opt.QuantityOption = None,
    unit: opt.UnitOption = None,
    transport: opt.TransportOption = None,
    scenario: opt.ScenarioOption = None,
    preference: opt.PreferenceOption = None,
    metal_value: opt.MetalValueOption = None,
    civil_aircraft: opt.CivilAircraftFlag = False,
    pharma: opt.PharmaOption = None,
    advanced_semiconductor: opt.SemiconductorFlag = False,
    metal_weight_below_15pct: opt.MetalWeightFlag = False,
    vehicle_part: opt.VehiclePartOption = None,
    certified_auto_part: opt.CertifiedPartFlag = False,
    pharmaceutical_use: opt.PharmaUseFlag = False,
    as_json: opt.JsonFlag = False,
) -> None:
    """The decision path: each authority considered, whether it applied and why, with citations."""
    declared = _declarations(
        metal_value,
        civil_aircraft,
        pharma,
        advanced_semiconductor,
        metal_weight_below_15pct,
        vehicle_part,
        certified_auto_part,
        pharmaceutical_use,
    )
    result = _entry(hts, origin, date, value, quantity, unit, transport, scenario, preference, declared)
    if as_json:
        typer.echo(json.dumps(result.explain_json(), ensure_ascii=False))
    else:
        print_explain(result, wide_console())


def timeline_command(  # noqa: PLR0913
    hts: opt.HtsOption = None,
    origin: opt.OriginOption = "JP",
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM-DD", help="First date (default 2025-01-01)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last date (default today).")
    ] = None,
    value: Annotated[
        str,
        typer.Option("--value", metavar="USD", help="Customs value in US dollars (default 10000)."),
    ] = DEFAULT_EXPLAIN_VALUE,
    quantity: opt.QuantityOption = None,
    unit: opt.UnitOption = None,
    scenario: opt.ScenarioOption = None,
    preference: opt.PreferenceOption = None,
    metal_value: opt.MetalValueOption = None,
    civil_aircraft: opt.CivilAircraftFlag = False,
    pharma: opt.PharmaOption = None,
    advanced_semiconductor: opt.SemiconductorFlag = False,
    metal_weight_below_15pct: opt.MetalWeightFlag = False,
    vehicle_part: opt.VehiclePartOption = None,
    certified_auto_part: opt.CertifiedPartFlag = False,
    pharmaceutical_use: opt.PharmaUseFlag = False,
    as_json: opt.JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows instead of a table.")] = False,
) -> None:
    """The duty rate of one line over time: change points, each with the instrument behind it."""
    if as_json and as_csv:
        msg = "--json and --csv are mutually exclusive"
        field = "--csv"
        raise InputError(field, msg, "one output format")
    points = timeline(
        hts=_required(hts, "--hts", "an HTS code such as 8703.23.01.90"),
        origin=origin,
        start=start or "2025-01-01",
        end=end or dt.date.today(),
        customs_value=parse_value(value),
        quantity=quantity,
        unit=unit,
        scenario=scenario,
        preference=preference,
        declarations=_declarations(
            metal_value,
            civil_aircraft,
            pharma,
            advanced_semiconductor,
            metal_weight_below_15pct,
            vehicle_part,
            certified_auto_part,
            pharmaceutical_use,
        ),
    )
    if as_json:
        first = points[0].result
        payload = {
            "hts10": first.hts10 if first else None,
            "origin": origin.upper(),
            "scenario": first.scenario if first else scenario,
            "customs_value": parse_value(value),
            "points": [p.to_json() for p in points],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["date", "duty_rate", "duty_total", "components", "changed", "causes", "error"])
        for p in points:
            components = (
                "; ".join(f"{d.authority} {d.heading} {d.rate_text}" for d in p.result.duties)
                if p.result
                else ""
            )
            writer.writerow(
                [
                    p.date.isoformat(),
                    p.result.duty_rate if p.result else "",
                    p.result.duty_total if p.result else "",
                    components,
                    " ".join(p.changed),
                    " | ".join(c.label() for c in p.causes),
                    p.error or "",
                ]
            )
    else:
        print_timeline(points, wide_console())


def scenarios_command(as_json: opt.JsonFlag = False) -> None:
    """List the scenarios (parameter overlays) with their description and citations."""
    known = scenarios()
    if as_json:
        payload = [
            {
                "name": s.name,
                "description": s.description,
                "assumptions": list(s.assumptions),
                "references": [c.to_json() for c in s.references],
                "overridden_parameters": sorted(s.overrides),
            }
            for s in known.values()
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False))
    else:
        print_scenarios(list(known.values()), Console())


def lookup_command(
    code: Annotated[str, typer.Argument(metavar="CODE", help="HTS code, 8 or 10 digits, dots optional.")],
    date: opt.DateOption = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """Show an HTS line: description path, units, rate columns and Chapter 99 footnotes."""
    report = lookup(code, date if date is not None else dt.date.today())
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print_line(report, Console())
