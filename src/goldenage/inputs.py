"""Numbers typed by a user, read the same way by every engine's CLI, API and web form.

``parse_number`` accepts a number or its text (spaces around it, thousands commas, a leading
``$``, Python's digit underscores) and returns a finite float, optionally bounded below; any
other input raises :class:`~goldenage.errors.InputError` naming the field and the accepted form.
``parse_positive`` is the same for an amount of money that must be above zero (``is not positive``).
"""

from __future__ import annotations

import math

from goldenage.errors import InputError


def parse_number(
    value: object, field: str, accepted: str, *, minimum: float | None = None, strict: bool = False
) -> float:
    """Return ``value`` as a finite float; ``>= minimum`` (``>`` with ``strict``) when given.

    Raises :class:`InputError` on ``field`` with ``accepted``: ``'x' is not a number``,
    ``... is not a finite number`` (inf, nan) or ``... is out of range``.
    """
    if isinstance(value, bool):
        msg = f"{value!r} is not a number"
        raise InputError(field, msg, accepted)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").removeprefix("$")
        try:
            number = float(text)
        except ValueError:
            msg = f"{value!r} is not a number"
            raise InputError(field, msg, accepted) from None
    if not math.isfinite(number):
        msg = f"{value!r} is not a finite number"
        raise InputError(field, msg, accepted)
    if minimum is not None and (number < minimum or (strict and number == minimum)):
        msg = f"{value!r} is out of range"
        raise InputError(field, msg, accepted)
    return number


def parse_positive(value: object, field: str, accepted: str) -> float:
    """Return ``value`` as a finite float > 0 (an amount of money); else ``... is not positive``."""
    number = parse_number(value, field, accepted)
    if number <= 0:
        msg = f"{value!r} is not positive"
        raise InputError(field, msg, accepted)
    return number


__all__ = ["parse_number", "parse_positive"]
