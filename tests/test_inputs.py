"""The shared number parser: what a user types becomes a finite float or a clear InputError."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.errors import InputError
from goldenage.inputs import parse_number, parse_positive


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_number_written_with_commas_and_a_dollar_sign_reads_back(number: float) -> None:
    cents = round(number, 2)
    text = f"${cents:,.2f}" if cents >= 0 else f"{cents:,.2f}"
    assert parse_number(text, "--value", "dollars") == pytest.approx(cents, abs=0.005)
    assert parse_number(number, "--value", "dollars") == number


@given(st.text(max_size=20))
def test_any_text_is_a_number_or_an_input_error_naming_the_field(text: str) -> None:
    try:
        result = parse_number(text, "--value", "dollars")
    except InputError as err:
        assert err.field == "--value"
        assert err.accepted == "dollars"
    else:
        assert math.isfinite(result)


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "is not a number"), (True, "is not a number"), ("inf", "not a finite"), ("nan", "not a finite")],
)
def test_bad_numbers(value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_number(value, "--value", "dollars")


def test_the_lower_bound() -> None:
    assert parse_number("0", "--share", "0 to 1", minimum=0.0) == 0.0
    with pytest.raises(InputError, match="out of range"):
        parse_number("0", "--ttr", "> 0", minimum=0.0, strict=True)
    with pytest.raises(InputError, match="out of range"):
        parse_number("-1", "--price", ">= 0", minimum=0.0)


def test_a_positive_amount() -> None:
    assert parse_positive("$1,000.50", "--value", "dollars") == 1000.5
    for bad in ("0", "-3"):
        with pytest.raises(InputError, match="is not positive"):
            parse_positive(bad, "--value", "dollars")
