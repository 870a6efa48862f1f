"""Units of quantity of the HTSUS specific rates: canonical names and exact conversions.

The schedule prints its units in several spellings (``liter``/``liters``, ``m2``/``m²``,
``pf.liter``/``pf. liter``, ``No.``); :func:`canonical_unit` maps each to one name, and
:func:`convert` converts a quantity between units of the same dimension using only exact,
defined equivalences (1 t = 1,000 kg; 1 carat = 0.2 g; 1 m3 = 1,000 liters; 1 doz. = 12;
1 gross = 144; 1 doz. pr. = 12 pr.; 1 kW = 1,000 W; 1 bbl = 42 US gallons = 158.987294928 liters). Pairs,
proof liters, heads, jewels and the like convert only among themselves: a pair is not two
"each", and a proof liter depends on the alcoholic strength.

Law: the units are those printed in the HTSUS rate and unit-of-quantity columns. The US
gallon is 231 cubic inches, 3.785411784 liters exactly (NIST Handbook 44, Appendix C); the
barrel of the schedule's petroleum lines is taken as 42 US gallons.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import numpy as np

from goldenage.tariffs.errors import UnitMismatchError

__all__ = [
    "UNIT_FIELD",
    "UnknownUnitError",
    "canonical_unit",
    "compatible_units",
    "convert",
]

UNIT_FIELD = "--unit"  # the input a unit error names

# Canonical unit -> (dimension, size in the dimension's base unit). Sizes are exact.
_ONE = Fraction(1)
_UNITS: dict[str, tuple[str, Fraction]] = {
    "kg": ("mass", _ONE),
    "g": ("mass", Fraction(1, 1000)),
    "t": ("mass", Fraction(1000)),
    "liter": ("volume", _ONE),
    "ml": ("volume", Fraction(1, 1000)),
    "m3": ("volume", Fraction(1000)),
    "bbl": ("volume", 42 * Fraction("3.785411784")),
    "each": ("count", _ONE),
    "doz.": ("count", Fraction(12)),
    "gross": ("count", Fraction(144)),
    "thousand": ("count", Fraction(1000)),
    "carat": ("mass", Fraction(1, 5000)),  # the metric carat, 200 mg
    "pr.": ("pairs", _ONE),
    "doz. pr.": ("pairs", Fraction(12)),
    "pf. liter": ("proof volume", _ONE),
    "m2": ("area", _ONE),
    "cm2": ("area", Fraction(1, 10000)),
    "m": ("length", _ONE),
    "head": ("head", _ONE),
    "jewel": ("jewel", _ONE),
    "pack": ("pack", _ONE),
    "W": ("power", _ONE),  # watts of solar cells and modules (8541.42, 8541.43)
    "kW": ("power", Fraction(1000)),
    "MW": ("power", Fraction(1_000_000)),
}

# Printed spelling (lower case, spaces squeezed) -> canonical unit.
_ALIASES: dict[str, str] = {
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "gm": "g",
    "t": "t",
    "metric ton": "t",
    "metric tons": "t",
    "tonne": "t",
    "tonnes": "t",
    "liter": "liter",
    "liters": "liter",
    "litre": "liter",
    "litres": "liter",
    "l": "liter",
    "ml": "ml",
    "milliliter": "ml",
    "milliliters": "ml",
    "m3": "m3",
    "m³": "m3",
    "cubic meter": "m3",
    "cubic meters": "m3",
    "bbl": "bbl",
    "bbl.": "bbl",
    "barrel": "bbl",
    "barrels": "bbl",
    "each": "each",
    "no.": "each",
    "no": "each",
    "number": "each",
    "article": "each",
    "articles": "each",
    "piece": "each",
    "pieces": "each",
    "pcs": "each",
    "pcs.": "each",
    "doz.": "doz.",
    "doz": "doz.",
    "dozen": "doz.",
    "dozens": "doz.",
    "gross": "gross",
    "dz pcs": "doz.",
    "thousand": "thousand",
    "thousands": "thousand",
    "carat": "carat",
    "carats": "carat",
    "ct": "carat",
    "doz. pr.": "doz. pr.",
    "doz. prs.": "doz. pr.",
    "dz prs": "doz. pr.",
    "cm2": "cm2",
    "cm²": "cm2",
    "jwls.": "jewel",
    "pr.": "pr.",
    "pr": "pr.",
    "prs.": "pr.",
    "prs": "pr.",
    "pair": "pr.",
    "pairs": "pr.",
    "pf. liter": "pf. liter",
    "pf.liter": "pf. liter",
    "pf liter": "pf. liter",
    "pf. liters": "pf. liter",
    "pf.liters": "pf. liter",
    "proof liter": "pf. liter",
    "proof liters": "pf. liter",
    "m2": "m2",
    "m²": "m2",
    "square meter": "m2",
    "square meters": "m2",
    "m": "m",
    "lin. m": "m",
    "linear meter": "m",
    "linear meters": "m",
    "meter": "m",
    "meters": "m",
    "head": "head",
    "jewel": "jewel",
    "jewels": "jewel",
    "pack": "pack",
    "packs": "pack",
    "w": "W",
    "watt": "W",
    "watts": "W",
    "kw": "kW",
    "kilowatt": "kW",
    "kilowatts": "kW",
    "mw": "MW",
    "megawatt": "MW",
    "megawatts": "MW",
}


class UnknownUnitError(UnitMismatchError):
    """A unit name that is not one of the units of the schedule's specific rates."""


def _accepted() -> str:
    return ", ".join(sorted(_UNITS))


def canonical_unit(text: str) -> str:
    """Return the canonical name of a printed unit (``"liters"`` -> ``"liter"``).

    Case and inner spacing are ignored; ``m<sup>2</sup>`` markup as exported is accepted.
    Raises :class:`UnknownUnitError` (a ``ValueError``) for a unit the schedule does not use.
    """
    key = re.sub(r"<[^>]*>", "", str(text)).strip().lower()
    key = re.sub(r"\s+", " ", key)
    unit = _ALIASES.get(key)
    if unit is None:
        msg = f"unknown unit {text!r}"
        raise UnknownUnitError(UNIT_FIELD, msg, accepted=_accepted())
    return unit


def compatible_units(unit: str) -> tuple[str, ...]:
    """Return the canonical units a quantity in ``unit`` can be converted to, ``unit`` first."""
    canonical = canonical_unit(unit)
    dimension = _UNITS[canonical][0]
    others = sorted(u for u, (dim, _) in _UNITS.items() if dim == dimension and u != canonical)
    return (canonical, *others)


def convert(quantity: Any, from_unit: str, to_unit: str) -> Any:
    """Convert ``quantity`` (a float or a numpy array) from ``from_unit`` to ``to_unit``.

    Only exact equivalences within one dimension are used (mass, volume, count). Raises
    :class:`~goldenage.tariffs.errors.UnitMismatchError` (field ``--unit``) when the units
    measure different things, e.g. pairs and pieces or liters and proof liters.
    """
    source = canonical_unit(from_unit)
    target = canonical_unit(to_unit)
    if source == target:
        return quantity
    source_dim, source_size = _UNITS[source]
    target_dim, target_size = _UNITS[target]
    if source_dim != target_dim:
        msg = f"a quantity in {source!r} cannot be converted to {target!r}"
        raise UnitMismatchError(UNIT_FIELD, msg, accepted=", ".join(compatible_units(target)))
    factor = float(source_size / target_size)
    if isinstance(quantity, np.ndarray):
        return np.asarray(quantity, dtype=float) * factor
    return float(quantity) * factor
