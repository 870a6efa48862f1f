"""``goldenage tariff compile``: compile a scenario's law ahead for every line of the HTSUS.

It also builds the product search's full-text index (:mod:`goldenage.tariffs.search_index`)
when the schedule has none yet.

See :mod:`goldenage.tariffs.kernel.table`: a later run of plain entry lines (a batch, the
daily series, the web app) then reads the rates per dollar from that table instead of loading
and evaluating the rules. ``make run`` runs it; it does nothing when the table of the current
rules and data is there already.
"""

from __future__ import annotations

from typing import Annotated

import typer

from goldenage.cli import options as opt
from goldenage.cli.render import echo_json
from goldenage.errors import InputError
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.store import CACHE_ENV, cache_dir
from goldenage.tariffs.scenario_names import scenario_name
from goldenage.tariffs.search_index import build as build_index
from goldenage.tariffs.search_index import ensure_index, index_path


def compile_command(
    scenario: opt.ScenarioOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Compile again even if the table is up to date.")
    ] = False,
    as_json: opt.JsonFlag = False,
) -> None:
    """Compile the law ahead for every 10-digit line and period (faster first runs of plain lines)."""
    name = scenario_name(scenario)
    if cache_dir() is None:
        msg = "the store is turned off: there is nowhere to write the table"
        raise InputError(CACHE_ENV, msg, f"a folder in {CACHE_ENV}, or unset (~/.cache/goldenage)")
    done = compile_ahead(name, force=force)
    path = index_path()  # the product search's index (goldenage tariff search)
    index = build_index(path) if force and path is not None else ensure_index()
    currency = law_currency()
    if as_json:
        payload = {
            "scenario": done.scenario,
            "table": str(done.folder),
            "keys": done.keys,
            "seconds": round(done.seconds, 3),
            "compiled": done.fresh,
            "search_index": str(index),
        }
        echo_json(payload, currency)
        return
    state = "compiled" if done.fresh else "up to date"
    typer.echo(f"{done.scenario}: {done.keys:,} keys {state} in {done.seconds:.1f} s ({done.folder})")
    typer.echo(f"search index: {index}")
    typer.echo(currency.line())


__all__ = ["compile_command"]
