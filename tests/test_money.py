"""Rounding to cents, the same for scalars and arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from goldenage.money import round_cents


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
