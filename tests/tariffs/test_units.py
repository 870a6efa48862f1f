"""Units of the specific rates: canonical names and exact conversions, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.errors import InputError
from goldenage.tariffs.errors import UnitMismatchError
from goldenage.tariffs.units import UnknownUnitError, canonical_unit, compatible_units, convert


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("kg", "kg"),
        ("Kg", "kg"),
        ("liters", "liter"),
        ("litre", "liter"),
        (" liter ", "liter"),
        ("m²", "m2"),
        ("m<sup>2</sup>", "m2"),
        ("m3", "m3"),
        ("m³", "m3"),
        ("No.", "each"),
        ("each", "each"),
        ("article", "each"),
        ("doz.", "doz."),
        ("dozen", "doz."),
        ("pf.liter", "pf. liter"),
        ("pf. liter", "pf. liter"),
        ("proof liters", "pf. liter"),
        ("pr.", "pr."),
        ("pairs", "pr."),
        ("gross", "gross"),
        ("t", "t"),
        ("bbl", "bbl"),
        ("lin. m", "m"),
        ("head", "head"),
        ("prs.", "pr."),
        ("pcs ", "each"),
        ("thousands", "thousand"),
        ("doz. prs.", "doz. pr."),
        ("Jwls.", "jewel"),
        ("cm²", "cm2"),
    ],
)
def test_canonical_unit(printed, canonical):
    assert canonical_unit(printed) == canonical


@pytest.mark.parametrize("unknown", ["furlong", "", "kgs of sugar", "¢", "Cu kg", "kg cmsc"])
def test_unknown_unit_is_a_value_error_naming_the_unit_field(unknown):
    with pytest.raises(UnknownUnitError) as info:
        canonical_unit(unknown)
    assert isinstance(info.value, UnitMismatchError)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "--unit"
    assert "kg" in info.value.accepted


@pytest.mark.parametrize(
    ("quantity", "source", "target", "expected"),
    [
        (2.0, "t", "kg", 2000.0),
        (500.0, "g", "kg", 0.5),
        (1500.0, "kg", "t", 1.5),
        (1.5, "m3", "liter", 1500.0),
        (250.0, "ml", "liter", 0.25),
        (1.0, "bbl", "liter", 158.987294928),  # 42 US gallons of 3.785411784 liters
        (3.0, "doz.", "each", 36.0),
        (2.0, "gross", "each", 288.0),
        (1.0, "gross", "doz.", 12.0),
        (24.0, "each", "doz.", 2.0),
        (3.0, "thousand", "each", 3000.0),
        (2.0, "doz. pr.", "pr.", 24.0),
        (5.0, "carat", "g", 1.0),
        (250.0, "cm2", "m2", 0.025),
        (7.0, "pr.", "pr.", 7.0),
        (5.0, "liters", "liter", 5.0),
    ],
)
def test_convert_exact_equivalences(quantity, source, target, expected):
    assert convert(quantity, source, target) == pytest.approx(expected, rel=1e-15)


def test_convert_numpy_array():
    out = convert(np.array([1.0, 2.5, 0.0]), "t", "kg")
    np.testing.assert_allclose(out, [1000.0, 2500.0, 0.0])


@pytest.mark.parametrize(
    ("source", "target"),
    [("pr.", "each"), ("each", "pr."), ("liter", "pf. liter"), ("kg", "liter"), ("m2", "m")],
)
def test_not_convertible(source, target):
    with pytest.raises(UnitMismatchError) as info:
        convert(1.0, source, target)
    assert isinstance(info.value, InputError)
    assert info.value.field == "--unit"
    assert canonical_unit(target) in info.value.accepted


def test_compatible_units_lists_the_dimension():
    assert compatible_units("kg") == ("kg", "carat", "g", "t")
    assert compatible_units("doz.") == ("doz.", "each", "gross", "thousand")
    assert compatible_units("pr.") == ("pr.", "doz. pr.")


_SAME_DIMENSION = st.sampled_from(
    [("kg", "g"), ("kg", "t"), ("liter", "m3"), ("liter", "bbl"), ("each", "gross")]
)


@given(pair=_SAME_DIMENSION, quantity=st.floats(0, 1e9, allow_nan=False))
def test_round_trip(pair, quantity):
    a, b = pair
    assert convert(convert(quantity, a, b), b, a) == pytest.approx(quantity, rel=1e-12)


def test_watts_for_the_polysilicon_minimum_import_price() -> None:
    # Solar cells and modules (8541.42/.43) print their second unit as "W"; the specific duties
    # of the polysilicon action are per watt: 1 kW = 1,000 W, 1 MW = 1,000,000 W.
    assert canonical_unit("W") == "W"
    assert canonical_unit("watts") == "W"
    assert convert(2.5, "kW", "W") == 2_500.0
    assert convert(1.0, "MW", "kW") == 1_000.0
    with pytest.raises(UnitMismatchError):
        convert(1.0, "kg", "W")
