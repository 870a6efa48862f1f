"""Chapter 98 goods and the blanket layers (U.S. notes 2(v)(i), 2(aa)(i), 52(a))."""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.errors import GoldenageError
from goldenage.tariffs.calc import duty
from goldenage.tariffs.scopes import scope


@pytest.mark.parametrize(
    ("code", "listed"),
    [
        ("9801001028", True),  # U.S. goods returned
        ("9817006000", True),  # parts for agricultural machinery
        ("9802004000", False),  # repairs under warranty: the layers apply to the repair value
        ("9802005060", False),
        ("9802006000", False),
        ("9802008040", False),  # assembled abroad: the layers apply to the foreign value
        ("8703230190", False),  # not chapter 98
    ],
)
def test_the_four_provisions_the_notes_keep_are_carved_out(code: str, listed: bool) -> None:
    assert scope("blanket_chapter_98").contains(code, dt.date(2025, 10, 1)) is listed


def test_the_kept_provisions_need_the_value_of_the_work() -> None:
    # 9802.00.80.40: "A duty upon the full value of the imported article, less the cost or value of
    # such products of the United States": column 1 (and the layers on that value) cannot be computed
    # from the customs value alone; the line is refused, not charged on the full value.
    with pytest.raises(GoldenageError, match="9802.00.80.40"):
        duty("9802.00.80.40", "JP", "2025-10-01", 1_000)
