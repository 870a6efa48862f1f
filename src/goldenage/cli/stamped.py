"""JSON answers stamped with how current the law is, and the warning of a date after it.

The part of the CLI's output that needs no table library (rich) nor the tariff engine's result
types, so that a command printing JSON or CSV imports neither (``goldenage tariff etr --json``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer

from goldenage.outputs import json_text

if TYPE_CHECKING:
    from goldenage.tariffs.currency import LawCurrency


def warn_currency(currency: LawCurrency) -> None:
    """Write the warning of a date after ``law_as_of`` on stderr (nothing when there is none)."""
    warning = currency.warning()
    if warning is not None:
        sys.stderr.write(f"warning: {warning}\n")


def echo_json(payload: dict[str, Any], currency: LawCurrency) -> None:
    """Print ``payload`` with ``law_as_of``, ``hts_revision`` and ``warnings`` (the warning also on stderr).

    The one place every ``goldenage tariff ... --json`` adds how current its law is. Numbers are
    finite or the input is refused (:func:`goldenage.outputs.json_text`: JSON has no Infinity).
    """
    warn_currency(currency)
    typer.echo(json_text(currency.stamp(payload)))


__all__ = ["echo_json", "warn_currency"]
