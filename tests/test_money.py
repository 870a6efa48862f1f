"""Rounding to cents, the same for scalars and arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from goldenage.money import round_cent, round_cents


def test_halves_round_up() -> None:
    assert round_cents(0.125) == 0.13
    assert round_cents(2.675) == 2.68  # binary 2.67499999... is still a half cent
    assert round_cents(103.92000000000002) == 103.92
    assert round_cents(0.0) == 0.0


@given(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=50))
def test_scalar_and_vector_agree(values: list[float]) -> None:
    vector = round_cents(np.array(values))
    assert [round_cents(v) for v in values] == list(vector)
    assert np.all(np.abs(vector - np.array(values)) <= 0.005 + 1e-6 * np.array(values))


@given(st.floats())
def test_the_plain_python_rounding_equals_the_vector_one(value: float) -> None:
    # round_cent serves the few amounts of one entry line; every float, NaN and infinities too.
    with np.errstate(over="ignore"):  # x 100 overflows near the largest floats, in both
        got, expected = round_cent(value), round_cents(value)
    assert (np.isnan(got) and np.isnan(expected)) or (
        got == expected and np.signbit(got) == np.signbit(expected)
    )
