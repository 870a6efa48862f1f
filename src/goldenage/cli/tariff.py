"""``goldenage tariff``: duty, explain, timeline, scenarios, lookup and search."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from goldenage.cli import options as opt
from goldenage.cli.render import (
    print_currency,
    print_duty,
    print_explain,
    print_landed_cost,
    print_line,
    print_scenarios,
    print_search,
    print_timeline,
    wide_console,
)
from goldenage.cli.stamped import echo_json, warn_currency
from goldenage.errors import InputError
from goldenage.tariffs.calc import duty, parse_declarations
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.declarations import REGISTRY
from goldenage.tariffs.inputs import parse_date, parse_value
from goldenage.tariffs.labels import humanize_ids
from goldenage.tariffs.landed import landed_cost, parse_costs
from goldenage.tariffs.lookup import lookup
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.search import MAX_RESULTS, search
from goldenage.tariffs.timeline import timeline

DEFAULT_EXPLAIN_VALUE = "10000"


def _required(value: str | None, field: str, accepted: str) -> str:
    if value is None or not str(value).strip():
        msg = "is required"
        raise InputError(field, msg, accepted)
    return value


def _emit_notes(result: DutyResult) -> None:
    for note in result.notes:
        sys.stderr.write(f"note: {humanize_ids(note)}\n")
    for default in result.defaults_used:
        sys.stderr.write(f"default used: {humanize_ids(default)}\n")


# The options of one entry line, shared by ``duty`` and ``explain`` (declared once here; the
# two commands differ in the default of --value and in what they print).
_DECLARATIONS = tuple(declaration.name for declaration in REGISTRY)
_ENTRY_OPTIONS: dict[str, tuple[object, object]] = {  # name -> (annotation, default)
    "hts": (opt.HtsOption, None),
    "origin": (opt.OriginOption, "JP"),
    "date": (opt.DateOption, None),
    "value": (opt.ValueOption, None),
    "quantity": (opt.QuantityOption, None),
    "unit": (opt.UnitOption, None),
    "transport": (opt.TransportOption, None),
    "scenario": (opt.ScenarioOption, None),
    "preference": (opt.PreferenceOption, None),
    **opt.declaration_options(),
    "as_json": (opt.JsonFlag, False),
}


def _entry(options: dict[str, Any], customs_value: float | None = None) -> DutyResult:
    """Return the duty of the entry line the options describe (on ``customs_value`` if given)."""
    declarations = parse_declarations(**{name: options[name] for name in _DECLARATIONS})
    value = customs_value if customs_value is not None else options["value"]
    return duty(
        hts=_required(options["hts"], "--hts", "an HTS code such as 8703.23.01.90"),
        origin=options["origin"],
        entry_date=options["date"] if options["date"] is not None else dt.date.today(),
        customs_value=_required(value, "--value", "a positive amount of US dollars, e.g. 30000"),
        quantity=options["quantity"],
        unit=options["unit"],
        transport=options["transport"],
        scenario=options["scenario"],
        preference=options["preference"],
        declarations=declarations,
        effects=True,
    )


# --value with the default of explain and timeline (10,000 dollars): they show rates, not a bill.
_VALUE_WITH_DEFAULT = (
    Annotated[
        str,
        typer.Option("--value", metavar="USD", help="Customs value in US dollars (default 10000)."),
    ],
    DEFAULT_EXPLAIN_VALUE,
)


def _entry_command(
    name: str, show: Callable[[dict[str, Any]], None], doc: str, options: dict[str, tuple[object, object]]
) -> Callable[..., None]:
    """Return a command taking ``options`` (name -> (annotation, default)) and calling ``show``."""

    def command(**given: Any) -> None:
        show(given)

    # Typer reads the signature: one keyword parameter per option, with its annotation.
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(option, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
            for option, (annotation, default) in options.items()
        ],
        return_annotation=None,
    )
    command.__name__ = command.__qualname__ = name
    command.__doc__ = doc
    return command


def _show_duty(options: dict[str, Any]) -> None:
    _required(options["value"], "--value", "a positive amount of US dollars, e.g. 30000")
    costs = parse_costs(
        options["value"], options["freight"], options["insurance"], options["other_costs"], options["basis"]
    )
    result = _entry(options, costs.customs_value)
    landed = landed_cost(result, costs) if costs.given else None
    _emit_notes(result)
    currency = law_currency(result.entry_date)
    if options["as_json"]:
        payload = result.to_json() | ({"landed_cost": landed.to_json()} if landed else {})
        echo_json(payload, currency)
    else:
        console = wide_console()
        print_duty(result, console)
        if landed is not None:
            print_landed_cost(landed, console)
        print_currency(currency, console)


def _show_explain(options: dict[str, Any]) -> None:
    result = _entry(options)
    currency = law_currency(result.entry_date)
    if options["as_json"]:
        echo_json(result.explain_json(), currency)
    else:
        console = wide_console()
        print_explain(result, console)
        print_currency(currency, console)


def _show_timeline(options: dict[str, Any]) -> None:
    opt.one_output_format(options["as_json"], options["as_csv"])
    end = parse_date(options["end"], "--to") if options["end"] else dt.date.today()
    points = timeline(
        hts=_required(options["hts"], "--hts", "an HTS code such as 8703.23.01.90"),
        origin=options["origin"],
        start=options["start"] or "2025-01-01",
        end=end,
        customs_value=parse_value(options["value"]),
        quantity=options["quantity"],
        unit=options["unit"],
        scenario=options["scenario"],
        preference=options["preference"],
        declarations=parse_declarations(**{name: options[name] for name in _DECLARATIONS}),
    )
    currency = law_currency(points[0].date, end)
    if options["as_json"]:
        first = points[0].result
        payload = {
            "hts10": first.hts10 if first else None,
            "origin": options["origin"].upper(),
            "scenario": first.scenario if first else options["scenario"],
            "customs_value": parse_value(options["value"]),
            "points": [p.to_json() for p in points],
        }
        echo_json(payload, currency)
    elif options["as_csv"]:
        warn_currency(currency)
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
        console = wide_console()
        print_timeline(points, console)
        print_currency(currency, console)


_COST_OPTIONS: dict[str, tuple[object, object]] = {
    "freight": (opt.FreightOption, None),
    "insurance": (opt.InsuranceOption, None),
    "other_costs": (opt.OtherCostsOption, None),
    "basis": (opt.BasisOption, None),
}
duty_command = _entry_command(
    "duty_command",
    _show_duty,
    "What one entry line pays: each duty with its heading and citation, the fees, and the landed cost.",
    {**_ENTRY_OPTIONS, **_COST_OPTIONS},
)
explain_command = _entry_command(
    "explain_command",
    _show_explain,
    "The decision path: each authority considered, whether it applied and why, with citations.",
    {**_ENTRY_OPTIONS, "value": _VALUE_WITH_DEFAULT},
)
# timeline: the entry options without --date (it has --from/--to) and --transport (fees only).
timeline_command = _entry_command(
    "timeline_command",
    _show_timeline,
    "The duty rate of one line over time: change points, each with the instrument behind it.",
    {
        "hts": _ENTRY_OPTIONS["hts"],
        "origin": _ENTRY_OPTIONS["origin"],
        "start": (
            Annotated[
                str | None,
                typer.Option("--from", metavar="YYYY-MM-DD", help="First date (default 2025-01-01)."),
            ],
            None,
        ),
        "end": (
            Annotated[
                str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last date (default today).")
            ],
            None,
        ),
        "value": _VALUE_WITH_DEFAULT,
        **{
            k: v
            for k, v in _ENTRY_OPTIONS.items()
            if k not in ("hts", "origin", "date", "value", "transport")
        },
        "as_csv": (opt.CsvFlag, False),
    },
)


def scenarios_command(as_json: opt.JsonFlag = False) -> None:
    """List the scenarios (parameter overlays) with their description and citations."""
    known = scenarios()
    if as_json:
        echo_json({"scenarios": [s.to_json() for s in known.values()]}, law_currency())
    else:
        console = Console()
        print_scenarios(list(known.values()), console)
        print_currency(law_currency(), console)


def lookup_command(
    code: Annotated[str, typer.Argument(metavar="CODE", help="HTS code, 8 or 10 digits, dots optional.")],
    date: opt.DateOption = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """Show an HTS line: description path, units, rate columns and Chapter 99 footnotes."""
    day = parse_date(date, "--date") if date is not None else dt.date.today()
    report = lookup(code, day)
    currency = law_currency(day)
    if as_json:
        echo_json(report.to_json(), currency)
    else:
        console = Console()
        print_line(report, console)
        print_currency(currency, console)


def search_command(
    query: Annotated[
        str, typer.Argument(metavar="WORDS", help="Words of a description, or the first digits of a code.")
    ],
    date: opt.DateOption = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", help=f"At most N lines (1 to {MAX_RESULTS}).")
    ] = 20,
    scenario: opt.ScenarioOption = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """Find HTS lines by words (ranked; stemming, synonyms, a typo) with the total rate of goods of Japan."""
    day = parse_date(date, "--date") if date is not None else dt.date.today()
    if not 1 <= limit <= MAX_RESULTS:
        field, msg = "--limit", f"{limit} is out of range"
        raise InputError(field, msg, f"a whole number from 1 to {MAX_RESULTS}")
    result = search(query, day, limit, scenario=scenario)
    currency = law_currency(day)
    if as_json:  # the same document as GET /api/tariff/search
        echo_json(result.to_json(), currency)
        return
    console = wide_console()
    print_search(result, console)
    print_currency(currency, console)
