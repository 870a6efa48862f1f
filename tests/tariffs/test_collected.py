"""The collected basis of the ETR: claims, Chapter 98, the low-value estimate and in-transit goods.

Fixture: a medical instrument 9018.90.80.00 (column 1 General Free) and a lathe 8458.11.00.50
(General 4.4%, JP Free under General Note 36), $1,000,000 each, half of the lathe's value
claiming JP; in January also a Chapter 98 line 9801.00.10.12 ($1,000,000, Free, entered under
chapter 98). Law (docs/law.md): IEEPA +10% (9903.01.25) from 2025-04-05, goods loaded before
then exempt (9903.01.28); 15% inclusive (9903.02.72/.73) from 2025-08-07, goods loaded before
then and entered by 2025-10-04 stay under 9903.01.25 (+10%). Loading-to-entry: every good by
sea (ocean share 1), 11 to 30 days, each day equally likely (data/timing). Every figure below is
worked by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from goldenage.errors import InputError
from goldenage.tariffs import collected
from goldenage.tariffs.claims import CHAPTER_98, SHARE_COLUMNS
from goldenage.tariffs.collected import CAUSES, Inputs, collected_series
from goldenage.tariffs.kernel.store import CACHE_ENV
from goldenage.tariffs.timing import load_timing

INSTRUMENT, LATHE, RETURNED = "9018908000", "8458110050", "9801001012"
USD = 1_000_000.0


def _inputs(rows: list[tuple[str, float, float, float]], low_value: float = 0.0) -> Inputs:
    """Return inputs of (code, value, value claiming JP, value under chapter 98) rows."""
    columns = {name: [0.0] * len(rows) for name in SHARE_COLUMNS.values()}
    columns[SHARE_COLUMNS["JP"]] = [jp for _, _, jp, _ in rows]
    frame = pl.DataFrame(
        {
            "hts10": [code for code, *_ in rows],
            "value_usd": [value for _, value, _, _ in rows],
            "valid_from": [None] * len(rows),
            "valid_to": [None] * len(rows),
            **columns,
            CHAPTER_98: [ch98 for *_, ch98 in rows],
        },
        schema_overrides={"valid_from": pl.Date, "valid_to": pl.Date},
    )
    return Inputs(frame, "test weights", low_value, load_timing(), {})


PAIR = [(INSTRUMENT, USD, 0.0, 0.0), (LATHE, USD, USD / 2, 0.0)]


def _day(start: str, **kwargs: object) -> dict:
    series = collected_series(start, start, ocean_share=1.0, **kwargs)  # type: ignore[arg-type]
    return series.point(slice(0, 1), "collected")


def test_january_chapter_98_low_value_and_jp_claims() -> None:
    inputs = _inputs([*PAIR, (RETURNED, USD, 0.0, USD)], low_value=USD)
    point = _day("2025-01-15", inputs=inputs)
    # Statutory: lathe 4.4% x 1M = 44,000 over the 2M of chapters 01-97 = 2.2%.
    assert point["statutory"] == pytest.approx(0.022)
    # Chapter 98: + the returned goods (Free) = 44,000 / 3M; low-value: / 4M; JP: half the lathe
    # Free: 22,000 / 4M = 0.55%. No in-transit clause is open in January.
    assert point["etr"] == pytest.approx(0.0055)
    causes = point["by_cause"]
    assert causes["chapter_98"] == pytest.approx(44_000 / 3e6 - 0.022)
    assert causes["other"] == pytest.approx(44_000 / 4e6 - 44_000 / 3e6)  # the low-value estimate
    assert causes["jp_preference"] == pytest.approx(-22_000 / 4e6)
    assert causes["in_transit"] == pytest.approx(0.0)
    assert causes["civil_aircraft"] == pytest.approx(0.0)
    assert sum(causes.values()) == pytest.approx(point["etr"] - point["statutory"])


def test_april_goods_loaded_before_the_ieepa_change_pay_none() -> None:
    point = _day("2025-04-20", inputs=_inputs(PAIR))
    # Statutory: instrument 10% = 100,000; lathe 4.4% + 10% = 144,000: 244,000 / 2M = 12.2%.
    assert point["statutory"] == pytest.approx(0.122)
    # On 2025-04-20, 15 days after the 04-05 cut-off: loaded before it = at sea 16 days or more:
    # 15 of the 20 days 11..30 = 75%, no IEEPA duty (9903.01.28); the rest pays 10% (loaded
    # 04-05..04-08 the 9903.01.53 clause keeps 9903.01.25's 10%). Instrument 25% x 100,000 =
    # 25,000; lathe: column 1 half at 4.4% = 22,000, IEEPA 25,000: 72,000 / 2M = 3.6%.
    assert point["etr"] == pytest.approx(0.036)
    assert point["by_cause"]["jp_preference"] == pytest.approx(-22_000 / 2e6)
    assert point["by_cause"]["in_transit"] == pytest.approx(0.036 - (244_000 - 22_000) / 2e6)
    assert point["by_authority"]["ieepa_reciprocal"] == pytest.approx(50_000 / 2e6)
    assert point["by_authority"]["mfn"] == pytest.approx(22_000 / 2e6)


def test_august_goods_loaded_before_the_15_percent_stay_at_10_percent_stacked() -> None:
    point = _day("2025-08-20", inputs=_inputs(PAIR))
    # Statutory: both 15% inclusive (9903.02.73): 300,000 / 2M = 15%; JP changes nothing under
    # the floor (the lathe pays 15% whichever column 1 rate).
    assert point["statutory"] == pytest.approx(0.15)
    assert point["by_cause"]["jp_preference"] == pytest.approx(0.0)
    # 13 days after the 08-07 cut-off, loaded before it = 14 days or more at sea: 17/20 = 85%,
    # at 9903.01.25 (+10% on column 1). Instrument: 15% x 15% + 85% x 10% = 10.75% -> 107,500;
    # lathe General half: 15% x 15% + 85% x 14.4% = 14.49% -> 72,450; JP half: 15% x 15% +
    # 85% x 10% = 10.75% -> 53,750. Total 233,700 / 2M = 11.685% under the law as amended.
    assert point["by_cause"]["in_transit"] == pytest.approx(0.11685 - 0.15)
    # As filed (9903.02.30, column 1 + 15% until 2025-09-15; data/params/us/ieepa/reciprocal/
    # as_filed_jp_stacked_rate.yaml): the 15% not in transit pays column 1 + 15% instead of 15%
    # inclusive; only the lathe's General half has a column 1 rate: 15% x 4.4% x 500,000 = 3,300.
    assert point["by_cause"]["as_filed"] == pytest.approx(3_300 / 2e6)
    assert point["etr"] == pytest.approx((233_700 + 3_300) / 2e6)


def test_only_goods_carried_by_vessel_are_in_transit() -> None:
    # The clauses cover goods loaded onto a vessel only (19 U.S.C. 1401(a): not aircraft; CBP IEEPA
    # FAQ of 2025-04-30). On 2025-04-05, the cut-off day, at an ocean share of 50%: every ocean
    # good was loaded before it (11 days or more at sea), half the air goods too (0 or 1 day) but
    # they pay the 10% all the same. Instrument 50% x 10% = 50,000; lathe General half 4.4% + 50% x
    # 10% = 9.4% of 500,000 = 47,000; JP half 50% x 10% of 500,000 = 25,000: 122,000 / 2M = 6.1%.
    series = collected_series("2025-04-05", "2025-04-05", ocean_share=0.5, inputs=_inputs(PAIR))
    assert series.point(slice(0, 1), "collected")["etr"] == pytest.approx(0.061)
    # Everything by air: nothing in transit, the rate of the day of entry (JP claims apart).
    air = collected_series("2025-04-20", "2025-04-20", ocean_share=0.0, inputs=_inputs(PAIR))
    point = air.point(slice(0, 1), "collected")
    assert point["by_cause"]["in_transit"] == pytest.approx(0.0)
    assert point["etr"] == pytest.approx((244_000 - 22_000) / 2e6)


def test_in_transit_share_falls_to_zero_after_the_longest_voyage() -> None:
    series = collected_series("2025-04-05", "2025-05-10", ocean_share=1.0, inputs=_inputs(PAIR))
    transit = np.array(
        [series.point(slice(k, k + 1), "collected")["by_cause"]["in_transit"] for k in range(len(series))]
    )
    assert transit[0] < 0
    # 2025-04-09 alone: Japan's 24% (9903.01.53); goods loaded before then keep the 10%.
    nine = dt.date(2025, 4, 9).toordinal() - dt.date(2025, 4, 5).toordinal()
    assert transit[nine] == pytest.approx(-0.24)  # every good was loaded before 04-09 (11 days or more)
    others = np.delete(transit, nine)
    assert np.all(np.diff(others) >= -1e-12)  # fewer goods loaded before the change each day
    # From 2025-05-05 (30 days after the cut-off) nothing entered was loaded before it.
    assert transit[dt.date(2025, 5, 5).toordinal() - dt.date(2025, 4, 5).toordinal() :] == pytest.approx(0.0)


def test_monthly_is_the_ratio_of_the_month_sums() -> None:
    series = collected_series("2025-04-01", "2025-04-30", ocean_share=1.0, inputs=_inputs(PAIR))
    ((month, mask),) = series.months()
    assert month == "2025-04"
    daily = [series.point(slice(k, k + 1), "collected")["etr"] for k in range(30)]
    # Equal weights every day: the month's rate is the mean of its days.
    assert series.point(mask, "collected")["etr"] == pytest.approx(sum(daily) / 30)
    assert set(series.point(mask, "collected")["by_cause"]) == set(CAUSES)


def test_bad_ocean_share_is_refused() -> None:
    with pytest.raises(InputError, match="ocean-share"):
        collected_series("2025-01-01", "2025-01-02", ocean_share=1.5, inputs=_inputs(PAIR))


def test_dates_outside_the_hts_data_or_out_of_order_are_refused() -> None:
    # The HTSUS data shipped covers 2025-01-01 (2025 Basic Edition) onwards.
    with pytest.raises(InputError, match="--from: 2024-12-31 is outside the data's coverage"):
        collected_series("2024-12-31", "2025-01-02")
    with pytest.raises(InputError, match="--to"):
        collected_series("2025-02-01", "2025-01-31")


def _refuse_to_compute(*_: object, **__: object) -> None:
    msg = "the stored sums were computed again instead of read"
    raise AssertionError(msg)


def test_stored_sums_give_the_same_series_and_a_changed_file_is_replaced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = collected_series("2025-08-05", "2025-08-09")
    (stored,) = tmp_path.glob("collected-actual-*")
    assert not list(stored.glob("*.pickle"))
    assert (stored / "manifest.json").is_file()  # the SHA-256 of every file (issue 17, item 7)
    with monkeypatch.context() as patch:  # read from the store: every array it wrote, nothing computed
        patch.setattr(collected._Segments, "compute", _refuse_to_compute)  # noqa: SLF001
        again = collected_series("2025-08-05", "2025-08-09")
    for step in first.numerators:
        assert np.array_equal(first.numerators[step], again.numerators[step])
        assert np.array_equal(first.denominators[step], again.denominators[step])
    assert again.weights_source == first.weights_source
    # The sums replaced by others that read well (8.2e190, the batch total of the issue):
    # never used, deleted and computed again.
    target = stored / "mix.npy"
    np.save(target, np.full_like(np.load(target), 8.2e190))
    replaced = collected_series("2025-08-05", "2025-08-09")
    assert np.array_equal(replaced.numerators["collected"], first.numerators["collected"])
    (stored / "meta.json").write_bytes(b"not JSON")
    replaced = collected_series("2025-08-05", "2025-08-09")
    assert np.array_equal(replaced.numerators["collected"], first.numerators["collected"])
    (written,) = tmp_path.glob("collected-actual-*")
    assert (written / "meta.json").read_bytes().startswith(b"{")  # written again


ENGINE = "8408100005"  # marine compression-ignition engine: column 1 General 2.5%, no Section 232 duty


@pytest.mark.parametrize(
    ("day", "filed"),
    [
        ("2025-08-07", 1_750.0),  # the first day of the 15% rate (EO 14326 / EO 14345)
        ("2025-08-20", 1_750.0),
        ("2025-09-15", 1_750.0),  # the last day before HTSUS 2025 Revision 23's headings
        ("2025-09-16", 1_500.0),  # 9903.02.73 implemented: filed as the law says
    ],
)
def test_entries_before_the_inclusive_headings_pay_the_rate_as_filed(day: str, filed: float) -> None:
    # $10,000 of a line at column 1 2.5%, every good by air (nothing in transit), no claim.
    # Law as amended (EO 14345, 90 FR 44638, retroactive to entries from 2025-08-07): 15%
    # inclusive (9903.02.73: 2.5% + 12.5%) = $1,500. As filed until 2025-09-15 (9903.02.30 of
    # EO 14326, 90 FR 37963, "The duty provided in the applicable subheading + 15%"; headings
    # 9903.02.72/.73 from HTSUS 2025 Revision 23, 2025-09-16; reference note A7): 2.5% + 15% =
    # $1,750. The statutory basis keeps the law as amended; the cause is the difference.
    inputs = _inputs([(ENGINE, 10_000.0, 0.0, 0.0)])
    point = collected_series(day, day, ocean_share=0.0, inputs=inputs).point(slice(0, 1), "collected")
    assert point["statutory"] == pytest.approx(1_500 / 10_000)
    assert point["etr"] == pytest.approx(filed / 10_000)
    assert point["by_cause"]["as_filed"] == pytest.approx((filed - 1_500) / 10_000)
    assert point["by_authority"]["ieepa_reciprocal"] == pytest.approx((filed - 250) / 10_000)
    assert sum(point["by_cause"].values()) == pytest.approx(point["etr"] - point["statutory"])


def test_counterfactuals_that_change_the_japan_rate_have_no_rate_as_filed() -> None:
    # no_deal charges its own stacked 25% (9903.02.30) on those days: nothing was filed otherwise.
    from goldenage.tariffs.as_filed import as_filed_law  # noqa: PLC0415

    assert as_filed_law("no_deal") is None
    assert as_filed_law("actual") is not None
