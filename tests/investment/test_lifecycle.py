"""The project lifecycle: proposed -> consultation -> selected -> funding due -> funded/declined."""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.investment.errors import LifecycleError
from goldenage.investment.lifecycle import Lifecycle, Stage, funding_window

D = dt.date


TRANCHE_1 = D(2026, 2, 17)


def selected(notice: dt.date = TRANCHE_1) -> Lifecycle:
    return Lifecycle.propose("Ohio gas plant", D(2026, 1, 5)).consult(D(2026, 1, 20)).select(notice)


def test_selection_opens_a_45_business_day_window() -> None:
    # Notice 2026-02-17 + 45 US business days = 2026-04-21 (tests/investment/test_calendar.py).
    project = selected()
    assert project.window is not None
    assert project.window.earliest_funding == D(2026, 4, 21)
    assert project.stage_on(D(2026, 2, 16)) == Stage.CONSULTATION
    assert project.stage_on(D(2026, 4, 20)) == Stage.SELECTED
    assert project.stage_on(D(2026, 4, 21)) == Stage.FUNDING_DUE
    assert project.stage_on(D(2025, 12, 31)) is None


def test_funded_then_operating() -> None:
    project = selected().fund(D(2026, 4, 21)).operate(D(2029, 6, 1))
    assert [e.stage for e in project.events] == [
        Stage.PROPOSED,
        Stage.CONSULTATION,
        Stage.SELECTED,
        Stage.FUNDED,
        Stage.OPERATING,
    ]
    assert project.tariff_consequence() is None


def test_funding_inside_the_window_is_refused() -> None:
    with pytest.raises(LifecycleError, match="fund: .*on or after 2026-04-21"):
        selected().fund(D(2026, 4, 20))


def test_decline_needs_a_consultation_and_gives_the_tariff_scenario() -> None:
    with pytest.raises(LifecycleError, match="consult the US before declining"):
        selected().decline(D(2026, 4, 1), None)
    with pytest.raises(LifecycleError, match="not between the notice and the decline"):
        selected().decline(D(2026, 4, 1), D(2026, 2, 1))
    declined = selected().decline(D(2026, 4, 1), D(2026, 3, 20))
    assert declined.stage == Stage.DECLINED
    scenario = declined.tariff_consequence()
    assert scenario is not None
    assert scenario.name == "fund_decline"
    with pytest.raises(LifecycleError, match="cannot go from declined to operating"):
        declined.operate(D(2027, 1, 1))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (lambda p: p.select(D(2026, 2, 1)), "cannot go from proposed to selected"),
        (lambda p: p.fund(D(2026, 5, 1)), "needs a selected project"),
        (lambda p: p.consult(D(2025, 12, 1)), "before proposed on 2026-01-05"),
    ],
)
def test_steps_out_of_order(step, message) -> None:
    with pytest.raises(LifecycleError, match=message):
        step(Lifecycle.propose("x", D(2026, 1, 5)))


def test_notices_outside_the_commitment_period() -> None:
    with pytest.raises(LifecycleError, match="before the MOU was signed"):
        funding_window(D(2025, 9, 3))
    with pytest.raises(LifecycleError, match="after the end of the commitment period"):
        funding_window(D(2029, 1, 20))
    # A notice on 2029-01-10 opens a window ending after 2029-01-19: flagged, not refused.
    late = funding_window(D(2029, 1, 10))
    assert late.after_commitment_end
    assert not funding_window(D(2026, 2, 17)).after_commitment_end


def test_calendar_day_reading() -> None:
    # The press reading "45 days": 2026-02-17 + 45 calendar days = 2026-04-03.
    assert funding_window(D(2026, 2, 17), "calendar").earliest_funding == D(2026, 4, 3)
    project = Lifecycle.propose("x", D(2026, 1, 5), day_count="calendar").consult(D(2026, 1, 6))
    assert project.select(D(2026, 2, 17)).window.earliest_funding == D(2026, 4, 3)
