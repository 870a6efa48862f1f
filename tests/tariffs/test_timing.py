"""Loading-to-entry days (data/timing/): the share of a day's entries loaded before a cut-off.

Shipped: ocean 71.14% of value, 11 to 30 days evenly; air 28.86%, 0 or 1 day evenly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from goldenage.errors import DataFileError, InputError
from goldenage.tariffs.timing import load_timing

OCEAN, AIR = 0.7114, 0.2886


def test_share_loaded_before_a_cutoff_by_hand() -> None:
    timing = load_timing()
    since = np.array([0, 1, 10, 11, 20, 29, 30, 60])
    expected = [
        OCEAN + AIR / 2,  # entered on the cut-off day: everything but the air goods of the same day
        OCEAN,  # a day later: every ocean good (11 days or more), no air good
        OCEAN,  # 10 days later: at sea 11 days or more
        OCEAN * 19 / 20,  # 11 days later: at sea 12 days or more
        OCEAN * 10 / 20,
        OCEAN * 1 / 20,
        0.0,
        0.0,
    ]
    assert timing.loaded_before(since) == pytest.approx(expected)


def test_share_loaded_before_a_cutoff_of_one_mode() -> None:
    # The in-transit clauses cover goods loaded onto a vessel only (19 U.S.C. 1401(a); CBP IEEPA
    # FAQ of 2025-04-30): the share of a day's entries that can be in transit is the ocean goods'.
    timing = load_timing()
    since = np.array([0, 1, 11, 30])
    assert timing.loaded_before(since, modes=("ocean",)) == pytest.approx(
        [OCEAN, OCEAN, OCEAN * 19 / 20, 0.0]
    )
    assert timing.loaded_before(since, modes=("air",)) == pytest.approx([AIR / 2, 0.0, 0.0, 0.0])
    assert timing.loaded_before(np.array([0]), ocean_share=0.5, modes=("ocean",)) == pytest.approx([0.5])


def test_ocean_share_can_be_replaced() -> None:
    timing = load_timing()
    assert timing.loaded_before(np.array([1, 15]), ocean_share=1.0) == pytest.approx([1.0, 15 / 20])
    assert timing.loaded_before(np.array([1]), ocean_share=0.0) == pytest.approx([0.0])
    with pytest.raises(InputError, match="ocean-share"):
        timing.pmf(-0.1)


def test_every_part_is_cited() -> None:
    timing = load_timing()
    assert sum(mode.share for mode in timing.modes.values()) == pytest.approx(1.0)
    for mode in timing.modes.values():
        assert mode.share_source.href is not None
        assert all(source.href is not None for source in mode.days_sources)


def test_a_bad_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "timing.yaml"
    shipped = Path(__file__).resolve().parents[2] / "data" / "timing" / "transit_japan.yaml"
    bad.write_text(
        shipped.read_text(encoding="utf-8").replace("share: 0.7114", "share: 0.9"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="add up"):
        load_timing(bad)
