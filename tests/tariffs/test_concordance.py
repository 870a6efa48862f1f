"""Codes of older schedules: the concordance, the batch's mapped_to, and tariff lookup.

Expected successors are read in the sources by hand: the change record of 2026 Revision 11
establishes 3818.00.00.40, .45, .50 and .91 from part of 3818.00.00.95 (data/hts/changes/
after_rev10.csv); 2025 Revision 14 (from 2025-06-06) replaces 8309.90.00.10/.90 by
8309.90.00.20/.25/.80/.85; the USITC export of the 2025 Basic Edition prints 9101.11.40 (watches)
without statistical lines; Census's 9999.95.00.00 is its estimate of low-valued transactions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenage.cli.app import main
from goldenage.errors import DataFileError
from goldenage.tariffs.batch import compute
from goldenage.tariffs.concordance import concordance, load_concordance
from goldenage.tariffs.lookup import lookup

D = dt.date.fromisoformat


def test_a_line_split_by_a_change_record() -> None:
    assert concordance().resolve("3818000095", D("2026-06-30")) is None  # still a line
    mapped = concordance().resolve("3818000095", D("2026-07-01"))
    assert mapped is not None
    assert mapped.targets == ("3818000040", "3818000045", "3818000050", "3818000091")
    assert mapped.kind == "split"
    assert mapped.ambiguous


def test_a_2024_code_printed_without_statistical_lines_and_the_low_value_estimate() -> None:
    watch = concordance().resolve("9101114010", D("2025-03-01"))
    assert watch is not None
    assert (watch.targets, watch.kind) == (("91011140",), "suffix_not_printed")
    low = concordance().resolve("9999950000", D("2025-03-01"))
    assert low is not None
    assert (low.targets, low.kind) == ((), "not_hts")


def test_a_2024_code_mapped_to_a_line_retired_later_follows_the_chain() -> None:
    # 3818.00.00.90 (Census 2024) -> the lines of 3818.00.00 on 2025-01-01, among them .95, which
    # Revision 11 split from 2026-07-01: on 2026-08-01 the chain ends at the lines in force.
    mapped = concordance().resolve("3818000090", D("2026-08-01"))
    assert mapped is not None
    assert "3818000095" not in mapped.targets
    assert {"3818000040", "3818000091"} <= set(mapped.targets)


def test_a_malformed_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "c.csv"
    bad.write_text("code,first,last,kind,targets,evidence\n123,2025-01-01,,split,1,x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="10-digit code"):
        load_concordance(str(bad))


def test_the_batch_says_what_a_row_was_mapped_to() -> None:
    chunk = pl.DataFrame(
        {
            "hts10": ["3824993900", "8309900010", "9999950000", "8703230190"],
            "origin": ["JP"] * 4,
            "entry_date": ["2025-10-01", "2025-10-01", "2025-10-01", "2025-10-01"],
            "customs_value": ["10000"] * 4,
        }
    )
    out = compute(chunk)
    # 3824.99.39.00 (Census 2024) -> 3824.99.39.10 and .90, both column 1 5% -> 15% inclusive
    # (9903.02.73): 500.00 + 1,000.00 = 1,500.00 whichever line; mapped, same duty.
    assert out["duty_total"][0] == 1_500.0
    assert out["mapped_to"][0] == "3824993910 | 3824993990 (split, same duty)"
    # 8309.90.00.10 (aluminum, to 2025-06-05): its successors differ (aluminum derivative lines of
    # note 19(k) against the others): refused, naming them.
    assert out["duty_total"][1] is None
    assert "split into 8309.90.00.20, 8309.90.00.25, 8309.90.00.80, 8309.90.00.85" in out["error"][1]
    assert "no HTSUS line" in out["error"][2]
    assert out["mapped_to"][3] is None
    assert out["error"][3] is None


def test_lookup_explains_a_retired_code(capsys: pytest.CaptureFixture[str]) -> None:
    report = lookup("3818.00.00.95", "2026-08-01")
    assert report.successors is not None
    assert report.line.valid_to == D("2026-06-30")
    with pytest.raises(SystemExit) as caught:
        main(["tariff", "lookup", "3818.00.00.95", "--date", "2026-08-01", "--json"])
    assert caught.value.code in (0, None)
    payload = json.loads(capsys.readouterr().out)
    assert payload["in_force"] is False
    assert payload["successors"]["targets"] == ["3818000040", "3818000045", "3818000050", "3818000091"]


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 10_000), st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))),
        min_size=1,
        max_size=40,
    )
)
def test_resolve_many_answers_as_resolve_does_for_each_pair(picks: list[tuple[int, dt.date]]) -> None:
    # The batch asks the concordance once per code and stretch of dates (resolve_many); every
    # pair must get what resolve gives it alone, its own date included (the day before and the
    # day of each change are where a shared answer would go wrong).
    table = concordance()
    codes = sorted(table.by_code)
    pairs = [(codes[i % len(codes)], day) for i, day in picks]
    pairs += [(code, day - dt.timedelta(days=1)) for code, day in pairs if day > dt.date(2025, 1, 1)]
    pairs += [("3818000095", D("2026-06-30")), ("3818000095", D("2026-07-01"))]
    texts = np.array([code for code, _ in pairs])
    days = np.array([day for _, day in pairs], dtype="datetime64[D]")
    assert table.resolve_many(texts, days) == [table.resolve(code, day) for code, day in pairs]
