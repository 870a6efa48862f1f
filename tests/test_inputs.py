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


# --- the bound as an argument (issue 17, item 10) --------------------------------------------


def test_the_upper_bound_and_the_largest_amount() -> None:
    from goldenage.inputs import MAX_AMOUNT_USD, parse_whole

    assert parse_number("1", "--share", "0 to 1", minimum=0.0, maximum=1.0) == 1.0
    with pytest.raises(InputError, match="out of range"):
        parse_number("1.0001", "--share", "0 to 1", maximum=1.0)
    assert parse_positive("1e15", "--value", "dollars") == MAX_AMOUNT_USD
    for bad in ("1e308", "1.0000001e15", 10**400):
        with pytest.raises(InputError):
            parse_positive(bad, "--value", "dollars")
    with pytest.raises(InputError, match="is not a number"):
        parse_number("1" * 500, "--value", "dollars")
    assert parse_whole("3.0", "--limit", "1 to 50", 1, 50) == 3
    for bad in ("3.5", "0", "51", "1e35", "-1"):
        with pytest.raises(InputError, match="--limit"):
            parse_whole(bad, "--limit", "1 to 50", 1, 50)


@given(st.one_of(st.floats(), st.integers(), st.text(max_size=30)))
def test_a_bounded_amount_times_any_rate_stays_finite(value: object) -> None:
    try:
        amount = parse_positive(value, "--value", "dollars")
    except InputError:
        return
    assert math.isfinite(amount * 1000.0 * 100.0)  # rates above 1000% do not exist; cents


def test_every_engine_reads_numbers_through_the_one_parser() -> None:
    # The engines' own parsers of issue 17 are gone: minerals' parse_number, investment's number/whole.
    import goldenage.investment.inputs as investment_inputs
    import goldenage.minerals.inputs as minerals_inputs

    assert getattr(minerals_inputs, "parse_number", parse_number) is parse_number
    assert not hasattr(investment_inputs, "number")
    assert not hasattr(investment_inputs, "whole")
