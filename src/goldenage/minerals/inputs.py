"""Parsing of the minerals engine's inputs (CLI options and API parameters alike)."""

from __future__ import annotations

from goldenage.errors import InputError
from goldenage.inputs import parse_number as _parse_number
from goldenage.minerals.network import Network


def parse_number(text: str, field: str, accepted: str, minimum: float = 0.0, strict: bool = True) -> float:
    """Return ``text`` as a finite number >= ``minimum`` (> with ``strict``); InputError on ``field``.

    The minerals inputs are quantities, shares and prices: bounded below by 0 unless told.
    """
    return _parse_number(text, field, accepted, minimum=minimum, strict=strict)


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
        remaining = parse_number(share, "--disrupt", "a share from 0 to 1", strict=False) if share else 0.0
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


__all__ = ["parse_disruption", "parse_number"]
