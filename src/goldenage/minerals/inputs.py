"""Parsing of the minerals engine's inputs (CLI options and API parameters alike)."""

from __future__ import annotations

from goldenage.errors import InputError
from goldenage.inputs import MAX_AMOUNT_USD, parse_number
from goldenage.minerals.network import PER_YEAR, Network

MAX_YEARS = 100  # a time to recover of a hundred years: longer is no planning horizon


def parse_horizon(text: str, field: str, unit: str) -> float:
    """Return a time to recover: a number of ``unit`` > 0, at most :data:`MAX_YEARS` years."""
    limit = MAX_YEARS * PER_YEAR.get(unit, 12.0)
    accepted = f"a number of {unit}s > 0, at most {limit:,.0f} ({MAX_YEARS} years)"
    return parse_number(text, field, accepted, minimum=0.0, strict=True, maximum=limit)


def parse_money(text: str, field: str, accepted: str) -> float:
    """Return an amount of US dollars >= 0, at most :data:`~goldenage.inputs.MAX_AMOUNT_USD`."""
    return parse_number(text, field, accepted, minimum=0.0, maximum=MAX_AMOUNT_USD)


def parse_disruption(text: str | None, network: Network) -> dict[str, float]:
    """Return ``NODE[=SHARE],...`` as node id -> remaining share of capacity (0 = down).

    A node named twice (``A=0.5,A``, or ``A,A``) is refused: the two entries would contradict
    each other or say nothing more.
    """
    accepted = "node ids separated by commas, e.g. A or A,B or A=0.25 (share of capacity left)"
    if text is None or not text.strip():
        field = "--disrupt"
        msg = "is required (or use --all)"
        raise InputError(field, msg, accepted)
    disrupted: dict[str, float] = {}
    for part in text.split(","):
        name, _, share = part.strip().partition("=")
        if not name:
            field = "--disrupt"
            msg = f"empty node id in {text!r}"
            raise InputError(field, msg, accepted)
        network.node(name)
        remaining = (
            parse_number(share, "--disrupt", "a share from 0 to 1", minimum=0.0, maximum=1.0)
            if share
            else 0.0
        )
        if name in disrupted:
            field = "--disrupt"
            said = (
                ""
                if disrupted[name] == remaining
                else f" with different shares ({disrupted[name]:g}, {remaining:g})"
            )
            msg = f"node {name!r} is named twice in {text!r}{said}"
            raise InputError(field, msg, accepted + ", each node once")
        disrupted[name] = remaining
    return disrupted


__all__ = ["MAX_YEARS", "parse_disruption", "parse_horizon", "parse_money"]
