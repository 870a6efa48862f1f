"""MPF and HMF, worked by hand from 19 CFR 24.23 / 24.24 and CBP Dec. 25-10 (90 FR 34665).

The fees are computed by the engine (``goldenage.tariffs.kernel.engine.fees``) for any line;
a laptop (8471.30.01.00, column 1 Free) carries them here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.tariffs.calc import duty
from goldenage.tariffs.kernel.layout import fee_amount, fee_amounts, mpf_governing

LINE = "8471.30.01.00"


def fees_of(value: float, day: dt.date, transport: str = "ocean") -> dict[str, object]:
    return {fee.name: fee for fee in duty(LINE, "JP", day, value, transport=transport).fees}


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        (30_000, dt.date(2025, 10, 1), 103.92),  # 0.3464% x 30,000 = 103.92 (within 33.58-651.50)
        (5_000, dt.date(2025, 3, 1), 32.71),  # 17.32 < FY2025 minimum 32.71
        (5_000, dt.date(2025, 9, 30), 32.71),  # last day of FY2025
        (5_000, dt.date(2025, 10, 1), 33.58),  # first day of FY2026: minimum 33.58
        (200_000, dt.date(2025, 9, 30), 634.62),  # 692.80 > FY2025 maximum 634.62
        (200_000, dt.date(2026, 3, 15), 651.50),  # 692.80 > FY2026 maximum 651.50 (E12)
        (200_000, dt.date(2026, 10, 1), 670.86),  # FY2027 maximum 670.86
        (12_345.67, dt.date(2026, 1, 2), 42.77),  # 42.7654... rounds half up to 42.77
    ],
)
def test_mpf(value: float, day: dt.date, expected: float) -> None:
    assert fees_of(value, day)["mpf"].amount == pytest.approx(expected, abs=1e-9)


def test_mpf_cites_the_governing_limit() -> None:
    fee = fees_of(200_000, dt.date(2026, 3, 15))["mpf"]
    assert "FY2026" in (fee.citation.section or "")
    assert "maximum" in (fee.citation.section or "")


def test_hmf_ocean_only() -> None:
    # 0.125% x 12,345.67 = 15.4320875 -> 15.43; no HMF on air or land shipments.
    assert fees_of(12_345.67, dt.date(2025, 5, 1))["hmf"].amount == 15.43
    assert "hmf" not in fees_of(12_345.67, dt.date(2025, 5, 1), "air")
    assert list(fees_of(1_000, dt.date(2025, 5, 1), "land")) == ["mpf"]
    assert list(fees_of(1_000, dt.date(2025, 5, 1), "ocean")) == ["mpf", "hmf"]


finite = st.floats(min_value=0, max_value=1e12, allow_nan=False)
parameter = st.one_of(st.floats(min_value=0, max_value=1e4, allow_nan=False), st.just(float("nan")))


@given(finite, st.booleans(), parameter, parameter, parameter, parameter)
def test_the_fees_of_one_entry_equal_the_vector_arithmetic(  # noqa: PLR0913 - one per input
    value: float, ocean: bool, rate: float, minimum: float, maximum: float, hmf_rate: float
) -> None:
    # layout.fee_amount (one entry line, plain Python) against fee_amounts and mpf_governing.
    mpf, governing, hmf = fee_amount(value, ocean, rate, minimum, maximum, hmf_rate)
    values = np.array([value])
    mpfs, hmfs = fee_amounts(values, np.array([ocean]), rate, minimum, maximum, hmf_rate)
    assert np.array_equal([mpf, hmf], [mpfs[0], hmfs[0]], equal_nan=True)
    assert governing == int(mpf_governing(values, rate, minimum, maximum)[0])
