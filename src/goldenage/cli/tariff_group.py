"""``goldenage tariff``: the tariff commands, each imported when used (see :mod:`.lazy`).

``goldenage tariff batch`` thus loads the batch engine only, not the single-line engine, the
HTS lookup or the series of the effective rate.
"""

from __future__ import annotations

import typer

from goldenage.cli.lazy import lazy_group

TARIFF_COMMANDS = {
    "duty": ("goldenage.cli.tariff", "duty_command"),
    "explain": ("goldenage.cli.tariff", "explain_command"),
    "timeline": ("goldenage.cli.tariff", "timeline_command"),
    "scenarios": ("goldenage.cli.tariff", "scenarios_command"),
    "lookup": ("goldenage.cli.tariff", "lookup_command"),
    "search": ("goldenage.cli.tariff", "search_command"),
    "etr": ("goldenage.cli.etr", "etr_command"),
    "savings": ("goldenage.cli.savings", "savings_command"),
    "batch": ("goldenage.cli.batch", "batch_command"),
    "refunds": ("goldenage.cli.refunds", "refunds_command"),
    "compile": ("goldenage.cli.compile", "compile_command"),
}

tariff_app = typer.Typer(
    cls=lazy_group(TARIFF_COMMANDS),
    help="US duty on goods of Japan: every Chapter 99 layer, fees and their legal basis.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@tariff_app.callback()
def tariff() -> None:
    """US duty on goods of Japan: every Chapter 99 layer, fees and their legal basis."""


__all__ = ["TARIFF_COMMANDS", "tariff", "tariff_app"]
