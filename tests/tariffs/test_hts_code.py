"""Parsing of user-typed HTS codes (property tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.errors import InputError
from goldenage.tariffs.hts_code import digits_of, format_code, parse_hts_code

digit_strings = st.text(alphabet="0123456789", min_size=10, max_size=10)


@given(digit_strings, st.lists(st.booleans(), min_size=3, max_size=3))
def test_ten_digits_with_any_dots_parse_to_the_digits(digits: str, dots: list[bool]) -> None:
    parts = [digits[:4], digits[4:6], digits[6:8], digits[8:]]
    text = parts[0]
    for part, dot in zip(parts[1:], dots, strict=True):
        text += ("." if dot else "") + part
    assert parse_hts_code(text) == digits
    assert format_code(digits) == ".".join(parts)
    assert digits_of(format_code(digits)) == digits


@given(st.text(max_size=20))
def test_anything_else_is_an_input_error_naming_the_field(text: str) -> None:
    try:
        digits = parse_hts_code(text)
    except InputError as err:
        assert err.field == "--hts"
        assert "10 digits" in str(err)
    else:
        assert len(digits) in (8, 10)
        assert digits.isdigit()


@pytest.mark.parametrize(
    "text", ["8703.23", "8703.23.01.9", "8703.23.01.900", "87a3230190", "", "8703..23.01"]
)
def test_malformed_codes(text: str) -> None:
    with pytest.raises(InputError, match="--hts"):
        parse_hts_code(text)


def test_eight_digits() -> None:
    assert parse_hts_code(" 8703.23.01 ") == "87032301"
    assert parse_hts_code("87032301") == "87032301"
