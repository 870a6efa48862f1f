"""``goldenage tariff compile``: compile every scenario's law ahead for every line of the HTSUS.

It also builds the product search's full-text index (:mod:`goldenage.tariffs.search_index`)
when the schedule has none yet.

See :mod:`goldenage.tariffs.kernel.table`: a later run of plain entry lines (a batch, the
daily series, a single line, the web app and its scenario comparisons) then reads the rates
per dollar and the explanations from that table instead of loading and evaluating the rules.
The daily series of the shipped weights reads the sums per segment written next
(:mod:`goldenage.tariffs.etr_sums`).
``make run`` runs it; it does nothing for a scenario whose table of the current rules and data
is there already. ``--scenario`` compiles one scenario only.
"""

from __future__ import annotations

from typing import Annotated

import typer

from goldenage.cli import options as opt
from goldenage.cli.stamped import echo_json
from goldenage.errors import InputError
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.etr_segments import ensure_sums
from goldenage.tariffs.kernel.ahead import compile_ahead
from goldenage.tariffs.kernel.store import CACHE_ENV, cache_dir
from goldenage.tariffs.scenario_names import scenario_name, scenario_names
from goldenage.tariffs.search_index import build as build_index
from goldenage.tariffs.search_index import ensure_index, index_path


def compile_command(
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            metavar="NAME",
            help="Compile this scenario only (default: every scenario; see `goldenage tariff scenarios`).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Compile again even if the table is up to date.")
    ] = False,
    answers: Annotated[
        bool,
        typer.Option(
            "--answers",
            help=(
                "Also evaluate ahead, for the lines imported from Japan (the shipped weights), the "
                "answers under every declaration that the API and the calculator show, for the "
                "scenario given by --scenario or the default one (about a minute; `make run` does it)."
            ),
        ),
    ] = False,
    as_json: opt.JsonFlag = False,
) -> None:
    """Compile the law ahead for every 10-digit line and period (faster runs of plain lines)."""
    names = scenario_names() if scenario is None else (scenario_name(scenario),)
    if cache_dir() is None:
        msg = "the store is turned off: there is nowhere to write the table"
        raise InputError(CACHE_ENV, msg, f"a folder in {CACHE_ENV}, or unset (~/.cache/goldenage)")
    done = [compile_ahead(name, force=force) for name in names]
    for table in done:  # the daily series' sums per segment (goldenage.tariffs.etr_sums)
        ensure_sums(table.scenario, force=table.fresh)
    warmed = _warm_answers(scenario_name(scenario), quiet=as_json) if answers else None
    path = index_path()  # the product search's index (goldenage tariff search)
    index = build_index(path) if force and path is not None else ensure_index()
    currency = law_currency()
    if as_json:
        tables = [
            {
                "scenario": table.scenario,
                "table": str(table.folder),
                "keys": table.keys,
                "seconds": round(table.seconds, 3),
                "compiled": table.fresh,
            }
            for table in done
        ]
        extra = {} if warmed is None else {"answers": {"scenario": warmed[0], "lines": warmed[1]}}
        echo_json({"tables": tables, "search_index": str(index), **extra}, currency)
        return
    for table in done:
        state = "compiled" if table.fresh else "up to date"
        typer.echo(f"{table.scenario}: {table.keys:,} keys {state} in {table.seconds:.1f} s ({table.folder})")
    if warmed is not None:
        typer.echo(f"{warmed[0]}: the declaration answers of {warmed[1]:,} imported lines evaluated ahead")
    typer.echo(f"search index: {index}")
    typer.echo(currency.line())


def _warm_answers(scenario: str, *, quiet: bool) -> tuple[str, int]:
    """Evaluate ahead the declaration answers of the weighted lines (a bar on a terminal)."""
    import sys  # noqa: PLC0415

    from goldenage.tariffs.declaration_effects import warm_line_answers  # noqa: PLC0415
    from goldenage.tariffs.law import law_for  # noqa: PLC0415
    from goldenage.tariffs.weights import load_weights  # noqa: PLC0415

    codes = [
        code
        for code in load_weights(None).frame.get_column("hts10").unique(maintain_order=True).to_list()
        if len(code) == 10 and code.isdigit()  # noqa: PLR2004 - 10-digit lines
    ]
    law = law_for(scenario)
    if quiet or not sys.stderr.isatty():
        return scenario, warm_line_answers(law, codes)
    from rich.console import Console  # noqa: PLC0415

    from goldenage.cli.progress import progress_bar  # noqa: PLC0415

    with progress_bar(Console(stderr=True)) as bar:
        task = bar.add_task("answers", total=None)
        done = warm_line_answers(law, codes, lambda n, total: bar.update(task, completed=n, total=total))
    return scenario, done


__all__ = ["compile_command"]
