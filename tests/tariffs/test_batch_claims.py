"""The ``claims`` column of a batch file: the special program indicator each entry claims."""

from __future__ import annotations

import polars as pl

from goldenage.tariffs.batch import compute


def test_claims_column() -> None:
    table = pl.DataFrame(
        {
            "hts10": ["8458110050", "8458110050", "8411911040", "8411911040", "8458110050"],
            "origin": ["JP"] * 5,
            "entry_date": ["2025-01-15", "2025-01-15", "2025-10-01", "2025-10-01", "2025-01-15"],
            "customs_value": ["1000"] * 5,
            "claims": ["", " jp ", "C", None, "GSP"],
        }
    )
    out = compute(table)
    # Lathes 8458.11.00.50: General 4.4% (44.00), JP Free under General Note 36.
    assert out["duty_total"][0] == 44.0
    assert out["duty_total"][1] == 0.0
    # Turbojet parts 8411.91.10.40 on 2025-10-01: General Free, so 15% inclusive under EO 14345
    # (9903.02.73) = 150.00; claimed C (General Note 6), civil aircraft of Japan are exempt
    # (9903.96.02, from 2025-09-16): 0.
    assert out["duty_total"][2] == 0.0
    assert out["duty_total"][3] == 150.0
    assert out["error"][4].startswith("claims: expected JP, C, K, L")
    assert out["error"][:4].to_list() == [None] * 4
