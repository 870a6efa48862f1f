"""The timeline shows causes, not walls: a row only where a rate changed, and only its instruments.

Rates worked by hand from the law (docs/law.md): a Japanese car 8703.23.01.90 pays column 1
2.5%, +25% under Proclamation 10908 (90 FR 14705) from 2025-04-03 (9903.94.01), and 15%
inclusive under EO 14345 (90 FR 44638) from 2025-09-16 (9903.94.41). IEEPA (from 2025-04-05),
Section 122 (from 2026-02-24) and Section 301 (from 2026-07-24) exempt goods subject to Section
232 (9903.01.33, 9903.03.06, 9903.05.90), so none of those dates changes what a car pays.
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.tariffs.timeline import timeline

CAR = "8703.23.01.90"
ROBOT = "8479.50.00.00"  # column 1 2.5%; no Section 232 program
BEEF = "0201.30.50.15"  # column 1 4.4¢/kg; added to Annex II by EO 14360 from 2025-11-13


def _instruments(point) -> list[tuple[str, str | None]]:
    return [(c.title, c.document) for c in point.causes]


def test_an_instrument_cited_twice_is_listed_once() -> None:
    # Quartz slabs 6810.99.00.20 from 2026-08-15: the Section 201 safeguard of Proclamation 11051
    # (note 41, heading 9903.45.30 in quota) is the one cause, cited once.
    points = {p.date: p for p in timeline("6810.99.00.20", "JP", "2025-01-01", "2026-12-06")}
    safeguard = points[dt.date(2026, 8, 15)]
    assert safeguard.changed == ("s201_quartz",)
    assert [c.title.startswith("Proclamation 11051") for c in safeguard.causes] == [True]


def test_a_car_has_a_row_only_where_its_rate_changed() -> None:
    points = timeline(CAR, "JP", "2025-01-01", "2026-11-30", customs_value=30_000)
    assert [p.date.isoformat() for p in points] == ["2025-01-01", "2025-04-03", "2025-09-16"]
    assert [p.result.duty_rate for p in points] == pytest.approx([0.025, 0.275, 0.15])
    assert [p.changed for p in points] == [(), ("s232_autos",), ("s232_autos",)]


def test_each_change_lists_only_the_instrument_that_caused_it() -> None:
    _, tariff, deal = timeline(CAR, "JP", "2025-01-01", "2026-11-30")
    assert len(tariff.causes) == 1
    assert tariff.causes[0].title.startswith("Proclamation 10908")
    assert "90 FR 14705" in tariff.causes[0].document
    assert len(deal.causes) == 1
    assert deal.causes[0].title.startswith("Executive Order 14345")
    assert "90 FR 44638" in deal.causes[0].document


def test_a_change_of_authority_names_the_instrument_ending_one_and_starting_the_other() -> None:
    points = {p.date: p for p in timeline(ROBOT, "JP", "2025-01-01", "2026-11-30")}
    # 2026-02-24: IEEPA collection ends (EO 14389) and the Section 122 surcharge of 10%
    # (Proclamation 11012, 9903.03.01) starts: 15% inclusive -> 2.5% + 10% = 12.5%.
    swap = points[dt.date(2026, 2, 24)]
    assert swap.result.duty_rate == pytest.approx(0.125)
    assert swap.changed == ("ieepa_reciprocal", "s122")
    titles = [title for title, _ in _instruments(swap)]
    assert len(titles) == 2
    assert titles[0].startswith("Executive Order 14389")
    assert titles[1].startswith("Proclamation 11012")


def test_a_scope_change_names_the_instrument_that_changed_the_list() -> None:
    points = {p.date: p for p in timeline(BEEF, "JP", "2025-01-01", "2026-11-30", quantity=1000)}
    annex = points[dt.date(2025, 11, 13)]
    # Beef leaves the 15% inclusive IEEPA rate: only column 1, 4.4¢/kg x 1,000 kg = $44.
    assert annex.result.duty_total == pytest.approx(44.0)
    assert annex.changed == ("ieepa_reciprocal",)
    assert any(title.startswith("Executive Order 14360") for title, _ in _instruments(annex))


@pytest.mark.parametrize("code", [CAR, ROBOT])
def test_no_row_repeats_the_rates_of_the_row_before_and_no_instrument_twice(code: str) -> None:
    points = timeline(code, "JP", "2025-01-01", "2026-11-30")
    for before, after in zip(points, points[1:], strict=False):
        charged = lambda p: sorted((d.authority, d.amount) for d in p.result.duties if d.amount)  # noqa: E731
        assert charged(before) != charged(after), after.date
        assert after.changed
        assert len({c.title for c in after.causes}) == len(after.causes)
