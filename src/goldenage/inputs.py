"""Numbers typed by a user, read the same way by every engine's CLI, API and web form.

``parse_number`` accepts a number or its text (spaces around it, thousands commas, a leading
``$``, Python's digit underscores) and returns a finite float within the bounds its caller
gives; any other input raises :class:`~goldenage.errors.InputError` naming the field and the
accepted form. ``parse_positive`` is the same for an amount of money that must be above zero
(``is not positive``) and at most :data:`MAX_AMOUNT_USD`; ``parse_whole`` for a whole number.

Bounds make every result finite by construction: an amount of at most ``MAX_AMOUNT_USD``
times any rate, count or period of the engines stays far below the largest float (1.8e308),
so no amount, rate or total can overflow to infinity (``--value 1e308`` used to print
``"amount": Infinity``, which is not JSON).
"""

from __future__ import annotations

import math

from goldenage.errors import InputError

# The largest amount of money any input may state: a quadrillion US dollars, ten times the
# world's yearly output, so no real entry, project or budget is refused, and amounts times
# rates, periods and paths stay finite (and exact to the cent below 2**53 cents, about 9e13).
MAX_AMOUNT_USD = 1e15
MAX_TEXT = 100  # characters of a number's text (a longer one is not a number anyone typed)


def parse_number(  # noqa: PLR0913 - the bounds are keywords
    value: object,
    field: str,
    accepted: str,
    *,
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite float in ``[minimum, maximum]`` (``minimum`` excluded if ``strict``).

    Raises :class:`InputError` on ``field`` with ``accepted``: ``'x' is not a number``,
    ``... is not a finite number`` (inf, nan) or ``... is out of range``.
    """
    if isinstance(value, bool):
        msg = f"{value!r} is not a number"
        raise InputError(field, msg, accepted)
    number = _float(value)
    if number is None:
        msg = f"{_shown(value)} is not a number"
        raise InputError(field, msg, accepted)
    if not math.isfinite(number):
        msg = f"{_shown(value)} is not a finite number"
        raise InputError(field, msg, accepted)
    low = minimum is not None and (number < minimum or (strict and number == minimum))
    if low or (maximum is not None and number > maximum):
        msg = f"{_shown(value)} is out of range"
        raise InputError(field, msg, accepted)
    return number


def _float(value: object) -> float | None:
    """Return ``value`` as a float (infinite when too large), or ``None`` when it is no number."""
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an int beyond the float range
            return math.inf
    text = str(value).strip().replace(",", "").removeprefix("$")
    if len(text) > MAX_TEXT:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "..."


def parse_positive(value: object, field: str, accepted: str, maximum: float = MAX_AMOUNT_USD) -> float:
    """Return ``value`` as a finite float in ``(0, maximum]`` (an amount of money).

    Raises :class:`InputError`: ``... is not positive`` or ``... is out of range`` (over
    ``maximum``, by default :data:`MAX_AMOUNT_USD`).
    """
    number = parse_number(value, field, accepted, maximum=maximum)
    if number <= 0:
        msg = f"{_shown(value)} is not positive"
        raise InputError(field, msg, accepted)
    return number


def parse_whole(value: object, field: str, accepted: str, low: int, high: int) -> int:
    """Return an integer in ``[low, high]`` (``3`` or ``3.0`` are accepted, ``3.5`` is not)."""
    result = parse_number(value, field, accepted)
    if not result.is_integer() or not low <= result <= high:
        msg = f"{_shown(value)} is out of range" if result.is_integer() else f"{_shown(value)} is not whole"
        raise InputError(field, msg, accepted)
    return int(result)


__all__ = ["MAX_AMOUNT_USD", "parse_number", "parse_positive", "parse_whole"]
